/**
 * Character counts as the desk counts them (字数). Every Chinese character, letter and digit is
 * one; punctuation and symbols count only in the full count; white space never counts.
 */
const WORD_CHARS = /[\p{L}\p{N}]/gu;
const NOT_SPACE = /\S/gu;

export interface CharCounts {
  chars: number;
  charsWithPunctuation: number;
}

export function countChars(texts: readonly string[]): CharCounts {
  let chars = 0;
  let all = 0;
  for (const text of texts) {
    chars += text.match(WORD_CHARS)?.length ?? 0;
    all += text.match(NOT_SPACE)?.length ?? 0;
  }
  return { chars, charsWithPunctuation: all };
}
