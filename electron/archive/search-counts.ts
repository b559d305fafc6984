import type { Database } from 'better-sqlite3';
import { stmt } from './statements';

/**
 * How many articles hold a phrase, as bm25's idf counts them. FTS5 keeps no such count: it
 * reads every match to make one, for every query it scores (a character's prefix merges every
 * pair the character starts: 市* took 660 ms at a million, warm). A count is kept while the
 * index grows or shrinks by less than a hundredth: the idf moves by less than a hundredth of
 * its value then, and only between articles already within a hair of each other in score.
 *
 * Kept per connection, and in the archive (migration 0230) so that a process just started
 * (each command line, the app's first search) does not count again what another counted:
 * the counts are the archive's own, in no sync and in no export, written when a search made
 * them, if the write lock is free that moment (a search never waits for a writer).
 */
interface Count {
  rows: number;
  docs: number;
}

const MAX_COUNTS_KEPT = 4_096;

interface Kept {
  counts: Map<string, Count>;
  /** Counted here and not yet written to the archive. */
  unwritten: Map<string, Count>;
  /** Whether the archive has its table of counts (migration 0230). */
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

const fresh = (count: Count | undefined, rows: number): count is Count =>
  count !== undefined && Math.abs(count.rows - rows) <= count.rows / 100;

/** The articles holding `phrase` (an FTS5 expression) in an index of `rows` articles. */
export function phraseDocs(db: Database, phrase: string, rows: number): number {
  const k = keptFor(db);
  const known = k.counts.get(phrase);
  if (fresh(known, rows)) return known.docs;
  const stored = k.table
    ? (stmt(db, 'SELECT rows, docs FROM search_phrase_counts WHERE phrase = ?').get(phrase) as Count | undefined)
    : undefined;
  let count: Count;
  if (fresh(stored, rows)) count = stored;
  else {
    const docs = stmt(db, 'SELECT count(*) FROM article_search WHERE article_search MATCH ?').pluck().get(phrase) as number;
    count = { rows, docs };
    if (k.table) k.unwritten.set(phrase, count);
  }
  if (k.counts.size >= MAX_COUNTS_KEPT) k.counts.delete(k.counts.keys().next().value!);
  k.counts.set(phrase, count);
  return count.docs;
}

/**
 * Writes the counts made since the last call into the archive, in one transaction, if the
 * write lock is free at once; otherwise (a writer holds it, the file is read-only) they stay
 * in memory, to be written after a later search. Inside a transaction they go with it.
 */
export function keepCounts(db: Database): void {
  const k = kept.get(db);
  if (!k?.unwritten.size) return;
  const write = db.transaction((counts: [string, Count][]) => {
    const put = stmt(db, 'INSERT OR REPLACE INTO search_phrase_counts (phrase, rows, docs) VALUES (?, ?, ?)');
    for (const [phrase, { rows, docs }] of counts) put.run(phrase, rows, docs);
  });
  const counts = [...k.unwritten];
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    if (db.inTransaction) write(counts);
    else write.immediate(counts);
    k.unwritten.clear();
  } catch (error) {
    // Busy or read-only: a count kept in memory is as good for this process.
    if (!/^SQLITE_(BUSY|READONLY)/.test((error as { code?: string }).code ?? '')) throw error;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}
