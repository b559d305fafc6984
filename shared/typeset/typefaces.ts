import type { LineRole } from './frame';
import { LINE_ROLES } from './line-roles';

export { LINE_ROLES } from './line-roles';

/**
 * The house's typefaces (字体): which face, and which weight, each part of a story is set in.
 * Chinese papers set text in 宋, display in 黑, and the lines around a headline, captions and
 * bylines in 楷 or 仿宋; the choice is the paper's, kept in the archive's settings and used by
 * the layout desk's page and the export alike, never per story.
 *
 * The faces are those Banmian may ship and embed: Noto Serif SC (宋), Noto Sans SC (黑) and
 * LXGW WenKai (楷), all under the SIL Open Font License, all TrueType (a CFF font prints from
 * Chromium as Type 3). There is no 仿宋: no redistributable simplified-Chinese 仿宋 in TrueType
 * can be installed here (Zhuque Fangsong is published on neither npm nor Debian; Debian's
 * cwTeX 仿宋 is traditional Chinese and lacks a third of the commonest simplified characters).
 */

export const TYPEFACES = ['song', 'hei', 'kai'] as const;
export type Typeface = (typeof TYPEFACES)[number];
export const WEIGHTS = [400, 700] as const;
export type Weight = (typeof WEIGHTS)[number];

/** A part's face and weight. */
export interface RoleType {
  face: Typeface;
  weight: Weight;
}

export type TypefaceStyle = Record<LineRole, RoleType>;

/**
 * A Chinese paper's usual choice: 宋 for the text and the lines the desk writes into it; 黑, bold,
 * for the headline, column label and intertitles; 楷 for 引题 and 副题, which should read as
 * the headline's companions and not as more headline, and for captions and a feature's byline,
 * set apart from the text beside them without shouting.
 */
export const DEFAULT_TYPEFACES: TypefaceStyle = {
  column: { face: 'hei', weight: 700 },
  kicker: { face: 'kai', weight: 400 },
  headline: { face: 'hei', weight: 700 },
  deck: { face: 'kai', weight: 400 },
  byline: { face: 'kai', weight: 400 },
  body: { face: 'song', weight: 400 },
  intertitle: { face: 'hei', weight: 700 },
  caption: { face: 'kai', weight: 400 },
  jump: { face: 'song', weight: 400 },
  source: { face: 'song', weight: 400 },
};

/** The families the preview and the export both name, so the two draw the same faces. */
export const FAMILY: Readonly<Record<Typeface, string>> = { song: 'BanmianSong', hei: 'BanmianHei', kai: 'BanmianKai' };

export const isTypeface = (v: unknown): v is Typeface => (TYPEFACES as readonly unknown[]).includes(v);

/**
 * A line's face and weight: its role's. The house's weight wins over the composer's `bold`,
 * which only says which roles are bold unless told (a headline set light is the house's call).
 */
export function lineType(style: TypefaceStyle, role: LineRole): RoleType {
  return style[role];
}

/**
 * A style as stored: a role missing (a setting written before that role existed) or damaged
 * reads as the default, so a bad value never stops the desk or the export.
 */
export function readTypefaces(value: unknown): TypefaceStyle {
  const out = { ...DEFAULT_TYPEFACES };
  if (typeof value !== 'object' || value === null) return out;
  for (const role of LINE_ROLES) {
    const type = roleTypeOf((value as Record<string, unknown>)[role]);
    if (type) out[role] = type;
  }
  return out;
}

/** A part's face and weight as stored, if it is one (as roleTypeSchema checks it, without loading zod). */
function roleTypeOf(value: unknown): RoleType | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { face, weight, ...other } = value as Record<string, unknown>;
  if (Object.keys(other).length || !isTypeface(face) || (weight !== 400 && weight !== 700)) return undefined;
  return { face, weight };
}

/** What a face is called where a person types it: song, 宋 or 宋体 (and so on). */
const FACE_NAMES: Readonly<Record<string, Typeface>> = {
  song: 'song',
  宋: 'song',
  宋体: 'song',
  serif: 'song',
  hei: 'hei',
  黑: 'hei',
  黑体: 'hei',
  sans: 'hei',
  kai: 'kai',
  楷: 'kai',
  楷体: 'kai',
};
const FANGSONG_NAMES = new Set(['fangsong', 'fang', '仿宋', '仿', '仿宋体']);

/** A face from its name; 'fangsong' when 仿宋 was asked for (which Banmian does not have); null if unknown. */
export function faceNamed(name: string): Typeface | 'fangsong' | null {
  const key = name.trim().toLowerCase();
  if (FANGSONG_NAMES.has(key)) return 'fangsong';
  return FACE_NAMES[key] ?? null;
}

/** Every face and weight a page's lines need, for the fonts to load or embed. */
export function typesIn(lines: Iterable<{ face: Typeface; weight: Weight }>): RoleType[] {
  const seen = new Map<string, RoleType>();
  for (const l of lines) seen.set(`${l.face}-${l.weight}`, { face: l.face, weight: l.weight });
  return [...seen.values()];
}
