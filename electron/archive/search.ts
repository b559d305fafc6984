import type { Database } from 'better-sqlite3';
import type { SearchRequest, SearchResponse, SearchResult } from '../../shared/api/contract';
import type { BylineEntry } from '../../shared/domain/article';
import { formatBylinePeople } from '../../shared/domain/byline';
import { COUNT_CAP, RANK_WINDOW_SIZE } from '../../shared/search/limits';
import { normalizeForSearch, parseQuery, snippetOf, wordExpression } from '../../shared/search/tokens';
import { keyRangeOf, keysHoldPeople } from './search-index';
import { peopleClause } from './search-people';
import { exactLimits, fts5Cost, keyedCount, pairPages, rankedByFts5, rowsWithin, toldCost } from './search-exact';
import { rankByClasses } from './search-classes';
import { hasCharImpacts, indexTotals } from './search-impacts';
import { listPages } from './search-lists';
import { keepCounts, phraseDocs } from './search-counts';
import { countDeadline } from './search-deadline';
import { keyed, keyLimits, newestMatches, walkedMatches } from './search-narrow';
import {
  expectedMatches,
  ownScoringPays,
  partArticles,
  queryParts,
  scoreExactly,
  impactWalker,
  type Part,
  type Walked,
  type Walker,
} from './search-rank';
import { othersExpression, quickToMerge, rankSinglesWindow, scanNewest, singleCharacters, type ScanAnswer } from './search-scan';
import { stmt } from './statements';

/**
 * Fewer articles than this in a status, and a search may start from them; no more in every
 * other, and they are left out by their keys (an object, so that tests reach past it).
 */
export const statusLimits = {
  few: 2_000,
};
/**
 * Where the impact index could not prove the order, up to `exactCap` matches are all ranked by
 * FTS5's bm25 (some 2–5 µs a match at a million, its count of each phrase's articles aside).
 * A setting (BANMIAN_RANK_EXACT_CAP) for a machine much slower or faster than ours, and so that
 * tests can reach what lies past it without an archive of that size.
 */
export const rankingLimits = {
  exactCap: positiveInteger(process.env.BANMIAN_RANK_EXACT_CAP) ?? 20_000,
  /**
   * Up to this many matches are scored from their own text, each phrase's count of articles
   * kept (search-counts.ts), instead of by FTS5's bm25, which counts every phrase's articles
   * again for each query (1–150 ms at a million) and then scores faster: some 30–40 µs an
   * article read against 2–5. Even at about 400 matches of cheap phrases (docs/benchmarks.md);
   * past that, where the phrases' counts would cost FTS5 more (ownScoringPays).
   */
  ownScoring: 400,
  /** Matches ranked whole (the window of the newest), where fewer are found than this (and so that tests reach past it). */
  window: RANK_WINDOW_SIZE,
};

