import type * as z from 'zod';
import type {
  pageGeometrySchema,
  headlineSizeSchema,
  photoCropSchema,
  placementStyleSchema,
  placementSchema,
  furnitureSchema,
  pageSchema,
  editionSchema,
} from './layout-schemas';
/**
 * Editions, pages and placements: what the layout desk builds. Sizes on paper are in
 * millimetres and points; places on the page are in grid units, columns across and body lines
 * down, so that everything placed lands on the grid.
 */

export const MM_PER_PT = 25.4 / 72;

/**
 * A column's measure goes in quarter ems: printed columns are not whole characters (most body
 * columns of the printed pages measure 16.5 ems, others 15.5 or 17).
 */
export const MEASURE_STEP = 0.25;

export type PageGeometry = z.infer<typeof pageGeometrySchema>;

export const PAGE_PRESETS = {
  /** 对开: eight columns of 13 小五 characters. */
  broadsheet: {
    columns: 8,
    columnChars: 13,
    gutterChars: 1,
    paperWidthMm: 390,
    paperHeightMm: 540,
    marginTopMm: 25,
    marginRightMm: 18.5,
    marginBottomMm: 20,
    marginLeftMm: 18.5,
    bodySizePt: 9,
    leadingPt: 13.5,
  },
  /** 四开: six columns of 11. */
  tabloid: {
    columns: 6,
    columnChars: 11,
    gutterChars: 1,
    paperWidthMm: 270,
    paperHeightMm: 390,
    marginTopMm: 22,
    marginRightMm: 22,
    marginBottomMm: 16,
    marginLeftMm: 22,
    bodySizePt: 9,
    leadingPt: 13.5,
  },
} as const satisfies Record<string, PageGeometry>;
export type PagePreset = keyof typeof PAGE_PRESETS;

export const HEADLINE_SIZES = ['large', 'medium', 'small'] as const;
export type HeadlineSize = z.infer<typeof headlineSizeSchema>;

/** How far into a picture a crop may zoom: past this a news photo's pixels show. */
export const MAX_CROP_ZOOM = 8;

export type PhotoCrop = z.infer<typeof photoCropSchema>;

/**
 * The 字号 of Chinese type, in points (初号 42 pt … 小五 9 pt), as headlines are specified on a
 * Chinese desk; a headline may also be given in points.
 */
export const HAO_SIZES = [
  ['初号', 42],
  ['小初', 36],
  ['一号', 26],
  ['小一', 24],
  ['二号', 22],
  ['小二', 18],
  ['三号', 16],
  ['小三', 15],
  ['四号', 14],
  ['小四', 12],
  ['五号', 10.5],
  ['小五', 9],
] as const;

/** 长 (condensed: narrower characters, more to a line) and 扁 (extended: flatter, less deep). */
export const HEADLINE_SHAPES = ['normal', 'long', 'flat'] as const;
export type HeadlineShape = (typeof HEADLINE_SHAPES)[number];

/** 边框: none, a plain rule, a double rule, or 花边 (a decorative border of repeated marks). */
export const BOX_KINDS = ['none', 'line', 'double', 'ornament'] as const;
export type BoxKind = (typeof BOX_KINDS)[number];
/** 底纹: a tint behind a story, in percent of black. */
export const TINTS = [0, 5, 10, 15, 20] as const;

export type PlacementStyle = z.infer<typeof placementStyleSchema>;

/**
 * A style with some of its parts changed; parts back at plain are dropped, and a style that is
 * all plain is none (undefined), as a placement from before styles has.
 */
export function withStyle(style: PlacementStyle | undefined, patch: PlacementStyle): PlacementStyle | undefined {
  const next = { ...style, ...patch };
  if (!next.columnRules) delete next.columnRules;
  if (next.box === 'none') delete next.box;
  if (!next.tint) delete next.tint;
  return Object.keys(next).length ? next : undefined;
}

export type Placement = z.infer<typeof placementSchema>;

export type Furniture = z.infer<typeof furnitureSchema>;

/** Body lines a piece of furniture takes down the page: a rule takes one. */
export const furnitureDepth = (f: Furniture): number => (f.kind === 'rule' ? 1 : f.depth);

export type Page = z.infer<typeof pageSchema>;

export type Edition = z.infer<typeof editionSchema>;

