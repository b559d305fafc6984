import type { Database } from 'better-sqlite3';
import { stmt } from './statements';

/**
 * Keeping the search indexes in few pieces.
 *
 * FTS5 writes each transaction's new entries as a segment of its own and merges segments a
 * few at a time as more are written (automerge), so an archive keeps its indexes in some ten
 * to thirty segments. Every term a search looks up is looked for in every segment: some 4 µs
 * each, about 100 µs a term at 26 segments against 7 µs in one, and a relevance walk looks
 * up hundreds of impact classes (search-rank.ts). At a million articles, merging the three
 * indexes into one segment each halved the median relevance search (docs/benchmarks.md).
 *
 * FTS5's incremental `merge` with a negative page count begins merging every segment into
 * one, a given number of pages at a time, each step a transaction of its own; with a positive
 * count it goes on with the merge under way (compactStep), whatever was written between the
 * steps, and the segments written meanwhile stay beside the merged one. Merging rewrites the
 * whole index (some 30 s at a million articles on the build machine), so it is done only once
 * what has been written since the last merge is a noticeable part of the index: a large import
 * or a migration at once, a desk's saves about every thousandth of the archive.
 */

/** The archive's FTS5 indexes: the pairs, and the impacts of pairs and of characters. */
export const SEARCH_INDEXES = ['article_search', 'article_impacts', 'article_char_impacts'] as const;
export type SearchIndex = (typeof SEARCH_INDEXES)[number];

/** An index is merged once it is in more segments than this… */
export const MANY_SEGMENTS = 8;
/** …and all but its largest hold at least this share of its pages. */
const WRITTEN_SHARE = 1 / 1000;

/** How an index lies: its segments and their pages (FTS5's structure record). */
export interface IndexShape {
  segments: number;
  pages: number;
  /** The pages of its largest segment. */
  largest: number;
  /** Whether a merge is under way (a level with segments being merged: an incremental merge not yet finished). */
  merging: boolean;
}

/** FTS5's varints, as SQLite's own (seven bits a byte, high bit set on all but the last; the ninth byte whole). */
function varint(blob: Uint8Array, at: { i: number }): number {
  let v = 0;
  for (let k = 0; k < 9; k++) {
    const byte = blob[at.i++];
    if (byte === undefined) throw new Error('structure record ends early');
    if (k === 8) return v * 256 + byte;
    v = v * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) return v;
  }
  return v;
}

/** The marker after the cookie of a structure record written by FTS5 with contentless_delete (fts5_index.c). */
const STRUCTURE_V2 = [0xff, 0x00, 0x00, 0x01];

/** The index's structure record as stored; null where it has none yet, undefined where there is no such index. */
function structureRecord(db: Database, table: SearchIndex): Uint8Array | null | undefined {
  try {
    return (stmt(db, `SELECT block FROM ${table}_data WHERE id = 10`).pluck().get() as Uint8Array | undefined) ?? null;
  } catch {
    // No such table: an index this archive does not have.
    return undefined;
  }
}

/**
 * The index's segments and pages, from its structure record (id 10 of its data table: a
 * 4-byte cookie, the V2 marker where present, the levels, the segments and the write counter,
 * then each level's merge state and segments: id, first and last leaf page, and in V2 five
 * counters more). Undefined where the archive has no such index, or its record is not one
 * this reading knows.
 */
export function indexShape(db: Database, table: SearchIndex): IndexShape | undefined {
  const blob = structureRecord(db, table);
  if (blob === undefined) return undefined;
  if (!blob) return { segments: 0, pages: 0, largest: 0, merging: false };
  try {
    const v2 = STRUCTURE_V2.every((b, i) => blob[4 + i] === b);
    const at = { i: v2 ? 8 : 4 };
    const levels = varint(blob, at);
    const segments = varint(blob, at);
    varint(blob, at); // the write counter
    let pages = 0;
    let largest = 0;
    let seen = 0;
    let merging = false;
    for (let level = 0; level < levels; level++) {
      if (varint(blob, at) > 0) merging = true; // segments being merged
      const count = varint(blob, at);
      for (let s = 0; s < count; s++) {
        varint(blob, at); // segment id
        const first = varint(blob, at);
        const last = varint(blob, at);
        if (v2) for (let k = 0; k < 5; k++) varint(blob, at);
        const size = last - first + 1;
        pages += size;
        largest = Math.max(largest, size);
        seen++;
      }
    }
    return seen === segments && at.i === blob.length ? { segments, pages, largest, merging } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether an index is in enough segments, with enough written to them, to be worth merging now. */
export function worthCompacting(shape: Omit<IndexShape, 'merging'> | undefined): boolean {
  return shape !== undefined && shape.segments > MANY_SEGMENTS && shape.pages - shape.largest >= shape.pages * WRITTEN_SHARE;
}

/** The indexes worth merging now. */
export function indexesToCompact(db: Database): SearchIndex[] {
  return SEARCH_INDEXES.filter((table) => worthCompacting(indexShape(db, table)));
}

/**
 * One step of merging `table` into one segment: about `pages` pages written, in the caller's
 * transaction (or a transaction of its own). Returns whether more steps are needed.
 *
 * A merge is begun with a negative page count (`begin`: every segment on one level, merged
 * from the start) and continued with a positive one: a negative one plans the merge anew
 * whenever a segment was written since its last step (fts5IndexOptimizeStruct), the output
 * written so far one more input, so that writes between steps would have it start over for
 * ever. Segments written while it goes on stay beside the merged one (FTS5's automerge folds
 * them), until enough gather to be worth another merge.
 */
export function compactStep(db: Database, table: SearchIndex, pages: number, begin = false): boolean {
  const n = Math.max(1, Math.round(pages));
  const merge = stmt(db, `INSERT INTO ${table} (${table}, rank) VALUES ('merge', CAST(? AS INTEGER))`);
  const record = structureRecord(db, table);
  const before = indexShape(db, table);
  if (!record || !before) return false;
  let moved = false;
  if (!begin && before.merging) {
    // A positive count does nothing where the level being merged has no more inputs than a
    // level below it and that level fewer than FTS5's usermerge (4), no level having a tenth of
    // its entries deleted (fts5IndexMerge: a delete-merge by FTS5's automerge, of a level in 1
    // to 3 segments): the merge under way would never end. FTS5 writes the structure record
    // whenever it did any work; where it did none, the merge begins anew.
    merge.run(n);
    moved = !sameRecord(record, structureRecord(db, table));
  }
  if (!moved) merge.run(-n);
  const now = structureRecord(db, table);
  // Nothing done at all (one segment, or a shape FTS5 has nothing to merge in): nothing more to do.
  if (sameRecord(record, now)) return false;
  return indexShape(db, table)?.merging === true;
}

const sameRecord = (a: Uint8Array, b: Uint8Array | null | undefined) => !!b && Buffer.from(a).equals(Buffer.from(b));

/** Pages a step writes: some 10–30 ms at a million articles on the build machine. */
export const STEP_PAGES = 256;

/**
 * Merges every index worth it into one segment, step after step, each through `write` (a
 * transaction of its own): for the benchmark and the tests, which wait for it; the app does the
 * same a step at a time while nobody works (electron/services/search-upkeep.ts). Returns the
 * indexes merged.
 */
export function compactIndexes(db: Database, write: <T>(work: () => T) => T, pages = STEP_PAGES): SearchIndex[] {
  const tables = indexesToCompact(db);
  for (const table of tables) for (let begin = true; write(() => compactStep(db, table, pages, begin)); begin = false);
  return tables;
}