function positiveInteger(text: string | undefined): number | undefined {
  const n = Number(text);
  return text && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

interface Hit {
  id: string;
  /** bm25, negated (higher is better), where it was computed. */
  score: number | null;
}

/**
 * A relevance figure for a result found newest-first: how often the words occur, a hit in the
 * headline counting three times, damped by the article's length. Comparable within a page.
 */
function localScore(headline: string, body: string, words: string[]): number {
  const count = (text: string, word: string) => {
    const folded = normalizeForSearch(text);
    const needle = normalizeForSearch(word).replace(/\s+/gu, '');
    if (!needle) return 0;
    let n = 0;
    for (let at = folded.indexOf(needle); at >= 0; at = folded.indexOf(needle, at + needle.length)) n++;
    return n;
  };
  const hits = words.reduce((sum, w) => sum + 3 * count(headline, w) + count(body, w), 0);
  return hits / Math.sqrt(1 + body.length / 100);
}

/** The best-scored page of keyed results, newest first among equals, as article ids. */
function pageOf(db: Database, scored: { key: number; score: number }[], offset: number, limit: number): Hit[] {
  const idOf = stmt(db, 'SELECT article_id FROM search_keys WHERE key = CAST(? AS INTEGER)').pluck();
  const hits: Hit[] = [];
  let passed = 0;
  for (const r of [...scored].sort((x, y) => y.score - x.score || y.key - x.key)) {
    // An entry of the index no article holds the key of (a rebuild that was stopped can leave
    // one, found where the matches were read without their keys): no result.
    const id = idOf.get(r.key) as string | undefined;
    if (id === undefined || passed++ < offset) continue;
    hits.push({ id, score: r.score });
    if (hits.length >= limit) break;
  }
  return hits;
}

/**
 * Filters as SQL with named parameters, on the article row `a` (`row` says whether it is read)
 * and its search key `k`. Dates are a range of search keys (`s.rowid` where the index drives
 * the query, else `k.key`), so that the walk starts at the range instead of checking the
 * article of every newer match; a column is the key's facts' label; a status nearly every
 * article is in, the keys of the few in others left out.
 */
function filterSql(
  db: Database,
  f: SearchRequest['filters'],
  indexed: boolean,
): { sql: string; params: Record<string, unknown>; keys?: { lo: number; hi: number }; row: boolean } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (!f) return { sql: '', params, row: false };
  if (f.status) {
    // Drafts and the desk's other working states are few: the planner may start from them.
    // Approved is nearly the whole archive: starting from it would read and sort a million
    // articles, so the walk newest first leads. The articles in any other status are then
    // few, and are left out by their search keys, no article's row read (讯本 approved at a
    // million: 15,000 matches read with each one's row, 80 ms; in an archive all approved,
    // no clause at all); where they are not few, each article's status is checked on the way
    // (the + keeps SQLite from using the status index).
    const { few, others } = statusOf(db, f);
    if (others === undefined) {
      clauses.push(few ? 'a.status = @status' : '+a.status = @status');
      params.status = f.status;
    } else if (others.length) {
      clauses.push('k.key NOT IN (SELECT value FROM json_each(@statusOthers))');
      params.statusOthers = JSON.stringify(others);
    }
  }
  if (f.column) {
    // By the search key's facts (migration 0270): an article of another column is passed
    // over, and where the index drives the query no article's row is read for it. The
    // article's own is kept where the keys are walked, for the planner, which may start from
    // its index where no words lead (a rare column's articles).
    const label = '(SELECT label FROM search_facts WHERE key = k.key) = @column';
    clauses.push(indexed ? label : `${label} AND a.column_label = @column`);
    params.column = f.column;
  }
  if (f.edition) {
    clauses.push('a.edition_date = @edition');
    params.edition = f.edition;
  }
  if (f.page !== undefined) {
    clauses.push('a.page = @page');
    params.page = f.page;
  }
  const from = [f.from, f.edition]
    .filter((d) => d !== undefined)
    .sort()
    .at(-1);
  const to = [f.to, f.edition]
    .filter((d) => d !== undefined)
    .sort()
    .at(0);
  const keys = from || to ? keyRangeOf(from, to) : undefined;
  // CAST: the driver binds every number as a REAL, and FTS5 ignores a rowid bound that is not
  // an INTEGER (it then returns every match).
  if (keys) {
    clauses.push(`${indexed ? 's.rowid' : 'k.key'} BETWEEN CAST(@keyLo AS INTEGER) AND CAST(@keyHi AS INTEGER)`);
    params.keyLo = keys.lo;
    params.keyHi = keys.hi;
  } else {
    // A story written here is dated by its day; an import without an edition date by none, so
    // no date filter matches it (see UNDATED in search-index.ts).
    const day = 'coalesce(a.edition_date, CASE WHEN a.import_id IS NULL THEN substr(a.created_at, 1, 10) END)';
    if (f.from) {
      clauses.push(`${day} >= @from`);
      params.from = f.from;
    }
    if (f.to) {
      clauses.push(`${day} <= @to`);
      params.to = f.to;
    }
  }
  // By the search key's people (migration 0280, search-people.ts), no article's row read; a
  // name too many people hold (peopleClause) by the bylines and credits themselves.
  const people = (f.person || f.role) && keysHoldPeople(db) ? peopleClause(db, f.person, f.role) : undefined;
  if (people) {
    clauses.push(people.sql);
    Object.assign(params, people.params);
  } else if (f.person || f.role) {
    params.person = f.person ?? null;
    params.role = f.role ?? null;
    clauses.push(`(EXISTS (SELECT 1 FROM bylines b JOIN people p ON p.id = b.person_id
                     WHERE b.article_id = a.id AND (@person IS NULL OR p.name = @person) AND (@role IS NULL OR b.role = @role))
                OR EXISTS (SELECT 1 FROM credits c JOIN people p ON p.id = c.person_id
                     WHERE c.article_id = a.id AND (@person IS NULL OR p.name = @person) AND (@role IS NULL OR c.role = @role)))`);
  }
  return { sql: clauses.length ? ` AND ${clauses.join(' AND ')}` : '', params, keys, row: clauses.some((c) => /\ba\./.test(c)) };
}

