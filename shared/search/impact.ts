/**
 * The relevance of a word to an article, as FTS5's bm25 scores it, and the "impact" terms that
 * let the archive find the articles a common word is most relevant to without scoring every
 * article that holds it.
 *
 * bm25 gives a phrase p in an article d the score idf(p) · (k1 + 1) · w, where
 * w = tf / (tf + k1 · (1 − b + b · dl / avgdl)) lies between 0 and 1: how often the phrase
 * occurs (tf), damped by the article's length (dl, in index terms). For a word in most of the
 * archive, the articles that rank first are the few with a high w. So each article also
 * writes the terms it holds often (or at all, if it is short), marked with how often and how
 * long the article is; a query reads the classes that can weigh most first and stops once
 * nothing left could rank in the page.
 */

/** FTS5's bm25 constants (its built-in defaults). */
import { charClass, HAN } from '../text/char-class';
import { decodeUtf16 } from '../text/utf16';

export const BM25_K1 = 1.2;
export const BM25_B = 0.75;

/** w for a term occurring tf times in an article of dl index terms. */
export function termWeight(tf: number, dl: number, avgdl: number): number {
  if (tf <= 0) return 0;
  const norm = avgdl > 0 ? dl / avgdl : 1;
  return tf / (tf + BM25_K1 * (1 - BM25_B + BM25_B * norm));
}

/**
 * An impact term says how often a term occurs in an article and how long the article is, each as
 * a class (a letter apiece), not the weight itself: the weight depends on the index's average
 * length, which moves as the archive grows, and a class's highest weight can be worked out
 * exactly at query time from the average of that moment.
 *
 * Frequency classes: 1 … 8 times one by one, then 9–11, 12–15, 16–23, 24–31 and 32 or more (a
 * class's highest weight is its highest count's, so the open-ended last class weighs 1 and is
 * read first: it must stay small). Length classes (in index terms): below 16, then up to
 * 16 · 1.5^k for k = 1 … 15, then longer.
 */
const TF_BOUNDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 16, 24, 32];
export const TF_CLASSES = TF_BOUNDS.length;
const LENGTH_BOUNDS = [0, ...Array.from({ length: 16 }, (_, k) => Math.round(16 * 1.5 ** k))];
export const LENGTH_CLASSES = LENGTH_BOUNDS.length;

/**
 * A term occurring once gets an impact term only in an article shorter than this: in a longer
 * one it weighs at most unwrittenWeight, and the walk stops there.
 */
export const SHORT_ARTICLE = 80;

export function tfClassOf(tf: number, bounds: readonly number[] = TF_BOUNDS): number {
  if (tf <= 8) return tf - 1;
  let c = 8;
  while (c + 1 < bounds.length && tf >= bounds[c + 1]!) c++;
  return c;
}
export function lengthClassOf(dl: number): number {
  let c = 0;
  while (c + 1 < LENGTH_BOUNDS.length && dl >= LENGTH_BOUNDS[c + 1]!) c++;
  return c;
}

/** The two letters that mark a frequency class and a length class: 'a'… and 'a'…. */
export const classMark = (tfClass: number, lengthClass: number): string => String.fromCharCode(0x61 + tfClass, 0x61 + lengthClass);

/** The highest weight an article in the class can give a term, at this average length. */
export function classWeight(tfClass: number, lengthClass: number, avgdl: number, bounds: readonly number[] = TF_BOUNDS): number {
  if (tfClass === bounds.length - 1) return 1;
  return termWeight(bounds[tfClass + 1]! - 1, LENGTH_BOUNDS[lengthClass]!, avgdl);
}

/** The most a term can weigh in an article with no impact term for it (once, in a long article). */
export function unwrittenWeight(avgdl: number): number {
  return termWeight(1, SHORT_ARTICLE, avgdl);
}

/**
 * Where the index term starting at `at` ends (terms are space-separated). Nearly every term is
 * a pair of two units: its end is looked for only when it is not.
 */
function termEnd(terms: string, at: number): number {
  const end = at + 2;
  if (end < terms.length && terms.charCodeAt(end) !== 0x20) {
    const space = terms.indexOf(' ', at);
    return space < 0 ? terms.length : space;
  }
  return Math.min(end, terms.length);
}

/**
 * The impact terms of an article whose index terms are `terms` (space-separated, as indexTerms
 * writes them): every term of two or more characters that occurs twice or more, or at all in a
 * short article, marked with its frequency and length classes.
 */
