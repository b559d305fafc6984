import { HAN, WORD, charClass } from './char-class';

/** How a query meets the text (查找选项). */
export interface FindOptions {
  /**
   * 区分全半角: true keeps ＡＢＣ and ABC, １２３ and 123, ， and , apart; false finds either
   * form for either.
   */
  matchWidth: boolean;
  /** 区分大小写 */
  caseSensitive: boolean;
  /** Only where letters or digits do not run on either side; Chinese characters always stand alone. */
  wholeWord?: boolean;
}

/** A span of the original text in UTF-16 code units, as String.prototype.slice takes it. */
export interface TextMatch {
  start: number;
  end: number;
}

/**
 * The half- and full-width forms are exactly the characters Unicode decomposes as <wide> or
 * <narrow>: the ideographic space and the Halfwidth and Fullwidth Forms block. Each folds (by
 * NFKC) to one BMP character, so folded text keeps every offset of the original. The rest of
 * NFKC is left alone on purpose: ① is not 1, … is not ..., ㎡ is not m2 on a news page.
 */
const WIDTH_FIRST = 0xff01;
const WIDTH_LAST = 0xffee;
const IDEOGRAPHIC_SPACE = 0x3000;

let widthTable: Uint16Array | undefined;

function widthFolds(): Uint16Array {
  if (widthTable) return widthTable;
  const table = new Uint16Array(WIDTH_LAST - WIDTH_FIRST + 1);
  for (let cp = WIDTH_FIRST; cp <= WIDTH_LAST; cp++) {
    const folded = String.fromCharCode(cp).normalize('NFKC');
    // Unassigned code points in the block fold to themselves; nothing folds to two units.
    table[cp - WIDTH_FIRST] = folded.length === 1 ? folded.charCodeAt(0) : cp;
  }
  widthTable = table;
  return table;
}

function foldWidthUnit(unit: number): number {
  if (unit === IDEOGRAPHIC_SPACE) return 0x20;
  if (unit < WIDTH_FIRST || unit > WIDTH_LAST) return unit;
  return widthFolds()[unit - WIDTH_FIRST]!;
}

/**
 * The text as the query meets it: width forms folded, letters lower-cased, one code point at a
 * time and only where that keeps its length (İ would become two units), so that an offset in
 * the folded text is the same offset in the original.
 */
export function foldForFind(text: string, options: FindOptions): string {
  if (options.matchWidth && options.caseSensitive) return text;
  let out = '';
  let run = 0;
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    let folded = options.matchWidth || cp > 0xffff ? ch : String.fromCharCode(foldWidthUnit(cp));
    if (!options.caseSensitive) {
      const lower = folded.toLowerCase();
      if (lower.length === folded.length) folded = lower;
    }
    if (folded !== ch) {
      out += text.slice(run, i) + folded;
      run = i + ch.length;
    }
    i += ch.length;
  }
  return run === 0 ? text : out + text.slice(run);
}

function isWordAt(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) return false;
  const cp = text.codePointAt(index)!;
  // The second half of a pair: read the whole character.
  const whole = cp >= 0xdc00 && cp <= 0xdfff && index > 0 ? text.codePointAt(index - 1)! : cp;
  const bits = charClass(whole);
  return (bits & WORD) !== 0 && (bits & HAN) === 0;
}

function standsAlone(text: string, start: number, end: number): boolean {
  const startsWord = !(isWordAt(text, start - 1) && isWordAt(text, start));
  const endsWord = !(isWordAt(text, end - 1) && isWordAt(text, end));
  return startsWord && endsWord;
}

/** Every match of the query in the text, left to right and not overlapping (as a reader counts them). */
export function findMatches(text: string, query: string, options: FindOptions): TextMatch[] {
  if (!query || !text) return [];
  const haystack = foldForFind(text, options);
  const needle = foldForFind(query, options);
  const matches: TextMatch[] = [];
  let from = 0;
  for (;;) {
    const start = haystack.indexOf(needle, from);
    if (start < 0) break;
    const end = start + needle.length;
    // A match may not split a surrogate pair (a rare name character outside the BMP).
    const splitsPair = isLowSurrogate(text, start) || isLowSurrogate(text, end);
    if (!splitsPair && (!options.wholeWord || standsAlone(text, start, end))) {
      matches.push({ start, end });
      from = end;
    } else from = start + 1;
  }
  return matches;
}

function isLowSurrogate(text: string, index: number): boolean {
  const unit = text.charCodeAt(index);
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** The text with each of these matches (from findMatches, in order) replaced by the replacement. */
export function replaceMatches(text: string, matches: readonly TextMatch[], replacement: string): string {
  let out = '';
  let at = 0;
  for (const match of matches) {
    if (match.start < at || match.end > text.length) throw new RangeError('matches overlap or run past the text');
    out += text.slice(at, match.start) + replacement;
    at = match.end;
  }
  return out + text.slice(at);
}
