import * as chars from './chars';
import { Ink, Kind } from './chars';

// Local copies: read in the innermost loops, they must not go through module bindings.
const HAN: number = Kind.Han;
const LATIN: number = Kind.Latin;
const SQUEEZABLE: number = Kind.Squeezable;
const HALF_MARK: number = Kind.HalfMark;
const SPACE: number = Kind.Space;
const PAIR: number = Kind.Pair;
const OPENING: number = Ink.Opening;
const CLOSING: number = Ink.Closing;
const NO_START_BIT = chars.NO_START_BIT;
const NO_END_BIT = chars.NO_END_BIT;
const traitsOf = chars.traitsOf;
const advanceOf = chars.advanceOf;
const kindOfTraits = chars.kindOfTraits;
const inkOfTraits = chars.inkOfTraits;

/**
 * The composer: sets a paragraph on a character grid the way a Chinese newspaper does, and
 * returns its lines with every character's place. The layout preview draws exactly these
 * lines and the export prints them, so what the desk sees is what goes to press.
 *
 * Units are ems of the text's own type size: a Chinese character is one, a Latin letter or
 * digit half of one.
 */

export interface ComposeOptions {
  /** Line length, in ems; need not be whole (a split column is often 8⅓ characters). */
  width: number;
  /** Blank ems at the start of the paragraph's first line (body text: 2). */
  indent?: number;
  /** Body text is justified; headlines are centred; jump lines and source notes set flush right. */
  align?: 'justify' | 'center' | 'start' | 'end';
}

export interface Glyph {
  ch: string;
  /** Left edge of the character's advance, from the line's start, in ems. */
  x: number;
  /** Its advance after squeezing: 1 for a character, 0.5 for a letter or a squeezed mark. */
  advance: number;
  /** Where the mark's ink sits, so a renderer knows which half of a squeezed mark to draw. */
  ink: Ink;
}

export interface Line {
  text: string;
  glyphs: Glyph[];
  /** Index in the paragraph's characters (code points) of the first and after the last glyph. */
  start: number;
  end: number;
  /** The last line of its paragraph: set at natural spacing, not justified. */
  last: boolean;
}

const EPS = 1e-6;

interface Prepared {
  /** The paragraph, and where each character (code point) starts in it. */
  text: string;
  offsets: Uint32Array;
  chars: string[];
  /** joined[i]: characters i − 1 and i are one word or one ——; justification never parts them. */
  joined: Uint8Array;
  kinds: Uint8Array;
  advances: Float64Array;
  inks: Uint8Array;
  /** breakBefore[i]: a line may end before character i. */
  breakBefore: Uint8Array;
  /** Whether character i's blank half is already squeezed (next to another mark). */
  squeezed: Uint8Array;
  /** Ems character i gives back set half width anywhere in a line (0.5 for ，、；：“”（）《》, else 0). */
  give: Float64Array;
  /** Whether it is set half width when it ends a line: every closing mark not already squeezed, 。 too. */
  halfAtEnd: Uint8Array;
  /** Space before character i where Chinese meets a Latin word or number, kept only inside a line. */
  gapBefore: Float64Array;
}

/**
 * Space where Chinese meets Western text: the printed pages set about an eighth of an em
 * around numbers (clreq's quarter em would push out characters print kept in).
 */
const HAN_LATIN_GAP = 0.125;

/**
 * 。 keeps its full width inside a line (the printed pages set it so: clreq's 开明式), and so do
 * ！？; next to another mark, or at the end of a line, they give their blank half like the rest.
 */
const FULL_INSIDE = new Set(['。', '．', '！', '？']);

