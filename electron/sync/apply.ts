import type { Database } from 'better-sqlite3';
import type { Archive } from '../archive/archive';
import { stmt } from '../archive/statements';
import { insertArticleRow, writeDraft } from '../archive/articles';
import { insertRevision } from '../archive/revisions';
import { personId } from '../archive/people';
import { rekeyArticle, unindexArticle } from '../archive/search-index';
import { wasPurged } from '../archive/trash';
import { writeSettings } from '../archive/settings';
import { saveTemplate } from '../archive/templates';
import { storedHeadlineType, storedStyle } from '../archive/layout';
import { DESK_ROLES } from '../../shared/domain/accounts';
import { articleDraftSchema } from '../../shared/domain/article-schemas';
import {
  idOfKey,
  kindOfKey,
  parseDoc,
  type AccountDoc,
  type ArticleDoc,
  type AuditDoc,
  type EditionDoc,
  type PageDoc,
  type PlacementDoc,
  type RecordKind,
  type RevisionDoc,
  type ServerRecord,
  type SettingDoc,
  type TemplateDoc,
  type StatusDoc,
} from '../../shared/sync/protocol';
import { applying, hasPending, recordProblem, stateOf, writeState, type OutboxEntry } from './link';
import { articleDoc } from './docs';

/** What applying a batch changed, for the desk to refresh what it shows. */
export interface Applied {
  articles: Set<string>;
  pages: Set<string>;
  accounts: boolean;
  conflicts: number;
}

export const noneApplied = (): Applied => ({ articles: new Set(), pages: new Set(), accounts: false, conflicts: 0 });

/** Kinds a batch applies first, so what a record refers to is there before it. */
const ORDER: Record<RecordKind, number> = {
  account: 0,
  setting: 0,
  edition: 1,
  page: 2,
  article: 3,
  revision: 4,
  status: 5,
  audit: 6,
  placement: 7,
  template: 0,
};

const accountId = (db: Database, name: string | null): number | null =>
  name === null ? null : ((stmt(db, 'SELECT id FROM accounts WHERE name = ?').pluck().get(name) as number | undefined) ?? null);

/** The local row a record of a row kind is: made here (`<device>.<id>`), or came before (sync_state). */
function localRowOf(db: Database, key: string, device: string): { id: number; mine: boolean } | null {
  const uid = idOfKey(key);
  if (uid.startsWith(`${device}.`)) return { id: Number(uid.slice(device.length + 1)), mine: true };
  const local = stateOf(db, key)?.local_key;
  return local ? { id: Number(local.slice(local.indexOf('#') + 1)), mine: false } : null;
}

/** The local key the outbox uses for a record's key. */
export function localKeyOf(db: Database, key: string, device: string): string {
  const kind = kindOfKey(key);
  if (kind !== 'revision' && kind !== 'status' && kind !== 'audit') return key;
  const row = localRowOf(db, key, device);
  return row ? `${kind}#${row.id}` : key;
}

/**
 * Applies records pulled from the server (or sent back with a conflict) in one write
 * transaction, none of it queued back. A record this desktop already holds at that version
 * (its own change coming back) is skipped. A record whose key waits in the outbox was changed
 * here too, and the server's came first: the server's is applied, and an article's text from
 * here is kept as a conflict revision, queued for the newsroom, so both stay in its history.
 */
export function applyRecords(
  archive: Archive,
  records: readonly ServerRecord[],
  device: string,
  now: string,
  force = false,
  unavailable: ReadonlySet<string> = new Set(),
): Applied {
  const applied = noneApplied();
  const db = archive.db;
  archive.write(() => {
    let landed = applyBatch(archive, records, device, now, force, unavailable, applied);
    // What waited for a record that has now landed (a revision for its article, a placement
    // for its page, an article for its signed revision) is tried again, until nothing moves.
    while (landed.size) {
      const waiting = (
        stmt(db, 'SELECT key, record FROM sync_deferred WHERE waits_for IN (SELECT value FROM json_each(?))').all(
          JSON.stringify([...landed]),
        ) as {
          key: string;
          record: string;
        }[]
      ).map((row) => {
        stmt(db, 'DELETE FROM sync_deferred WHERE key = ?').run(row.key);
        return JSON.parse(row.record) as ServerRecord;
      });
      landed = waiting.length ? applyBatch(archive, waiting, device, now, true, unavailable, applied) : new Set();
    }
  });
  return applied;
}

