import type { Database } from 'better-sqlite3';
import { indexTerms, OTHER_THAN_PLAIN, runsOf, SYMBOL, wordExpression } from '../../shared/search/tokens';
import { searchableText } from './search-index';
import { indexTotals } from './search-impacts';
import { listPages } from './search-lists';
import { keysPassing, readsArticle } from './search-scan';
import { CLOCK_EVERY, type Deadline } from './search-deadline';
import { stmt } from './statements';

/**
 * The newest matches of a query, as search keys, newest first: what newest-first shows and
 * what relevance ranks when the matches are few.
 *
 * FTS5 finds a phrase of pairs (营商环境: 营商 商环 环境) by walking the list of every pair in
 * it, and several words by walking every list of every word, side by side. Where the words
 * are found together in few articles, it walks those lists whole: three words of four common
 * characters took 50–140 ms at a million, most of it in pairs found in most articles. Each
 * word's rarest pair alone finds nearly the same articles for a fraction of the walk (the
 * rarest pairs of `市区举行 蜂窝煤行 全球发展 工作要求` hold 904 articles, the words 898); what they
 * find is then looked at for the words themselves, in each article's stored text (keysPassing,
 * some 15–20 µs an article), and an article whose stored text lacks a word is looked at as
 * the index holds it (its terms made again from its text: a phrase can match across two
 * runs of characters, 督导。导考核 for 督导考核, as FTS5 finds it). The answer is FTS5's own.
 *
 * Whether it pays is judged from how long each pair's list is, read from where FTS5 keeps the
 * first term of each page of its lists (the `%_idx` table of its file format): the pages
 * between a term and the next are its list's length, some 800–1,000 articles a page. The
 * narrowed walk is tried where it walks two thirds of the pages or fewer (an AND of single
 * terms costs what its pages cost, about: 880 pages of the rarest pairs 15 ms, the words'
 * 2,253 pages 41 ms) and the rarest pairs are not expected in more articles together than it
 * reads (`narrowLimits.candidates`: beyond them FTS5 walks the words, as before); its answer
 * stands where looking at the articles it found costs less than the pages saved.
 */
export const narrowLimits = {
  /** Articles read at most through the rarest pairs (an object, so that tests reach past it). */
  candidates: 1_500,
  /** What looking at one article's text costs, in pages of a list walked (each some 15–30 µs). */
  checkPages: 1,
  /** The narrowed walk is tried where the whole walk is at least this many times as long. */
  share: 1.5,
  /** Narrow wherever it applies, whatever it costs (tests: a small archive's lists are all short). */
  always: false,
};

/** The request's filters as filterSql makes them with the index driving the query. */
interface IndexedFilters {
  sql: string;
  params: Record<string, unknown>;
  /** Whether the SQL reads the article's row `a` (else only the search key `k`, or none; unsaid: where there is SQL). */
  row?: boolean;
}

/**
 * The newest matches of `find` (an FTS5 expression) that pass `filters`: FTS5's own walk, of
 * entries an article holds the key of (a rebuild that was stopped can leave others); with
 * `below`, those older than that key (a read continued); with `until`, no further than its
 * deadline once it holds its page.
 */
export function walkedMatches(
  db: Database,
  find: string,
  filters: IndexedFilters,
  upTo: number,
  below?: number,
  until?: Deadline,
): number[] {
  const statement = stmt(
    db,
    `SELECT s.rowid FROM article_search s JOIN search_keys k ON k.key = s.rowid${readsArticle(filters) ? ' JOIN articles a ON a.id = k.article_id' : ''}
     WHERE article_search MATCH @match${filters.sql}${below === undefined ? '' : ' AND s.rowid < CAST(@below AS INTEGER)'}
     ORDER BY s.rowid DESC LIMIT ${upTo}`,
  ).pluck();
  const params = { match: find, ...filters.params, ...(below === undefined ? {} : { below }) };
  if (!until) return statement.all(params) as number[];
  const keys: number[] = [];
  for (const key of statement.iterate(params) as IterableIterator<number>) {
    // Looked at with a match in hand: where it stops, there are more than it read.
    if (keys.length >= until.need && keys.length % CLOCK_EVERY === 0 && performance.now() > until.at) {
      until.stopped = true;
      break;
    }
    keys.push(key);
  }
  return keys;
}