function prepare(raw: string): Prepared {
  const text = raw.replace(/[\r\n\t]+/gu, ' ');
  // One pass over the code points: a character outside the BMP is one character.
  const chars: string[] = [];
  const offsetList: number[] = [];
  for (let at = 0; at < text.length;) {
    const code = text.charCodeAt(at);
    const width = code >= 0xd800 && code <= 0xdbff && at + 1 < text.length ? 2 : 1;
    offsetList.push(at);
    chars.push(width === 1 ? text[at]! : text.slice(at, at + 2));
    at += width;
  }
  const n = chars.length;
  const offsets = new Uint32Array(n + 1);
  offsets.set(offsetList);
  offsets[n] = text.length;
  const kinds = new Uint8Array(n);
  const advances = new Float64Array(n);
  const inks = new Uint8Array(n);
  const traits = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const ch = chars[i]!;
    const t = traitsOf(ch);
    const kind = kindOfTraits(t);
    traits[i] = t;
    kinds[i] = kind;
    advances[i] = kind === HAN || kind === SQUEEZABLE || kind === PAIR ? 1 : advanceOf(ch, kind);
    inks[i] = inkOfTraits(t);
  }
  // Two marks side by side take 1.5 em, not 2 (。” ，“ ）。 （《): the closing mark gives up
  // its blank right half, or else the opening mark its blank left half.
  const squeezed = new Uint8Array(n);
  for (let i = 0; i + 1 < n; i++) {
    if (kinds[i] !== SQUEEZABLE || kinds[i + 1] !== SQUEEZABLE) continue;
    if (inks[i] === CLOSING && !squeezed[i]) {
      squeezed[i] = 1;
      advances[i] = advances[i]! - 0.5;
    } else if (inks[i + 1] === OPENING) {
      squeezed[i + 1] = 1;
      advances[i + 1] = advances[i + 1]! - 0.5;
    }
  }

  const give = new Float64Array(n);
  const halfAtEnd = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (kinds[i] !== SQUEEZABLE || squeezed[i]) continue;
    if (!FULL_INSIDE.has(chars[i]!)) give[i] = 0.5;
    if (inks[i] === CLOSING) halfAtEnd[i] = 1;
  }

  const gapBefore = new Float64Array(n);
  const breakBefore = new Uint8Array(n);
  const joined = new Uint8Array(n);
  // The traits of the last character before i that is not a space.
  let before = 0;
  for (let i = 1; i < n; i++) {
    const prev = kinds[i - 1]!;
    const kind = kinds[i]!;
    if ((prev === HAN && kind === LATIN) || (prev === LATIN && kind === HAN)) gapBefore[i] = HAN_LATIN_GAP;
    // Inside a word or a number (3.14, 1,000) or a —— : one unit.
    const inside =
      (prev === LATIN && (kind === LATIN || (kind === HALF_MARK && kinds[i + 1] === LATIN))) ||
      (prev === HALF_MARK && kind === LATIN && kinds[i - 2] === LATIN) ||
      (prev === PAIR && kind === PAIR);
    joined[i] = inside || (prev === LATIN && kind === HALF_MARK) ? 1 : 0;
    // A space stays at the end of the line it ends; nothing breaks a unit, or goes against the
    // marks (a space typed after （ or “ does not let the line end on it).
    if (prev !== SPACE) before = traits[i - 1]!;
    breakBefore[i] = kind === SPACE || inside || traits[i]! & NO_START_BIT || before & NO_END_BIT ? 0 : 1;
  }
  return { text, offsets, chars, joined, kinds, advances, inks, breakBefore, squeezed, give, halfAtEnd, gapBefore };
}

/** The end of [start, end) without its trailing spaces. */
function trimEnd(p: Prepared, start: number, end: number): number {
  while (end > start && p.kinds[end - 1] === SPACE) end--;
  return end;
}

/** Width of [from, end) on a line that starts at `lineStart`. */
function naturalWidth(p: Prepared, lineStart: number, from: number, end: number): number {
  let w = 0;
  for (let i = from; i < end; i++) w += p.advances[i]! + (i > lineStart ? p.gapBefore[i]! : 0);
  return w;
}

/**
 * Where the line starting at `start`, `available` ems long, ends: at the last place it may
 * end whose text fits once its marks are set half width, as many of them as it takes. The
 * printed pages push a character in by squeezing far more often than they push it out (344
 * times to 18), so the line takes in all it can; nothing hangs outside the measure. A 。 (or
 * ！？) that would end the line is counted full width: it is set half width at a line's end, but
 * inside a paragraph print pushed out 件。 and 品。 rather than lean on that half. Only the
 * paragraph's own last 。 gives it, to take in a last character that would stand alone (下线。).
 */
function lineEnd(p: Prepared, start: number, available: number): number {
  const n = p.chars.length;
  const limit = available + EPS;
  const { advances, gapBefore, give, breakBefore, kinds } = p;
  // Natural width and what the marks can give back, of [start, i) and up to its last non-space.
  let w = 0;
  let g = 0;
  let solidW = 0;
  let solidG = 0;
  let solid = -1;
  let best = -1;
  let cut = n;
  for (let i = start; ; i++) {
    if (i === n || (i > start && breakBefore[i])) {
      const endHalf = i === n && solid >= 0 && p.halfAtEnd[solid] && !give[solid] ? 0.5 : 0;
      if (solid >= 0 && solidW - solidG - endHalf <= limit) best = i;
      if (i === n) break;
    }
    w += advances[i]! + (i > start ? gapBefore[i]! : 0);
    g += give[i]!;
    if (kinds[i] !== SPACE) {
      solidW = w;
      solidG = g;
      solid = i;
      if (w - g > limit) {
        if (cut === n) cut = i;
        // No character gives back all of its width: past this, nothing more fits (but a
        // paragraph's last 。 may still come in).
        if (w - g - 0.5 > limit) break;
      }
    }
  }
  if (best > start) return best;
  // A unit longer than the line (a long URL) is cut where it overflows.
  return Math.max(cut, start + 1);
}

