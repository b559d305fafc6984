/**
 * Search terms for Chinese text. FTS5's own tokenizers either cannot match two characters
 * (trigram) or need word segmentation that loses names; overlapping character pairs give
 * full recall for any query of two or more characters, so the archive indexes those: every
 * run of Chinese becomes its pairs (and a character that only ends runs, a term of its own, so
 * that single characters are found wherever they stand), every run of letters or digits one word.
 */
import { charClass, HAN, WORD } from '../text/char-class';
import { decodeUtf16 } from '../text/utf16';

// Local copies: an imported binding is read through a getter on every use under tsx and vitest.
const HAN_BIT = HAN;
const WORD_BIT = WORD;

/** NFKC folds full-width letters and digits (２０２４, ＡＢＣ) into the ones people type. */
export function normalizeForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export interface Run {
  han: boolean;
  text: string;
}

const RUNS = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}])+)/gu;

/** Runs of Chinese characters and runs of letters/digits; everything else separates. */
export function runsOf(text: string): Run[] {
  const runs: Run[] = [];
  for (const m of normalizeForSearch(text).matchAll(RUNS)) runs.push({ han: m[1] !== undefined, text: m[0] });
  return runs;
}

// Marks, per call of indexTerms, which characters start a pair and which end a run: a stamp
// per code point instead of a set, since every character of an import passes through here.
const startedIn = new Uint32Array(0x10000);
const endedIn = new Uint32Array(0x10000);
let call = 0;
// The terms are written as UTF-16 units into one reused buffer and decoded once: a string
// per pair and a join cost more than the rest of the work together.
let out = new Uint16Array(4096);

/**
 * The text as the space-separated terms the FTS5 index stores: 营商环境 → 营商 商环 环境.
 * A single character is found as the first character of a pair (境* finds 境内) or, where it
 * only ever ends a run in this text (…环境。), as a term of its own, written once at the end.
 * Pairs keep their positions: a phrase of pairs matches across two runs only where the one
 * ends with the character the next begins with (督导。导考核 holds 督导考核 to FTS5). The runs
 * are those of runsOf, read in one pass over the text (this is on every import's hot path).
 */
export function indexTerms(text: string): string {
  const s = normalizeForSearch(text);
  if (++call === 0xffffffff) {
    startedIn.fill(0);
    endedIn.fill(0);
    call = 1;
  }
  // At most three units written per unit read (a pair and a space for each character) and
  // the run-final characters at the end, which are no more than the units read.
  if (out.length < s.length * 4 + 8) out = new Uint16Array(s.length * 4 + 8);
  const buffer = out;
  let n = 0;
  const put = (from: number, to: number) => {
    if (n > 0) buffer[n++] = 0x20;
    for (let k = from; k < to; k++) buffer[n++] = s.charCodeAt(k);
  };
  const ends: number[] = [];
  // Characters beyond the BMP are rare: plain sets for them.
  const astralStarts = new Set<number>();
  const astralEnds = new Set<number>();
  let wordAt = -1;
  let hanAt = -1;
  let hanCp = 0;
  const endRun = () => {
    if (hanCp < 0x10000 ? endedIn[hanCp] === call : astralEnds.has(hanCp)) return;
    if (hanCp < 0x10000) endedIn[hanCp] = call;
    else astralEnds.add(hanCp);
    ends.push(hanCp);
  };
  for (let i = 0; i < s.length;) {
    const cp = s.codePointAt(i)!;
    const next = i + (cp > 0xffff ? 2 : 1);
    const cls = charClass(cp);
    if (cls & HAN_BIT) {
      if (wordAt >= 0) {
        put(wordAt, i);
        wordAt = -1;
      }
      if (hanAt >= 0) {
        put(hanAt, next);
        if (hanCp < 0x10000) startedIn[hanCp] = call;
        else astralStarts.add(hanCp);
      }
      hanAt = i;
      hanCp = cp;
    } else {
      if (hanAt >= 0) {
        endRun();
        hanAt = -1;
      }
      if (cls & WORD_BIT) {
        if (wordAt < 0) wordAt = i;
      } else if (wordAt >= 0) {
        put(wordAt, i);
        wordAt = -1;
      }
    }
    i = next;
  }
  if (hanAt >= 0) endRun();
  if (wordAt >= 0) put(wordAt, s.length);
  for (const cp of ends) {
    if (cp < 0x10000 ? startedIn[cp] === call : astralStarts.has(cp)) continue;
    if (n > 0) buffer[n++] = 0x20;
    if (cp < 0x10000) buffer[n++] = cp;
    else {
      buffer[n++] = 0xd800 + ((cp - 0x10000) >> 10);
      buffer[n++] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
    }
  }
  return decodeUtf16(buffer.subarray(0, n));
}

