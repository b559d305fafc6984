/**
 * What the proofreading checker (校对) reports, and the few facts about characters its rules
 * share. Offsets and lengths are in UTF-16 code units of the checked text, as JavaScript
 * strings and the editor count them.
 */

/** Every rule by id, in the order the checker runs them and lists them. */
export const PROOFREAD_RULES = [
  'halfwidth-punct',
  'paired-marks',
  'quote-direction',
  'dash-ellipsis',
  'doubled-punct',
  'forbidden-position',
  'fullwidth-digits',
  'mixed-numeral',
  'chinese-percent',
  'chinese-date',
  'arabic-for-chinese',
  'range-mark',
  'typo',
  'repeated-char',
  'avoid-word',
] as const;

export type ProofreadRule = (typeof PROOFREAD_RULES)[number];

export function isProofreadRule(id: string): id is ProofreadRule {
  return (PROOFREAD_RULES as readonly string[]).includes(id);
}

export interface Finding {
  /** Where the span starts, in UTF-16 code units. */
  offset: number;
  /** How long the span is, in UTF-16 code units. */
  length: number;
  rule: ProofreadRule;
  /** An i18next key in the story namespace: `story:${messageKey}`. */
  messageKey: string;
  /** What the message names: the marks or words found and proposed. */
  params: Record<string, string>;
  /** The text to put in place of the span, when the checker knows it. */
  suggestion?: string;
}

const HAN = /\p{Script=Han}/u;

/** The code point that ends just before `at`, as a string ('' at the start). */
export function charBefore(text: string, at: number): string {
  if (at <= 0) return '';
  const low = text.charCodeAt(at - 1);
  if (low >= 0xdc00 && low <= 0xdfff && at >= 2) {
    const high = text.charCodeAt(at - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(at - 2, at);
  }
  return text[at - 1]!;
}

/** The code point that starts at `at`, as a string ('' at the end). */
export function charAt(text: string, at: number): string {
  if (at >= text.length) return '';
  const cp = text.codePointAt(at)!;
  return String.fromCodePoint(cp);
}

/** A Chinese character (CJK ideographs of every extension, 〇 included). */
export function isHan(ch: string): boolean {
  return ch !== '' && (HAN.test(ch) || ch === '〇');
}

/** Full-width Chinese punctuation and the quotation marks, dashes and ellipses of Chinese text. */
export function isChinesePunct(ch: string): boolean {
  if (ch === '') return false;
  const c = ch.charCodeAt(0);
  return (c >= 0x3000 && c <= 0x303f) || (c >= 0xff01 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) || '“”‘’—…·'.includes(ch);
}

/** Chinese text around a mark: a Chinese character or Chinese punctuation. */
export function isChinese(ch: string): boolean {
  return isHan(ch) || isChinesePunct(ch);
}

export function isAsciiDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9' && ch.length === 1;
}

export function isLatin(ch: string): boolean {
  return /^[A-Za-z]$/.test(ch);
}

/** The nearest character before `at` that is not a space or tab (line breaks stop the search). */
export function neighbourBefore(text: string, at: number): string {
  let i = at;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t' || text[i - 1] === '\u3000')) i--;
  return charBefore(text, i);
}

/** The nearest character from `at` on that is not a space or tab (line breaks stop the search). */
export function neighbourAfter(text: string, at: number): string {
  let i = at;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\u3000')) i++;
  return charAt(text, i);
}

/** Where the line holding `at` starts. */
export function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

/** Where the line holding `at` ends (its line break, or the end of the text). */
export function lineEnd(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end;
}

/** Whether `at` lies in a web or mail address, a file name or a command-line option: Latin territory. */
export function inAddress(text: string, at: number): boolean {
  // The run of non-space, non-Chinese characters around `at`.
  let start = at;
  while (start > 0 && /[\x21-\x7e]/.test(text[start - 1]!)) start--;
  let end = at;
  while (end < text.length && /[\x21-\x7e]/.test(text[end]!)) end++;
  const run = text.slice(start, end);
  return /[a-z][a-z0-9+.-]*:\/\/|^www\.|@[\w-]+\.|\.(com|cn|net|org|gov|edu|html?|pdf|docx?|xlsx?|jpg|png)\b/i.test(run);
}