function breakLines(p: Prepared, width: number, indent: number): [number, number][] {
  const n = p.chars.length;
  const ranges: [number, number][] = [];
  let start = 0;
  while (start < n && p.kinds[start] === SPACE) start++;
  // A single character may stand on a paragraph's last line (孤字): the printed pages let it,
  // and pulling a character back would change lines print did not. Headlines break otherwise.
  while (start < n) {
    const available = width - (ranges.length === 0 ? indent : 0);
    const end = lineEnd(p, start, available);
    ranges.push([start, end]);
    start = end;
    while (start < n && p.kinds[start] === SPACE) start++;
  }
  return ranges;
}

function setLine(
  p: Prepared,
  start: number,
  rawEnd: number,
  available: number,
  x0: number,
  last: boolean,
  align: ComposeOptions['align'],
): Line {
  const end = trimEnd(p, start, rawEnd);
  const advances = p.advances.slice(start, end);
  let natural = naturalWidth(p, start, start, end);
  const final = end - 1;
  // GB/T 15834-2011 §5.1.9: a full-width mark that ends a line takes half an em, 。 too.
  const endHalf = end > start && p.halfAtEnd[final] === 1;
  if (endHalf) {
    advances[final - start] = advances[final - start]! - 0.5;
    natural -= 0.5;
  }
  if (natural > available + EPS) {
    // The line took in more by squeezing: its other marks go half width, as many as it takes,
    // closing marks before opening ones, from the end of the line back.
    for (const ink of [CLOSING, OPENING]) {
      for (let i = endHalf ? final - 1 : final; i >= start && natural > available + EPS; i--) {
        if (p.give[i]! > 0 && p.inks[i] === ink) {
          advances[i - start] = advances[i - start]! - 0.5;
          natural -= 0.5;
        }
      }
    }
  }
  let gapExtra = 0;
  let offset = x0;
  if (align === 'justify' && !last && natural < available - EPS) {
    // Justify by spreading the slack evenly between characters, never inside a word or a ——.
    let count = 0;
    for (let i = start + 1; i < end; i++) if (!p.joined[i]) count++;
    if (count > 0) gapExtra = (available - natural) / count;
  } else if (align === 'center') {
    offset += Math.max(0, (available - natural) / 2);
  } else if (align === 'end') {
    offset += Math.max(0, available - natural);
  }
  const glyphs = new Array<Glyph>(end - start);
  let x = offset;
  for (let k = 0; k < end - start; k++) {
    const i = start + k;
    if (k > 0) {
      x += p.gapBefore[i]!;
      if (!p.joined[i]) x += gapExtra;
    }
    glyphs[k] = { ch: p.chars[i]!, x, advance: advances[k]!, ink: p.inks[i] as Ink };
    x += advances[k]!;
  }
  return { text: p.text.slice(p.offsets[start], p.offsets[end]), glyphs, start, end, last };
}

/**
 * Paragraphs already set, by text and measure. A keystroke changes one paragraph; the others
 * of the story, and every other story on the page, come from here. Lines are never mutated.
 */
const cache = new Map<string, readonly Line[]>();
const CACHE_SIZE = 4000;

export function clearComposeCache(): void {
  cache.clear();
}

/** Composes one paragraph into lines. An empty paragraph has no lines. */
export function composeParagraph(text: string, options: ComposeOptions): readonly Line[] {
  const width = Math.max(1, options.width);
  const indent = Math.min(Math.max(0, options.indent ?? 0), width - 1);
  const align = options.align ?? 'justify';
  const key = `${width}|${indent}|${align}|${text}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const p = prepare(text);
  const ranges = breakLines(p, width, indent);
  const lines = ranges.map(([start, end], k) => {
    const first = k === 0;
    return setLine(p, start, end, width - (first ? indent : 0), first ? indent : 0, k === ranges.length - 1, align);
  });
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, lines);
  return lines;
}