const statuses = new WeakMap<NonNullable<SearchRequest['filters']>, { few: boolean; others?: number[] }>();

/**
 * Whether the request's status holds few articles, and where it does not, the search keys of
 * those in any other, where they are few: once a search (filterSql is asked for it more than
 * once; searchArticles forgets it at the start of each).
 */
function statusOf(db: Database, f: NonNullable<SearchRequest['filters']>): { few: boolean; others?: number[] } {
  let known = statuses.get(f);
  if (known === undefined) {
    const few =
      (stmt(db, `SELECT count(*) FROM (SELECT 1 FROM articles WHERE status = ? LIMIT ${statusLimits.few})`)
        .pluck()
        .get(f.status) as number) < statusLimits.few;
    known = { few, others: few ? undefined : keysInOtherStatuses(db, f.status!) };
    statuses.set(f, known);
  }
  return known;
}

/**
 * The search keys of the articles in any status but `status`, or undefined where they are
 * more than `statusLimits.few` (read through the status index: some 3 µs each).
 */
function keysInOtherStatuses(db: Database, status: string): number[] | undefined {
  const keys = stmt(
    db,
    `SELECT k.key FROM articles a JOIN search_keys k ON k.article_id = a.id WHERE a.status < @status OR a.status > @status LIMIT ${statusLimits.few + 1}`,
  )
    .pluck()
    .all({ status }) as number[];
  return keys.length > statusLimits.few ? undefined : keys;
}

/** A person's name found in more articles than this is not read ahead of the walk. */
const NAMED_AT_MOST = 50_000;
const named = new WeakMap<SearchRequest, ReadonlySet<number> | null>();

/**
 * The articles the index finds the request's person's name in (search keys), where they are
 * few enough to read: every article of the person's is among them (a byline's and a credit's
 * names are indexed with the article), and the walk looks at no other. 降噪 刻把 by one reporter
 * at a million: the walk looked at 8,000 of the words' articles for the byline (70 ms), of
 * which some 1 % are the reporter's; the name's 14,522 articles are read in 3 ms.
 */
function namedKeys(db: Database, request: SearchRequest): ReadonlySet<number> | undefined {
  const person = request.filters?.person;
  const name = person ? wordExpression(person) : null;
  if (!name) return undefined;
  let keys = named.get(request);
  if (keys === undefined) {
    const found = stmt(db, `SELECT rowid FROM article_search WHERE article_search MATCH ? LIMIT ${NAMED_AT_MOST + 1}`)
      .pluck()
      .all(name) as number[];
    keys = found.length > NAMED_AT_MOST ? null : new Set(found);
    named.set(request, keys);
  }
  return keys ?? undefined;
}

/**
 * The impact indexes' walk for the request's page (search-rank.ts), its filters checked on what
 * it finds, a batch at a time: run briefly, it can be run on from where it stopped.
 */
function walkerFor(db: Database, request: SearchRequest, parts: ReturnType<typeof queryParts>, among?: ReadonlySet<number>): Walker | null {
  const plain = filterSql(db, request.filters, false);
  return impactWalker(db, {
    parts,
    need: (request.offset ?? 0) + (request.limit ?? 50),
    keyRange: plain.keys,
    filters: plain,
    among,
    within: among ? undefined : namedKeys(db, request),
  });
}

/**
 * Common words, ranked over all their matches by FTS5 itself (search-exact.ts) or the impact
 * index (search-rank.ts): the walk, proven or not (null where the index cannot serve the
 * query; undefined where the matches are few enough to rank them all, within the window).
 * `keys` are the newest matches read (none where FTS5 ranked them; up to one past the exact cap
 * where the walk did not prove its order; the window's where more were expected than are read
 * whole, `beyond`); `total` is how many there are, or were read.
 */
