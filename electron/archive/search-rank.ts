import type { Database } from 'better-sqlite3';
import {
  aloneMark,
  aloneWeight,
  BM25_K1,
  CHAR_TF_CLASSES,
  charClassMark,
  charClassWeight,
  charOccurrences,
  classMark,
  classWeight,
  LENGTH_CLASSES,
  occurrences,
  termWeight,
  TF_CLASSES,
  unwrittenWeight,
} from '../../shared/search/impact';
import { indexTerms, normalizeForSearch, OTHER_THAN_PLAIN, runsOf } from '../../shared/search/tokens';
import { hasCharImpacts, indexTotals, lengthOf, type IndexTotals } from './search-impacts';
import { searchText } from './search-entries';
import { keepCounts, phraseDocs } from './search-counts';
import { keysPassing } from './search-scan';
import { stmt } from './statements';

/**
 * Ranking common words by relevance as FTS5's bm25 would rank every match, without scoring
 * every match. The impact index (migration 0180) gives the articles each word weighs most in,
 * class by class from the highest possible weight down; the articles found are scored exactly
 * (tf from their text, dl as FTS5 stored it, each phrase's idf from its count of articles), and
 * the walk stops once the page's last article outscores anything not yet found: bm25's order
 * over all matches, proven, from a few hundred articles. Where it cannot prove it within its
 * budget, the articles it found are the ones the words weigh most in, and the answer says it
 * ranked those.
 */

/** A class of one term holding more articles than this is not read (the walk leaves the term, or gives up). */
const MAX_READ = 3_000;
/** …and does not try for pages deeper than this. */
const MAX_NEED = 200;

export interface Part {
  text: string;
  han: boolean;
  /**
   * The index terms the part is made of (its pairs, or the word itself); for one Chinese
   * character (`char`), the character: bm25 then scores two phrases, its prefix and the
   * character alone, and the impact index of characters serves it.
   */
  terms: string[];
  char: boolean;
}

/** The parts of the query as bm25 sees them: one phrase per run of each word (two for a single character). */
export function queryParts(words: string[]): Part[] {
  const parts: Part[] = [];
  for (const word of words) {
    for (const run of runsOf(word)) {
      const chars = [...run.text];
      const char = run.han && chars.length === 1;
      const terms = !run.han || char ? [run.text] : chars.slice(1).map((c, i) => chars[i]! + c);
      parts.push({ text: run.text, han: run.han, terms, char });
    }
  }
  return parts;
}

export interface Scored {
  key: number;
  score: number;
}

interface Context {
  db: Database;
  parts: Part[];
  /** Each part's idf · (k1 + 1) (of its prefix, for a character)… */
  weights: number[];
  /** …and for a character, its phrase alone's (0 for other parts). */
  aloneWeights: number[];
  avgdl: number;
  /** Checks an article (by search key) against the request's filters. */
  passes: (key: number) => boolean;
}

/** The exact score of one article, or null when it does not hold every part (or fails a filter). */
function scoreOf(ctx: Context, text: string, length: number | undefined): number | null {
  const folded = normalizeForSearch(text);
  const dl = length ?? ctx.avgdl;
  let score = 0;
  for (let i = 0; i < ctx.parts.length; i++) {
    const part = ctx.parts[i]!;
    if (part.char) {
      const { starts, alone } = charOccurrences(folded, part.text);
      if (!starts && !alone) return null;
      score += alone
        ? (ctx.weights[i]! + ctx.aloneWeights[i]!) * termWeight(1, dl, ctx.avgdl)
        : ctx.weights[i]! * termWeight(starts, dl, ctx.avgdl);
      continue;
    }
    const tf = phraseTimes(text, folded, part);
    if (!tf) return null;
    score += ctx.weights[i]! * termWeight(tf, dl, ctx.avgdl);
  }
  return score;
}

/**
 * How many times a part occurs as FTS5 counts its phrase: at consecutive places of its pairs,
 * which run on from one run of characters into the next where the one ends with the character
 * the next begins with (督导。导考核 holds 督导考核 to FTS5; 哈哈哈哈，哈哈 holds 哈哈哈 three
 * times), where the text's own count may fall short. That count stands where a pair of the
 * part occurs as often (FTS5's lies between the two); else the places are counted in the
 * article's terms made again, or null where those hold what unicode61 may read otherwise (the
 * caller leaves the article to FTS5).
 */
