import type { Database } from 'better-sqlite3';
import { classMark, LENGTH_CLASSES, TF_CLASSES, termWeight } from '../../shared/search/impact';
import { lengthOf } from './search-impacts';
import { listPages } from './search-lists';
import { byScore, exactWeights, scoreExactly, type Part, type Scored } from './search-rank';
import { SYMBOL } from '../../shared/search/tokens';
import { stmt } from './statements';

/**
 * Every match of a query ranked as FTS5's bm25 ranks them, told by the impact index how often
 * each word occurs in each match instead of by FTS5 or the matches' text.
 *
 * The impact index (migration 0180) writes a pair's frequency class in every article holding
 * it twice or more: one to eight times exactly, then ranges. A match the class lists do not
 * hold holds the pair once (it matches). So, where every match is known, reading each pair's
 * lists of twice or more (a few thousand entries for most pairs, at a million) tells every
 * match's count of a two-character word, and with its length (FTS5's docsize) its bm25 score,
 * with no text read: FTS5's own bm25 first counts each phrase's articles, over the whole index
 * (two common pairs: 30–45 ms at a million; words of three or four characters, whose pairs'
 * lists it merges by their positions, 100–300 ms), and reading the text costs some 30 µs an
 * article. A word of three or more characters occurs no more often than its rarest pair: once,
 * where one of its pairs occurs once; past that its count is bounded, and the matches whose
 * bound could still reach the page are scored from their text.
 *
 * bm25 as scoreExactly computes it: each phrase's count of articles as kept (search-counts.ts,
 * at most a hundredth off FTS5's count of the moment), the arithmetic in its own order (a last
 * bit off FTS5's now and then: two near-ties of two thousand rankings ordered otherwise).
 */

/** How far the telling goes (an object, so that tests reach past each limit on a small archive). */
export const classLimits = {
  /** A pair's entries of twice or more read at most (some 0.2 µs each). */
  maxEntries: 60_000,
  /**
   * A pair whose list spans more pages of the index than this (some 270,000 articles, at 900 a
   * page) is not read: its entries would be too many (at a million, 100–300 a page of its list).
   */
  maxPages: 300,
  /**
   * Matches scored from their text at most (some 30 µs each) before the query is left to the
   * walk and FTS5 (which took 50–150 ms where this gave up, at a million).
   */
  maxText: 1_000,
  /**
   * Parts that cannot be told may weigh this share of the query at most (a word in most
   * articles weighs next to nothing). Past a fifth, the matches left to score from their text
   * were more than maxText in every query tried at a million; below it, in none but one.
   */
  untoldShare: 0.2,
};
/** The frequency classes that say a count exactly: once to eight times. */
const TELLS_UP_TO = 8;

/**
 * The best `need` of `keys` (every match of the query's parts, as search keys), in bm25's order
 * over all of them, or null where the index cannot say it cheaply: a character, a word of other
 * scripts, a pair in too many articles, or more matches to score from their text than pays.
 */
export function rankByClasses(db: Database, parts: Part[], keys: readonly number[], need: number): Scored[] | null {
  // Words of Chinese characters, two or more: pairs of the index exactly as the query writes
  // them (a CJK radical is a space to FTS5's tokenizer; letters and digits are left to FTS5).
  if (parts.some((p) => !p.han || p.char || !p.terms.length || SYMBOL.test(p.text))) return null;
  if (!keys.length) return [];
  const weighed = exactWeights(db, parts);
  if (!weighed) return null;
  const { weights, avgdl } = weighed;
  // Each part is told by its rarest pair (a word occurs no more often than any of its pairs),
  // where that pair's entries are few enough to read; a part that cannot be told bounds its
  // matches' scores only loosely, and where it weighs more than a little, too many are left
  // to score from their text: given up at once.
  const pairs = parts.map((part) => rarestPair(db, part.terms));
  const unread = (p: number) => pairs[p]!.pages > classLimits.maxPages;
  if (!withinShare(weights, unread)) return null;
  const n = keys.length;
  const at = new Map<number, number>();
  let lo = Infinity;
  let hi = -Infinity;
  keys.forEach((key, i) => {
    at.set(key, i);
    if (key < lo) lo = key;
    if (key > hi) hi = key;
  });
  const lengths = lengthsOf(db, keys, at);
  if (!lengths) return null;
  // Each part's most times in each match (null: unbounded); a pair read once however often
  // the query holds it.
  const read = new Map<string, Float64Array | null>();
  const most = pairs.map((pair, p) => {
    if (unread(p)) return null;
    if (!read.has(pair.term)) read.set(pair.term, countsOf(db, pair.term, at, lo, hi));
    return read.get(pair.term)!;
  });
  if (!withinShare(weights, (p) => most[p] === null)) return null;
  // What each match scores at least and at most: the same where every part's count is told
  // (a one-pair word's class says it; a longer word's only where it occurs but once).
  const low = new Float64Array(n);
  const high = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const dl = lengths[i]!;
    // Summed part by part in the order scoreOf sums them: the same score to the last bit.
    let least = 0;
    let highest = 0;
    for (let p = 0; p < parts.length; p++) {
      const counts = most[p];
      const c = counts ? counts[i]! : Infinity;
      const onePair = parts[p]!.terms.length === 1;
      const w = weights[p]!;
      if (c === 1 || (onePair && Number.isFinite(c))) {
        const s = w * termWeight(c, dl, avgdl);
        least += s;
        highest += s;
      } else {
        // A one-pair word in the class of more than TELLS_UP_TO times occurs that often at least.
        least += w * termWeight(counts && onePair ? TELLS_UP_TO + 1 : 1, dl, avgdl);
        highest += w * (Number.isFinite(c) ? termWeight(c, dl, avgdl) : 1);
      }
    }
    low[i] = least;
    high[i] = highest;
  }
  // No match can rank in the page below the need-th highest least score; of those that could,
  // the ones not told exactly are scored from their text.
  const floor = nthHighest(low, need);
  const scored: Scored[] = [];
  const open: number[] = [];
  for (let i = 0; i < n; i++) {
    if (high[i]! < floor) continue;
    if (low[i] === high[i]) scored.push({ key: keys[i]!, score: low[i]! });
    else open.push(keys[i]!);
  }
  if (open.length > classLimits.maxText) return null;
  const found = scoreExactly(db, parts, open);
  // An article whose text does not hold what the index found (none should): FTS5 ranks.
  if (found.length < open.length) return null;
  scored.push(...found);
  return scored.sort(byScore);
}