function walkedRanking(
  db: Database,
  request: SearchRequest,
  words: string[],
  find: string,
  by: string[],
  filters: ReturnType<typeof filterSql>,
): { walked: Walked | null | undefined; total: number; keys: number[]; beyond?: boolean } {
  const parts = queryParts(words);
  // Read whole (everyMatch) where the matches are expected to be fewer than are read.
  const newest = (upTo: number) =>
    newestMatches(db, { find, words, by }, filters, upTo, upTo === most || (expected !== undefined && expected * 1.5 < upTo));
  const most = Math.max(rankingLimits.exactCap, rankingLimits.window) + 1;
  // A word of one character is walked through the impact index of characters; in an archive
  // from before it, its matches are read once, as many as are ranked whole. (Each read of them
  // merges every pair it starts.)
  const walkable = parts.every((p) => !p.char) || hasCharImpacts(db);
  // Where the words are expected in few enough articles together, every match is read at once
  // (no more than the exact cap): ranked by what the impact index tells of them (rankByClasses:
  // their lengths, some 3 µs a match, and its classes, a few milliseconds a word), or else the
  // walk knows an article it finds matches by looking it up, where it read the article's row
  // for the other words (some 20 µs each, most of a failed walk's time), and where it still
  // cannot prove the order, every match is ranked, already read. (Expected as if the words were independent;
  // words found together more often than that are read up to the cap, as they would be after a
  // failed walk. Without filters only: with them, reading the matches reads each one's row, as
  // the walk does, so the walk goes first.)
  const expected = filters.sql || !walkable ? undefined : expectedMatches(db, parts);
  const readAll = expected !== undefined && expected <= rankingLimits.exactCap;
  // Several words expected in more matches than a few thousand: FTS5's own bm25 over all of
  // them, where it costs little (search-exact.ts) and less than reading them all (up to the
  // exact cap); past the cap, the walk would prove the order or rank only some.
  const need = (request.offset ?? 0) + (request.limit ?? 50);
  // One word (a phrase of pairs, or one pair): its kept count. The walk proves a phrase's order
  // only from its pairs' impacts, and where many articles hold a word once, no class bounds
  // the rest: 组织处理 at a million, 5,375 matches, a walk of 35 ms that proved nothing and 52
  // ms more to read and tell them all, where FTS5 ranks them in 25 (讯本, 9,165: 87 ms, FTS5 15).
  const phrase = !filters.sql && walkable && parts.length === 1 && parts[0]!.han && !parts[0]!.char;
  const matches = phrase ? partArticles(db, parts[0]!) : expected;
  const pages = matches !== undefined && matches > exactLimits.fewest ? pairPages(db, parts) : undefined;
  const byFts5 = (limit: number) => {
    if (pages === undefined || exactLimits.most === 0 || fts5Cost(pages, matches!, phrase) > limit) return undefined;
    // At most as many matches as its whole budget allows, the pages taken at their cheapest
    // (rowsWithin): past them, the words are found together far more often than expected, and
    // FTS5's ranking is given up (a ranking given up halfway costs twice).
    const ranked = rankedByFts5(db, find, need, rowsWithin(Math.max(limit, exactLimits.most), pages, phrase));
    return ranked && { walked: { scored: ranked.scored, proven: true }, total: ranked.total, keys: [] };
  };
  // Within the exact cap, whichever is expected to cost less; past it, FTS5 where it costs
  // little (the walk may prove the order in a few milliseconds).
  const exact =
    pages !== undefined ? byFts5(readAll ? toldCost(pages, expected) : phrase ? exactLimits.phrase : exactLimits.most) : undefined;
  if (exact) return exact;
  // (Matches expected within the window are read as many as it holds first: where they are
  // few, each word's rarest pair may find them quicker, search-narrow.ts.)
  const first = (readAll && expected > rankingLimits.window) || !walkable ? most : rankingLimits.window + 1;
  let keys = newest(first);
  // The newest `upTo`, those read already kept: where they were all there are, they are all.
  let ended = keys.length < first;
  const readOn = (upTo: number) => {
    if (ended || keys.length >= upTo) return keys;
    const more = walkedMatches(db, find, filters, upTo - keys.length, keys.at(-1));
    ended = more.length < upTo - keys.length;
    return [...keys, ...more];
  };
  // Every match read whole is looked up by its key up to keyLimits.checked (as many as the
  // window holds), and counted so past it; what the caller ranks of them, pageOf looks up.
  const countOf = (all: number[]) => (all.length > keyLimits.checked ? keyedCount(db, all) : all.length);
  // Every match read: ranked by what the impact index tells of how often each holds each word
  // (search-classes.ts), where it can tell it.
  const told = (all: number[]) => {
    let scored = rankByClasses(db, parts, all, need);
    // Read whole past `keyLimits.checked`, the matches may hold an entry no article holds the
    // key of: where one ranks in the page, every one is left out and the rest ranked again.
    const page = scored?.slice(0, need).map((s) => s.key) ?? [];
    if (scored && all.length > keyLimits.checked && keyed(db, page).length < page.length) {
      all = keyed(db, all);
      scored = rankByClasses(db, parts, all, need);
    }
    return scored && { walked: { scored, proven: true }, total: countOf(all), keys: all };
  };
  // Within the window, ranking the window is ranking every match: here, or else the caller's
  // (a few hundred scored from their text cost no more).
  if (keys.length <= rankingLimits.window)
    return (keys.length > rankingLimits.ownScoring && told(keys)) || { walked: undefined, total: countOf(keys), keys };
  if (!walkable) return { walked: null, total: keys.length, keys };
  // One walk, run briefly first and then on from where it stopped (妇幼 降噪 with a status at a
  // million: the brief walk's 55 ms were walked again before the whole walk's 40).
  let walker: Walker | null | undefined;
  const walk = (brief: boolean) => (walker === undefined ? (walker = walkerFor(db, request, parts)) : walker)?.run(brief) ?? null;
  if (readAll && first < most) keys = readOn(most);
  if (readAll && keys.length <= rankingLimits.exactCap)
    return told(keys) ?? { walked: walkerFor(db, request, parts, new Set(keys))?.run(true) ?? null, total: keys.length, keys };
  // A brief walk first: most orders it proves, it proves quickly, and where it cannot, the
  // matches may be few enough to rank them all instead. Only past that does the walk go on,
  // for the articles the words weigh most in (with filters, before the matches are read). One
  // word in more articles than are ranked whole (its kept count: its matches, with no filters)
  // is walked whole at once, where the brief walk would only be walked again (市区举行 at a
  // million: 30 ms of a brief walk, then the whole walk's 40–55).
  const past = !filters.sql && parts.length === 1 && !parts[0]!.char && partArticles(db, parts[0]!) > rankingLimits.exactCap;
  let walked = walk(!past);
  if (walked?.proven) return { walked, total: keys.length, keys };
  // With filters, reading every match up to the exact cap checks each one's row (a person's
  // or a status's: 100 ms for 20,000 at a million): the whole walk goes first, and where it
  // proves the order, the matches already read are count enough (past 3,000, the count says
  // more than 1,000). A person's common word at a million: 139–149 → 61–64 ms p50.
  const filtered = filters.sql !== '';
  if (walked && filtered) {
    walked = walk(false);
    if (walked?.proven) return { walked, total: keys.length, keys };
  }
  // Past the exact cap (expected so, or found so where the words are found together more
  // often than expected), where the walk did not prove the order, FTS5 over every match where
  // that costs some hundreds of milliseconds (search-exact.ts).
  if (!readAll || keys.length > rankingLimits.exactCap) {
    const ranked = byFts5(exactLimits.most * exactLimits.afterWalk);
    if (ranked) return ranked;
  }
  // Every match read up to the exact cap, to rank them all where they are no more; not where
  // they are expected far past it (reading 20,000 of 社区's in a column at a million: 76 ms).
  const beyond = !readAll && expectedWith(db, request, parts, expected) > BEYOND * rankingLimits.exactCap;
  if (!readAll && !beyond) {
    keys = readOn(most);
    const ranked = keys.length <= rankingLimits.exactCap ? told(keys) : null;
    if (ranked) return ranked;
  }
  if (walked && !filtered && !past && (beyond || keys.length > rankingLimits.exactCap)) walked = walk(false);
  return { walked, total: keys.length, keys, beyond };
}

