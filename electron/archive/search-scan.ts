import type { Database } from 'better-sqlite3';
import { BM25_K1, occurrences, termWeight } from '../../shared/search/impact';
import { COUNT_CAP } from '../../shared/search/limits';
import { normalizeForSearch, runsOf, SYMBOL, wordExpression } from '../../shared/search/tokens';
import { commonBit, hasCommonBit } from '../../shared/search/common-characters';
import { foldsInto, holdsFolding } from '../../shared/search/folding';
import { indexedLength, indexTotals } from './search-impacts';
import { listPages } from './search-lists';
import { searchableText } from './search-index';
import { CLOCK_EVERY, countDeadline, type Deadline } from './search-deadline';
import { stmt } from './statements';

/**
 * Newest first for a query with words of one Chinese character (王 市). The index holds pairs,
 * so FTS5 finds a single character as a prefix (市*), and a prefix query merges the doclist of
 * every pair the character starts before it returns a single row: 0.2–3.5 s at a million for
 * a common character, however few rows are asked for, and as long again for the count. A
 * common character is in most articles, though: reading the newest articles and looking for it
 * in their text finds a page, and the count up to its cap, in a few thousand rows.
 *
 * The articles are read newest first (by search key, the index's own order): through the
 * index when the query has other words, a person or a column (exact matches of those, cheap to
 * walk), else all of them, the request's filters applied; an article is kept when its text
 * holds every single character. The index finds a character exactly where it occurs in its
 * folded text (it starts a pair or ends a run), so looking in the text gives the same answers.
 * A first look at the newest SAMPLE rows says how often the characters are together; where not
 * often enough to fill the page within SCAN_ROWS, the rarest of them joins the index's query
 * (its prefix quick to merge, being rare), with any other quick to merge, and the rest are
 * looked for in what it finds (leadingCharacters). Where the rows read run out before the count
 * reaches its cap, the count is a floor, and the answer says so.
 */

/** Rows read at most for one answer: 10–50 ms at a million, by how many of them match. */
const SCAN_ROWS = 2_000;
/** By relevance, how many of the newest matches are ranked (their text is read: some 30 µs each). */
const RANK_SINGLES = 1_000;
/** Rows read first, to see how common each character is. */
const SAMPLE = 200;
/** (An object, so that tests reach past these in a small archive.) */
export const scanLimits = {
  /**
   * By relevance, a character in fewer articles than this is left to FTS5: it merges its prefix
   * in some 30 ms or less (measured at a million: a character in 34,000 articles 6 ms, in
   * 100,000 23 ms, in 300,000 27 ms, in 400,000 74 ms, in 600,000 220 ms).
   */
  prefixArticles: 300_000,
  /**
   * Newest first, the rarest character leads through the index where the lists of the pairs it
   * starts span this many pages or fewer (FTS5 merges 600 in some 60 ms, where reading rows that
   * mostly lack it takes 40–50)…
   */
  leadPages: 600,
  /** …and any other joins it where they span this many or fewer (a few milliseconds). */
  joinPages: 60,
};

/** The query's words of one Chinese character (folded), and the rest, as parseQuery reads them. */
export function singleCharacters(words: string[]): { singles: string[]; others: string[] } {
  const singles: string[] = [];
  const others: string[] = [];
  for (const word of words) {
    const runs = runsOf(word);
    // A CJK radical (⻔) is of Chinese script, but `unicode61` reads it as a space: the index
    // holds it nowhere, and FTS5 finds nothing for it, which the text's look would not say.
    if (runs.length === 1 && runs[0]!.han && [...runs[0]!.text].length === 1 && !SYMBOL.test(runs[0]!.text)) singles.push(runs[0]!.text);
    else if (runs.length) others.push(word);
  }
  return { singles: [...new Set(singles)], others };
}

/** The FTS5 expression of the words that are not single characters, or null when there are none. */
export function othersExpression(others: string[]): string | null {
  const expressions = others.map(wordExpression).filter((e): e is string => e !== null);
  return expressions.length ? expressions.join(' AND ') : null;
}

const MAIN = ['a.body_text', 'a.headline', 'a.kicker', 'a.deck', 'a.column_label', 'a.dateline', 'a.jump', 'a.source'];
const ALL_TEXT = `concat_ws(char(10), ${MAIN.join(', ')},
    (SELECT group_concat(caption, ' ') FROM photos WHERE article_id = a.id),
    (SELECT group_concat(p.outlet || ' ' || p.name, ' ') FROM bylines b JOIN people p ON p.id = b.person_id WHERE b.article_id = a.id),
    (SELECT group_concat(p.name, ' ') FROM credits c JOIN people p ON p.id = c.person_id WHERE c.article_id = a.id))`;

