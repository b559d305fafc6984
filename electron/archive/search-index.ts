import type { Database } from 'better-sqlite3';
import { stmt } from './statements';
import { commonCharacters } from '../../shared/search/common-characters';
import { holdsFolding } from '../../shared/search/folding';
import { charImpactTerms, impactTerms } from '../../shared/search/impact';
import { indexTerms } from '../../shared/search/tokens';
import { forgetCounts, noteIndexChange } from './search-counts';
import { dropImpacts, forgetImpactWriter, writeImpacts } from './search-impacts';
import { indexEntries, searchText, type IndexEntries, type SearchableParts } from './search-entries';
import { peopleFactOf } from './search-people';

/**
 * The full-text index. Each article has a search key that orders by date (the day number
 * times a million, plus a sequence within the day), so "newest first" is FTS5's own rowid
 * order and a LIMIT stops as soon as it has enough.
 */
const PER_DAY = 1_000_000;

/**
 * The date an imported story with no edition date is indexed by (none printed, none given):
 * not the day of its import. Its key lies below every date's (a sentinel day far before the
 * year 0000 any YYYY-MM-DD can name: pages from before 1970 have negative day numbers), so
 * newest first lists it after every dated story and no date filter's range reaches it.
 */
export const UNDATED = 'undated';
const UNDATED_DAY = -100_000_000;
/** The first day a YYYY-MM-DD date can name, 0000-01-01: the keys below it are the undated band's. */
const FIRST_DAY = -719_528;

export function dayNumber(date: string): number {
  if (date === UNDATED) return UNDATED_DAY;
  const t = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  return Number.isFinite(t) ? Math.floor(t / 86_400_000) : 0;
}

/** The day of a key: the undated band (all of it, however many stories it holds) is one day. */
function dayOfKey(key: number): number {
  const day = Math.floor(key / PER_DAY);
  return day < FIRST_DAY ? UNDATED_DAY : day;
}

/** The keys of a day, [lo, hi): the undated band reaches up to the first real day. */
function keysOfDay(day: number): [number, number] {
  return day === UNDATED_DAY ? [UNDATED_DAY * PER_DAY, FIRST_DAY * PER_DAY] : [day * PER_DAY, (day + 1) * PER_DAY];
}

/** The date an article is indexed by: its edition's; an import without one is undated; a story written here, its day. */
function indexDate(row: { edition_date: string | null; import_id: number | null; created_at: string }): string {
  return row.edition_date ?? (row.import_id !== null ? UNDATED : row.created_at);
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
    // Open below: from the first real day, so the undated band stays out of every date filter.
    lo: first === undefined ? FIRST_DAY * PER_DAY : first * PER_DAY,
    hi: last === undefined ? Number.MAX_SAFE_INTEGER : (last + 1) * PER_DAY - 1,
  };
}

/**
 * The last search key given out for each day in one import transaction: the next story of the
 * same day takes the one after it without asking the index again. Made inside the transaction
 * and dropped with it, like PeopleSeen: a key written in a transaction rolled back is free again.
 */
export type KeysSeen = Map<number, number>;

/** What a search key says of its article besides its date, where the archive holds it. */
interface KeyFacts {
  /** Whether it holds a character the index folds (the key's own: migration 0240)… */
  folds: boolean;
  /** …which common characters the index finds in it (its facts: migrations 0250, 0270)… */
  common: Uint8Array;
  /** …its column's label (its facts: migrations 0260, 0270)… */
  column: string;
  /** …and its people, by id and role (a table of their own: migration 0280; search-people.ts). */
  people: string;
}

interface KeysShape {
  folds: boolean;
  facts: boolean;
  people: boolean;
}
const shapes = new WeakMap<Database, KeysShape>();

/**
 * What the archive holds of them yet (migrations before 0240 and 0270 index articles too).
 * Where a key says nothing of folding (NULL), a search looks at the article folded, as it
 * would at one that does; every key's facts are written by 0250–0270.
 */
