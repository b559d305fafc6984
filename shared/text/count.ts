/**
 * Character counts as the desk counts them (字数). Every Chinese character, letter and digit is
 * one; punctuation and symbols count only in the full count; white space never counts.
 */
const NOT_WORD_CHARS = /[^\p{L}\p{N}]+/gu;
const SPACE = /\s+/gu;

/** Characters, not UTF-16 units: a character outside the BMP (CJK Extension B) is one. */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

export interface CharCounts {
  chars: number;
  charsWithPunctuation: number;
}

export function countChars(texts: readonly string[]): CharCounts {
  let chars = 0;
  let all = 0;
  for (const text of texts) {
    // Removing what does not count is about twice as fast as matching what does (imports
    // count every article of an archive).
    chars += codePoints(text.replace(NOT_WORD_CHARS, ''));
    all += codePoints(text.replace(SPACE, ''));
  }
  return { chars, charsWithPunctuation: all };
}