function phraseTimes(text: string, folded: string, part: Part): number | null {
  const times = occurrences(folded, part.text, part.han);
  if (!part.han || part.terms.length < 2) return times;
  // Each pair occurs at least as often as FTS5 finds the phrase: one as often as the text's count settles it.
  for (const pair of part.terms) if (occurrences(folded, pair, true) === times) return times;
  const terms = indexTerms(text);
  if (OTHER_THAN_PLAIN.test(terms)) return null;
  const places = terms.split(' ');
  const [first, ...rest] = part.terms;
  let found = 0;
  for (let at = places.indexOf(first!); at >= 0; at = places.indexOf(first!, at + 1))
    if (rest.every((pair, i) => places[at + 1 + i] === pair)) found++;
  return found;
}

const TEXT_SQL = `SELECT column_label, kicker, headline, deck, dateline, body_text, jump, source,
  (SELECT group_concat(caption, ' ') FROM photos WHERE article_id = a.id) AS captions,
  (SELECT group_concat(p.outlet || ' ' || p.name, ' ') FROM bylines b JOIN people p ON p.id = b.person_id
     WHERE b.article_id = a.id) AS byline,
  (SELECT group_concat(p.name, ' ') FROM credits c JOIN people p ON p.id = c.person_id WHERE c.article_id = a.id) AS credits,
  (SELECT sz FROM article_search_docsize WHERE id = k.key) AS sz
  FROM search_keys k JOIN articles a ON a.id = k.article_id WHERE k.key = CAST(? AS INTEGER)`;

/**
 * The article's searchable text by its key, as it was indexed (searchableText in
 * search-index.ts), and its length in index terms as FTS5 stored it (read in the same step).
 */
function textOf(db: Database, key: number): { text: string; length: number | undefined } | undefined {
  const row = stmt(db, TEXT_SQL).get(key) as TextRow | undefined;
  if (!row) return undefined;
  const text = searchText({
    column: row.column_label ?? '',
    kicker: row.kicker ?? '',
    headline: row.headline ?? '',
    deck: row.deck ?? '',
    dateline: row.dateline ?? '',
    people: [row.byline ?? '', row.credits ?? ''].join(' '),
    body: row.body_text ?? '',
    captions: row.captions ?? '',
    jump: row.jump ?? '',
    source: row.source ?? '',
  });
  return { text, length: lengthOf(row.sz) };
}

type TextRow = Record<
  'column_label' | 'kicker' | 'headline' | 'deck' | 'dateline' | 'body_text' | 'jump' | 'source' | 'captions' | 'byline' | 'credits',
  string | null
> & { sz: Uint8Array | null };

function scoreKeys(ctx: Context, keys: Iterable<number>, into: Scored[]): number {
  let read = 0;
  for (const key of keys) {
    read++;
    if (!ctx.passes(key)) continue;
    const found = textOf(ctx.db, key);
    if (found === undefined) continue;
    const score = scoreOf(ctx, found.text, found.length);
    if (score !== null) into.push({ key, score });
  }
  return read;
}

export const byScore = (x: Scored, y: Scored) => y.score - x.score || y.key - x.key;

/**
 * Each part's idf · (k1 + 1) (of its prefix, for a character), and a character's alone phrase's
 * (0 for other parts), from the kept counts of their articles; without `counted`, one part of
 * pairs weighed 1 · (k1 + 1) (its order needs no idf). Null where a part is in no article.
 */
function partWeights(
  db: Database,
  parts: Part[],
  totals: IndexTotals,
  counted: boolean,
): { weights: number[]; aloneWeights: number[] } | null {
  const weightOf = (docs: number) => (BM25_K1 + 1) * idfOf(totals.rows, docs);
  const counts = counted ? partDocs(db, parts, totals.rows) : null;
  if (counts?.includes(0)) {
    keepCounts(db);
    return null;
  }
  const weights = counts ? counts.map(weightOf) : [BM25_K1 + 1];
  const aloneWeights = parts.map((p) => (p.char ? weightOf(phraseDocs(db, `"${p.text.replace(/"/g, '""')}"`, totals.rows)) : 0));
  keepCounts(db);
  return { weights, aloneWeights };
}

