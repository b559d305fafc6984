import type { Database } from 'better-sqlite3';
import { stmt } from './statements';
import type { ArticleSummary } from '../../shared/api/contract';
import type { Article, ArticleDraft, BodyBlock, BylineEntry, CreditPerson, Photo } from '../../shared/domain/article';
import { formatBylinePeople } from '../../shared/domain/byline';
import type { CreditKind, Role } from '../../shared/domain/roles';
import type { Status } from '../../shared/domain/status';
import type { Actor, Front } from '../../shared/domain/accounts';
import type { StoryFacts } from '../../shared/domain/permissions';
import type { CharCounts } from '../../shared/text/count';
import { bodyJsonFromBlocks } from '../../shared/editor/body';
import { personId, type PeopleSeen } from './people';
import { indexArticle } from './search-index';
import type { NamedPerson } from './search-people';
import { EMPTY_DRAFT_SQL } from './trash';

interface ArticleRow {
  id: string;
  status: Status;
  version: number;
  column_label: string;
  kicker: string;
  headline: string;
  deck: string;
  dateline: string;
  byline_form: 'standard' | 'feature';
  body_json: string;
  body_blocks: string;
  body_text: string;
  photo_group_kind: CreditKind | null;
  jump: string;
  source: string;
  chars: number;
  chars_all: number;
  created_at: string;
  updated_at: string;
  edition_date: string | null;
  page: number | null;
  import_file: string | null;
  import_first_line: number | null;
  import_last_line: number | null;
  import_confidence: number | null;
  import_doubts: string;
  needs_review: number;
  created_by_name: string | null;
  updated_by_name: string | null;
  signed_revision: number | null;
  proof_ignores: string;
}

function readByline(db: Database, articleId: string): BylineEntry[] {
  const rows = stmt(
    db,
    `SELECT b.role, p.name, p.outlet FROM bylines b JOIN people p ON p.id = b.person_id
       WHERE b.article_id = ? ORDER BY b.position`,
  ).all(articleId) as { role: Role; name: string; outlet: string }[];
  return rows.map(({ role, name, outlet }) => (outlet ? { role, name, outlet } : { role, name }));
}

function readCredits(db: Database, articleId: string): Map<number | null, CreditPerson[]> {
  const rows = stmt(
    db,
    `SELECT c.photo_position AS photo, c.role, p.name FROM credits c JOIN people p ON p.id = c.person_id
       WHERE c.article_id = ? ORDER BY c.photo_position, c.position`,
  ).all(articleId) as { photo: number | null; role: Role | null; name: string }[];
  const byPhoto = new Map<number | null, CreditPerson[]>();
  for (const { photo, role, name } of rows) {
    const list = byPhoto.get(photo) ?? [];
    list.push({ role, name });
    byPhoto.set(photo, list);
  }
  return byPhoto;
}

function readPhotos(db: Database, articleId: string, credits: Map<number | null, CreditPerson[]>): Photo[] {
  const rows = stmt(
    db,
    `SELECT ph.position, ph.photo_key, ph.image_hash, ph.file_name, ph.caption, ph.credit_kind,
              i.mime, i.width, i.height
       FROM photos ph LEFT JOIN images i ON i.hash = ph.image_hash
       WHERE ph.article_id = ? ORDER BY ph.position`,
  ).all(articleId) as {
    position: number;
    photo_key: string;
    image_hash: string | null;
    file_name: string;
    caption: string;
    credit_kind: CreditKind;
    mime: Photo['mime'];
    width: number | null;
    height: number | null;
  }[];
  return rows.map((r) => ({
    id: r.photo_key,
    hash: r.image_hash,
    mime: r.mime,
    width: r.width,
    height: r.height,
    fileName: r.file_name,
    caption: r.caption,
    credit: { kind: r.credit_kind, people: credits.get(r.position) ?? [] },
  }));
}

/** What body_blocks holds: '' when the blocks are plain paragraphs that body_text's lines give back. */
export function storedBlocks(blocks: readonly BodyBlock[]): string {
  return blocks.every((b) => b.type === 'paragraph' && !b.text.includes('\n')) ? '' : JSON.stringify(blocks);
}

/**
 * The body's blocks. When every block is a plain paragraph (most articles) they are not
 * stored twice: body_blocks is '' and the paragraphs are the lines of body_text.
 */
