/** Character classes and widths of Chinese page text, as the importer needs them. */
import { charClass, HAN } from '../text/char-class';

// A local copy: an imported binding is read through a getter on every use under tsx and vitest.
const HAN_BIT = HAN;

/** Is this character (one code point; '' is none) a Chinese character? From the class table: a regex per character was a fifth of an import's reading time. */
export const isHan = (ch: string): boolean => ch !== '' && (charClass(ch.codePointAt(0)!) & HAN_BIT) !== 0;

/** Full-width and CJK punctuation: 。，、；：？！“”‘’（）《》〈〉【】——…… and the like. */
export const isCjkPunctuation = (ch: string): boolean => /[\u3000-\u303f\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026\u00b7]/u.test(ch);

/** Display width on the character grid: full-width characters one cell, Latin and digits half. */
export function gridWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += ch.charCodeAt(0) < 0x2000 ? 0.5 : 1;
  return width;
}

/** The marks that end a sentence, full or half width, possibly followed by closing quotes. */
const SENTENCE_END = /[。！？!?…；;.]["”’』」）)]*$|[：:]$|(摄|供图)\s*[）)]$|版\s*[）)]$/u;

export function endsSentence(line: string): boolean {
  return SENTENCE_END.test(line.trimEnd());
}

/**
 * Joins two pieces of a line broken by a wrap: Chinese joins with nothing between; two Latin
 * words keep one space.
 */
export function joinWrapped(a: string, b: string): string {
  const left = a.trimEnd();
  const right = b.trimStart();
  if (/[A-Za-z]$/.test(left) && /^[A-Za-z]/.test(right)) return `${left} ${right}`;
  return left + right;
}

/**
 * Removes the spaces that page extraction put into body text: around full-width punctuation,
 * between digits and Chinese (6月 22日), and between every character of a justified line
 * (近 期 ，受 上 游). A space between two Chinese phrases in an ordinary line is kept.
 */
export function tidySpaces(text: string): string {
  const collapsed = text.replace(/[\s\u3000]+/gu, ' ').trim();
  const hanSpaced = collapsed.match(/\p{Script=Han} (?=\p{Script=Han})/gu)?.length ?? 0;
  const han = collapsed.match(/\p{Script=Han}/gu)?.length ?? 0;
  const spread = han > 0 && hanSpaced / han > 0.25;
  let out = '';
  const chars = [...collapsed];
  chars.forEach((ch, i) => {
    if (ch !== ' ') {
      out += ch;
      return;
    }
    const prev = chars[i - 1] ?? '';
    const next = chars[i + 1] ?? '';
    const cjk = (c: string) => isHan(c) || isCjkPunctuation(c);
    if (isCjkPunctuation(prev) || isCjkPunctuation(next)) return;
    if ((isHan(prev) && /[0-9A-Za-z%.]/.test(next)) || (/[0-9A-Za-z%]/.test(prev) && isHan(next))) return;
    if (spread && cjk(prev) && cjk(next)) return;
    out += ' ';
  });
  return out;
}

/** Overlapping character pairs of the Chinese text: how headlines are matched to stories. */
export function bigrams(text: string): Set<string> {
  // The pairs of the Chinese characters in order, the characters between them skipped.
  const out = new Set<string>();
  let previous = '';
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    const next = i + (cp > 0xffff ? 2 : 1);
    if (charClass(cp) & HAN_BIT) {
      const ch = text.slice(i, next);
      if (previous) out.add(previous + ch);
      previous = ch;
    }
    i = next;
  }
  return out;
}