/**
 * Each part's idf · (k1 + 1) from the kept counts of its articles, and the index's average
 * length: what bm25 multiplies a part's weight in an article by (null where a part is in no
 * article; not for characters, whose prefix weighs otherwise).
 */
export function exactWeights(db: Database, parts: Part[]): { weights: number[]; avgdl: number } | null {
  if (!parts.length || parts.some((p) => p.char || !p.terms.length)) return null;
  const totals = indexTotals(db);
  const weighed = partWeights(db, parts, totals, true);
  return weighed && { weights: weighed.weights, avgdl: totals.avgdl };
}

/**
 * bm25 of each of the articles `keys` (search keys) that holds every part, as FTS5 scores it
 * (negated: higher is better), from their own text and the kept counts of each phrase: FTS5's
 * bm25 counts every phrase's articles anew for each query (a phrase of common pairs: 90 ms at a
 * million, however few articles it then scores).
 */
export function scoreExactly(db: Database, parts: Part[], keys: Iterable<number>): Scored[] {
  if (!parts.length || parts.some((p) => !p.terms.length)) return [];
  const totals = indexTotals(db);
  const weighed = partWeights(db, parts, totals, true);
  if (!weighed) return [];
  const scored: Scored[] = [];
  scoreKeys({ db, parts, ...weighed, avgdl: totals.avgdl, passes: () => true }, keys, scored);
  return scored;
}

/**
 * What FTS5's bm25 spends counting each phrase's articles before it scores any: some 0.05 µs
 * an article for each pair the phrase merges, ten times that for a character's prefix (every
 * pair it starts); and what scoring an article here costs more than FTS5's scoring of it:
 * some 32 µs (its text read and folded). Measured at a million (docs/benchmarks.md).
 */
const COUNT_US_PER_ARTICLE_PAIR = 0.05;
const PREFIX_COUNT_FACTOR = 10;
const OWN_US_PER_ARTICLE = 32;

/**
 * Whether scoring `n` matches here (scoreExactly) costs less than FTS5's bm25 of them, by what
 * FTS5 would spend counting the query's phrases (from the kept counts: counting one here is
 * what FTS5 would have done anyway). Each phrase's own count stands in for its pairs' (FTS5
 * merges the pairs' lists): close for a phrase about as common as its rarest pair, low for a
 * rare phrase of common pairs, which then goes to FTS5 as before (slower, the same scores).
 */
export function ownScoringPays(db: Database, parts: Part[], n: number): boolean {
  if (!parts.length || parts.some((p) => !p.terms.length)) return false;
  const docs = partDocs(db, parts, indexTotals(db).rows);
  keepCounts(db);
  const counting = parts.reduce(
    (sum, part, i) => sum + docs[i]! * (part.char ? PREFIX_COUNT_FACTOR : part.terms.length) * COUNT_US_PER_ARTICLE_PAIR,
    0,
  );
  return counting > n * OWN_US_PER_ARTICLE;
}

/** bm25's idf, as FTS5 computes it (a phrase in over half the articles weighs almost nothing). */
function idfOf(rows: number, docs: number): number {
  const idf = Math.log((rows - docs + 0.5) / (docs + 0.5));
  return idf > 0 ? idf : 1e-6;
}

/**
 * About how many articles match every part, were the parts found independently of each other
 * (the index's size times each part's share of it), from the kept counts of their articles
 * (search-counts.ts); counted here where the walk would count them anyway (several parts, or a
 * character). Undefined for one part of pairs, whose walk needs no count.
 */
export function expectedMatches(db: Database, parts: Part[]): number | undefined {
  if (!parts.length || (parts.length === 1 && !parts[0]!.char)) return undefined;
  const { rows } = indexTotals(db);
  if (rows === 0) return 0;
  const docs = partDocs(db, parts, rows);
  keepCounts(db);
  return docs.reduce((n, d) => (n * d) / rows, rows);
}

/** How many articles hold a part's phrase (its kept count, search-counts.ts). */
export function partArticles(db: Database, part: Part): number {
  const docs = phraseDocs(db, phraseOf(part), indexTotals(db).rows);
  keepCounts(db);
  return docs;
}