/**
 * Whether the article `a` holds the character (or run of characters) bound as `@name`, as the
 * index would find it, as SQL: in its own fields, its captions or its people's names
 * (searchText in search-index.ts), or, where folding can make it (`folds`), in its folded text
 * where it holds a character the index folds (search_folded_has): only where its search key
 * (`k`) says it may (migration 0240; some 12 µs an article lacking the character, where a scan
 * of the newest articles for 日 took 29 ms, 11 ms without).
 */
function holdsSql(name: string, folds: boolean): string {
  return `(${MAIN.map((c) => `instr(${c}, @${name})`).join(' OR ')}
    OR EXISTS (SELECT 1 FROM photos WHERE article_id = a.id AND instr(caption, @${name}))
    OR EXISTS (SELECT 1 FROM bylines b JOIN people p ON p.id = b.person_id WHERE b.article_id = a.id AND (instr(p.name, @${name}) OR instr(p.outlet, @${name})))
    OR EXISTS (SELECT 1 FROM credits c JOIN people p ON p.id = c.person_id WHERE c.article_id = a.id AND instr(p.name, @${name}))${
      folds ? `\n    OR (k.folds IS NOT 0 AND search_folded_has(${ALL_TEXT}, @${name}))` : ''
    })`;
}

/** Whether filters' SQL (filterSql's) reads the article's row `a` (unsaid: where there is SQL), not only its search key `k`. */
export const readsArticle = (filters: { sql: string; row?: boolean }): boolean => filters.row ?? filters.sql !== '';

const withFunction = new WeakSet<Database>();

/**
 * The folded text's check, asked of an article whose stored text lacks the character: folded
 * only where it holds a character the index folds; and a common character's bit in a key's.
 */
function ensureFunction(db: Database): void {
  if (withFunction.has(db)) return;
  db.function('search_folded_has', { deterministic: true }, (text: unknown, ch: unknown) =>
    typeof text === 'string' && typeof ch === 'string' && holdsFolding(text) && normalizeForSearch(text).includes(ch) ? 1 : 0,
  );
  db.function('search_common_has', { deterministic: true }, (bits: unknown, bit: unknown) =>
    bits instanceof Uint8Array && typeof bit === 'number' && hasCommonBit(bits, bit) ? 1 : 0,
  );
  withFunction.add(db);
}

/** A search key's facts (migration 0270), joined as `f` to its key `k`. */
const FACTS = 'search_facts f ON f.key = k.key';

/**
 * Whether the article keyed `k` holds the character bound as `@c<i>`, as SQL: by its key's
 * bits where the character has one (`f`, FACTS: exactly as the index finds it, folded forms
 * and people included, with no row of the article read), else as holdsSql says, or with
 * `quick` in its own fields only.
 */
function characterSql(ch: string, i: number, quick: boolean): string {
  if (commonBit(ch) !== undefined) return `search_common_has(f.common, @b${i})`;
  return quick ? inMainSql(`c${i}`) : holdsSql(`c${i}`, foldsInto(ch));
}

