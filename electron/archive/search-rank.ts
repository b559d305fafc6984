import type { Database } from 'better-sqlite3';
import {
  BM25_K1,
  classMark,
  classWeight,
  LENGTH_CLASSES,
  occurrences,
  termWeight,
  TF_CLASSES,
  unwrittenWeight,
} from '../../shared/search/impact';
import { normalizeForSearch, runsOf } from '../../shared/search/tokens';
import { indexedLength, indexTotals } from './search-impacts';
import { searchText } from './search-index';
import { stmt } from './statements';

/**
 * Ranking one common word by relevance as FTS5's bm25 would rank every match, without scoring
 * every match. The impact index (migration 0180) gives the articles the word weighs most in,
 * class by class from the highest possible weight down; after each band of classes the
 * articles found are scored exactly (tf from their text, dl as FTS5 stored it), and the walk
 * stops once the page's last article outscores anything not yet found: bm25's order over all
 * matches, proven, from a few hundred articles. Where it cannot prove it within its budget,
 * the caller ranks the newest matches instead and says so.
 */

/** The walk gives up past this many articles scored: reading an article costs ~30 µs. */
const MAX_CANDIDATES = 400;
/** …or past this many impact entries read for one term in one band (four times in all). */
const MAX_READ = 3_000;
/** …and does not try for pages deeper than this. */
const MAX_NEED = 200;

interface Part {
  text: string;
  han: boolean;
  /** The index terms the part is made of (its pairs, or the word itself). */
  terms: string[];
}

/** The parts of the query as bm25 sees them: one phrase per run of each word. */
export function queryParts(words: string[]): Part[] {
  const parts: Part[] = [];
  for (const word of words) {
    for (const run of runsOf(word)) {
      const chars = [...run.text];
      const terms = !run.han ? [run.text] : chars.length < 2 ? [] : chars.slice(1).map((c, i) => chars[i]! + c);
      parts.push({ text: run.text, han: run.han, terms });
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
  weights: number[];
  avgdl: number;
  /** Checks an article (by search key) against the request's filters. */
  passes: (key: number) => boolean;
}

/** The exact score of one article, or null when it does not hold every part (or fails a filter). */
function scoreOf(ctx: Context, key: number, text: string): number | null {
  const folded = normalizeForSearch(text);
  const dl = indexedLength(ctx.db, key) ?? ctx.avgdl;
  let score = 0;
  for (let i = 0; i < ctx.parts.length; i++) {
    const part = ctx.parts[i]!;
    const tf = occurrences(folded, part.text, part.han);
    if (tf === 0) return null;
    score += ctx.weights[i]! * termWeight(tf, dl, ctx.avgdl);
  }
  return score;
}

const TEXT_SQL = `SELECT column_label, kicker, headline, deck, dateline, body_text, jump, source,
  (SELECT group_concat(caption, ' ') FROM photos WHERE article_id = a.id) AS captions
  FROM search_keys k JOIN articles a ON a.id = k.article_id WHERE k.key = CAST(? AS INTEGER)`;

/** The article's searchable text by its key (people's names aside: a query's words are rarely in them). */
function textOf(db: Database, key: number): string | undefined {
  const row = stmt(db, TEXT_SQL).get(key) as Record<string, string | null> | undefined;
  if (!row) return undefined;
  return searchText({
    column: row.column_label ?? '',
    kicker: row.kicker ?? '',
    headline: row.headline ?? '',
    deck: row.deck ?? '',
    dateline: row.dateline ?? '',
    people: '',
    body: row.body_text ?? '',
    captions: row.captions ?? '',
    jump: row.jump ?? '',
    source: row.source ?? '',
  });
}

function scoreKeys(ctx: Context, keys: Iterable<number>, into: Scored[]): number {
  let read = 0;
  for (const key of keys) {
    read++;
    if (!ctx.passes(key)) continue;
    const text = textOf(ctx.db, key);
    if (text === undefined) continue;
    const score = scoreOf(ctx, key, text);
    if (score !== null) into.push({ key, score });
  }
  return read;
}

const byScore = (x: Scored, y: Scored) => y.score - x.score || y.key - x.key;

export interface WalkInput {
  /** The one word being ranked (its part, from queryParts). */
  part: Part;
  /** How many results the page needs ranked: offset + limit. */
  need: number;
  /** Search keys the request's dates allow. */
  keyRange?: { lo: number; hi: number };
  /** Checks an article (by search key) against the request's other filters. */
  passes: (key: number) => boolean;
}

/**
 * The word's top `need` articles by bm25 over all its matches, proven, or null when the walk
 * could not prove them within its budget (the caller then ranks a window of the newest). One
 * word's order needs no idf: it is the same for every article.
 */
export function walkImpacts(db: Database, input: WalkInput): Scored[] | null {
  const { part } = input;
  if (!part.terms.length || input.need > MAX_NEED) return null;
  const { avgdl } = indexTotals(db);
  const ctx: Context = { db, parts: [part], weights: [BM25_K1 + 1], avgdl, passes: input.passes };
  const classes: { mark: string; weight: number }[] = [];
  for (let f = 0; f < TF_CLASSES; f++)
    for (let l = 0; l < LENGTH_CLASSES; l++) classes.push({ mark: classMark(f, l), weight: classWeight(f, l, avgdl) });
  classes.sort((x, y) => y.weight - x.weight);
  const floor = unwrittenWeight(avgdl);
  const range = input.keyRange ? ' AND rowid BETWEEN CAST(? AS INTEGER) AND CAST(? AS INTEGER)' : '';
  const find = stmt(db, `SELECT rowid FROM article_impacts WHERE article_impacts MATCH ?${range} LIMIT ${MAX_READ + 1}`).pluck();
  const terms = [...new Set(part.terms)];
  const holding = new Map(terms.map((t) => [t, new Set<number>()]));
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const seen = new Set<number>();
  const scored: Scored[] = [];
  let read = 0;
  // Class by class, highest first: each is one small read per pair, and after it everything
  // not yet found weighs less than the next class (or than a term with no impact term).
  for (let next = 0; next < classes.length && classes[next]!.weight > floor;) {
    const mark = classes[next++]!.mark;
    const touched: number[] = [];
    for (const term of terms) {
      const args: unknown[] = [quote(mark + term)];
      if (input.keyRange) args.push(input.keyRange.lo, input.keyRange.hi);
      const keys = find.all(...args) as number[];
      read += keys.length;
      if (keys.length > MAX_READ || read > MAX_READ * 4) return null;
      const found = holding.get(term)!;
      for (const key of keys) {
        found.add(key);
        touched.push(key);
      }
    }
    if (!touched.length) continue;
    // A candidate once every pair of the word is found in it: a phrase occurs no more often
    // than any of its pairs, so it weighs no more than the least of them.
    const fresh: number[] = [];
    for (const key of touched) {
      if (seen.has(key) || !terms.every((t) => holding.get(t)!.has(key))) continue;
      seen.add(key);
      fresh.push(key);
    }
    if (seen.size > MAX_CANDIDATES) return null;
    if (!fresh.length) continue;
    scoreKeys(ctx, fresh, scored);
    scored.sort(byScore);
    const below = Math.max(next < classes.length ? classes[next]!.weight : 0, floor);
    const last = scored[input.need - 1];
    if (last && last.score >= (BM25_K1 + 1) * below) return scored;
  }
  return null;
}
