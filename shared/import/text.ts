/** Character classes and widths of Chinese page text, as the importer needs them. */
import { charClass, HAN } from '../text/char-class';

// A local copy: an imported binding is read through a getter on every use under tsx and vitest.
const HAN_BIT = HAN;

/** Is this character (one code point; '' is none) a Chinese character? From the class table: a regex per character was a fifth of an import's reading time. */
export const isHan = (ch: string): boolean => ch !== '' && (charClass(ch.codePointAt(0)!) & HAN_BIT) !== 0;
export const isHanCodePoint = (cp: number): boolean => (charClass(cp) & HAN_BIT) !== 0;

/** Display width on the character grid: full-width characters one cell, Latin and digits half. */
export function gridWidth(text: string): number {
  // By code unit, not by an iterator of characters (every line of a page is measured):
  // the low half of a surrogate pair is the same character as the high half before it.
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x2000) width += 0.5;
    else if (c < 0xdc00 || c > 0xdfff || i === 0 || (text.charCodeAt(i - 1) & 0xfc00) !== 0xd800) width += 1;
  }
  return width;
}

/** The marks that end a sentence, full or half width, possibly followed by closing quotes. */
const SENTENCE_END = /[。！？!?…；;.]["”’』」）)]*$|[：:]$|(摄|供图)\s*[）)]$|版\s*[）)]$/u;

/** The last characters SENTENCE_END can match, by code: a line ending otherwise is let go without the regex. */
const SENTENCE_LAST = new Set(Array.from('。！？!?…；;."”’』」）)：:', (ch) => ch.charCodeAt(0)));

export function endsSentence(line: string): boolean {
  const trimmed = line.trimEnd();
  // (asked of every line, most of them ending mid-sentence; a code, not a string of the last character)
  if (!SENTENCE_LAST.has(trimmed.charCodeAt(trimmed.length - 1))) return false;
  return SENTENCE_END.test(trimmed);
}

const isLatinLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/**
 * Joins two pieces of a line broken by a wrap: Chinese joins with nothing between; two Latin
 * words keep one space.
 */
export function joinWrapped(a: string, b: string): string {
  const left = a.trimEnd();
  const right = b.trimStart();
  // (by the last character: a regex anchored at the end of a paragraph joined so far ran over all of it)
  if (isLatinLetter(left.charCodeAt(left.length - 1)) && isLatinLetter(right.charCodeAt(0))) return `${left} ${right}`;
  return left + right;
}

/**
 * Removes the spaces that page extraction put into body text: around full-width punctuation,
 * between digits and Chinese (6月 22日), and between every character of a justified line
 * (近 期 ，受 上 游). A space between two Chinese phrases in an ordinary line is kept.
 */
export function tidySpaces(text: string): string {
  const collapsed = text.replace(/[\s\u3000]+/gu, ' ').trim();
  // (most lines have no space left: only spaces are weighed below)
  if (!collapsed.includes(' ')) return collapsed;
  // Every paragraph of a page passes here: code points are compared, not matched by regex.
  let han = 0;
  let hanSpaced = 0;
  for (let i = 0; i < collapsed.length;) {
    const cp = collapsed.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    if (!isHanCodePoint(cp)) continue;
    han++;
    if (collapsed.charCodeAt(i) === 32 && i + 1 < collapsed.length && isHanCodePoint(collapsed.codePointAt(i + 1)!)) hanSpaced++;
  }
  const spread = han > 0 && hanSpaced / han > 0.25;
  let out = '';
  let from = 0;
  for (let at = collapsed.indexOf(' '); at >= 0; at = collapsed.indexOf(' ', at + 1)) {
    const before = collapsed.charCodeAt(at - 1);
    const prev = before >= 0xdc00 && before <= 0xdfff && at >= 2 ? collapsed.codePointAt(at - 2)! : before;
    const next = collapsed.codePointAt(at + 1)!;
    const cjk = (c: number) => isHanCodePoint(c) || isCjkPunctuationCodePoint(c);
    const drop =
      isCjkPunctuationCodePoint(prev) ||
      isCjkPunctuationCodePoint(next) ||
      (isHanCodePoint(prev) && (isAsciiWordish(next) || next === 0x2e)) ||
      (isAsciiWordish(prev) && isHanCodePoint(next)) ||
      (spread && cjk(prev) && cjk(next));
    if (!drop) continue;
    out += collapsed.slice(from, at);
    from = at + 1;
  }
  return out + collapsed.slice(from);
}

/** 0-9, A-Z, a-z and %: what sits against Chinese with no space in print. */
const isAsciiWordish = (cp: number) =>
  (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x25;

/** Full-width and CJK punctuation: 。，、；：？！“”‘’（）《》〈〉【】——…… and the like. */
function isCjkPunctuationCodePoint(cp: number): boolean {
  return (
    (cp >= 0x3000 && cp <= 0x303f) ||
    (cp >= 0xff00 && cp <= 0xffef) ||
    cp === 0x2014 ||
    cp === 0x2018 ||
    cp === 0x2019 ||
    cp === 0x201c ||
    cp === 0x201d ||
    cp === 0x2026 ||
    cp === 0xb7
  );
}

/**
 * A pair of characters as a set key. Pairs in the main Han blocks (U+3400–U+9FFF) are a small
 * integer, any other pair the two characters' string: building and hashing a two-character
 * string per pair was the largest part of matching headlines to stories.
 */
export type Pair = number | string;

const PAIR_BASE = 0x3400;
// 0x6c00² stays below 2³⁰, so that every such key is a small integer to V8.
const PAIR_SPAN = 0xa000 - PAIR_BASE;

export function pairKey(a: number, b: number): Pair {
  const x = a - PAIR_BASE;
  const y = b - PAIR_BASE;
  if (x >= 0 && x < PAIR_SPAN && y >= 0 && y < PAIR_SPAN) return x * PAIR_SPAN + y;
  return String.fromCodePoint(a, b);
}

/** Overlapping character pairs of the Chinese text: how headlines are matched to stories. */
export function bigrams(text: string): Set<Pair> {
  // The pairs of the Chinese characters in order, the characters between them skipped.
  const out = new Set<Pair>();
  let previous = -1;
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    if (charClass(cp) & HAN_BIT) {
      if (previous >= 0) out.add(pairKey(previous, cp));
      previous = cp;
    }
  }
  return out;
}

/** The code points of the Chinese characters of a text, in order. */
export function hanCodePoints(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    if (charClass(cp) & HAN_BIT) out.push(cp);
  }
  return out;
}