/** The parameters characterSql's SQL binds for the characters. */
function characterParams(singles: string[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  singles.forEach((c, i) => {
    const bit = commonBit(c);
    if (bit === undefined) params[`c${i}`] = c;
    else params[`b${i}`] = bit;
  });
  return params;
}

/** Whether telling the characters needs the article's row (one without a bit), not the key's alone. */
const needsRow = (singles: string[]) => singles.some((c) => commonBit(c) === undefined);

/**
 * Of the articles `keys` (search keys), those whose text holds every one of `runs` (runs of
 * Chinese characters, folded: a word of the query, or a character) as the index would find
 * them and that pass `filters` (filterSql's, on the article `a`): a quick look in the stored
 * row, some microseconds an article, where scoring one reads and folds all of its text. Asked
 * of a batch at once. (A run in the folded text is in the stored text, or the stored text holds
 * a character folding makes one of the run's of.)
 */
export function keysPassing(
  db: Database,
  runs: string[],
  filters: { sql: string; params: Record<string, unknown>; row?: boolean },
): (keys: number[]) => number[] {
  ensureFunction(db);
  // A common character by its key's bits; any other run in the article's text, where the
  // bits of its common characters do not already say it lacks one (SQLite tells the key's
  // before it reads the article's row: most articles a walk finds for one word lack another).
  const bits = new Map<number, string>();
  const bitSql = (ch: string) => {
    const bit = commonBit(ch)!;
    if (!bits.has(bit)) bits.set(bit, `search_common_has(f.common, @d${bits.size})`);
    return bits.get(bit)!;
  };
  const holds = runs
    .map((run, i) => {
      if (commonBit(run) !== undefined) return ` AND ${bitSql(run)}`;
      const told = [...new Set(run)].filter((ch) => commonBit(ch) !== undefined).map((ch) => ` AND ${bitSql(ch)}`);
      return `${told.join('')} AND ${holdsSql(`c${i}`, [...run].some(foldsInto))}`;
    })
    .join('');
  const row = readsArticle(filters) || needsRow(runs);
  const find = stmt(
    db,
    // CROSS JOIN: from the batch's keys, whatever index a filter's column has (read from a
    // column's label, a batch of 50 took seconds).
    `SELECT k.key FROM json_each(@keys) j CROSS JOIN search_keys k ON k.key = j.value${bits.size ? ` CROSS JOIN ${FACTS}` : ''}${row ? ' CROSS JOIN articles a ON a.id = k.article_id' : ''}
     WHERE 1${holds}${filters.sql}`,
  ).pluck();
  const params = {
    ...filters.params,
    ...Object.fromEntries(runs.flatMap((run, i) => (commonBit(run) === undefined ? [[`c${i}`, run]] : []))),
    ...Object.fromEntries([...bits.keys()].map((bit, i) => [`d${i}`, bit])),
  };
  return (keys) => (keys.length ? (find.all({ keys: JSON.stringify(keys), ...params }) as number[]) : []);
}

export interface ScanInput {
  singles: string[];
  /** The FTS5 expression of the other words (and a person's name or a column's label), or null. */
  others: string | null;
  /** The request's filters as SQL (filterSql): keyed on the index's rowid, and on the search keys' table. */
  indexedFilters: { sql: string; params: Record<string, unknown>; row?: boolean };
  plainFilters: { sql: string; params: Record<string, unknown>; row?: boolean };
  offset: number;
  limit: number;
}

export interface ScanAnswer {
  ids: string[];
  total: number;
  /** The count is a floor: the scan stopped before it had seen every match. */
  capped: boolean;
}

/** A character in the article's own fields (a quick first look: captions, people and folded forms aside). */
const inMainSql = (name: string) => `(${MAIN.map((c) => `instr(${c}, @${name})`).join(' OR ')})`;

/**
 * Rows newest first: the article's id, then either a flag per character (`quick`: in its own
 * fields) or one flag, 1 where it holds every character as the index would find it; last, its
 * search key.
 */
function stream(
  db: Database,
  input: ScanInput,
  singles: string[],
  driver: string | null,
  limit: number,
  quick: boolean,
): IterableIterator<unknown[]> {
  ensureFunction(db);
  const flags = !singles.length ? '1' : singles.map((c, i) => characterSql(c, i, quick)).join(quick ? ', ' : ' AND ');
  const chars = characterParams(singles);
  // Where the characters are told by the keys' bits (or every row is a match) and no filter
  // is on the article, its row is not read (a rare character's matches lie scattered over the
  // archive, some 10 µs a row to read).
  const filters = driver ? input.indexedFilters : input.plainFilters;
  const article = needsRow(singles) || readsArticle(filters) ? ' JOIN articles a ON a.id = k.article_id' : '';
  const facts = singles.some((c) => commonBit(c) !== undefined) ? ` JOIN ${FACTS}` : '';
  return (
    driver
      ? stmt(
          db,
          `SELECT k.article_id, ${flags}, s.rowid FROM article_search s JOIN search_keys k ON k.key = s.rowid${facts}${article}
           WHERE article_search MATCH @match${filters.sql} ORDER BY s.rowid DESC LIMIT @limit`,
        )
          .raw()
          .iterate({ match: driver, limit, ...chars, ...filters.params })
      : stmt(
          db,
          `SELECT k.article_id, ${flags}, k.key FROM search_keys k${facts}${article}
           WHERE 1${filters.sql} ORDER BY k.key DESC LIMIT @limit`,
        )
          .raw()
          .iterate({ limit, ...chars, ...filters.params })
  ) as IterableIterator<unknown[]>;
}

/** The matches read newest first: their ids and search keys, and whether the stream ran out (every match seen). */
interface Found {
  ids: string[];
  keys: number[];
  ended: boolean;
  /** Characters led through the index. */
  led: boolean;
}

/** A first look at the newest rows: how many hold each character (in their own fields), and how many all of them. */
interface FirstLook {
  held: number[];
  sampled: number;
  all: number;
}

function firstLook(db: Database, input: ScanInput): FirstLook {
  ensureFunction(db);
  const look: FirstLook = { held: input.singles.map(() => 0), sampled: 0, all: 0 };
  for (const row of stream(db, input, input.singles, input.others, SAMPLE, true)) {
    look.sampled++;
    let every = true;
    for (let i = 0; i < look.held.length; i++) {
      if (row[i + 1]) look.held[i]!++;
      else every = false;
    }
    if (every) look.all++;
  }
  return look;
}

/** How many articles of the index hold the character, as the first look puts it. */
/**
 * How many articles of the index hold the character, as the newest SAMPLE of all articles put
 * it (the first look's rows are the query's other words' matches, where it may be commoner or
 * rarer than in the archive): the merge of its prefix takes time in proportion.
 */
function articlesHolding(db: Database, input: ScanInput, look: FirstLook, i: number): number {
  let held = look.held[i]!;
  if (input.others) {
    held = 0;
    for (const row of stream(db, { ...input, plainFilters: { sql: '', params: {} } }, [input.singles[i]!], null, SAMPLE, true))
      if (row[1]) held++;
  }
  return (indexTotals(db).rows * held) / SAMPLE;
}

/**
 * The single characters that lead through the index where reading the newest articles would
 * not find enough: the rarest, where FTS5 merges its prefix quickly enough, and any other
 * that it merges in a few milliseconds; as indexes into `singles`. Told by how many pages of
 * the index the lists of the pairs each starts span (listPages): FTS5 merges them at some
 * 50–170 µs a page (at a million: 渐 16 pages 1 ms, 孙 38 pages 3 ms, 授 221 pages 15 ms, 日
 * 579 pages 60 ms, 业 2,433 pages 400 ms), where the sample's count of articles holding a
 * character told that cost only roughly. Every match the index finds is one (no row read to
 * look for it), and where every character leads, none but the matches is read.
 */
export function leadingCharacters(db: Database, singles: string[], pages = prefixPages(db, singles)): number[] {
  const order = singles.map((_, i) => i).sort((a, b) => pages[a]! - pages[b]!);
  return order.filter((i, n) => pages[i]! <= (n === 0 ? scanLimits.leadPages : scanLimits.joinPages));
}

/** Whether FTS5 merges the prefix of every one of the characters in a few milliseconds. */
export function quickToMerge(db: Database, singles: string[], pages = prefixPages(db, singles)): boolean {
  return pages.every((n) => n <= scanLimits.joinPages);
}

/** The pages of the index the lists of the pairs each character starts span (0.1–0.4 ms each). */
function prefixPages(db: Database, singles: string[]): number[] {
  return singles.map((c) => listPages(db, c, true) ?? Infinity);
}

/**
 * Reads the newest matches, up to `want` of them in at most `rows` rows: through the index
 * where the query's other words (or rare characters) make that quick, else every article.
 * Read newest first where the rows read are expected to hold `enough` matches (each row quick
 * to tell, the rows in the archive's order: some 5 µs each); otherwise, or where every
 * character is quick to merge, rare characters lead through the index (with `lead`, whatever
 * the first look said).
 */
function readNewest(
  db: Database,
  input: ScanInput,
  want: number,
  rows: number,
  {
    enough = want,
    look = firstLook(db, input),
    lead = false,
    until,
  }: { enough?: number; look?: FirstLook; lead?: boolean; until?: Deadline } = {},
): Found {
  const { sampled, all } = look;
  let driver = input.others;
  let singles = input.singles;
  const pages = prefixPages(db, singles);
  if (lead || (sampled === SAMPLE && all * rows < enough * SAMPLE) || quickToMerge(db, singles, pages)) {
    const leading = leadingCharacters(db, singles, pages);
    if (leading.length) {
      driver = [...leading.map((i) => wordExpression(singles[i]!)!), ...(driver ? [driver] : [])].join(' AND ');
      singles = singles.filter((_, i) => !leading.includes(i));
    }
  }
  const found: Found = { ids: [], keys: [], ended: true, led: singles.length < input.singles.length };
  let read = 0;
  for (const row of stream(db, input, singles, driver, rows + 1, false)) {
    if (read++ === rows || found.ids.length >= want) {
      found.ended = false;
      break;
    }
    // The page in hand and the count's time spent (countBudget): what was found is a floor.
    if (until && found.ids.length >= until.need && read % CLOCK_EVERY === 0 && performance.now() > until.at) {
      until.stopped = true;
      found.ended = false;
      break;
    }
    if (row[1]) {
      found.ids.push(row[0] as string);
      found.keys.push(row[2] as number);
    }
  }
  return found;
}

/**
 * The newest matches of a query with single characters, or undefined where the index answers
 * it better (rows read did not fill the page: the characters are seldom together, none rare).
 * The count is read on to its cap within the same rows; where they run out first, it is a
 * floor, and says so.
 */
export function scanNewest(db: Database, input: ScanInput): ScanAnswer | undefined {
  const need = input.offset + input.limit;
  const want = Math.max(need, COUNT_CAP + 1);
  const look = firstLook(db, input);
  const until = countDeadline(need);
  let found = readNewest(db, input, want, SCAN_ROWS, { enough: need, look, until });
  // The first look misjudged: rare characters lead after all.
  if (!found.ended && found.ids.length < need && !found.led) found = readNewest(db, input, want, SCAN_ROWS, { look, lead: true, until });
  if (!found.ended && found.ids.length < need) return undefined;
  return {
    ids: found.ids.slice(input.offset, need),
    total: found.ids.length,
    capped: !found.ended && found.ids.length <= COUNT_CAP,
  };
}

type Ranked = { ranked: { key: number; id: string; score: number }[]; partial: boolean };

/**
 * By relevance, a query with single characters of which one at least is common, so that FTS5
 * would merge its prefix to rank (0.3–2 s at a million), where the impact index of characters
 * could not prove the order (search-rank.ts; or the archive is from before it): the newest
 * matches ranked instead (rankNewest). Undefined where every character is rare (FTS5 then
 * ranks its matches by bm25 quickly, over all of them where they are few) or the rows read
 * found none to rank.
 */
export function rankSinglesWindow(db: Database, input: ScanInput, words: string[]): Ranked | undefined {
  const look = firstLook(db, input);
  if (look.held.every((_, i) => articlesHolding(db, input, look, i) <= scanLimits.prefixArticles)) return undefined;
  return rankNewest(db, input, words, look);
}

/**
 * The newest RANK_SINGLES matches (read as newest first reads them), ranked by bm25's term
 * weight of each word in each (how often it occurs, damped by the article's length, as FTS5
 * weighs it), every word weighing the same: bm25 proper also weighs each word by how rare it is
 * in the whole index, which for a character is the prefix merge this avoids.
 */
export function rankNewest(db: Database, input: ScanInput, words: string[], look = firstLook(db, input)): Ranked | undefined {
  // Where the rows read hold a hundred matches or more, they are ranked: leading through the
  // index for a fuller window costs a prefix's merge, and the ranking stays partial (程 力 内
  // at a million: 256 matches in the newest 3,000 rows ranked in 93 ms, a thousand led by 程 in
  // 200). A character rare enough that every article holding it is read leads: every match
  // is then ranked.
  const rows = RANK_SINGLES * 3;
  const rarest = look.held.indexOf(Math.min(...look.held));
  const whole = look.sampled === SAMPLE && articlesHolding(db, input, look, rarest) <= rows;
  const found = readNewest(db, input, RANK_SINGLES, rows, { look, enough: RANK_SINGLES / 10, lead: whole });
  if (!found.ids.length && !found.ended) return undefined;
  const parts = words.flatMap((w) => runsOf(w)).filter((r) => r.text);
  const { avgdl } = indexTotals(db);
  const ranked = found.ids.map((id, i) => {
    const key = found.keys[i]!;
    const folded = normalizeForSearch(searchableText(db, id)?.text ?? '');
    const dl = indexedLength(db, key) ?? avgdl;
    const score = parts.reduce((sum, part) => sum + (BM25_K1 + 1) * termWeight(occurrences(folded, part.text, part.han), dl, avgdl), 0);
    return { key, id, score };
  });
  return { ranked, partial: !found.ended };
}