/** Matches expected this many times the exact cap (as if the words were independent) are not all read. */
const BEYOND = 3;

/**
 * About how many articles the request matches, as if its words, and a person's name or a
 * column's label, were found independently: each word's kept count of articles, and a name's
 * or label's rarest pair's (the one whose list spans fewest pages). 0 where other filters
 * (dates, a status) leave it unknown.
 */
function expectedWith(db: Database, request: SearchRequest, parts: Part[], expected: number | undefined): number {
  const { person, column, ...others } = request.filters ?? {};
  if (Object.values(others).some((v) => v !== undefined) || parts.some((p) => p.char)) return 0;
  const rows = indexTotals(db).rows;
  let n = expected ?? (parts.length === 1 ? partArticles(db, parts[0]!) : (expectedMatches(db, parts) ?? 0));
  for (const text of [person, column]) {
    if (!text) continue;
    const pairs = queryParts([text]).flatMap((p) => (p.han && !p.char ? p.terms : []));
    const pages = pairs.map((pair) => listPages(db, pair) ?? Infinity);
    const rarest = pairs[pages.indexOf(Math.min(...pages))];
    if (rarest === undefined || !Number.isFinite(Math.min(...pages))) return 0;
    n *= phraseDocs(db, `"${rarest}"`, rows) / Math.max(rows, 1);
  }
  keepCounts(db);
  return n;
}

