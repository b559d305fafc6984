/**
 * What the composer needs to know of each character, after W3C's "Requirements for Chinese
 * Text Layout" (clreq) and GB/T 15834: how wide it is, whether it may start or end a line, and
 * whether its blank half may be squeezed.
 */

/** Where a full-width punctuation mark's ink sits in its em box, which says which half is blank. */
export const Ink = {
  /** A character, letter or digit: nothing to squeeze. */
  Solid: 0,
  /** Opening brackets and quotes (（《“): ink on the right, blank on the left. */
  Opening: 1,
  /** Closing brackets and quotes, 。，、；： (in Simplified Chinese fonts): ink on the left. */
  Closing: 2,
} as const;
export type Ink = (typeof Ink)[keyof typeof Ink];

export const Kind = {
  Han: 0,
  /** Half-width letters and digits: a run of them is one word that never splits. */
  Latin: 1,
  /** Full-width punctuation whose blank half can be squeezed. */
  Squeezable: 2,
  /** Other full-width marks: ！？·～ and the like. */
  FullMark: 3,
  /** Half-width punctuation (, ( ) % in Chinese text is a proofreader's flag, but it is set). */
  HalfMark: 4,
  /** A space: where a line may break; dropped at the ends of lines. */
  Space: 5,
  /** —— and …… : two marks that never part. */
  Pair: 6,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

const OPENING = '（〔［｛《〈「『【〖〘“‘';
const CLOSING = '）〕］｝》〉」』】〗〙”’，。、．：；';
/**
 * Not at the start of a line, at clreq's GB level: every closing mark, and · ～ ！？ and a lone
 * dash too (Chromium's own line breaker lets those start a line, which is why we break lines
 * ourselves).
 */
const NO_START_FULL = `${CLOSING}！？·・～‥…—─％‰℃々〃ー`;
const NO_START_HALF = ')]},.;:!?%';
const NO_END = `${OPENING}([{`;
const PAIRED = '—…⋯─';

const noStart = new Set([...NO_START_FULL, ...NO_START_HALF]);
const noEnd = new Set([...NO_END]);
const opening = new Set([...OPENING]);
const closing = new Set([...CLOSING]);
const paired = new Set([...PAIRED]);

export function mayNotStartLine(ch: string): boolean {
  return noStart.has(ch);
}

export function mayNotEndLine(ch: string): boolean {
  return noEnd.has(ch);
}

export function inkOf(ch: string): Ink {
  return opening.has(ch) ? Ink.Opening : closing.has(ch) ? Ink.Closing : Ink.Solid;
}

const LATIN = /^[\p{L}\p{N}]$/u;
const HAN_OR_WIDE =
  /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef\u2e80-\u2fff\u3200-\u33ff]$/u;

const kindCache = new Map<string, Kind>();

/** The class of one character (one code point). */
export function kindOf(ch: string): Kind {
  const cached = kindCache.get(ch);
  if (cached !== undefined) return cached;
  let kind: Kind;
  if (paired.has(ch)) kind = Kind.Pair;
  else if (opening.has(ch) || closing.has(ch)) kind = Kind.Squeezable;
  else if (/^\s$/u.test(ch)) kind = Kind.Space;
  else if (HAN_OR_WIDE.test(ch)) kind = LATIN.test(ch) ? Kind.Han : Kind.FullMark;
  else if (LATIN.test(ch)) kind = Kind.Latin;
  else if (noStart.has(ch) || noEnd.has(ch) || ch.charCodeAt(0) < 0x2000) kind = Kind.HalfMark;
  else kind = Kind.FullMark;
  if (kindCache.size < 20_000) kindCache.set(ch, kind);
  return kind;
}

/** Advance of a character in ems of its own type size, before any squeezing. */
export function advanceOf(ch: string, kind: Kind): number {
  switch (kind) {
    case Kind.Latin:
    case Kind.HalfMark:
      return 0.5;
    case Kind.Space:
      return ch === '\u3000' ? 1 : 0.25;
    default:
      return 1;
  }
}

/**
 * Everything the composer asks of a character, packed in one number and looked up in a table
 * for the Basic Multilingual Plane: the composer runs on every keystroke, over every character.
 * Bits 0–2 the kind, 3 may not start a line, 4 may not end one, 5–6 the ink.
 */
export const NO_START_BIT = 8;
export const NO_END_BIT = 16;
const table = new Uint8Array(0x10000);
const known = new Uint8Array(0x10000);

function computeTraits(ch: string): number {
  const kind = kindOf(ch);
  return (
    kind |
    (noStart.has(ch) ? NO_START_BIT : 0) |
    (noEnd.has(ch) ? NO_END_BIT : 0) |
    ((kind === Kind.Squeezable ? inkOf(ch) : Ink.Solid) << 5)
  );
}

export function traitsOf(ch: string): number {
  const code = ch.charCodeAt(0);
  if (ch.length > 1) return computeTraits(ch);
  if (!known[code]) {
    table[code] = computeTraits(ch);
    known[code] = 1;
  }
  return table[code]!;
}

export const kindOfTraits = (t: number): Kind => (t & 7) as Kind;
export const inkOfTraits = (t: number): Ink => ((t >> 5) & 3) as Ink;