/** Applies records in order of what refers to what; the keys that landed. */
function applyBatch(
  archive: Archive,
  records: readonly ServerRecord[],
  device: string,
  now: string,
  force: boolean,
  unavailable: ReadonlySet<string>,
  applied: Applied,
): Set<string> {
  const db = archive.db;
  const landed = new Set<string>();
  const sorted = [...records].sort(
    (a, b) => ORDER[kindOfKey(a.key) ?? 'placement'] - ORDER[kindOfKey(b.key) ?? 'placement'] || a.seq - b.seq,
  );
  for (const record of sorted) {
    const kind = kindOfKey(record.key);
    if (!kind) continue;
    const known = stateOf(db, record.key);
    if (!force && known && known.version >= record.version) continue;
    // Each record in a savepoint of its own: one this desk cannot apply (a document an older
    // or newer Banmian wrote) is reported and passed over, not a stop to every sync.
    let result: ApplyResult;
    try {
      result = db.transaction(() => {
        const pending = hasPending(db, localKeyOf(db, record.key, device));
        if (pending) keepOurs(archive, record, pending, now, applied);
        return applying(db, () => applyOne(archive, kind, record, device, applied, unavailable));
      })();
    } catch (error) {
      recordProblem(db, {
        at: now,
        key: record.key,
        articleId: kind === 'article' ? idOfKey(record.key) : null,
        code: 'SYNC_APPLY_FAILED',
        params: { reason: error instanceof Error ? error.message.slice(0, 300) : String(error) },
      });
      continue;
    }
    if (result === 'skipped') continue;
    if (typeof result === 'object') {
      // Not yet: it refers to a record a later pull brings (pulls come in pages, in the
      // order things were last changed, so a story saved after its history comes after it).
      stmt(
        db,
        'INSERT INTO sync_deferred (key, record, waits_for) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET record = excluded.record, waits_for = excluded.waits_for',
      ).run(record.key, JSON.stringify(record), result.waitsFor);
      if (!result.applied) continue;
    } else stmt(db, 'DELETE FROM sync_deferred WHERE key = ?').run(record.key);
    landed.add(record.key);
    writeState(db, { key: record.key, local_key: null, version: record.version, by_name: record.by, device: record.device, at: record.at });
  }
  return landed;
}

/**
 * done: applied. skipped: nothing to apply (its story is kept off this laptop). waitsFor: it
 * needs that record first, and is kept until it lands; `applied` when it was applied all the
 * same and only needs doing again then (an article whose signed revision is still to come).
 */
type ApplyResult = 'done' | 'skipped' | { waitsFor: string; applied: boolean };

function applyOne(
  archive: Archive,
  kind: RecordKind,
  record: ServerRecord,
  device: string,
  applied: Applied,
  unavailable: ReadonlySet<string>,
): ApplyResult {
  const db = archive.db;
  const doc = parseDoc(record.key, record.doc);
  switch (kind) {
    case 'article':
      if (!doc) return 'skipped';
      applied.articles.add((doc as ArticleDoc).id);
      return applyArticle(archive, withoutUnavailable(doc as ArticleDoc, unavailable), device);
    case 'revision':
    case 'status':
    case 'audit':
      return doc ? applyRow(db, kind, record.key, doc as RevisionDoc | StatusDoc | AuditDoc, device) : 'skipped';
    case 'edition':
      if (doc) applyEdition(db, doc as EditionDoc);
      else removeEdition(db, idOfKey(record.key), applied);
      return 'done';
    case 'page': {
      if (!doc) {
        removePage(db, idOfKey(record.key), applied);
        return 'done';
      }
      const page = doc as PageDoc;
      if (editionId(db, page.date) === undefined) return { waitsFor: `edition:${page.date}`, applied: false };
      applyPage(db, page);
      applied.pages.add(`${page.date}/${page.number}`);
      return 'done';
    }
    case 'placement': {
      const where = applyPlacement(db, idOfKey(record.key), doc as PlacementDoc | null);
      if (typeof where === 'object' && where !== null) return where;
      if (where) applied.pages.add(where);
      return 'done';
    }
    case 'account':
      if (doc) applyAccount(db, doc as AccountDoc);
      applied.accounts = true;
      return 'done';
    case 'setting':
      if (doc) writeSettings(db, doc as SettingDoc);
      return 'done';
    case 'template': {
      const t = doc as TemplateDoc | null;
      if (t) saveTemplate(db, t, t.createdAt, null);
      else stmt(db, 'DELETE FROM page_templates WHERE name = ?').run(idOfKey(record.key));
      return 'done';
    }
  }
}