/**
 * The widest measure, in steps of MEASURE_STEP, at which the page's columns and the gutters
 * between them fit across the type area: the grid computed from the paper and its margins in
 * millimetres and the body type's size.
 */
export function columnMeasure(
  g: Pick<PageGeometry, 'columns' | 'gutterChars' | 'paperWidthMm' | 'marginLeftMm' | 'marginRightMm' | 'bodySizePt'>,
): number {
  const area = (g.paperWidthMm - g.marginLeftMm - g.marginRightMm) / (g.bodySizePt * MM_PER_PT);
  const measure = (area - (g.columns - 1) * g.gutterChars) / g.columns;
  return Math.floor(measure / MEASURE_STEP + 1e-9) * MEASURE_STEP;
}

/** Width, in characters, of each of m columns set across k basic columns (破栏), as the desk computes it. */
export function splitColumnChars(g: Pick<PageGeometry, 'columnChars' | 'gutterChars'>, k: number, m: number): number {
  return (k * g.columnChars + (k - 1) * g.gutterChars - (m - 1) * g.gutterChars) / m;
}

/** Body lines from the top to the bottom of the type area. */
export function pageLines(g: PageGeometry): number {
  const height = g.paperHeightMm - g.marginTopMm - g.marginBottomMm;
  // The first line needs only its own size; every further line one leading.
  return Math.max(1, Math.floor((height - g.bodySizePt * MM_PER_PT) / (g.leadingPt * MM_PER_PT)) + 1);
}

/** What is wrong with a placement on its page: outside the grid, or over another placement. */
export type PlacementProblem =
  | { code: 'OUTSIDE_GRID' }
  | { code: 'BODY_WIDER_THAN_PLACEMENT' }
  | { code: 'SPLIT_TOO_NARROW' }
  | { code: 'PHOTO_OUTSIDE'; photo: number }
  | { code: 'OVERLAP'; other: string }
  | { code: 'OVER_FURNITURE'; kind: Furniture['kind'] };

type Area = { column: number; span: number; top: number; depth: number };
const apartFrom = (a: Area, b: Area): boolean =>
  a.column + a.span <= b.column || b.column + b.span <= a.column || a.top + a.depth <= b.top || b.top + b.depth <= a.top;

/** What is wrong with a piece of furniture on its page: outside the grid, or over a story. */
export function furnitureProblems(page: Pick<Page, 'geometry' | 'placements'>, f: Furniture): PlacementProblem[] {
  const area = { ...f, depth: furnitureDepth(f) };
  const problems: PlacementProblem[] = [];
  if (f.column + f.span > page.geometry.columns || area.top + area.depth > pageLines(page.geometry))
    problems.push({ code: 'OUTSIDE_GRID' });
  for (const other of page.placements) if (!apartFrom(area, other)) problems.push({ code: 'OVERLAP', other: other.id });
  return problems;
}

export function placementProblems(page: Pick<Page, 'geometry' | 'placements' | 'furniture'>, p: Placement): PlacementProblem[] {
  const problems: PlacementProblem[] = [];
  const g = page.geometry;
  if (p.column + p.span > g.columns || p.top + p.depth > pageLines(g)) problems.push({ code: 'OUTSIDE_GRID' });
  if (p.bodySpan > p.span) problems.push({ code: 'BODY_WIDER_THAN_PLACEMENT' });
  if (splitColumnChars(g, p.bodySpan, p.split) < 3) problems.push({ code: 'SPLIT_TOO_NARROW' });
  for (const f of p.photos) {
    if (f.column + f.span > p.span || f.top + f.depth > p.depth) problems.push({ code: 'PHOTO_OUTSIDE', photo: f.photo });
  }
  for (const other of page.placements) {
    if (other.id === p.id) continue;
    const apart =
      p.column + p.span <= other.column ||
      other.column + other.span <= p.column ||
      p.top + p.depth <= other.top ||
      other.top + other.depth <= p.top;
    if (!apart) problems.push({ code: 'OVERLAP', other: other.id });
  }
  for (const f of page.furniture ?? []) {
    if (!apartFrom(p, { ...f, depth: furnitureDepth(f) })) problems.push({ code: 'OVER_FURNITURE', kind: f.kind });
  }
  return problems;
}
