/**
 * Character counts as the desk counts them (字数). Every Chinese character, letter and digit is
 * one; punctuation and symbols count only in the full count; white space never counts.
 */
const WORD_CHAR = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;

export interface CharCounts {
  chars: number;
  charsWithPunctuation: number;
}

export function countChars(texts: readonly string[]): CharCounts {
  let chars = 0;
  let all = 0;
  for (const text of texts) {
    for (const ch of text) {
      if (SPACE.test(ch)) continue;
      all++;
      if (WORD_CHAR.test(ch)) chars++;
    }
  }
  return { chars, charsWithPunctuation: all };
}