export function blocksOf(row: Pick<ArticleRow, 'body_blocks' | 'body_text'>): BodyBlock[] {
  if (row.body_blocks) return JSON.parse(row.body_blocks) as BodyBlock[];
  return row.body_text ? row.body_text.split('\n').map((text) => ({ type: 'paragraph' as const, text })) : [];
}

/** The editor state, built from the plain blocks for an imported article never yet edited. */
function bodyJsonOf(row: ArticleRow): string {
  if (row.body_json) return row.body_json;
  const blocks = blocksOf(row);
  return blocks.length ? bodyJsonFromBlocks(blocks) : '';
}

export function readArticle(db: Database, id: string): Article | undefined {
  const row = stmt(
    db,
    `SELECT a.*, i.file_name AS import_file, cb.name AS created_by_name, ub.name AS updated_by_name
     FROM articles a LEFT JOIN imports i ON i.id = a.import_id
     LEFT JOIN accounts cb ON cb.id = a.created_by LEFT JOIN accounts ub ON ub.id = a.updated_by
     WHERE a.id = ?`,
  ).get(id) as ArticleRow | undefined;
  if (!row) return undefined;
  const credits = readCredits(db, id);
  return {
    id: row.id,
    status: row.status,
    version: row.version,
    column: row.column_label,
    kicker: row.kicker,
    headline: row.headline,
    deck: row.deck,
    dateline: row.dateline,
    bylineForm: row.byline_form,
    byline: readByline(db, id),
    bodyJson: bodyJsonOf(row),
    body: blocksOf(row),
    photos: readPhotos(db, id, credits),
    photoGroupCredit: row.photo_group_kind ? { kind: row.photo_group_kind, people: credits.get(null) ?? [] } : null,
    jump: row.jump,
    source: row.source,
    proofIgnores: JSON.parse(row.proof_ignores) as string[],
    chars: row.chars,
    charsWithPunctuation: row.chars_all,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by_name,
    updatedBy: row.updated_by_name,
    signedRevision: row.signed_revision,
    editionDate: row.edition_date,
    page: row.page,
    origin:
      row.import_file !== null
        ? {
            fileName: row.import_file,
            firstLine: row.import_first_line ?? 0,
            lastLine: row.import_last_line ?? 0,
            confidence: row.import_confidence ?? 0,
            doubts: JSON.parse(row.import_doubts) as string[],
          }
        : null,
    needsReview: row.needs_review === 1,
  };
}

export function articleIds(db: Database): string[] {
  return stmt(db, 'SELECT id FROM articles WHERE deleted_at IS NULL ORDER BY created_at, id').pluck().all() as string[];
}

export interface ListQuery {
  status?: Status | undefined;
  /** Any of these statuses (the stories waiting for someone's review). */
  statuses?: readonly Status[] | undefined;
  text?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
  /** Only this account's own stories: created by it, or naming its person in the byline. */
  ownedBy?: { accountId: number; personId: number | null } | undefined;
  /** Leave out drafts never given a word and untouched since (a stray click on 新建稿件). */
  emptyBefore?: string | undefined;
}

/**
 * The desk's list: most recently updated first, with the byline in house form; nothing in the trash.
 * Stories saved in one transaction share their time (an import writes up to 2,000 so), and they
 * follow one another in the order they were written: the rowid, which `articles_by_updated`
 * holds after the time, so the index gives the whole order and a page stops after its LIMIT.
 * Ordered by id among equals, SQLite read and sorted every story of the newest time (2,007 in the
 * million-story bench archive, bylines and all) before it could answer with the first.
 */
