import type { Database } from 'better-sqlite3';
import { stmt } from './statements';

/**
 * How many articles hold a phrase, as bm25's idf counts them. FTS5 keeps no such count: it
 * reads every match to make one, for every query it scores (a character's prefix merges every
 * pair the character starts: 市* took 660 ms at a million, warm).
 *
 * A count is kept with the index's size when it was made and the number of its entries
 * changed or removed until then (search_index_changes, counted as each is), and taken while
 * fewer articles than a hundredth of the count have been added, changed or removed since: the
 * phrase's own count can have moved by a hundredth at most, and its idf by less. (A removal
 * that an addition offsets in the index's size is seen once, not twice.) A phrase in no
 * article is counted again each time (cheap: it has no list).
 *
 * Kept per connection, and in the archive (migration 0230) so that a process just started
 * (each command line, the app's first search) does not count again what another counted.
 * Only the counts of phrases in at least `countLimits.keepFrom` articles go into the archive: those are the
 * ones that cost time to count, and the common words they are say little of what anyone
 * searched for (the table travels with the archive's backups). The counts are written when a
 * search made them, if the write lock is free that moment (a search never waits for a
 * writer); a rebuild of the index forgets them all.
 */
interface Count {
  rows: number;
  edits: number;
  docs: number;
}

/** The index now: its articles, and how many entries were changed or removed so far. */
interface IndexNow {
  rows: number;
  edits: number;
}

const MAX_COUNTS_KEPT = 4_096;

/** Phrases in fewer articles than `keepFrom` are counted again by each process (an object, so that tests reach below it). */
export const countLimits = { keepFrom: 1_000 };

interface Kept {
  counts: Map<string, Count>;
  /** Counted here and not yet written to the archive. */
  unwritten: Map<string, Count>;
  /** Whether the archive has its tables of counts and changes (migration 0230). */
  table: boolean;
}

const kept = new WeakMap<Database, Kept>();

function keptFor(db: Database): Kept {
  let k = kept.get(db);
  if (!k) {
    const table = stmt(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_phrase_counts'").get() !== undefined;
    kept.set(db, (k = { counts: new Map(), unwritten: new Map(), table }));
  }
  return k;
}

function fresh(count: Count | undefined, now: IndexNow): count is Count {
  if (!count?.docs) return false;
  return Math.abs(now.rows - count.rows) + Math.abs(now.edits - count.edits) <= count.docs / 100;
}

/** The articles holding `phrase` (an FTS5 expression) in an index of `rows` articles. */
export function phraseDocs(db: Database, phrase: string, rows: number): number {
  const k = keptFor(db);
  const now: IndexNow = { rows, edits: k.table ? (stmt(db, 'SELECT edits FROM search_index_changes').pluck().get() as number) : 0 };
  const known = k.counts.get(phrase);
  if (fresh(known, now)) return known.docs;
  const stored = k.table
    ? (stmt(db, 'SELECT rows, edits, docs FROM search_phrase_counts WHERE phrase = ?').get(phrase) as Count | undefined)
    : undefined;
  let count: Count;
  if (fresh(stored, now)) count = stored;
  else {
    const docs = stmt(db, 'SELECT count(*) FROM article_search WHERE article_search MATCH ?').pluck().get(phrase) as number;
    count = { ...now, docs };
    if (k.table && docs >= countLimits.keepFrom && k.unwritten.size < MAX_COUNTS_KEPT) k.unwritten.set(phrase, count);
  }
  if (k.counts.size >= MAX_COUNTS_KEPT) k.counts.delete(k.counts.keys().next().value!);
  k.counts.set(phrase, count);
  return count.docs;
}

/** Counts an article's index entry changed or removed (an edit, the trash, a rebuild); call in the transaction that does it. */
export function noteIndexChange(db: Database): void {
  if (keptFor(db).table) stmt(db, 'UPDATE search_index_changes SET edits = edits + 1').run();
}

/**
 * Writes the counts made since the last call into the archive, in one transaction, if the
 * write lock is free at once. Whatever stops the write (a writer holds the lock, the file is
 * read-only or its disk full) leaves them in memory, as good for this process, to be written
 * after a later search: a search never fails for its cache. Inside a transaction they go with it.
 */
export function keepCounts(db: Database): void {
  const k = kept.get(db);
  if (!k?.unwritten.size) return;
  const write = db.transaction((counts: [string, Count][]) => {
    const put = stmt(db, 'INSERT OR REPLACE INTO search_phrase_counts (phrase, rows, edits, docs) VALUES (?, ?, ?, ?)');
    for (const [phrase, { rows, edits, docs }] of counts) put.run(phrase, rows, edits, docs);
  });
  const counts = [...k.unwritten];
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    if (db.inTransaction) write(counts);
    else write.immediate(counts);
    k.unwritten.clear();
  } catch {
    // Kept in memory: see above.
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

/** Forgets every count kept, in memory and in the archive: the index was rebuilt. Call inside the rebuild's last transaction. */
export function forgetCounts(db: Database): void {
  const k = keptFor(db);
  k.counts.clear();
  k.unwritten.clear();
  if (k.table) stmt(db, 'DELETE FROM search_phrase_counts').run();
}

/** Forgets what was learned of the archive's tables (after the migration that made them). */
export function forgetCountTables(db: Database): void {
  kept.delete(db);
}