export function impactTerms(terms: string): string {
  // Two-unit terms (the pairs, nearly all of them) are counted by their code in an
  // open-addressing table; the few others in a Map. On every import's hot path a Map of
  // substrings cost ten times the cutting of the terms.
  const n = terms.length;
  let size = 256;
  while (size < n) size <<= 1;
  if (codes.length < size) {
    codes = new Int32Array(size);
    counts = new Int32Array(size);
  }
  const mask = size - 1;
  const shift = 32 - Math.log2(size);
  counts.fill(0, 0, size);
  let others: Map<string, number> | undefined;
  let dl = 0;
  for (let at = 0; at < n;) {
    const end = termEnd(terms, at);
    const len = end - at;
    if (len === 2) {
      dl++;
      const code = (terms.charCodeAt(at) << 16) | terms.charCodeAt(at + 1);
      for (let slot = Math.imul(code, 0x9e3779b1) >>> shift; ; slot = (slot + 1) & mask) {
        if (counts[slot] === 0) {
          codes[slot] = code;
          counts[slot] = 1;
          break;
        }
        if (codes[slot] === code) {
          counts[slot]!++;
          break;
        }
      }
    } else if (len === 1) {
      // A character of its own: counted in the length, never an impact term.
      dl++;
    } else if (len > 0) {
      dl++;
      const term = terms.slice(at, end);
      others ??= new Map();
      others.set(term, (others.get(term) ?? 0) + 1);
    }
    at = end + 1;
  }
  const short = dl < SHORT_ARTICLE;
  const lengthMark = 0x61 + lengthClassOf(dl);
  // Written as UTF-16 units into one reused buffer and decoded once, as charImpactTerms: a
  // string per term and a join were most of this function's time.
  if (pairsOut.length < n * 2 + 8) pairsOut = new Uint16Array(n * 2 + 8);
  const buffer = pairsOut;
  let w = 0;
  for (let slot = 0; slot < size; slot++) {
    const tf = counts[slot]!;
    if (tf === 0 || (tf < 2 && !short)) continue;
    const code = codes[slot]!;
    if (w > 0) buffer[w++] = 0x20;
    buffer[w++] = 0x61 + tfClassOf(tf);
    buffer[w++] = lengthMark;
    buffer[w++] = code >>> 16;
    buffer[w++] = code & 0xffff;
  }
  let out = decodeUtf16(buffer.subarray(0, w));
  if (others) {
    const mark = String.fromCharCode(lengthMark);
    for (const [term, tf] of others) {
      if (tf >= 2 || short) out += `${out ? ' ' : ''}${String.fromCharCode(0x61 + tfClassOf(tf))}${mark}${term}`;
    }
  }
  return out;
}

let codes = new Int32Array(0);
let pairsOut = new Uint16Array(4096);
let counts = new Int32Array(0);

/**
 * How many times a part of a query word occurs in the indexed text, as FTS5 counts the phrase
 * of its pairs: every place it starts, overlapping places included. `folded` is the text
 * through normalizeForSearch; `han` says the part is a run of Chinese characters (a run of
 * letters or digits is one term and must stand alone).
 */
export function occurrences(folded: string, part: string, han: boolean): number {
  let n = 0;
  if (han) {
    for (let at = folded.indexOf(part); at >= 0; at = folded.indexOf(part, at + 1)) n++;
    return n;
  }
  const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c) && !/\p{Script=Han}/u.test(c);
  for (let at = folded.indexOf(part); at >= 0; at = folded.indexOf(part, at + 1)) {
    if (!isWordChar(folded[at - 1]) && !isWordChar(folded[at + part.length])) n++;
  }
  return n;
}

/**
 * Words of one character. FTS5 finds one as a prefix (市* : every pair it starts, and the
 * character itself where it only ends runs, see indexTerms) or as that term alone ("市"), and
 * bm25 scores both phrases, each with its idf. So each article also writes, per character,
 * how many pairs it starts (its "starts" class, marked as for pairs but with frequency classes
 * reaching higher: a common character starts hundreds of pairs in one article) where that is
 * twice or more or the article is short, and where the character is there only as a term of
 * its own ("alone", always written, marked ALONE_MARK and its length class): an article that
 * holds it that way scores by both phrases, each with tf 1.
 */
