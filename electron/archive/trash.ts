import { rmSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import type { TrashEntry } from '../../shared/api/contract';
import type { Actor } from '../../shared/domain/accounts';
import type { BylineEntry, ImageMime } from '../../shared/domain/article';
import { formatBylinePeople } from '../../shared/domain/byline';
import type { Status } from '../../shared/domain/status';
import { recordAudit } from './audit';
import { imagePath } from './images';
import { indexArticle, unindexArticle } from './search-index';
import { stmt } from './statements';

/**
 * The trash (回收站, migration 0090): a story moved there keeps its row and history, marked with
 * when and by whom, and has no search entry; it is out of every list and figure until it is
 * restored, or purged TRASH_DAYS later. Drafts never given a word (a stray click on 新建稿件)
 * leave the desk's list after a few minutes and are purged after a day.
 *
 * Purging is each desk's own: the newsroom keeps the record of a trashed story (it refuses
 * deletions), and every desk purges it when its time comes. A desk remembers what it purged
 * (`purged_articles`), so that the record, pulled again (a desk that joins anew), does not bring
 * the story back while it is still trashed there; restored in the newsroom, it comes back.
 */
export const TRASH_DAYS = 30;
/** An empty draft untouched this long leaves the desk's list: whoever opened it has moved on. */
export const EMPTY_DRAFT_HIDDEN_AFTER_MS = 10 * 60_000;
/** …and is purged after this long. */
export const EMPTY_DRAFT_PURGED_AFTER_MS = 24 * 3600_000;
const DAY_MS = 86_400_000;

/**
 * The article `a` is a draft never given a word. The dateline is not asked about: a new story
 * starts with the house dateline filled in. The row's terms are those of migration 0090's
 * partial index, word for word, so the purge finds such drafts through it.
 */
export const EMPTY_DRAFT_SQL = `a.status = 'draft' AND a.headline = '' AND a.kicker = '' AND a.deck = '' AND a.column_label = ''
          AND a.body_text = '' AND a.jump = '' AND a.source = '' AND a.import_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM bylines b WHERE b.article_id = a.id)
          AND NOT EXISTS (SELECT 1 FROM photos ph WHERE ph.article_id = a.id)`;

/** When the article went to the trash (null: it is not there); undefined: no such article. */
export function trashedAt(db: Database, id: string): string | null | undefined {
  const row = stmt(db, 'SELECT deleted_at FROM articles WHERE id = ?').get(id) as { deleted_at: string | null } | undefined;
  return row?.deleted_at;
}

/** The first page the article is placed on, if any: a placed story stays out of the trash. */
export function placementOf(db: Database, id: string): { date: string; page: number } | null {
  return (
    (stmt(
      db,
      `SELECT e.date, p.number AS page FROM placements pl JOIN pages p ON p.id = pl.page_id JOIN editions e ON e.id = pl.edition_id
       WHERE pl.article_id = ? ORDER BY e.date DESC, p.number LIMIT 1`,
    ).get(id) as { date: string; page: number } | undefined) ?? null
  );
}

/** Marks the story trashed and takes it out of search. Call inside the write, after the checks. */
export function moveToTrash(db: Database, id: string, by: Actor | null, now: string): void {
  stmt(db, 'UPDATE articles SET deleted_at = ?, deleted_by = ? WHERE id = ?').run(now, by?.accountId ?? null, id);
  unindexArticle(db, id);
  recordAudit(db, by, { action: 'trash.add', articleId: id }, now);
}

export function takeOutOfTrash(db: Database, id: string, by: Actor | null, now: string): void {
  const since = trashedAt(db, id);
  stmt(db, 'UPDATE articles SET deleted_at = NULL, deleted_by = NULL WHERE id = ?').run(id);
  indexArticle(db, id);
  recordAudit(db, by, { action: 'trash.restore', articleId: id, detail: { since: since ?? null } }, now);
}

/** What is in the trash, most recently trashed first, with when each will be purged. */
export function listTrash(db: Database): TrashEntry[] {
  const rows = stmt(
    db,
    `SELECT a.id, a.status, a.kicker, a.headline, a.chars, a.deleted_at, ac.name AS deleted_by,
            (SELECT json_group_array(json_object('role', b.role, 'name', p.name, 'outlet', p.outlet) ORDER BY b.position)
               FROM bylines b JOIN people p ON p.id = b.person_id WHERE b.article_id = a.id) AS byline
     FROM articles a LEFT JOIN accounts ac ON ac.id = a.deleted_by
     WHERE a.deleted_at IS NOT NULL ORDER BY a.deleted_at DESC, a.id`,
  ).all() as {
    id: string;
    status: Status;
    kicker: string;
    headline: string;
    chars: number;
    deleted_at: string;
    deleted_by: string | null;
    byline: string;
  }[];
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    kicker: r.kicker,
    headline: r.headline,
    byline: formatBylinePeople(JSON.parse(r.byline) as BylineEntry[]),
    chars: r.chars,
    deletedAt: r.deleted_at,
    deletedBy: r.deleted_by,
    purgeAt: new Date(Date.parse(r.deleted_at) + TRASH_DAYS * DAY_MS).toISOString(),
  }));
}