/** Past this many matches read whole, everyMatch leaves the look at their keys to the caller (an object, so that tests reach past it). */
export const keyLimits = { checked: 3_000 };

/**
 * walkedMatches where every match is expected to be read: without filters, read in the index's
 * own order (oldest first) and joined to their search keys only afterwards, then turned about,
 * where they are fewer than `upTo` (else the newest are read as walkedMatches reads them). FTS5
 * walks a phrase's lists forwards faster than backwards, and the join cost as much again:
 * 高质量 全面深 at a million, 13,191 matches, 43 ms → 17; 约仪式暨 督导考核 服务大局, 222, 51 → 31.
 * An entry no article holds the key of (a rebuild that was stopped can leave one) is left out
 * by a look at each key where they are `keyLimits.checked` or fewer (some 1 µs each); past that it may
 * be among them, and the caller looks at those it ranks first, and counts them (search.ts).
 */
export function everyMatch(db: Database, find: string, filters: IndexedFilters, upTo: number): number[] {
  if (filters.sql) return walkedMatches(db, find, filters, upTo);
  const keys = stmt(db, `SELECT rowid FROM article_search WHERE article_search MATCH ? LIMIT ${upTo}`).pluck().all(find) as number[];
  if (keys.length >= upTo) return walkedMatches(db, find, filters, upTo);
  keys.reverse();
  return keys.length <= keyLimits.checked ? keyed(db, keys) : keys;
}

/** Those of `keys` (search keys) an article holds. */
export function keyed(db: Database, keys: number[]): number[] {
  const has = stmt(db, 'SELECT 1 FROM search_keys WHERE key = CAST(? AS INTEGER)').pluck();
  return keys.filter((key) => has.get(key) !== undefined);
}

/**
 * The search keys of the newest `upTo` matches of the query's `words` (with `by`, a person's
 * name or a column's label, asked of the index as well as of `filters`), newest first: the
 * same keys as FTS5's walk of `find`, narrowed by each word's rarest pair where that pays; with
 * `every`, where every match is expected to be fewer than `upTo` (everyMatch).
 */
export function newestMatches(
  db: Database,
  query: { find: string; words: string[]; by: string[] },
  filters: IndexedFilters,
  upTo: number,
  every = false,
  until?: Deadline,
): number[] {
  return (
    narrowedMatches(db, query.words, query.by, filters, upTo, until) ??
    (every ? everyMatch(db, query.find, filters, upTo) : walkedMatches(db, query.find, filters, upTo, undefined, until))
  );
}

/** Articles looked at in one statement: a page's worth of matches stops the looking early. */
const CHECKED_AT_ONCE = 250;

/** Articles a page of a pair's list holds, about (at a million: 850–950). */
const ARTICLES_A_PAGE = 900;

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * A run of two Chinese characters or more with its pairs (营商环境: 营商 商环 环境), or null. Not
 * with a CJK radical (⺀, a symbol of Chinese script): FTS5's `unicode61` takes one for a space,
 * so its pairs are no terms of the index.
 */
function phraseOf(run: { han: boolean; text: string }): { text: string; pairs: string[] } | null {
  const chars = [...run.text];
  if (!run.han || chars.length < 2 || SYMBOL.test(run.text)) return null;
  return { text: run.text, pairs: chars.slice(1).map((c, i) => chars[i]! + c) };
}

/**
 * The keys through the rarest pairs, or null where narrowing does not apply or would not pay.
 * `by` (a person's name, a column's label) is exact by the filters' own clause, which the walk
 * applies: any one of its pairs finds a superset, and what it finds needs no look.
 */