/** The k-th highest of `values` (the lowest where there are fewer; -Infinity where none). */
function nthHighest(values: Float64Array, k: number): number {
  if (values.length === 0) return -Infinity;
  if (values.length <= k) return values.reduce((least, v) => Math.min(least, v), Infinity);
  return Float64Array.from(values).sort().at(-k)!;
}

/** Of a word's pairs, the one whose list in the index is shortest, and its pages (search-narrow.ts). */
function rarestPair(db: Database, terms: string[]): { term: string; pages: number } {
  let best = { term: terms[0]!, pages: Infinity };
  for (const term of new Set(terms)) {
    const pages = listPages(db, term) ?? Infinity;
    if (pages < best.pages) best = { term, pages };
  }
  return best;
}

/** Whether the parts that cannot be told weigh no more than `untoldShare` of all. */
function withinShare(weights: number[], untold: (p: number) => boolean): boolean {
  const all = weights.reduce((sum, w) => sum + w, 0);
  const left = weights.reduce((sum, w, p) => sum + (untold(p) ? w : 0), 0);
  return left <= all * classLimits.untoldShare;
}

/** Each match's length in index terms, as FTS5 stored it (its docsize), by its place in `keys`. */
function lengthsOf(db: Database, keys: readonly number[], at: Map<number, number>): Float64Array | null {
  const lengths = new Float64Array(keys.length).fill(NaN);
  const rows = stmt(db, 'SELECT d.id, d.sz FROM json_each(?) j CROSS JOIN article_search_docsize d ON d.id = j.value')
    .raw()
    .all(JSON.stringify(keys)) as [number, Uint8Array | null][];
  for (const [key, sz] of rows) lengths[at.get(key)!] = lengthOf(sz) ?? NaN;
  return lengths.some(Number.isNaN) ? null : lengths;
}

/**
 * How many times each match holds `term` at most (by its place in `keys`): once where no class
 * of twice or more holds it, exactly where its class says (up to eight), unbounded above. Null
 * where the term has more entries than are read. Every length class is read: the impact index
 * counted an article's length in its own terms, which FTS5 may count otherwise by any amount
 * (a CJK radical, a letter unicode61 reads as a space), and an article has one of them.
 */
function countsOf(db: Database, term: string, at: Map<number, number>, lo: number, hi: number): Float64Array | null {
  const counts = new Float64Array(at.size).fill(1);
  const read = stmt(
    db,
    `SELECT rowid FROM article_impacts WHERE article_impacts MATCH ? AND rowid BETWEEN CAST(? AS INTEGER) AND CAST(? AS INTEGER)
     LIMIT ${classLimits.maxEntries + 1}`,
  ).pluck();
  const marksOf = (from: number, to: number) => {
    const marks: string[] = [];
    for (let f = from; f < to; f++) for (let l = 0; l < LENGTH_CLASSES; l++) marks.push(`"${classMark(f, l)}${term}"`);
    return marks.join(' OR ');
  };
  let entries = 0;
  // Twice to eight times, a class each; more than that, one read (a bound, not a count).
  for (let f = 1; f <= TELLS_UP_TO; f++) {
    const last = f === TELLS_UP_TO;
    const found = read.all(marksOf(f, last ? TF_CLASSES : f + 1), lo, hi) as number[];
    entries += found.length;
    if (entries > classLimits.maxEntries) return null;
    const count = last ? Infinity : f + 1;
    for (const key of found) {
      const i = at.get(key);
      if (i !== undefined) counts[i] = count;
    }
  }
  return counts;
}