/** A photo whose image the server could not send is kept by its caption and credit alone. */
function withoutUnavailable(doc: ArticleDoc, unavailable: ReadonlySet<string>): ArticleDoc {
  if (!doc.draft.photos.some((p) => p.hash && unavailable.has(p.hash))) return doc;
  const photos = doc.draft.photos.map((p) =>
    p.hash && unavailable.has(p.hash) ? { ...p, hash: null, mime: null, width: null, height: null } : p,
  );
  return { ...doc, draft: { ...doc.draft, photos } };
}

/**
 * A story this desk purged comes back only if the newsroom's record has moved on: restored
 * from the trash, or given words since it was an empty draft. Still trashed (or still empty),
 * the record is what this desk has already done with: it is not made again, only to be purged
 * again, and its history is passed over (awaitArticle), not kept waiting for it.
 */
function stillPurged(doc: ArticleDoc, blocks: readonly { text: string }[]): boolean {
  if (doc.deletedAt) return true;
  const d = doc.draft;
  const words = [d.column, d.kicker, d.headline, d.deck, d.jump, d.source, ...blocks.map((b) => b.text)].some((s) => s !== '');
  return doc.status === 'draft' && !doc.origin && !words && !d.byline.length && !d.photos.length;
}

function applyArticle(archive: Archive, doc: ArticleDoc, device: string): ApplyResult {
  const db = archive.db;
  const body = archive.deriveBody(doc.draft);
  const version = stmt(db, 'SELECT version FROM articles WHERE id = ?').pluck().get(doc.id) as number | undefined;
  if (version === undefined && wasPurged(db, doc.id)) {
    if (stillPurged(doc, body.blocks)) return 'skipped';
    stmt(db, 'DELETE FROM purged_articles WHERE id = ?').run(doc.id);
  }
  if (version === undefined) insertArticleRow(db, doc.id, doc.status, doc.createdAt);
  writeDraft(db, doc.id, version ?? 0, doc.draft, body, doc.updatedAt);
  const importId = doc.origin ? importRowFor(db, doc) : null;
  stmt(
    db,
    `UPDATE articles SET status = ?, created_at = ?, updated_at = ?, created_by = ?, updated_by = ?, edition_date = ?, page = ?,
       needs_review = ?, import_id = ?, import_first_line = ?, import_last_line = ?, import_confidence = ?, import_doubts = ?,
       deleted_at = ?, deleted_by = ?
     WHERE id = ?`,
  ).run(
    doc.status,
    doc.createdAt,
    doc.updatedAt,
    accountId(db, doc.createdBy),
    accountId(db, doc.updatedBy),
    doc.editionDate,
    doc.page,
    doc.needsReview ? 1 : 0,
    importId,
    doc.origin?.firstLine ?? null,
    doc.origin?.lastLine ?? null,
    doc.origin?.confidence ?? null,
    JSON.stringify(doc.origin?.doubts ?? []),
    doc.deletedAt ?? null,
    doc.deletedAt ? accountId(db, doc.deletedBy ?? null) : null,
    doc.id,
  );
  // writeDraft indexed it, before its date and origin were set: a story in the trash has no
  // search entry, any other goes to the day it is dated by (an undated import's, to none).
  if (doc.deletedAt) unindexArticle(db, doc.id);
  else rekeyArticle(db, doc.id);
  if (doc.signedRevision === null) {
    stmt(db, 'UPDATE articles SET signed_revision = NULL WHERE id = ?').run(doc.id);
    return 'done';
  }
  const row = localRowOf(db, `revision:${doc.signedRevision}`, device);
  if (row) {
    stmt(db, 'UPDATE articles SET signed_revision = ? WHERE id = ?').run(row.id, doc.id);
    return 'done';
  }
  // Signed off, and the signed text still to come: until it does, the story is kept as
  // signed by marking it so (no one edits it meanwhile), and applied again when it lands.
  return { waitsFor: `revision:${doc.signedRevision}`, applied: true };
}