export function narrowedMatches(
  db: Database,
  words: string[],
  by: string[],
  filters: IndexedFilters,
  upTo: number,
  until?: Deadline,
): number[] | null {
  // Only words of Chinese characters, each run two or more: a phrase of pairs, whose matches
  // the stored text can show. Letters, digits and single characters are left to FTS5.
  const phrases = words.flatMap((w) => runsOf(w).map(phraseOf));
  if (!phrases.length || phrases.some((p) => p === null)) return null;
  const asked: string[][] = [];
  const kept: string[] = [];
  for (const text of by) {
    // One pair of all the name's or label's runs is enough (沙市 简讯: 简讯, where 沙市 is in
    // every other article): its filter's clause makes what it finds exact.
    const runs = runsOf(text).map(phraseOf);
    if (!runs.every((p) => p !== null)) kept.push(wordExpression(text)!);
    else if (runs.length) asked.push(runs.flatMap((p) => p.pairs));
  }
  // A phrase of one pair is found by that pair exactly: nothing to look at.
  const looked = phrases.filter((p) => p!.pairs.length > 1) as { text: string; pairs: string[] }[];
  const units = [...phrases.map((p) => p!.pairs), ...asked];
  if (!looked.length && !asked.some((p) => p.length > 1)) return null;
  const pages = new Map<string, number>();
  for (const pair of new Set(units.flat())) {
    const n = listPages(db, pair);
    if (n === undefined) return null;
    pages.set(pair, n);
  }
  const rarest = [...new Set(units.map((p) => p.reduce((a, b) => (pages.get(b)! < pages.get(a)! ? b : a))))];
  const whole = [...pages.values()].reduce((a, b) => a + b, 0);
  const narrowed = rarest.reduce((n, pair) => n + pages.get(pair)!, 0);
  const pays = (saved: number, articles: number) => narrowLimits.always || saved > (looked.length ? articles * narrowLimits.checkPages : 0);
  if (!narrowLimits.always && narrowed * narrowLimits.share > whole) return null;
  // Where the rarest pairs are expected in more articles together than are read, or than
  // looking at them would save, even as if they were independent (words found together are
  // found together more often), their walk is not tried.
  // Where nothing is looked at (words of one pair, and a name's or label's rarest pair), what
  // the rarest pairs find are the matches themselves: as many are read as are asked for (美丽
  // 活动 in the column 沙市 简讯, newest first at a million: 23 ms → 11 without 沙市, in nearly
  // every article).
  const most = looked.length ? narrowLimits.candidates : Math.max(narrowLimits.candidates, upTo);
  const { rows } = indexTotals(db);
  const expected = rarest.reduce((n, pair) => n * Math.min(1, (pages.get(pair)! * ARTICLES_A_PAGE) / Math.max(rows, 1)), rows);
  if (!narrowLimits.always && ((looked.length && expected > most) || !pays(whole - narrowed, expected))) return null;
  // Read up to the deadline too (a copy of it: what the candidates' read did is not the
  // answer's): past it, what they hold of the words is a floor of the count.
  const expression = [...rarest.map(quote), ...kept].join(' AND ');
  const read = until && { ...until, stopped: false };
  let candidates = walkedMatches(db, expression, filters, most + 1, undefined, read);
  // All of them read, or the newest `most`: what these hold of the words is every match newer
  // than the last of them, so it answers where it is `upTo` matches or more.
  let every = candidates.length <= most && !read?.stopped;
  if (!every && upTo > most && !read?.stopped) return null;
  if (!every && !read?.stopped) candidates.pop();
  if (!pays(whole - narrowed, candidates.length)) return null;
  if (!looked.length) {
    if (read?.stopped) until!.stopped = true;
    return candidates.slice(0, upTo);
  }
  const passing = keysPassing(
    db,
    looked.map((p) => p.text),
    { sql: '', params: {} },
  );
  const pairs = looked.map((p) => p.pairs);
  // An article FTS5 finds a phrase in holds each of its pairs as two characters side by side in
  // its text: where one lacks a pair, its terms need not be made again (some 110 µs an article,
  // and most of those the words are not in lack a pair: 约仪式暨 督导考核 服务大局 at a
  // million made 58 articles' terms a query, now 6).
  const pairsPassing = keysPassing(db, [...new Set(pairs.flat())], { sql: '', params: {} });
  const found: number[] = [];
  let at = 0;
  for (;;) {
    for (; at < candidates.length && found.length < upTo; at += CHECKED_AT_ONCE) {
      // Past the deadline with the page in hand: what was found so far, newest first (a floor
      // of the count).
      if (until && found.length >= until.need && performance.now() > until.at) {
        until.stopped = true;
        return found;
      }
      const batch = candidates.slice(at, at + CHECKED_AT_ONCE);
      const held = new Set(passing(batch));
      const lacking = batch.filter((key) => !held.has(key));
      const paired = new Set(lacking.length ? pairsPassing(lacking) : []);
      for (const key of batch) if (held.has(key) || (paired.has(key) && indexHolds(db, key, pairs))) found.push(key);
    }
    if (!read?.stopped || found.length >= upTo) break;
    // The candidates' read stopped at the deadline: a page found in them is answer enough;
    // short of one, the rest of them are read (the walk of every pair costs more).
    if (found.length >= read.need) {
      until!.stopped = true;
      return found;
    }
    at = candidates.length;
    read.stopped = false;
    candidates = [...candidates, ...walkedMatches(db, expression, filters, most + 1 - candidates.length, candidates.at(-1))];
    every = candidates.length <= most;
    if (!every) candidates.pop();
  }
  return every || found.length >= upTo ? found.slice(0, upTo) : null;
}

