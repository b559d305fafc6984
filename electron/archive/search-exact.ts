import type { Database } from 'better-sqlite3';
import { COUNT_CAP } from '../../shared/search/limits';
import { listPages } from './search-lists';
import { keyed } from './search-narrow';
import type { Part, Scored } from './search-rank';
import { stmt } from './statements';

/**
 * bm25 over every match by FTS5 itself, where that is cheaper than the ways around it.
 *
 * FTS5's bm25 counts each phrase's articles over the whole index, walks the words' lists, and
 * scores each match from its positions: some 0.04–0.07 ms a page of the lists of the query's
 * pairs (each walked twice) and 1.2–1.6 µs a match, at a million (taken high below: a misjudged
 * cost costs more than a missed chance). The impact index's walk fails where the words are
 * common and many matches hold each word once (no class bounds them), and then every match is
 * read and told (rankByClasses: some 4.5 µs a match, its length and its classes looked up one
 * by one) or the walk goes on: 做好 项获 at a million, 29,940 matches, 100–150 ms and partial,
 * where FTS5 ranks them all in 47–57 ms; 个文 截至, 11,982 matches, 50–80 ms against 25.
 */

/** What FTS5's ranking is expected to cost, in milliseconds: a page of the pairs' lists… */
const MS_A_PAGE = 0.06;
/** …and a match (bm25 scored, its row handed over). */
const MS_A_MATCH = 0.0014;
/**
 * What reading every match and telling their order from the impact index costs (search-classes.ts),
 * the same way, with what it reads first (the newest window, the walk's first steps): fitted
 * to eight queries of two and three words at a million, 19–78 ms.
 */
const TOLD_MS = 15;
const TOLD_MS_A_PAGE = 0.03;
const TOLD_MS_A_MATCH = 0.005;

/**
 * An object, so that tests reach the ranking on a small archive (and past it). The time is a
 * setting (BANMIAN_RANK_FTS5_MS; 0: never) for a machine much slower or faster than ours.
 */
export const exactLimits = {
  /**
   * FTS5 ranks where it is expected to take no longer than this (ms), past the exact cap (within
   * it, where it is expected to cost less than telling the order: toldCost)…
   */
  most: milliseconds(process.env.BANMIAN_RANK_FTS5_MS) ?? 80,
  /**
   * One word of Chinese characters (a phrase of pairs, or one pair), before its walk (which
   * proves most such orders in 15–40 ms):
   * FTS5 first where it is expected to take no longer than this (ms); after a walk that proved
   * nothing, as `afterWalk` allows.
   */
  phrase: 30,
  /** …and where the matches are expected to be more than this many (fewer are ranked cheaply otherwise). */
  fewest: 2_000,
  /**
   * Where the walk did not prove the order, FTS5 still ranks every match where it is expected
   * to take no more than this many times `most` (ms): an exact answer rather than the articles
   * the words weigh most in (at four million, 标识 一步 绿色 城市: 707 ms partial; FTS5, 200–230
   * ms over every match).
   */
  afterWalk: 4,
};

