import type { Database } from 'better-sqlite3';
import { stmt } from './statements';
import { indexTerms } from '../../shared/search/tokens';
import { dropImpacts, forgetImpactWriter, writeImpacts } from './search-impacts';

/**
 * The full-text index. Each article has a search key that orders by date (the day number
 * times a million, plus a sequence within the day), so "newest first" is FTS5's own rowid
 * order and a LIMIT stops as soon as it has enough.
 */
const PER_DAY = 1_000_000;

export function dayNumber(date: string): number {
  const t = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  return Number.isFinite(t) ? Math.floor(t / 86_400_000) : 0;
}

/**
 * The search keys of the articles dated from `from` to `to` (either open), as a range of the
 * index's own rowids: a date filter then narrows the index walk instead of checking each
 * match's article. Undefined when a date given is no calendar date.
 */
export function keyRangeOf(from?: string, to?: string): { lo: number; hi: number } | undefined {
  const day = (date: string) => {
    const t = Date.parse(`${date}T00:00:00Z`);
    return Number.isFinite(t) && new Date(t).toISOString().startsWith(date) ? Math.floor(t / 86_400_000) : undefined;
  };
  const first = from === undefined ? undefined : day(from);
  const last = to === undefined ? undefined : day(to);
  if ((from !== undefined && first === undefined) || (to !== undefined && last === undefined)) return undefined;
  return {
    lo: first === undefined ? Number.MIN_SAFE_INTEGER : first * PER_DAY,
    hi: last === undefined ? Number.MAX_SAFE_INTEGER : (last + 1) * PER_DAY - 1,
  };
}

/** A new search key for an article of `day`: the next in that day's range. */
function newKey(db: Database, articleId: string, day: number): number {
  const last = stmt(db, 'SELECT max(key) FROM search_keys WHERE key >= ? AND key < ?')
    .pluck()
    .get(day * PER_DAY, (day + 1) * PER_DAY) as number | null;
  const key = last === null ? day * PER_DAY : last + 1;
  stmt(db, 'INSERT INTO search_keys (key, article_id) VALUES (?, ?)').run(key, articleId);
  return key;
}

function keyFor(db: Database, articleId: string, day: number): number {
  const existing = stmt(db, 'SELECT key FROM search_keys WHERE article_id = ?').pluck().get(articleId) as number | undefined;
  if (existing !== undefined && Math.floor(existing / PER_DAY) === day) return existing;
  if (existing !== undefined) {
    stmt(db, 'DELETE FROM article_search WHERE rowid = ?').run(existing);
    dropImpacts(db, existing);
    stmt(db, 'DELETE FROM search_keys WHERE key = ?').run(existing);
  }
  return newKey(db, articleId, day);
}

/** The parts of an article a search should find, in one place for every writer. */
export interface SearchableParts {
  column: string;
  kicker: string;
  headline: string;
  deck: string;
  dateline: string;
  people: string;
  body: string;
  captions: string;
  jump: string;
  source: string;
}

export function searchText(p: SearchableParts): string {
  return [p.column, p.kicker, p.headline, p.deck, p.dateline, p.people, p.body, p.captions, p.jump, p.source].join('\n');
}

/** Indexes an article written just now for the first time (the import path). */
export function indexNewArticle(db: Database, articleId: string, date: string, parts: SearchableParts): void {
  const key = newKey(db, articleId, dayNumber(date));
  const terms = indexTerms(searchText(parts));
  stmt(db, 'INSERT INTO article_search (rowid, terms) VALUES (?, ?)').run(key, terms);
  writeImpacts(db, key, terms);
}

