import type { Database } from 'better-sqlite3';
import { impactTerms } from '../../shared/search/impact';
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
  const blob = stmt(db, 'SELECT sz FROM article_search_docsize WHERE id = CAST(? AS INTEGER)').pluck().get(key) as Uint8Array | undefined;
  return blob ? readVarints(blob, 1)[0] : undefined;
}

const ready = new WeakMap<Database, boolean>();

/** Whether the archive has the impact index yet: migrations before 0180 index articles too. */
function hasImpacts(db: Database): boolean {
  let known = ready.get(db);
  if (known === undefined) {
    known = stmt(db, "SELECT 1 FROM sqlite_master WHERE name = 'article_impacts'").get() !== undefined;
    ready.set(db, known);
  }
  return known;
}

/** Forget what was learned of the archive (after the migration that made the table). */
export function forgetImpactWriter(db: Database): void {
  ready.delete(db);
}

/**
 * Writes the impact terms of the article whose index terms (`terms`) were just written under
 * `key`; `impacts` when they were cut already (an import's reading thread cuts them).
 */
export function writeImpacts(db: Database, key: number, terms: string, impacts = impactTerms(terms)): void {
  if (!hasImpacts(db)) return;
  if (impacts) stmt(db, 'INSERT INTO article_impacts (rowid, terms) VALUES (?, ?)').run(key, impacts);
}

export function dropImpacts(db: Database, key: number): void {
  if (!hasImpacts(db)) return;
  stmt(db, 'DELETE FROM article_impacts WHERE rowid = ?').run(key);
}
