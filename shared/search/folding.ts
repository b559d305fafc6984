import { normalizeForSearch } from './tokens';

/**
 * Characters whose NFKC form holds a Chinese character (Kangxi radicals, kanbun marks,
 * compatibility and enclosed ideographs, squared words): the index folds them
 * (normalizeForSearch), so a text holding one is looked at folded. Any other text holds a
 * character as indexed exactly where its stored form does. The ranges hold every code point
 * whose NFKC form holds one (all of Unicode checked under Node 24's ICU).
 */
const FOLDING: readonly (readonly [number, number])[] = [
  [0x2e9f, 0x2e9f],
  [0x2ef3, 0x2ef3],
  [0x2f00, 0x2fd5],
  [0x3038, 0x303a],
  [0x3192, 0x319f],
  [0x3200, 0x33ff],
  [0xf900, 0xfad9],
  [0x1f200, 0x1f2ff],
  [0x2f800, 0x2fa1d],
];
const FOLDS_TO_HAN = new RegExp(`[${FOLDING.map(([from, to]) => `\\u{${from.toString(16)}}-\\u{${to.toString(16)}}`).join('')}]`, 'u');

/** Whether the text holds a character the index folds into Chinese ones (⽇ into 日, ㍻ into 平成). */
export function holdsFolding(text: string): boolean {
  return FOLDS_TO_HAN.test(text);
}

let foldedInto: Set<string> | undefined;

/**
 * Whether folding makes the character out of another (人 from the radical ⼈; 市 from none):
 * only then must an article lacking it be looked at folded. Some 1,500 characters are; the
 * set is made on first use.
 */
export function foldsInto(ch: string): boolean {
  if (!foldedInto) {
    foldedInto = new Set();
    for (const [from, to] of FOLDING)
      for (let cp = from; cp <= to; cp++) for (const c of normalizeForSearch(String.fromCodePoint(cp))) foldedInto.add(c);
  }
  return foldedInto.has(ch);
}
