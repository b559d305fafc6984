import type { Database } from 'better-sqlite3';
import { charImpactTerms, impactTerms } from '../../shared/search/impact';
import { stmt } from './statements';

/**
 * The impact index (migration 0180) beside the index of pairs: written and removed with each
 * article's entry, keyed by the same search key. See shared/search/impact.ts.
 */

/** FTS5's varints (as SQLite's own): seven bits a byte, high bit set on all but the last. */
function readVarints(blob: Uint8Array, count: number): number[] {
  const out: number[] = [];
  let i = 0;
  while (out.length < count && i < blob.length) {
    let v = 0;
    for (let k = 0; k < 9 && i < blob.length; k++) {
      const byte = blob[i++]!;
      if (k === 8) {
        v = v * 256 + byte;
        break;
      }
      v = v * 128 + (byte & 0x7f);
      if (!(byte & 0x80)) break;
    }
    out.push(v);
  }
  return out;
}

export interface IndexTotals {
  /** Articles in the index. */
  rows: number;
  /** Their average length in index terms: bm25's avgdl. */
  avgdl: number;
}

/** The index's own totals, as FTS5 keeps them for bm25 (its "averages" record). */
export function indexTotals(db: Database): IndexTotals {
  const blob = stmt(db, 'SELECT block FROM article_search_data WHERE id = 1').pluck().get() as Uint8Array | undefined;
  if (!blob) return { rows: 0, avgdl: 0 };
  const [rows = 0, tokens = 0] = readVarints(blob, 2);
  return { rows, avgdl: rows > 0 ? tokens / rows : 0 };
}

/** An article's length in index terms, as FTS5 stored it. */
export function indexedLength(db: Database, key: number): number | undefined {
  return lengthOf(
    stmt(db, 'SELECT sz FROM article_search_docsize WHERE id = CAST(? AS INTEGER)').pluck().get(key) as Uint8Array | undefined,
  );
}

/** The length in index terms an article's `sz` in FTS5's docsize table holds. */
export function lengthOf(sz: Uint8Array | null | undefined): number | undefined {
  return sz ? readVarints(sz, 1)[0] : undefined;
}

interface ImpactTables {
  /** The impact index of pairs (migration 0180). */
  pairs: boolean;
  /** …and of single characters (migration 0220). */
  chars: boolean;
}

const known = new WeakMap<Database, ImpactTables>();

/** Which impact indexes the archive has yet: migrations before theirs index articles too. */
function tablesOf(db: Database): ImpactTables {
  let tables = known.get(db);
  if (tables === undefined) {
    const names = new Set(
      stmt(db, "SELECT name FROM sqlite_master WHERE name IN ('article_impacts', 'article_char_impacts')").pluck().all() as string[],
    );
    tables = { pairs: names.has('article_impacts'), chars: names.has('article_char_impacts') };
    known.set(db, tables);
  }
  return tables;
}

/** Whether the archive has the impact index of single characters (migration 0220). */
export function hasCharImpacts(db: Database): boolean {
  return tablesOf(db).chars;
}

/** Forget what was learned of the archive (after a migration that made a table). */
export function forgetImpactWriter(db: Database): void {
  known.delete(db);
}

/** An article's impact terms, of pairs and of single characters, when they were cut already (an import's reading thread cuts them). */
export interface ImpactEntries {
  impacts: string;
  chars: string;
}

/** Writes the impact terms of the article whose index terms (`terms`) were just written under `key`. */
export function writeImpacts(db: Database, key: number, terms: string, entries?: ImpactEntries): void {
  const tables = tablesOf(db);
  if (tables.pairs) {
    const impacts = entries?.impacts ?? impactTerms(terms);
    if (impacts) stmt(db, 'INSERT INTO article_impacts (rowid, terms) VALUES (?, ?)').run(key, impacts);
  }
  if (tables.chars) {
    const chars = entries?.chars ?? charImpactTerms(terms);
    if (chars) stmt(db, 'INSERT INTO article_char_impacts (rowid, terms) VALUES (?, ?)').run(key, chars);
  }
}

export function dropImpacts(db: Database, key: number): void {
  const tables = tablesOf(db);
  if (tables.pairs) stmt(db, 'DELETE FROM article_impacts WHERE rowid = ?').run(key);
  if (tables.chars) stmt(db, 'DELETE FROM article_char_impacts WHERE rowid = ?').run(key);
}
