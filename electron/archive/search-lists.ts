import type { Database } from 'better-sqlite3';
import { stmt } from './statements';

/**
 * How many pages of the index the list of `term` spans, summed over FTS5's segments: for
 * each, the pages from the last page starting at or before the term to the first starting
 * after it (in `%_idx`, a page number is stored shifted left by one, its low bit a flag; a
 * key is '0' and the term's UTF-8 for the main index). A term within one page counts one a
 * segment; the list of a segment's last terms runs to its last page (its leaf pages are rows
 * of `%_data` keyed by the segment's id shifted left by 37 bits, plus the page number). With
 * `prefix`, the lists of every term that starts with `term` (what FTS5 merges for `term*`).
 * Undefined where the table is not as FTS5 writes it (narrowing is then not tried).
 */
export function listPages(db: Database, term: string, prefix = false): number | undefined {
  const key = Buffer.concat([Buffer.from('0'), Buffer.from(term, 'utf8')]);
  // No UTF-8 holds the byte 0xFF: the key of every term that starts with `term` is below this.
  const last = prefix ? Buffer.concat([key, Buffer.from([0xff])]) : key;
  try {
    return stmt(
      db,
      `WITH RECURSIVE segments(id) AS (
         SELECT min(segid) FROM article_search_idx
         UNION ALL SELECT (SELECT min(segid) FROM article_search_idx WHERE segid > segments.id) FROM segments WHERE id IS NOT NULL
       ), bounds AS (
         SELECT (SELECT pgno >> 1 FROM article_search_idx WHERE segid = id AND term <= @key ORDER BY term DESC LIMIT 1) AS first,
                (SELECT pgno >> 1 FROM article_search_idx WHERE segid = id AND term > @last ORDER BY term LIMIT 1) AS next,
                (SELECT max(d.id) - (segments.id << 37) FROM article_search_data d
                  WHERE d.id >= (segments.id << 37) AND d.id < (segments.id << 37) + 2147483648) AS final
         FROM segments WHERE id IS NOT NULL
       )
       SELECT total(max(coalesce(next, coalesce(final, coalesce(first, 0)) + 1) - coalesce(first, 0), 1)) FROM bounds`,
    )
      .pluck()
      .get({ key, last }) as number;
  } catch {
    return undefined;
  }
}