function keysSay(db: Database): KeysShape {
  let says = shapes.get(db);
  if (says === undefined) {
    says = {
      folds: stmt(db, "SELECT 1 FROM pragma_table_info('search_keys') WHERE name = 'folds'").get() !== undefined,
      facts: stmt(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'search_facts'").get() !== undefined,
      people: stmt(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'search_people'").get() !== undefined,
    };
    shapes.set(db, says);
  }
  return says;
}

/** Whether the archive holds each search key's people (migration 0280). */
export function keysHoldPeople(db: Database): boolean {
  return keysSay(db).people;
}

/** Forget what was learned of the search keys' tables (after the migration that changed them). */
export function forgetKeysShape(db: Database): void {
  shapes.delete(db);
}

/**
 * Writes a key's facts, where the archive holds them (a table of their own: the keys' stays
 * small). Row by row, with no REPLACE and no foreign key: a statement that may write several
 * rows (a REPLACE's delete, cascading) opens a statement journal, and FTS5 writes what it holds
 * pending at each (an import's transaction made ten segments of its index where it made one).
 */
function writeFacts(db: Database, key: number, facts: KeyFacts, fresh: boolean): void {
  const says = keysSay(db);
  if (!says.facts) return;
  const bits = facts.common;
  const values = [Buffer.from(bits.buffer, bits.byteOffset, bits.byteLength), facts.column, key];
  // Facts no key owns (none should: every path that takes a key out takes them too) go.
  if (fresh) stmt(db, 'DELETE FROM search_facts WHERE key = ?').run(key);
  const updated = !fresh && stmt(db, 'UPDATE search_facts SET common = ?, label = ? WHERE key = ?').run(...values).changes > 0;
  if (!updated) stmt(db, 'INSERT INTO search_facts (common, label, key) VALUES (?, ?, ?)').run(...values);
  writePeople(db, key, facts.people);
}

/** A key's people, where the archive holds them (migration 0280); a key of no one's has no row. */
function writePeople(db: Database, key: number, people: string): void {
  if (!keysSay(db).people) return;
  stmt(db, 'DELETE FROM search_people WHERE key = ?').run(key);
  if (people) stmt(db, 'INSERT INTO search_people (key, people) VALUES (?, ?)').run(key, people);
}

/** Takes a key's facts and people out with it. */
function dropFacts(db: Database, key: number): void {
  const says = keysSay(db);
  if (says.facts) stmt(db, 'DELETE FROM search_facts WHERE key = ?').run(key);
  if (says.people) stmt(db, 'DELETE FROM search_people WHERE key = ?').run(key);
}

/** A new search key for an article of `day`: the next in that day's range. */
function newKey(db: Database, articleId: string, day: number, facts: KeyFacts, seen?: KeysSeen): number {
  const [lo, hi] = keysOfDay(day);
  const last =
    seen?.get(day) ?? (stmt(db, 'SELECT max(key) FROM search_keys WHERE key >= ? AND key < ?').pluck().get(lo, hi) as number | null);
  const key = last === null ? lo : last + 1;
  if (keysSay(db).folds)
    stmt(db, 'INSERT INTO search_keys (key, article_id, folds) VALUES (?, ?, ?)').run(key, articleId, facts.folds ? 1 : 0);
  else stmt(db, 'INSERT INTO search_keys (key, article_id) VALUES (?, ?)').run(key, articleId);
  writeFacts(db, key, facts, true);
  seen?.set(day, key);
  return key;
}

function keyFor(db: Database, articleId: string, day: number, facts: KeyFacts): number {
  const existing = stmt(db, 'SELECT key FROM search_keys WHERE article_id = ?').pluck().get(articleId) as number | undefined;
  if (existing !== undefined && dayOfKey(existing) === day) {
    if (keysSay(db).folds) stmt(db, 'UPDATE search_keys SET folds = ? WHERE key = ?').run(facts.folds ? 1 : 0, existing);
    writeFacts(db, existing, facts, false);
    return existing;
  }
  if (existing !== undefined) {
    stmt(db, 'DELETE FROM article_search WHERE rowid = ?').run(existing);
    dropImpacts(db, existing);
    stmt(db, 'DELETE FROM search_keys WHERE key = ?').run(existing);
    dropFacts(db, existing);
  }
  return newKey(db, articleId, day, facts);
}

/**
 * Indexes an article written just now for the first time (the import path), by its entries when
 * they were cut already; `people`, its bylines' and credits' people as written (peopleFact).
 */
export function indexNewArticle(
  db: Database,
  articleId: string,
  date: string,
  parts: SearchableParts,
  people: string,
  entries?: IndexEntries,
  seen?: KeysSeen,
): void {
  const cut = entries ?? indexEntries(parts);
  const key = newKey(db, articleId, dayNumber(date), { ...cut, column: parts.column, people }, seen);
  stmt(db, 'INSERT INTO article_search (rowid, terms) VALUES (?, ?)').run(key, cut.terms);
  writeImpacts(db, key, cut.terms, cut);
}

type SearchableRow = Record<
  'column_label' | 'kicker' | 'headline' | 'deck' | 'dateline' | 'body_text' | 'jump' | 'source' | 'captions' | 'byline' | 'credits',
  string | null
> &
  Parameters<typeof indexDate>[0];

/** Everything of an article a search should find: headlines, text, captions, people. */
export function searchableText(db: Database, articleId: string): { text: string; date: string; column: string } | undefined {
  const row = stmt(
    db,
    `SELECT column_label, kicker, headline, deck, dateline, body_text, jump, source, edition_date, import_id, created_at,
            (SELECT group_concat(caption, ' ') FROM photos WHERE article_id = a.id) AS captions,
            (SELECT group_concat(p.outlet || ' ' || p.name, ' ') FROM bylines b JOIN people p ON p.id = b.person_id
               WHERE b.article_id = a.id) AS byline,
            (SELECT group_concat(p.name, ' ') FROM credits c JOIN people p ON p.id = c.person_id
               WHERE c.article_id = a.id) AS credits
     FROM articles a WHERE id = ?`,
  ).get(articleId) as SearchableRow | undefined;
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
  return { text, date: indexDate(row), column: row.column_label ?? '' };
}

/**
 * Takes the article out of the index: it went to the trash (a story there has no entry, so no
 * search, count or filter needs to leave it out), or is about to be purged.
 */
export function unindexArticle(db: Database, articleId: string): void {
  const key = stmt(db, 'SELECT key FROM search_keys WHERE article_id = ?').pluck().get(articleId) as number | undefined;
  if (key === undefined) return;
  noteIndexChange(db);
  stmt(db, 'DELETE FROM article_search WHERE rowid = ?').run(key);
  dropImpacts(db, key);
  stmt(db, 'DELETE FROM search_keys WHERE key = ?').run(key);
  dropFacts(db, key);
}

/** Brings the article's index entry up to date; call inside the transaction that changed it. */
export function indexArticle(db: Database, articleId: string): void {
  const found = searchableText(db, articleId);
  if (!found) return;
  noteIndexChange(db);
  const terms = indexTerms(found.text);
  const key = keyFor(db, articleId, dayNumber(found.date), {
    folds: holdsFolding(found.text),
    common: commonCharacters(terms),
    column: found.column,
    people: keysSay(db).people ? peopleFactOf(db, articleId) : '',
  });
  stmt(db, 'DELETE FROM article_search WHERE rowid = ?').run(key);
  dropImpacts(db, key);
  stmt(db, 'INSERT INTO article_search (rowid, terms) VALUES (?, ?)').run(key, terms);
  writeImpacts(db, key, terms);
}

/**
 * Moves the article's entry to the day it is dated by now, where it stands under another (its
 * edition date given or changed after it was indexed); an entry in its place, or none (the
 * trash), is left alone. Call inside the transaction that changed the date.
 */
export function rekeyArticle(db: Database, articleId: string): void {
  const row = stmt(
    db,
    'SELECT k.key, a.edition_date, a.import_id, a.created_at FROM search_keys k JOIN articles a ON a.id = k.article_id WHERE k.article_id = ?',
  ).get(articleId) as KeyedRow | undefined;
  if (row && misdated(row)) indexArticle(db, articleId);
}

type KeyedRow = { key: number } & Parameters<typeof indexDate>[0];

/** Is the entry keyed under another day than the article is dated by? */
export function misdated(row: KeyedRow): boolean {
  return dayOfKey(row.key) !== dayNumber(indexDate(row));
}

/**
 * Makes an impact index (pairs: migration 0180; single characters: 0220) and writes it for every
 * indexed article: each article's text is read and cut into terms again, as its entry in the
 * index of pairs holds them. Contentless, terms only (no positions), written in segments of 16
 * MB merged 16 at a time, as the index of pairs (migration 0060).
 */
export function createImpactIndex(db: Database, which: 'pairs' | 'chars'): void {
  const table = which === 'pairs' ? 'article_impacts' : 'article_char_impacts';
  db.exec(`
    CREATE VIRTUAL TABLE ${table} USING fts5 (
      terms,
      content = '',
      contentless_delete = 1,
      detail = none,
      tokenize = 'unicode61 remove_diacritics 0'
    );
  `);
  db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('hashsize', CAST(? AS INTEGER))`).run(16 * 1024 * 1024);
  db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('automerge', CAST(? AS INTEGER))`).run(16);
  forgetImpactWriter(db);
  const write = stmt(db, `INSERT INTO ${table} (rowid, terms) VALUES (?, ?)`);
  const keys = stmt(db, 'SELECT key, article_id FROM search_keys ORDER BY key').raw().all() as [number, string][];
  for (const [key, articleId] of keys) {
    const found = searchableText(db, articleId);
    if (!found) continue;
    const terms = indexTerms(found.text);
    const entry = which === 'pairs' ? impactTerms(terms) : charImpactTerms(terms);
    if (entry) write.run(key, entry);
  }
}

/**
 * Says on every search key whether its article holds a character the index folds (migration
 * 0240): each article's searchable text read once.
 */
export function markFolding(db: Database): void {
  forgetKeysShape(db);
  stmt(db, 'UPDATE search_keys SET folds = 0').run();
  const keys = stmt(db, 'SELECT key, article_id FROM search_keys').raw().all() as [number, string][];
  const mark = stmt(db, 'UPDATE search_keys SET folds = 1 WHERE key = ?');
  for (const [key, articleId] of keys) {
    const found = searchableText(db, articleId);
    if (found && holdsFolding(found.text)) mark.run(key);
  }
}

/**
 * Writes on every search key the common characters the index finds in its article, in the
 * keys' own table (migration 0250; 0270 moves them to their facts): each article's searchable
 * text read and cut into terms once.
 */
export function markCommonCharacters(db: Database): void {
  forgetKeysShape(db);
  const keys = stmt(db, 'SELECT key, article_id FROM search_keys').raw().all() as [number, string][];
  const mark = stmt(db, 'UPDATE search_keys SET common = ? WHERE key = ?');
  for (const [key, articleId] of keys) {
    const found = searchableText(db, articleId);
    const bits = commonCharacters(found ? indexTerms(found.text) : '');
    mark.run(Buffer.from(bits.buffer, bits.byteOffset, bits.byteLength), key);
  }
}

/** Writes on every search key its article's column's label, in the keys' own table (migration 0260; 0270 moves them). */
export function markColumns(db: Database): void {
  forgetKeysShape(db);
  stmt(db, 'UPDATE search_keys SET label = (SELECT column_label FROM articles a WHERE a.id = search_keys.article_id)').run();
}

/**
 * Writes the facts of every search key that has none (migration 0270: a key an archive at
 * 0250 or 0260 was not told of), each article's searchable text read and cut into terms once.
 */
export function writeMissingFacts(db: Database): void {
  forgetKeysShape(db);
  const keys = stmt(db, 'SELECT k.key, k.article_id FROM search_keys k WHERE NOT EXISTS (SELECT 1 FROM search_facts f WHERE f.key = k.key)')
    .raw()
    .all() as [number, string][];
  for (const [key, articleId] of keys) {
    const found = searchableText(db, articleId);
    const common = commonCharacters(found ? indexTerms(found.text) : '');
    const people = keysSay(db).people ? peopleFactOf(db, articleId) : '';
    writeFacts(db, key, { folds: false, common, column: found?.column ?? '', people }, true);
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
    if (keysSay(db).facts) stmt(db, 'DELETE FROM search_facts WHERE key NOT IN (SELECT key FROM search_keys)').run();
    if (keysSay(db).people) stmt(db, 'DELETE FROM search_people WHERE key NOT IN (SELECT key FROM search_keys)').run();
    for (const key of orphans) {
      stmt(db, 'DELETE FROM article_search WHERE rowid = ?').run(key);
      dropImpacts(db, key);
    }
    // Counted in the index as it was (a rebuild may cut the text into other terms).
    forgetCounts(db);
  });
  return ids.length;
}