/** How many articles hold each part's phrase (search-counts.ts; the caller keeps the counts made). */
function partDocs(db: Database, parts: Part[], rows: number): number[] {
  return parts.map((p) => phraseDocs(db, phraseOf(p), rows));
}

/** The phrase FTS5 sees for a part of a query (as wordExpression writes it; a character's prefix). */
function phraseOf(part: Part): string {
  const quoted = `"${part.terms.join(' ').replace(/"/g, '""')}"`;
  return part.char ? `${quoted}*` : quoted;
}

export interface WalkInput {
  /** The query's parts (from queryParts), each a phrase of one or more index terms. */
  parts: Part[];
  /** How many results the page needs ranked: offset + limit. */
  need: number;
  /** Search keys the request's dates allow. */
  keyRange?: { lo: number; hi: number };
  /** Checks an article (by search key) against the request's other filters… */
  passes?: (key: number) => boolean;
  /** …or the filters as SQL on the article `a` (filterSql's), checked a batch of articles at once. */
  filters?: { sql: string; params: Record<string, unknown> };
  /** A quarter of the budget, where ranking every match is the caller's cheap alternative. */
  brief?: boolean;
  /**
   * Every match of the query (search keys, the filters passed) where the caller has read them
   * all: an article found is a candidate if it is one of them, with no look at its row.
   */
  among?: ReadonlySet<number>;
  /**
   * Search keys that hold every match the filters allow, and more (the articles the index finds
   * a person's name in): an article found outside them is no candidate, with no look at its row.
   */
  within?: ReadonlySet<number>;
}

export interface Walked {
  /** Every article found and scored, best first. */
  scored: Scored[];
  /** The first `need` of them are bm25's order over every match; else they are the best of those found. */
  proven: boolean;
  /** Unproven with every class read that could lower a bound, not cut short: a longer walk finds no more. */
  exhausted?: boolean;
}

/** The walk's budget (an object, so that tests reach each limit on a small archive). */
export const walkLimits = {
  /** The walk stops past this many articles scored (an article's text read and scored: 20–40 µs)… */
  scored: 1_500,
  /** …or, with several parts or filters, looked at for their characters and filters (some 20 µs each)… */
  looked: 8_000,
  /** …or past this many impact entries read in all. */
  read: 24_000,
};

interface Class {
  mark: string;
  weight: number;
}

/**
 * One list of classes a part is read by: the classes of its pairs (or of the character's pairs
 * started) from the highest weight down, or a character's classes alone.
 */
interface Stream {
  table: 'article_impacts' | 'article_char_impacts';
  /** Its classes above `floor`, highest first. */
  classes: Class[];
  /** The next of them to read. */
  next: number;
  /** What the part can add at most to an article in a class, per unit of its weight. */
  scale: number;
  /** The most a class it does not write weighs (every article is in some class of `alone`: 0). */
  floor: number;
  terms: string[];
  holding: Map<string, Set<number>>;
  /** Its next class is too large to read: it bounds the part where it stands. */
  stuck?: boolean;
}

interface PartWalk {
  part: Part;
  streams: Stream[];
}

const streamBound = (s: Stream) => s.scale * Math.max(s.next < s.classes.length ? s.classes[s.next]!.weight : 0, s.floor);
/** The most the part can add to an article not yet found: an article is in one class of one of its streams, or none. */
const partBound = (w: PartWalk) => Math.max(...w.streams.map(streamBound));
/** …and the least that can fall to, every class read. */
const partFloor = (w: PartWalk) => Math.max(...w.streams.map((s) => s.scale * s.floor));

function classesOf(tfClasses: number, mark: (f: number, l: number) => string, weight: (f: number, l: number) => number): Class[] {
  const classes: Class[] = [];
  for (let f = 0; f < tfClasses; f++) for (let l = 0; l < LENGTH_CLASSES; l++) classes.push({ mark: mark(f, l), weight: weight(f, l) });
  return classes.sort((x, y) => y.weight - x.weight);
}