/** Neither on a page nor waiting to go out to the newsroom (the others would not hear it was trashed). */
const PURGEABLE = `NOT EXISTS (SELECT 1 FROM placements pl WHERE pl.article_id = a.id)
       AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.key = 'article:' || a.id)`;

/** Stories trashed before @before, by the trash's partial index (migration 0090). */
export const DUE_TRASH_SQL = `SELECT a.id FROM articles a INDEXED BY articles_in_trash
     WHERE a.deleted_at IS NOT NULL AND a.deleted_at < @before AND ${PURGEABLE}`;

/**
 * Empty drafts untouched since @before, by their partial index: the status index would serve
 * too, but walks every old draft of the archive to find the few empty ones.
 */
export const DUE_EMPTY_DRAFTS_SQL = `SELECT a.id FROM articles a INDEXED BY articles_empty_drafts
     WHERE ${EMPTY_DRAFT_SQL} AND a.updated_at < @before AND a.deleted_at IS NULL AND ${PURGEABLE}`;

/**
 * What a purge at `now` would remove: stories trashed TRASH_DAYS ago or more, and empty drafts
 * untouched for a day, each found through its partial index, so a purge with nothing due
 * reads next to nothing. With `allTrash`, everything in the trash (emptying it). Never a story
 * on a page, nor one whose change still waits to go out to the newsroom.
 */
export function dueForPurge(db: Database, now: Date, allTrash = false): string[] {
  const trashedBefore = allTrash ? '9999' : new Date(now.getTime() - TRASH_DAYS * DAY_MS).toISOString();
  const trashed = stmt(db, DUE_TRASH_SQL).pluck().all({ before: trashedBefore }) as string[];
  if (allTrash) return trashed;
  const untouchedSince = new Date(now.getTime() - EMPTY_DRAFT_PURGED_AFTER_MS).toISOString();
  return [...trashed, ...(stmt(db, DUE_EMPTY_DRAFTS_SQL).pluck().all({ before: untouchedSince }) as string[])];
}

/**
 * Deletes the articles for good, with everything that is theirs (byline, photos, credits,
 * revisions, status log and search entry go with the row), and the images no other story or
 * revision uses. Call inside a write; returns the image files to delete once it has committed
 * (a rolled-back purge must not have lost a photo).
 */
export function purgeArticles(db: Database, photosDir: string, ids: readonly string[], now: string): string[] {
  const images = new Set<string>();
  for (const id of ids) {
    for (const hash of stmt(db, 'SELECT image_hash FROM photos WHERE article_id = ? AND image_hash IS NOT NULL')
      .pluck()
      .all(id) as string[])
      images.add(hash);
    unindexArticle(db, id);
    stmt(db, 'DELETE FROM articles WHERE id = ?').run(id);
    stmt(db, 'INSERT INTO purged_articles (id, purged_at) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET purged_at = excluded.purged_at').run(
      id,
      now,
    );
  }
  const files: string[] = [];
  for (const hash of images) {
    if (stmt(db, 'SELECT 1 FROM photos WHERE image_hash = ? LIMIT 1').get(hash)) continue;
    // A revision of another story may hold the photo (taken out of it since): it stays.
    if (stmt(db, 'SELECT 1 FROM revisions WHERE instr(snapshot, ?) > 0 LIMIT 1').get(hash)) continue;
    const mime = stmt(db, 'SELECT mime FROM images WHERE hash = ?').pluck().get(hash) as ImageMime | undefined;
    if (!mime) continue;
    stmt(db, 'DELETE FROM images WHERE hash = ?').run(hash);
    files.push(imagePath(photosDir, hash, mime));
  }
  return files;
}

/** Deletes the image files a committed purge left without a row. */
export function removeImageFiles(files: readonly string[]): void {
  for (const file of files) rmSync(file, { force: true });
}

/** Did this archive purge the article (so a record of it from the newsroom is not to bring it back)? */
export function wasPurged(db: Database, id: string): boolean {
  return stmt(db, 'SELECT 1 FROM purged_articles WHERE id = ?').get(id) !== undefined;
}