/** The import an article came from, by the page file's hash: a later import of that file is a duplicate here too. */
function importRowFor(db: Database, doc: ArticleDoc): number {
  const origin = doc.origin!;
  stmt(
    db,
    `INSERT INTO imports (file_name, file_hash, encoding, bytes, edition_date, page, issue, total_issue, articles, imported_at)
     VALUES (?, ?, 'newsroom', 0, ?, ?, ?, ?, 0, ?) ON CONFLICT (file_hash) DO NOTHING`,
  ).run(origin.fileName, origin.fileHash, doc.editionDate, doc.page, origin.issue ?? null, origin.totalIssue ?? null, doc.createdAt);
  const id = stmt(db, 'SELECT id FROM imports WHERE file_hash = ?').pluck().get(origin.fileHash) as number;
  stmt(db, "UPDATE imports SET articles = articles + 1 WHERE id = ? AND encoding = 'newsroom'").run(id);
  // A page imported undated and dated since by a desk: its import here learns the date too.
  if (doc.editionDate !== null)
    stmt(db, 'UPDATE imports SET edition_date = ?, page = coalesce(page, ?) WHERE id = ? AND edition_date IS NULL').run(
      doc.editionDate,
      doc.page,
      id,
    );
  return id;
}

function applyRow(
  db: Database,
  kind: 'revision' | 'status' | 'audit',
  key: string,
  doc: RevisionDoc | StatusDoc | AuditDoc,
  device: string,
): ApplyResult {
  const row = localRowOf(db, key, device);
  if (row?.mine) return 'done';
  const articleOf = 'articleId' in doc ? doc.articleId : null;
  if (articleOf !== null && kind !== 'audit' && !stmt(db, 'SELECT 1 FROM articles WHERE id = ?').get(articleOf))
    return awaitArticle(db, articleOf);
  let id: number;
  if (kind === 'revision') {
    const r = doc as RevisionDoc;
    const values = [
      r.reason,
      r.open ? 1 : 0,
      r.headline,
      r.chars,
      JSON.stringify(articleDraftSchema.parse(r.draft)),
      r.createdAt,
      r.updatedAt,
      accountId(db, r.by),
    ];
    if (row) {
      stmt(
        db,
        'UPDATE revisions SET reason = ?, open = ?, headline = ?, chars = ?, snapshot = ?, created_at = ?, updated_at = ?, by_account = ? WHERE id = ?',
      ).run(...values, row.id);
      return 'done';
    }
    id = Number(
      stmt(
        db,
        'INSERT INTO revisions (reason, open, headline, chars, snapshot, created_at, updated_at, by_account, article_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(...values, r.articleId).lastInsertRowid,
    );
  } else if (kind === 'status') {
    if (row) return 'done';
    const s = doc as StatusDoc;
    id = Number(
      stmt(
        db,
        'INSERT INTO status_changes (article_id, from_status, to_status, at, by_account, front, reason) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(s.articleId, s.from, s.to, s.at, accountId(db, s.by), s.front, s.reason).lastInsertRowid,
    );
  } else {
    if (row) return 'done';
    const a = doc as AuditDoc;
    id = Number(
      stmt(
        db,
        'INSERT INTO audit (at, account_id, front, action, article_id, edition_date, page, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(a.at, accountId(db, a.by), a.front, a.action, a.articleId, a.editionDate, a.page, JSON.stringify(a.detail)).lastInsertRowid,
    );
  }
  writeState(db, { key, local_key: `${kind}#${id}`, version: 0, by_name: null, device: null, at: null });
  return 'done';
}

function applyEdition(db: Database, e: EditionDoc): void {
  stmt(
    db,
    `INSERT INTO editions (date, number, total_number, paper, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (date) DO UPDATE SET number = excluded.number, total_number = excluded.total_number, paper = excluded.paper,
       updated_at = excluded.updated_at`,
  ).run(e.date, e.number, e.totalNumber, e.paper, e.createdAt, e.updatedAt);
}

/**
 * An edition deleted elsewhere, or moved to another date (its new date comes as a record of
 * its own): its pages and placements go with it here, as the foreign keys cascade. The desk
 * redraws each of its pages. Stories are never touched.
 */
function removeEdition(db: Database, date: string, applied: Applied): void {
  const id = editionId(db, date);
  if (id === undefined) return;
  const numbers = stmt(db, 'SELECT number FROM pages WHERE edition_id = ?').pluck().all(id) as number[];
  for (const n of numbers) applied.pages.add(`${date}/${n}`);
  stmt(db, 'DELETE FROM editions WHERE id = ?').run(id);
}

/** A page deleted or renumbered elsewhere (its new number comes as a record of its own), with what was placed on it. */
function removePage(db: Database, id: string, applied: Applied): void {
  const [date = '', number = '0'] = id.split('/');
  const edition = editionId(db, date);
  if (edition === undefined) return;
  if (stmt(db, 'DELETE FROM pages WHERE edition_id = ? AND number = ?').run(edition, Number(number)).changes) applied.pages.add(id);
}

function editionId(db: Database, date: string): number | undefined {
  return stmt(db, 'SELECT id FROM editions WHERE date = ?').pluck().get(date) as number | undefined;
}

function applyPage(db: Database, p: PageDoc): void {
  const edition = editionId(db, p.date);
  if (edition === undefined) return;
  stmt(
    db,
    `INSERT INTO pages (edition_id, number, section, editor, geometry, furniture, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (edition_id, number) DO UPDATE SET section = excluded.section, editor = excluded.editor,
       geometry = excluded.geometry, furniture = excluded.furniture, updated_at = excluded.updated_at`,
  ).run(edition, p.number, p.section, p.editor, JSON.stringify(p.geometry), JSON.stringify(p.furniture ?? []), p.updatedAt);
}

/** Puts a placement where the server has it (or takes it off); the page it was or is on, or what it waits for. */
function applyPlacement(db: Database, id: string, doc: PlacementDoc | null): string | null | { waitsFor: string; applied: boolean } {
  const before = stmt(
    db,
    `SELECT e.date || '/' || p.number FROM placements pl JOIN pages p ON p.id = pl.page_id JOIN editions e ON e.id = pl.edition_id WHERE pl.id = ?`,
  )
    .pluck()
    .get(id) as string | undefined;
  if (!doc) {
    stmt(db, 'DELETE FROM placements WHERE id = ?').run(id);
    return before ?? null;
  }
  const edition = editionId(db, doc.date);
  if (edition === undefined) return { waitsFor: `edition:${doc.date}`, applied: false };
  const page = stmt(db, 'SELECT id FROM pages WHERE edition_id = ? AND number = ?').pluck().get(edition, doc.page) as number | undefined;
  if (page === undefined) return { waitsFor: `page:${doc.date}/${doc.page}`, applied: false };
  if (!stmt(db, 'SELECT 1 FROM articles WHERE id = ?').get(doc.placement.articleId)) {
    const waits = awaitArticle(db, doc.placement.articleId);
    return typeof waits === 'object' ? waits : null;
  }
  const p = doc.placement;
  // The server holds the story's start once per edition: a start of it from here gives way.
  if (!p.continues)
    stmt(db, 'DELETE FROM placements WHERE edition_id = ? AND article_id = ? AND id <> ? AND continues = 0').run(edition, p.articleId, id);
  stmt(
    db,
    `INSERT INTO placements (id, page_id, edition_id, article_id, first_column, span, top, depth, body_span, split, headline_size, photos, style,
       headline_pt, headline_shape, continues)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET page_id = excluded.page_id, edition_id = excluded.edition_id, article_id = excluded.article_id,
       first_column = excluded.first_column, span = excluded.span, top = excluded.top, depth = excluded.depth,
       body_span = excluded.body_span, split = excluded.split, headline_size = excluded.headline_size, photos = excluded.photos,
       style = excluded.style, headline_pt = excluded.headline_pt, headline_shape = excluded.headline_shape,
       continues = excluded.continues`,
  ).run(
    id,
    page,
    edition,
    p.articleId,
    p.column,
    p.span,
    p.top,
    p.depth,
    p.bodySpan,
    p.split,
    p.headlineSize,
    JSON.stringify(p.photos),
    storedStyle(p),
    storedHeadlineType(p).headlinePt,
    storedHeadlineType(p).headlineShape,
    p.continues ? 1 : 0,
  );
  return `${doc.date}/${doc.page}`;
}

/** A record whose story is not here yet waits for it, unless the story is kept off this laptop or was purged here. */
function awaitArticle(db: Database, articleId: string): ApplyResult {
  if (stateOf(db, `article:${articleId}`)?.local_key === keptOffMark(articleId) || wasPurged(db, articleId)) return 'skipped';
  return { waitsFor: `article:${articleId}`, applied: false };
}

/**
 * sync_state's mark of an article older than the years a laptop keeps. One per article:
 * local_key is unique, so a shared mark would let only one old article be kept off.
 */
export const keptOffMark = (articleId: string): string => `kept-off:${articleId}`;

/** The newsroom's accounts, as the server keeps them: desktops sign people in with them, offline too. */
function applyAccount(db: Database, a: AccountDoc): void {
  const roles = DESK_ROLES.filter((r) => a.roles.includes(r)).join(',');
  const person = a.person ? personId(db, a.person.name, a.person.outlet) : null;
  const id = accountId(db, a.name);
  if (id === null) {
    stmt(db, 'INSERT INTO accounts (name, roles, person_id, password, created_at, removed_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      a.name,
      roles,
      person,
      a.password,
      a.createdAt,
      a.removed ? a.createdAt : null,
    );
    return;
  }
  stmt(
    db,
    'UPDATE accounts SET name = ?, roles = ?, person_id = ?, password = ?, removed_at = CASE WHEN ? THEN coalesce(removed_at, ?) ELSE NULL END WHERE id = ?',
  ).run(a.name, roles, person, a.password, a.removed ? 1 : 0, new Date().toISOString(), id);
}

/**
 * The server kept someone else's change to a record this desktop changed too. For an
 * article, the text typed here becomes a conflict revision under the name of whoever typed
 * it (queued for the newsroom, so the other desk sees both); for the rest, the server's
 * stands. Either way the desk is told.
 */
export function keepOurs(
  archive: Archive,
  record: ServerRecord,
  pending: OutboxEntry,
  now: string,
  applied: Applied,
  given?: { code: string; params: Record<string, string | number> },
): void {
  const problem = given ?? { code: kindOfKey(record.key) === 'article' ? 'SYNC_CONFLICT' : 'SYNC_CONFLICT_LAYOUT', params: {} };
  const db = archive.db;
  stmt(db, 'DELETE FROM sync_outbox WHERE key = ?').run(pending.key);
  applied.conflicts++;
  const kind = kindOfKey(record.key);
  let articleId: string | null = null;
  let headline = '';
  if (kind === 'article') {
    articleId = idOfKey(record.key);
    const ours = articleDoc(db, articleId, '');
    if (ours) {
      headline = ours.draft.headline;
      stmt(db, 'UPDATE sync_capture SET actor = ?').run(pending.actor);
      const by = accountId(db, pending.actor);
      insertRevision(
        db,
        articleId,
        ours.draft,
        archive.deriveBody(ours.draft).counts.chars,
        new Date(now),
        'conflict',
        false,
        by === null ? null : asActorRef(by),
      );
    }
  } else if (kind === 'placement') {
    const doc = record.doc as PlacementDoc | null;
    articleId = doc?.placement.articleId ?? null;
  }
  recordProblem(db, {
    at: now,
    key: record.key,
    articleId,
    code: problem.code,
    params: { by: record.by ?? '', machine: record.deviceName ?? '', at: record.at, headline, ...problem.params },
  });
}

/** insertRevision records who by account id; it reads nothing else of the actor. */
function asActorRef(accountId: number): Parameters<typeof insertRevision>[7] {
  return { accountId, name: '', roles: [], personId: null, front: 'app' };
}