export function listArticles(db: Database, query: ListQuery): ArticleSummary[] {
  const text = query.text?.trim();
  const like = text ? `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = stmt(
    db,
    `SELECT a.id, a.status, a.column_label, a.kicker, a.headline, a.chars, a.created_at, a.updated_at,
              a.byline_form, a.needs_review,
              (SELECT json_group_array(json_object('role', b.role, 'name', p.name, 'outlet', p.outlet)
                                       ORDER BY b.position)
                 FROM bylines b JOIN people p ON p.id = b.person_id WHERE b.article_id = a.id) AS byline,
              (SELECT count(*) FROM photos ph WHERE ph.article_id = a.id) AS photos
       FROM articles a
       WHERE a.deleted_at IS NULL
         AND (@emptyBefore IS NULL OR a.updated_at >= @emptyBefore OR NOT (${EMPTY_DRAFT_SQL}))
         AND (@status IS NULL OR a.status = @status)
         AND (@statuses IS NULL OR a.status IN (SELECT value FROM json_each(@statuses)))
         AND (@owner IS NULL OR a.created_by = @owner
              OR EXISTS (SELECT 1 FROM bylines b WHERE b.article_id = a.id AND b.person_id = @person))
         AND (@like IS NULL
              OR a.headline LIKE @like ESCAPE '\\' OR a.kicker LIKE @like ESCAPE '\\'
              OR a.deck LIKE @like ESCAPE '\\' OR a.column_label LIKE @like ESCAPE '\\'
              OR EXISTS (SELECT 1 FROM bylines b JOIN people p ON p.id = b.person_id
                         WHERE b.article_id = a.id AND p.name LIKE @like ESCAPE '\\'))
       ORDER BY a.updated_at DESC, a.rowid
       LIMIT @limit OFFSET @offset`,
  ).all({
    status: query.status ?? null,
    statuses: query.statuses ? JSON.stringify(query.statuses) : null,
    owner: query.ownedBy?.accountId ?? null,
    person: query.ownedBy?.personId ?? null,
    like,
    emptyBefore: query.emptyBefore ?? null,
    limit: query.limit ?? 200,
    offset: query.offset ?? 0,
  }) as {
    id: string;
    status: Status;
    column_label: string;
    kicker: string;
    headline: string;
    chars: number;
    created_at: string;
    updated_at: string;
    byline: string;
    photos: number;
    needs_review: number;
  }[];
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    column: r.column_label,
    kicker: r.kicker,
    headline: r.headline,
    byline: formatBylinePeople(JSON.parse(r.byline) as BylineEntry[]),
    chars: r.chars,
    photos: r.photos,
    needsReview: r.needs_review === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export interface DerivedBody {
  blocks: BodyBlock[];
  counts: CharCounts;
}

export function insertArticleRow(db: Database, id: string, status: Status, now: string, by: Actor | null = null): void {
  stmt(db, 'INSERT INTO articles (id, status, version, created_at, updated_at, created_by, updated_by) VALUES (?, ?, 0, ?, ?, ?, ?)').run(
    id,
    status,
    now,
    now,
    by?.accountId ?? null,
    by?.accountId ?? null,
  );
}

/**
 * Writes a draft over the article if it is still at `baseVersion`, and bumps the version.
 * Returns false when someone saved a newer version first (or the article is gone).
 */
export function writeDraft(
  db: Database,
  id: string,
  baseVersion: number,
  draft: ArticleDraft,
  body: DerivedBody,
  now: string,
  by: Actor | null = null,
): boolean {
  const result = stmt(
    db,
    `UPDATE articles SET
         version = version + 1, column_label = @column, kicker = @kicker, headline = @headline, deck = @deck,
         dateline = @dateline, byline_form = @bylineForm, body_json = @bodyJson, body_blocks = @blocks,
         body_text = @text, photo_group_kind = @groupKind, jump = @jump, source = @source,
         proof_ignores = @proofIgnores, chars = @chars, chars_all = @charsAll, updated_at = @now, updated_by = @by
       WHERE id = @id AND version = @baseVersion`,
  ).run({
    id,
    baseVersion,
    column: draft.column,
    kicker: draft.kicker,
    headline: draft.headline,
    deck: draft.deck,
    dateline: draft.dateline,
    bylineForm: draft.bylineForm,
    bodyJson: draft.bodyJson,
    blocks: storedBlocks(body.blocks),
    text: body.blocks.map((b) => b.text).join('\n'),
    groupKind: draft.photoGroupCredit?.kind ?? null,
    jump: draft.jump,
    source: draft.source,
    proofIgnores: JSON.stringify(draft.proofIgnores),
    chars: body.counts.chars,
    charsAll: body.counts.charsWithPunctuation,
    now,
    by: by?.accountId ?? null,
  });
  if (result.changes === 0) return false;
  writePeopleAndPhotos(db, id, draft);
  indexArticle(db, id);
  return true;
}

function writePeopleAndPhotos(db: Database, id: string, draft: ArticleDraft): void {
  stmt(db, 'DELETE FROM bylines WHERE article_id = ?').run(id);
  stmt(db, 'DELETE FROM photos WHERE article_id = ?').run(id);
  stmt(db, 'DELETE FROM credits WHERE article_id = ?').run(id);
  insertPeopleAndPhotos(db, id, draft);
}

/** Bylines, photos and credits of an article that has none yet; `seen`, the people the transaction looked up already. */
export function insertPeopleAndPhotos(db: Database, id: string, draft: ArticleDraft, seen?: PeopleSeen): NamedPerson[] {
  const named: NamedPerson[] = [];
  const byline = stmt(db, 'INSERT INTO bylines (article_id, position, person_id, role) VALUES (?, ?, ?, ?)');
  draft.byline.forEach((entry, i) => {
    const person = personId(db, entry.name, entry.outlet, seen);
    byline.run(id, i, person, entry.role);
    named.push({ role: entry.role, id: person });
  });
  const photo = stmt(
    db,
    `INSERT INTO photos (article_id, position, photo_key, image_hash, file_name, caption, credit_kind)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const credit = stmt(db, 'INSERT INTO credits (article_id, photo_position, position, person_id, role) VALUES (?, ?, ?, ?, ?)');
  const credited = (photo: number | null, position: number, person: CreditPerson) => {
    const at = personId(db, person.name, '', seen);
    credit.run(id, photo, position, at, person.role);
    named.push({ role: person.role, id: at });
  };
  draft.photos.forEach((p, i) => {
    photo.run(id, i, p.id, p.hash, p.fileName, p.caption, p.credit.kind);
    p.credit.people.forEach((person, j) => credited(i, j, person));
  });
  draft.photoGroupCredit?.people.forEach((person, j) => credited(null, j, person));
  return named;
}