/**
 * bm25 (negated: higher is better) of the articles of `window` (search keys, newest first) that
 * match `expression`. Read newest first and left at the window's oldest: FTS5 walks a rowid
 * range upwards from the start of its doclists (the newest 4,000 of a million took 30 ms),
 * while downwards it starts and stops where told.
 */
function bm25InWindow(db: Database, expression: string, window: number[], inWindow: Set<number>): { key: number; score: number }[] {
  const oldest = window.at(-1)!;
  const rows = stmt(
    db,
    `SELECT rowid, -bm25(article_search) FROM article_search
     WHERE article_search MATCH @expression AND rowid <= CAST(@newest AS INTEGER) ORDER BY rowid DESC`,
  )
    .raw()
    .iterate({ expression, newest: window[0] }) as IterableIterator<[number, number]>;
  const scored: { key: number; score: number }[] = [];
  for (const [key, score] of rows) {
    if (key < oldest) break;
    if (inWindow.has(key)) scored.push({ key, score });
  }
  return scored;
}

/**
 * Searches the archive: newest first by default (FTS5 walks its date-ordered keys backwards
 * and stops at the limit), or by relevance (bm25): every match where they are few; common
 * words and characters over all their matches through the impact indexes; otherwise the
 * articles the words weigh most in or the newest matches, and the answer says which.
 */