function milliseconds(text: string | undefined): number | undefined {
  const n = Number(text);
  return text && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * The pages of the index the lists of every pair of the query's words span (listPages), or
 * undefined where a part is not a word of Chinese characters (its terms are not pairs as
 * written) or the index does not say.
 */
export function pairPages(db: Database, parts: Part[]): number | undefined {
  if (!parts.length || parts.some((p) => p.char || !p.han || !p.terms.length)) return undefined;
  let pages = 0;
  // Every phrase's pairs, as often as the query holds them: FTS5 walks each phrase's lists.
  for (const term of parts.flatMap((p) => p.terms)) {
    const n = listPages(db, term);
    if (n === undefined) return undefined;
    pages += n;
  }
  return pages;
}

/**
 * …but a page of one phrase's lists some 0.025 ms: FTS5 walks them once to count its articles
 * and then seeks in them for the matches (fitted to 30 phrases of three and four characters,
 * 2,000–60,000 matches, at a million: 15–90 ms, 1.4 µs a match).
 */
const MS_A_PHRASE_PAGE = 0.025;

/** The least a page was seen to cost (several words; one phrase): how many rows a budget allows is told from these. */
const LEAST_MS_A_PAGE = 0.04;
const LEAST_MS_A_PHRASE_PAGE = 0.015;

/**
 * How many matches FTS5's ranking may read within `budget` (ms), its lists' pages taken at
 * their cheapest: where the pages were taken high, the rows left would be too few (全省 饮高
 * 要求 到如 at a million, 10,466 matches: 1,277 pages at 0.06 ms left 10,000 rows of a 90 ms
 * budget, and the ranking was given up at 83 ms, to be done again another way in 170).
 */
export const rowsWithin = (budget: number, pages: number, phrase = false): number =>
  Math.max(0, Math.floor((budget - pages * (phrase ? LEAST_MS_A_PHRASE_PAGE : LEAST_MS_A_PAGE)) / MS_A_MATCH));

/** FTS5's expected cost (ms) for `matches` matches of lists spanning `pages` pages (of one phrase: `phrase`). */
export const fts5Cost = (pages: number, matches: number, phrase = false): number =>
  pages * (phrase ? MS_A_PHRASE_PAGE : MS_A_PAGE) + matches * MS_A_MATCH;
/** …and every match read and told by the impact index. */
export const toldCost = (pages: number, matches: number): number => TOLD_MS + pages * TOLD_MS_A_PAGE + matches * TOLD_MS_A_MATCH;

/**
 * The best `need` matches of `expression` (an FTS5 expression of the words alone) by FTS5's
 * bm25 over all of them, ties included, and how many matched; undefined where they are more
 * than `most` (the cost was misjudged: the words are found together more often than expected).
 * Read in the index's order with no sort: FTS5's own `ORDER BY rank` sorts them all, and a
 * page's worth is chosen here from their scores.
 */
export function rankedByFts5(
  db: Database,
  expression: string,
  need: number,
  most: number,
): { scored: Scored[]; total: number } | undefined {
  const rows = stmt(db, 'SELECT rowid, -bm25(article_search) FROM article_search WHERE article_search MATCH ? LIMIT ?')
    .raw()
    .all(expression, most + 1) as [number, number][];
  if (rows.length > most) return undefined;
  // An entry whose article has no search key (a rebuild that was stopped can leave one) is
  // no match: the best are taken in order until `need` have a key, ties with the last kept.
  const pick = (from: [number, number][]) => {
    const best = from.sort((x, y) => y[1] - x[1] || y[0] - x[0]);
    const scored: Scored[] = [];
    for (const [key, score] of best) {
      if (scored.length >= need && score < scored[need - 1]!.score) break;
      if (keyed(db, [key]).length) scored.push({ key, score });
    }
    return scored;
  };
  // The best `need` and a few more by a sort of their scores alone (a sort of every row by
  // score and key took 10 ms of 30,000).
  const scores = Float64Array.from(rows, (r) => r[1]).sort();
  const least = scores[Math.max(0, scores.length - need - 16)] ?? -Infinity;
  const few = rows.filter((r) => r[1] >= least);
  let scored = pick(few);
  if (scored.length < need && few.length < rows.length) scored = pick([...rows]);
  return {
    scored,
    total: keyedCount(
      db,
      rows.map((r) => r[0]),
    ),
  };
}

/**
 * How many of `keys` (search keys) an article holds: each looked up where they are no more
 * than twice the count's cap (some 1 µs each); past that, all of them (the count shows as more
 * than its cap, whatever few entries no article holds are among them).
 */
export function keyedCount(db: Database, keys: number[]): number {
  return keys.length > 2 * COUNT_CAP ? keys.length : keyed(db, keys).length;
}