export const CHAR_TF_BOUNDS = [...TF_BOUNDS, 48, 64, 96, 128, 192, 256];
export const CHAR_TF_CLASSES = CHAR_TF_BOUNDS.length;
/** The frequency letter of the class of articles holding a character only alone (past every starts class). */
export const ALONE_MARK = 'z';

export const charClassMark = (tfClass: number, lengthClass: number): string => classMark(tfClass, lengthClass);
export const aloneMark = (lengthClass: number): string => ALONE_MARK + String.fromCharCode(0x61 + lengthClass);
/** The highest weight a starts class can give its character, at this average length. */
export const charClassWeight = (tfClass: number, lengthClass: number, avgdl: number): number =>
  classWeight(tfClass, lengthClass, avgdl, CHAR_TF_BOUNDS);
/** The highest weight an alone class gives (tf 1 at the class's shortest length). */
export const aloneWeight = (lengthClass: number, avgdl: number): number => termWeight(1, LENGTH_BOUNDS[lengthClass]!, avgdl);

const started = new Int32Array(0x10000);
const stamp = new Uint32Array(0x10000);
let round = 0;

/**
 * The character impact terms of an article whose index terms are `terms`: for each Chinese
 * character, its starts class (mark, then the character) where it starts a pair twice or more
 * or the article is short, and its alone class where it stands only as a term of its own.
 */
export function charImpactTerms(terms: string): string {
  if (++round === 0xffffffff) {
    stamp.fill(0);
    round = 1;
  }
  const touched: number[] = [];
  const alone: number[] = [];
  let astral: Map<number, number> | undefined;
  const n = terms.length;
  let dl = 0;
  for (let at = 0; at < n;) {
    const end = termEnd(terms, at);
    if (end > at) {
      dl++;
      const cp = terms.charCodeAt(at);
      const wide = cp >= 0xd800 && cp <= 0xdbff;
      const point = wide ? terms.codePointAt(at)! : cp;
      if (charClass(point) & HAN) {
        if (at + (wide ? 2 : 1) === end) alone.push(point);
        else if (!wide) {
          if (stamp[cp] !== round) {
            stamp[cp] = round;
            started[cp] = 0;
            touched.push(cp);
          }
          started[cp]!++;
        } else {
          astral ??= new Map();
          astral.set(point, (astral.get(point) ?? 0) + 1);
        }
      }
    }
    at = end + 1;
  }
  const short = dl < SHORT_ARTICLE;
  const lengthClass = lengthClassOf(dl);
  // Written as UTF-16 units into one reused buffer and decoded once (as indexTerms does): a
  // string per term and a join cost as much as the counting.
  const most = (touched.length + alone.length + (astral?.size ?? 0)) * 5;
  if (written.length < most) written = new Uint16Array(most * 2);
  const buffer = written;
  let w = 0;
  const put = (first: number, cp: number) => {
    if (w > 0) buffer[w++] = 0x20;
    buffer[w++] = first;
    buffer[w++] = 0x61 + lengthClass;
    if (cp < 0x10000) buffer[w++] = cp;
    else {
      buffer[w++] = 0xd800 + ((cp - 0x10000) >> 10);
      buffer[w++] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
    }
  };
  for (const cp of touched) {
    const tf = started[cp]!;
    if (tf >= 2 || short) put(0x61 + tfClassOf(tf, CHAR_TF_BOUNDS), cp);
  }
  if (astral) for (const [cp, tf] of astral) if (tf >= 2 || short) put(0x61 + tfClassOf(tf, CHAR_TF_BOUNDS), cp);
  const lone = ALONE_MARK.charCodeAt(0);
  for (const cp of alone) put(lone, cp);
  return decodeUtf16(buffer.subarray(0, w));
}

let written = new Uint16Array(4096);

/**
 * How a character occurs in the indexed text, as FTS5 counts its two phrases: `starts`, the
 * pairs it starts (a Chinese character follows it), and `alone`, whether it is there only at
 * the ends of runs (a term of its own, written once). `folded` is the text through
 * normalizeForSearch. The prefix phrase's tf is starts, or 1 where alone.
 */
export function charOccurrences(folded: string, ch: string): { starts: number; alone: boolean } {
  let starts = 0;
  let held = false;
  const width = ch.length;
  for (let at = folded.indexOf(ch); at >= 0; at = folded.indexOf(ch, at + width)) {
    held = true;
    const next = folded.codePointAt(at + width);
    if (next !== undefined && charClass(next) & HAN) starts++;
  }
  return { starts, alone: held && starts === 0 };
}