/** Sets the status and records the change: when, by whom, from where, and why when one was given. */
export function setStatusRow(
  db: Database,
  id: string,
  from: Status | null,
  to: Status,
  now: string,
  by: Actor | null = null,
  reason: string | null = null,
): void {
  stmt(db, 'UPDATE articles SET status = ?, updated_at = ? WHERE id = ?').run(to, now, id);
  stmt(
    db,
    'INSERT INTO status_changes (article_id, from_status, to_status, at, by_account, front, reason) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(id, from, to, now, by?.accountId ?? null, by?.front ?? null, reason);
}

export interface StatusLogEntry {
  from: Status | null;
  to: Status;
  at: string;
  /** The account's name; null when no one is recorded (before accounts). */
  by: string | null;
  front: Front | null;
  reason: string | null;
}

export function statusLog(db: Database, id: string): StatusLogEntry[] {
  return stmt(
    db,
    `SELECT s.from_status AS "from", s.to_status AS "to", s.at, a.name AS by, s.front, s.reason
     FROM status_changes s LEFT JOIN accounts a ON a.id = s.by_account WHERE s.article_id = ? ORDER BY s.id`,
  ).all(id) as StatusLogEntry[];
}

/** Who may do what to an article depends on these. */
export function storyFacts(db: Database, id: string): (StoryFacts & { signedRevision: number | null }) | undefined {
  const row = stmt(db, 'SELECT status, created_by, signed_revision FROM articles WHERE id = ?').get(id) as
    { status: Status; created_by: number | null; signed_revision: number | null } | undefined;
  if (!row) return undefined;
  const people = stmt(db, 'SELECT person_id FROM bylines WHERE article_id = ?').pluck().all(id) as number[];
  return {
    status: row.status,
    signed: row.status === 'approved' && row.signed_revision !== null,
    createdBy: row.created_by,
    bylinePersonIds: people,
    signedRevision: row.signed_revision,
  };
}

/** The account that last saved the article, for "changed by 王丙全 at 21:40". */
export function lastSavedBy(db: Database, id: string): string | null {
  return (
    (stmt(db, 'SELECT ac.name FROM articles a JOIN accounts ac ON ac.id = a.updated_by WHERE a.id = ?').pluck().get(id) as
      string | undefined) ?? null
  );
}

/** The status an article had when it was last spiked: where 恢复 returns it. */
export function statusBeforeSpike(db: Database, id: string): Status | null {
  const row = stmt(db, "SELECT from_status FROM status_changes WHERE article_id = ? AND to_status = 'spiked' ORDER BY id DESC LIMIT 1").get(
    id,
  ) as { from_status: Status | null } | undefined;
  return row?.from_status ?? null;
}