/** A symbol, a CJK radical among them (Chinese script to runsOf): unicode61 reads it as a space, so a pair holding one is no term of the index. */
export const SYMBOL = /\p{S}/u;

/** A character unicode61 may read otherwise than as itself, in a term: anything but Chinese script (not a symbol of it), a–z, 0–9. */
export const OTHER_THAN_PLAIN = /[^\p{Script=Han}a-z0-9 ]|\p{S}/u;

/** A bareword or phrase that FTS5 reads literally. */
const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * One word of a query as an FTS5 expression: a phrase of its character pairs (adjacent, so
 * 营商环境 finds 营商环境 and not 营商…环境), a single character as the term or any pair it starts.
 */
export function wordExpression(word: string): string | null {
  const parts = runsOf(word).map((run) => {
    if (!run.han) return quote(run.text);
    const chars = [...run.text];
    if (chars.length === 1) return `(${quote(chars[0]!)} OR ${quote(chars[0]!)}*)`;
    const pairs: string[] = [];
    for (let i = 0; i + 1 < chars.length; i++) pairs.push(chars[i]! + chars[i + 1]!);
    return quote(pairs.join(' '));
  });
  if (!parts.length) return null;
  return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
}

/**
 * The expression relevance is scored by: each word by its first term alone. bm25 needs the
 * number of documents each phrase occurs in, and for a phrase of common characters FTS5 can
 * only count that by checking the phrase in every document holding its pairs; a single term's
 * count is cheap. Documents are still found by the full phrase.
 */
function rankTerm(word: string): string | null {
  const run = runsOf(word)[0];
  if (!run) return null;
  if (!run.han) return quote(run.text);
  const chars = [...run.text];
  return chars.length === 1 ? `(${quote(chars[0]!)} OR ${quote(chars[0]!)}*)` : quote(chars[0]! + chars[1]!);
}

export interface ParsedQuery {
  /** The FTS5 MATCH expression, or null when the query holds nothing searchable. */
  match: string | null;
  /** A cheaper expression, implied by `match`, whose bm25 ranks what `match` found. */
  rank: string | null;
  /** The words and phrases as typed, for highlighting. */
  words: string[];
}

/** 营商 "政府采购" 沙市: every word must match (AND); quotes keep a phrase together. */
export function parseQuery(query: string): ParsedQuery {
  const words: string[] = [];
  for (const m of query.matchAll(/"([^"]+)"|“([^”]+)”|(\S+)/gu)) {
    const word = (m[1] ?? m[2] ?? m[3] ?? '').trim();
    if (word) words.push(word);
  }
  const expressions = words.map(wordExpression).filter((e): e is string => e !== null);
  const ranks = words.map(rankTerm).filter((e): e is string => e !== null);
  return {
    match: expressions.length ? expressions.join(' AND ') : null,
    rank: ranks.length ? ranks.join(' OR ') : null,
    words,
  };
}

/**
 * A short passage of `text` around the first place a query word occurs, with where each
 * occurrence of a word falls in it, for the result list to highlight.
 */
export function snippetOf(text: string, words: string[], radius = 40): { snippet: string; highlights: [number, number][] } {
  const plain = text.replace(/\s+/gu, ' ');
  const folded = normalizeForSearch(plain);
  const needles = words.map((w) => normalizeForSearch(w).replace(/\s+/gu, '')).filter(Boolean);
  let first = -1;
  for (const n of needles) {
    const at = folded.indexOf(n);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  const start = first < 0 ? 0 : Math.max(0, first - Math.floor(radius / 2));
  const end = Math.min(plain.length, start + radius * 2);
  const snippet = (start > 0 ? '…' : '') + plain.slice(start, end) + (end < plain.length ? '…' : '');
  const offset = start > 0 ? 1 - start : 0;
  const highlights: [number, number][] = [];
  for (const n of needles) {
    let at = folded.indexOf(n, start);
    while (at >= 0 && at + n.length <= end) {
      highlights.push([at + offset, at + offset + n.length]);
      at = folded.indexOf(n, at + n.length);
    }
  }
  highlights.sort((a, b) => a[0] - b[0]);
  return { snippet, highlights };
}
