/**
 * What kind of character a code point is, for the loops that run over every character of an
 * archive (counting 字数, cutting search terms). Unicode property regexes give the answers,
 * but asking them once per character made those loops the slowest part of an import; the
 * answers for the Basic Multilingual Plane are asked once and kept in a table, and the rarer
 * characters beyond it (CJK Extension B and later) are asked as they come and remembered.
 */
export const HAN = 1;
/** A letter or digit of any script (\p{L} or \p{N}), Chinese characters included. */
export const WORD = 2;
export const SPACE = 4;

const IS_HAN = /^\p{Script=Han}$/u;
const IS_WORD = /^[\p{L}\p{N}]$/u;
const IS_SPACE = /^\s$/u;

function classify(ch: string): number {
  return (IS_HAN.test(ch) ? HAN : 0) | (IS_WORD.test(ch) ? WORD : 0) | (IS_SPACE.test(ch) ? SPACE : 0);
}

let bmp: Uint8Array | undefined;
const astral = new Map<number, number>();

function bmpTable(): Uint8Array {
  if (bmp) return bmp;
  const table = new Uint8Array(0x10000);
  for (let cp = 0; cp < 0x10000; cp++) {
    // Lone surrogates are no characters; the loops read a pair as one code point.
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    table[cp] = classify(String.fromCharCode(cp));
  }
  bmp = table;
  return table;
}

/** The class bits (HAN, WORD, SPACE) of a code point. */
export function charClass(cp: number): number {
  if (cp < 0x10000) return (bmp ?? bmpTable())[cp]!;
  let bits = astral.get(cp);
  if (bits === undefined) {
    bits = classify(String.fromCodePoint(cp));
    astral.set(cp, bits);
  }
  return bits;
}