/** Everything of an article a search should find: headlines, text, captions, people. */
export function searchableText(db: Database, articleId: string): { text: string; date: string } | undefined {
  const row = stmt(
    db,
    `SELECT column_label, kicker, headline, deck, dateline, body_text, jump, source, edition_date, created_at,
            (SELECT group_concat(caption, ' ') FROM photos WHERE article_id = a.id) AS captions,
            (SELECT group_concat(p.outlet || ' ' || p.name, ' ') FROM bylines b JOIN people p ON p.id = b.person_id
               WHERE b.article_id = a.id) AS byline,
            (SELECT group_concat(p.name, ' ') FROM credits c JOIN people p ON p.id = c.person_id
               WHERE c.article_id = a.id) AS credits
     FROM articles a WHERE id = ?`,
  ).get(articleId) as Record<string, string | null> | undefined;
  if (!row) return undefined;
  const text = searchText({
    column: row.column_label ?? '',
    kicker: row.kicker ?? '',
    headline: row.headline ?? '',
    deck: row.deck ?? '',
    dateline: row.dateline ?? '',
    people: [row.byline ?? '', row.credits ?? ''].join(' '),
    body: row.body_text ?? '',
    captions: row.captions ?? '',
    jump: row.jump ?? '',
    source: row.source ?? '',
  });
  return { text, date: row.edition_date ?? row.created_at ?? '' };
}

/**
 * Takes the article out of the index: it went to the trash (a story there has no entry, so no
 * search, count or filter needs to leave it out), or is about to be purged.
 */
export function unindexArticle(db: Database, articleId: string): void {
  const key = stmt(db, 'SELECT key FROM search_keys WHERE article_id = ?').pluck().get(articleId) as number | undefined;
  if (key === undefined) return;
  stmt(db, 'DELETE FROM article_search WHERE rowid = ?').run(key);
  dropImpacts(db, key);
  stmt(db, 'DELETE FROM search_keys WHERE key = ?').run(key);
}

/** Brings the article's index entry up to date; call inside the transaction that changed it. */
export function indexArticle(db: Database, articleId: string): void {
  const found = searchableText(db, articleId);
  if (!found) return;
  const key = keyFor(db, articleId, dayNumber(found.date));
  stmt(db, 'DELETE FROM article_search WHERE rowid = ?').run(key);
  dropImpacts(db, key);
  const terms = indexTerms(found.text);
  stmt(db, 'INSERT INTO article_search (rowid, terms) VALUES (?, ?)').run(key, terms);
  writeImpacts(db, key, terms);
}

/**
 * Writes the impact index of every indexed article (migration 0180): each article's text is
 * read and cut into terms again, as its entry in the index of pairs holds them.
 */
export function fillImpacts(db: Database): void {
  forgetImpactWriter(db);
  const keys = stmt(db, 'SELECT key, article_id FROM search_keys ORDER BY key').raw().all() as [number, string][];
  for (const [key, articleId] of keys) {
    const found = searchableText(db, articleId);
    if (found) writeImpacts(db, key, indexTerms(found.text));
  }
}

/** What a rebuild needs of the archive: its connection, and turns at the write lock. */
export interface IndexWriter {
  db: Database;
  write<T>(work: () => T): T;
  letWaitersIn(): number;
}

/**
 * Rebuilds the whole index, in transactions of `chunk` articles, each taking the write lock up
 * front and letting waiting writers (the desk's saves) in before the next; `onProgress` hears
 * after each chunk. Each article's entry is replaced where it stands, so a rebuild stopped
 * halfway (Ctrl+C, a crash) leaves every article findable, by its old entry or its new one.
 * Entries no article owns go at the end.
 */
export function reindexAll(archive: IndexWriter, onProgress?: (done: number, total: number) => void, chunk = 2000): number {
  const { db } = archive;
  const ids = stmt(db, 'SELECT id FROM articles WHERE deleted_at IS NULL ORDER BY rowid').pluck().all() as string[];
  for (let i = 0; i < ids.length; i += chunk) {
    archive.write(() => {
      for (const id of ids.slice(i, i + chunk)) indexArticle(db, id);
    });
    onProgress?.(Math.min(i + chunk, ids.length), ids.length);
    archive.letWaitersIn();
  }
  archive.write(() => {
    const orphans = stmt(db, 'SELECT rowid FROM article_search WHERE rowid NOT IN (SELECT key FROM search_keys)').pluck().all() as number[];
    for (const key of orphans) {
      stmt(db, 'DELETE FROM article_search WHERE rowid = ?').run(key);
      dropImpacts(db, key);
    }
  });
  return ids.length;
}