/**
 * Whether the article's index entry holds every phrase, as FTS5 matches it: its terms made
 * again from its text, each phrase's pairs at consecutive places. Where they are not, the
 * terms hold other scripts and every pair is there, FTS5 itself matches them, in a table of one
 * row read by the index's own tokenizer: `unicode61` takes a few letters of other scripts for
 * spaces (ᦰ, ᳲ), and a phrase can run across one as across two runs of characters.
 */
function indexHolds(db: Database, key: number, phrases: string[][]): boolean {
  const id = stmt(db, 'SELECT article_id FROM search_keys WHERE key = ?').pluck().get(key) as string | undefined;
  const found = id === undefined ? undefined : searchableText(db, id);
  if (!found) return false;
  const text = indexTerms(found.text);
  const terms = text.split(' ');
  const adjacent = phrases.every((pairs) => {
    for (let at = terms.indexOf(pairs[0]!); at >= 0; at = terms.indexOf(pairs[0]!, at + 1))
      if (pairs.every((pair, i) => terms[at + i] === pair)) return true;
    return false;
  });
  // Terms of Chinese characters, ASCII letters and digits only: unicode61 reads each as it is
  // (every code point checked under Node 24's ICU and SQLite 3.54), and the places are FTS5's.
  if (adjacent || !OTHER_THAN_PLAIN.test(text)) return adjacent;
  const spaced = ` ${text} `;
  if (!phrases.every((pairs) => pairs.every((pair) => spaced.includes(` ${pair} `)))) return false;
  ensureProbe(db);
  stmt(db, 'DELETE FROM temp.search_probe').run();
  stmt(db, 'INSERT INTO temp.search_probe (rowid, terms) VALUES (1, ?)').run(text);
  const match = phrases.map((pairs) => quote(pairs.join(' '))).join(' AND ');
  return stmt(db, 'SELECT 1 FROM temp.search_probe WHERE search_probe MATCH ?').get(match) !== undefined;
}

const tokenizers = new WeakMap<Database, string>();

/**
 * The one-row table indexHolds matches in: temporary (a read-only archive allows it), made
 * again if a transaction that made it was rolled back.
 */
function ensureProbe(db: Database): void {
  let tokenizer = tokenizers.get(db);
  if (tokenizer === undefined) {
    const sql = (stmt(db, "SELECT sql FROM sqlite_master WHERE name = 'article_search'").pluck().get() as string | undefined) ?? '';
    tokenizer = /tokenize\s*=\s*'((?:[^']|'')*)'/i.exec(sql)?.[1] ?? 'unicode61 remove_diacritics 0';
    tokenizers.set(db, tokenizer);
  }
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_probe USING fts5 (terms, tokenize = '${tokenizer}')`);
}