/**
 * The query's top `need` articles by bm25 over all its matches, found through the impact index:
 * each part's classes are read from the highest weight down, always the part whose next class
 * could still add most to an article not yet found, every article found is scored exactly, and
 * the walk stops once the `need`-th outscores the most anything not yet found could score (the
 * threshold algorithm, with the classes' weights as bounds). Where the budget runs out first the
 * articles found are returned unproven: those the words weigh most in, the best guess at the
 * order. Null where the index cannot serve the query (a character in an archive from before its
 * index, a deep page).
 */
export function walkImpacts(db: Database, input: WalkInput): Walked | null {
  return impactWalker(db, input)?.run(input.brief ?? false) ?? null;
}

/** A walk that can go on: each `run` walks on from where the last stopped, to its own budget (a quarter of it, `brief`). */
export interface Walker {
  run(brief: boolean): Walked;
}

/** The walk of walkImpacts, to be run (and run on) by the caller; null where the index cannot serve the query. */
export function impactWalker(db: Database, input: Omit<WalkInput, 'brief'>): Walker | null {
  const { parts } = input;
  if (!parts.length || parts.some((p) => !p.terms.length) || input.need > MAX_NEED) return null;
  const chars = parts.some((p) => p.char);
  if (chars && !hasCharImpacts(db)) return null;
  const totals = indexTotals(db);
  const { avgdl } = totals;
  const floor = unwrittenWeight(avgdl);
  const pairClasses = classesOf(TF_CLASSES, classMark, (f, l) => classWeight(f, l, avgdl)).filter((c) => c.weight > floor);
  const charClasses = chars
    ? classesOf(CHAR_TF_CLASSES, charClassMark, (f, l) => charClassWeight(f, l, avgdl)).filter((c) => c.weight > floor)
    : [];
  const aloneClasses = chars
    ? classesOf(
        1,
        (_, l) => aloneMark(l),
        (_, l) => aloneWeight(l, avgdl),
      )
    : [];
  // One part of pairs: its order needs no idf, the same for every article (and no count of its
  // articles). A character's two phrases weigh each by its own.
  const weighed = partWeights(db, parts, totals, parts.length > 1 || parts[0]!.char);
  // A part in no article: nothing matches, and the walk would read every class of the others.
  if (!weighed) return { run: () => ({ scored: [], proven: true }) };
  const { weights, aloneWeights } = weighed;
  const ctx: Context = { db, parts, weights, aloneWeights, avgdl, passes: input.passes ?? (() => true) };
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const walks: PartWalk[] = parts.map((part, i) => {
    const terms = [...new Set(part.terms)];
    const holding = () => new Map(terms.map((t) => [t, new Set<number>()]));
    if (!part.char)
      return {
        part,
        streams: [{ table: 'article_impacts', classes: pairClasses, next: 0, scale: weights[i]!, floor, terms, holding: holding() }],
      };
    return {
      part,
      streams: [
        { table: 'article_char_impacts', classes: charClasses, next: 0, scale: weights[i]!, floor, terms, holding: holding() },
        // An article holding the character only alone scores by both its phrases, each with tf 1.
        {
          table: 'article_char_impacts',
          classes: aloneClasses,
          next: 0,
          scale: weights[i]! + aloneWeights[i]!,
          floor: 0,
          terms,
          holding: holding(),
        },
      ],
    };
  });
  const range = input.keyRange ? ' AND rowid BETWEEN CAST(? AS INTEGER) AND CAST(? AS INTEGER)' : '';
  const finders = {
    article_impacts: stmt(db, `SELECT rowid FROM article_impacts WHERE article_impacts MATCH ?${range} LIMIT ${MAX_READ + 1}`).pluck(),
    article_char_impacts: chars
      ? stmt(db, `SELECT rowid FROM article_char_impacts WHERE article_char_impacts MATCH ?${range} LIMIT ${MAX_READ + 1}`).pluck()
      : undefined,
  };
  const seen = new Set<number>();
  const scored: Scored[] = [];
  let scoredCount = 0;
  // With several parts, most articles one part finds may lack another; with filters, most may
  // fail them: a look at each batch's rows for the query's Chinese words and the filters leaves
  // those that can match.
  const everyRun = parts.length > 1 ? [...new Set(parts.filter((p) => p.han).map((p) => p.text))] : [];
  const filtered = input.filters?.sql ? input.filters : undefined;
  const among = input.among;
  const within = input.within;
  const look = everyRun.length || filtered ? keysPassing(db, everyRun, filtered ?? { sql: '', params: {} }) : undefined;
  const holding = among
    ? (keys: number[]) => keys.filter((k) => among.has(k))
    : within
      ? (keys: number[]) => {
          const kept = keys.filter((k) => within.has(k));
          return look ? look(kept) : kept;
        }
      : look;
  // How many articles the look has been asked about (within `within`, where given).
  let looked = 0;
  let read = 0;
  // Articles found and not yet looked at, and looked at and not yet scored, where the walk
  // stopped at its budget: a longer walk goes on from them.
  let unlooked: number[] = [];
  let unscored: number[] = [];
  const run = (brief: boolean): Walked => {
    const share = brief ? 1 / 4 : 1;
    const maxScored = walkLimits.scored * share;
    const maxLooked = walkLimits.looked * share;
    const maxRead = walkLimits.read * share;
    const stop = (): Walked => ({ scored, proven: false });
    for (;;) {
      if (unlooked.length) {
        const asked = within ? unlooked.filter((k) => within.has(k)).length : unlooked.length;
        if (holding && !among && looked + asked > maxLooked) return stop();
        looked += asked;
        unscored = holding ? holding(unlooked) : unlooked;
        unlooked = [];
      }
      if (unscored.length) {
        if (scoredCount + unscored.length > maxScored) return stop();
        scoredCount += unscored.length;
        scoreKeys(ctx, unscored, scored);
        scored.sort(byScore);
        unscored = [];
      }
      // Anything not yet found scores at most the sum of each part's bound.
      const bound = walks.reduce((sum, w) => sum + partBound(w), 0);
      const last = scored[input.need - 1];
      if (last && last.score >= bound) return { scored, proven: true };
      // Read next for the part that could still add most to an article not yet found (a part
      // at its floor cannot fall further), in the stream that bounds it: the bounds fall
      // together, and a part of little idf is hardly read at all.
      let lead: Stream | undefined;
      let most = 0;
      for (const w of walks) {
        const over = partBound(w) - partFloor(w);
        if (over <= 0 || (lead && over <= most)) continue;
        // Only the stream that bounds the part can lower it; where that one is stuck, so is the part.
        const top = w.streams.reduce((x, y) => (streamBound(y) > streamBound(x) ? y : x));
        if (top.stuck || top.next >= top.classes.length) continue;
        lead = top;
        most = over;
      }
      if (!lead) return { scored, proven: false, exhausted: true };
      const mark = lead.classes[lead.next++]!.mark;
      const find = finders[lead.table]!;
      let touched: Iterable<number> = [];
      const reads: number[][] = [];
      for (const term of [...lead.terms]) {
        const args: unknown[] = [quote(mark + term)];
        if (input.keyRange) args.push(input.keyRange.lo, input.keyRange.hi);
        const keys = find.all(...args) as number[];
        read += keys.length;
        if (keys.length > MAX_READ) {
          // A class too large to read: the stream stays at its bound (the class's articles are
          // yet to be found) and the other parts go on, which may still prove the order.
          if (lead.terms.length === 1) {
            lead.next--;
            lead.stuck = true;
            break;
          }
          // A pair too common to read: the phrase's other pairs bound it as well (it occurs no
          // more often than any of them), so they lead alone; every article they have all found
          // so far is then a candidate.
          lead.terms = lead.terms.filter((t) => t !== term);
          lead.holding.delete(term);
          touched = new Set([...lead.holding.values()].flatMap((held) => [...held]));
          continue;
        }
        const found = lead.holding.get(term)!;
        for (const key of keys) found.add(key);
        reads.push(keys);
      }
      touched = [...touched, ...reads.flat()];
      // An article is scored once every pair of the part that leads is found in it: a phrase
      // occurs no more often than any of its pairs, so until then it weighs no more than the
      // part's bound.
      const stream = lead;
      for (const key of touched) {
        if (seen.has(key) || !stream.terms.every((t) => stream.holding.get(t)!.has(key))) continue;
        seen.add(key);
        unlooked.push(key);
      }
      // Past the budget of entries read, what this class found is left for a longer walk.
      if (read > maxRead) return stop();
    }
  };
  return { run };
}