export function searchArticles(db: Database, request: SearchRequest): SearchResponse {
  // What was learned of the request's status is this search's: the same filters asked again
  // after a story's status changed are asked anew.
  if (request.filters) statuses.delete(request.filters);
  const { match, rank, words } = parseQuery(request.q ?? '');
  const limit = request.limit ?? 50;
  const offset = request.offset ?? 0;
  const order = request.order ?? 'newest';
  // People's names and column labels are in the index with the rest of an article, so these
  // filters also ask the index for the name or label: it then checks only the articles that
  // hold both, not every match of the words (for a rare label that was every match). The
  // filter's own clause keeps it exact: a name in an article's text is no byline.
  const name = request.filters?.person ? wordExpression(request.filters.person) : null;
  const label = request.filters?.column ? wordExpression(request.filters.column) : null;
  const narrowBy = [name, label].filter((e): e is string => e !== null);
  const by = [request.filters?.person, request.filters?.column].filter((t): t is string => !!t);
  // Without words, a name or label alone still lets the index find the articles newest first.
  const find = [match, ...narrowBy].filter((e) => e !== null).join(' AND ') || null;
  const filters = filterSql(db, request.filters, find !== null);
  let hits: Hit[];
  let total: number;
  let partial = false;
  /** The count is a floor (the scan stopped before it saw every match), whatever its size. */
  let capped = false;
  /** Where relevance ranked a window of the newest matches: how many. */
  let rankedWindow = rankingLimits.window;
  /** …and which: the newest, or those the words weigh most in (the impact index's walk). */
  let rankedBy: 'newest' | 'weight' = 'newest';
  let ranking: ReturnType<typeof walkedRanking>;

  if (find) {
    // Without filters the count is the index's alone: no row of articles need be read. By
    // relevance the window found below is the count: walking the matches twice costs twice.
    const count = () =>
      db
        .prepare(
          filters.sql
            ? `SELECT count(*) FROM (SELECT 1 FROM article_search s JOIN search_keys k ON k.key = s.rowid
                 JOIN articles a ON a.id = k.article_id WHERE article_search MATCH @match${filters.sql}
                 ORDER BY s.rowid DESC LIMIT ${COUNT_CAP + 1})`
            : `SELECT count(*) FROM (SELECT 1 FROM article_search WHERE article_search MATCH @match LIMIT ${COUNT_CAP + 1})`,
        )
        .pluck()
        .get({ match: find, ...filters.params }) as number;
    const { singles, others } = singleCharacters(words);
    let scanned: ScanAnswer | undefined;
    let singlesRanked: ReturnType<typeof rankSinglesWindow>;
    // Words of one character: the newest articles read for them (search-scan.ts) instead of
    // FTS5's prefix query, whose cost grows with how common the character is.
    const scanInput = singles.length
      ? {
          singles,
          others: [othersExpression(others), ...narrowBy].filter((e) => e !== null).join(' AND ') || null,
          // Within `if (find)`, the filters above are already the ones keyed on the index.
          indexedFilters: filters,
          plainFilters: filterSql(db, request.filters, false),
          offset,
          limit,
        }
      : undefined;
    let charsWalked: Walked | null = null;
    if (scanInput && order === 'newest') scanned = scanNewest(db, scanInput);
    else if (scanInput && quickToMerge(db, singles)) {
      // Every character rare enough that FTS5 merges its prefix in a few milliseconds: their
      // matches are found by the index itself and ranked as any other words' are (below), where
      // the impact index's walk would read the articles each character weighs most in (孙 渐 at
      // a million: 22–35 ms to prove nothing, of 117 matches).
    } else if (scanInput && match && (charsWalked = walkerFor(db, request, queryParts(words))?.run(false) ?? null)?.proven) {
      // Common characters by relevance: bm25's order over all their matches, proven from the
      // impact index of characters; counted as newest first counts them (its first page).
      scanned = scanNewest(db, { ...scanInput, offset: 0 });
    } else if (scanInput) singlesRanked = rankSinglesWindow(db, scanInput, words);
    if (charsWalked?.proven) {
      hits = pageOf(db, charsWalked.scored, offset, limit);
      total = scanned ? scanned.total : count();
      capped = scanned?.capped ?? false;
    } else if (singlesRanked) {
      hits = pageOf(db, singlesRanked.ranked, offset, limit);
      total = singlesRanked.ranked.length;
      partial = singlesRanked.partial;
      // The newest matches only: more may lie past them.
      capped = singlesRanked.partial;
      rankedWindow = singlesRanked.ranked.length;
    } else if (scanned) {
      hits = scanned.ids.map((id) => ({ id, score: null }));
      total = scanned.total;
      capped = scanned.capped;
    } else if (order === 'newest' || !match) {
      // No bm25 here: its statistics make FTS5 walk every match of the words, which is the
      // very cost newest-first avoids. The page's scores are computed from its own text.
      // One walk of the index gives both the page and the count up to its cap: the matches of
      // a rare phrase of common pairs (every pair's list merged) are read once, not twice.
      const upTo = COUNT_CAP + 1;
      if (offset + limit <= upTo) {
        // The page first; the count as far as countBudget allows (a floor past it).
        const until = countDeadline(offset + limit);
        const keys = newestMatches(db, { find, words, by }, filters, upTo, false, until);
        total = keys.length;
        capped = until.stopped;
        const idOf = stmt(db, 'SELECT article_id FROM search_keys WHERE key = ?').pluck();
        hits = keys.slice(offset, offset + limit).map((key) => ({ id: idOf.get(key) as string, score: null }));
      } else {
        total = count();
        hits = db
          .prepare(
            `SELECT k.article_id AS id, NULL AS score FROM article_search s
               JOIN search_keys k ON k.key = s.rowid JOIN articles a ON a.id = k.article_id
             WHERE article_search MATCH @match${filters.sql}
             ORDER BY s.rowid DESC LIMIT @limit OFFSET @offset`,
          )
          .all({ match: find, limit, offset, ...filters.params }) as Hit[];
      }
    } else if ((ranking = walkedRanking(db, request, words, find, by, filters)).walked?.proven) {
      // Common words: bm25's order over all their matches, proven from the impact index.
      hits = pageOf(db, ranking.walked.scored, offset, limit);
      total = ranking.total;
    } else {
      // Few matches (the window holds them all), or common words whose order the walk could not
      // prove: every match up to the exact cap ranked by FTS5 itself, exactly; past that the
      // articles the walk found (the words weigh most in them), or else the newest window's.
      const { walked, keys } = ranking;
      const many = ranking.beyond || keys.length > (walked === undefined ? rankingLimits.window : rankingLimits.exactCap);
      total = ranking.total;
      partial = many;
      if (many && walked && walked.scored.length >= offset + limit) {
        hits = pageOf(db, walked.scored, offset, limit);
        rankedWindow = walked.scored.length;
        rankedBy = 'weight';
      } else if (rank === match && find === match) {
        // Single terms: bm25 over the same newest matches, in one pass.
        const ranked = db
          .prepare(
            `SELECT s.rowid AS key, -bm25(article_search) AS score FROM article_search s
               JOIN search_keys k ON k.key = s.rowid JOIN articles a ON a.id = k.article_id
             WHERE article_search MATCH @match${filters.sql} ORDER BY s.rowid DESC LIMIT ${many ? rankingLimits.window : keys.length}`,
          )
          .all({ match, ...filters.params }) as { key: number; score: number }[];
        hits = pageOf(db, ranked, offset, limit);
        rankedWindow = ranked.length;
      } else {
        // Phrases, several words, a person: the newest matches, found without scoring.
        const window = many ? keys.slice(0, rankingLimits.window) : keys;
        rankedWindow = window.length;
        // A full window means common words, whose phrase statistics would make FTS5 check the
        // phrase in every document: then each word's first term is scored instead. Otherwise the
        // query itself is cheap to score (bm25InWindow). A person's name stays in: it keeps what
        // is read to the person's articles; bm25 then scores the name too, and its share is
        // taken off again (below). (A column's label does not: its articles are many, and
        // counting the label's articles for its idf cost more than it saved.)
        const terms = partial ? (rank ?? match) : match;
        const inWindow = new Set(window);
        // Every match: bm25 of the words alone, scored from each article's text where that is
        // quicker than FTS5 counting the phrases (few matches, or phrases of common pairs).
        const parts = queryParts(words);
        let scored =
          !many && (window.length <= rankingLimits.ownScoring || ownScoringPays(db, parts, window.length))
            ? scoreExactly(db, parts, window)
            : [];
        // An article whose text did not hold what the index found (none should) is left to FTS5.
        if (scored.length < window.length) {
          scored = bm25InWindow(db, name ? `(${terms}) AND ${name}` : terms, window, inWindow);
          // bm25 is a sum over the query's phrases, each with its own idf (over the whole
          // index, whatever the query): the name's phrases scored alone over the same articles
          // are exactly their share, and what is left is the words' score, as a search of the
          // words alone would give each of these articles.
          if (name) {
            const share = new Map(bm25InWindow(db, name, window, inWindow).map((s) => [s.key, s.score]));
            scored = scored.map((s) => ({ key: s.key, score: s.score - (share.get(s.key) ?? 0) }));
          }
        }
        hits = pageOf(db, scored, offset, limit);
      }
    }
  } else if (filters.sql || Object.values(request.filters ?? {}).some((v) => v !== undefined)) {
    // (A filter may need no clause: a status every article is in.)
    // Filters alone: the articles walked newest first by their keys (every article has one).
    total = db
      .prepare(
        `SELECT count(*) FROM (SELECT 1 FROM search_keys k JOIN articles a ON a.id = k.article_id
         WHERE 1${filters.sql} ORDER BY k.key DESC LIMIT ${COUNT_CAP + 1})`,
      )
      .pluck()
      .get(filters.params) as number;
    hits = db
      .prepare(
        `SELECT a.id, 0 AS score FROM search_keys k JOIN articles a ON a.id = k.article_id
         WHERE 1${filters.sql} ORDER BY k.key DESC LIMIT @limit OFFSET @offset`,
      )
      .all({ limit, offset, ...filters.params }) as Hit[];
  } else {
    return { total: 0, totalCapped: false, partial: false, results: [] };
  }

  const row = db.prepare(
    `SELECT a.id, a.headline, a.kicker, a.status, a.chars, a.body_text, a.edition_date, a.page, a.created_at, a.import_id,
            (SELECT json_group_array(json_object('role', b.role, 'name', p.name, 'outlet', p.outlet) ORDER BY b.position)
               FROM bylines b JOIN people p ON p.id = b.person_id WHERE b.article_id = a.id) AS byline
     FROM articles a WHERE a.id = ?`,
  );
  const results = hits.map((hit): SearchResult => {
    const a = row.get(hit.id) as {
      id: string;
      headline: string;
      kicker: string;
      status: SearchResult['status'];
      chars: number;
      body_text: string;
      edition_date: string | null;
      page: number | null;
      created_at: string;
      import_id: number | null;
      byline: string;
    };
    const { snippet, highlights } = snippetOf(a.body_text || a.headline, words);
    const score = hit.score ?? localScore(a.headline, a.body_text, words);
    return {
      id: a.id,
      headline: a.headline,
      kicker: a.kicker,
      status: a.status,
      // An import with no edition date is undated, not dated by the day it was imported.
      date: a.edition_date ?? (a.import_id === null ? a.created_at.slice(0, 10) : null),
      page: a.page,
      byline: formatBylinePeople(JSON.parse(a.byline) as BylineEntry[]),
      chars: a.chars,
      snippet,
      highlights,
      score: Math.round(score * 1000) / 1000,
    };
  });
  return {
    total: Math.min(total, COUNT_CAP),
    totalCapped: capped || total > COUNT_CAP,
    partial,
    ...(partial ? { ranked: rankedWindow, rankedBy } : {}),
    results,
  };
}
