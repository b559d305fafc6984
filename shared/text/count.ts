/**
 * Character counts as the desk counts them (字数). Every Chinese character, letter and digit is
 * one; punctuation and symbols count only in the full count; white space never counts.
 */
import { charClass, SPACE as SPACE_BIT, WORD as WORD_BIT } from './char-class';

// Local copies: an imported binding is read through a getter on every use under tsx and vitest.
const SPACE = SPACE_BIT;
const WORD = WORD_BIT;

export interface CharCounts {
  chars: number;
  charsWithPunctuation: number;
}

/** Counted in characters, not UTF-16 units: a character outside the BMP (CJK Extension B) is one. */
export function countChars(texts: readonly string[]): CharCounts {
  let chars = 0;
  let all = 0;
  for (const text of texts) {
    for (let i = 0; i < text.length;) {
      const cp = text.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      const cls = charClass(cp);
      if (cls & WORD) chars++;
      if (!(cls & SPACE)) all++;
    }
  }
  return { chars, charsWithPunctuation: all };
}
