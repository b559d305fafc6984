import * as z from 'zod';

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

const mm = z.number().min(0).max(2000);

export const pageGeometrySchema = z.strictObject({
  /** Basic columns (栏) across the page. */
  columns: z.number().int().min(1).max(20),
  /** Measure of one basic column (基本栏) in ems of body type, in steps of MEASURE_STEP. */
  columnChars: z.number().min(4).max(60).multipleOf(MEASURE_STEP),
  /** Space between columns, in characters of body type. */
  gutterChars: z.number().min(0).max(6),
  paperWidthMm: mm.min(50),
  paperHeightMm: mm.min(50),
  marginTopMm: mm,
  marginRightMm: mm,
  marginBottomMm: mm,
  marginLeftMm: mm,
  /** Body type size in points (小五 is 9 pt). */
  bodySizePt: z.number().min(4).max(24),
  /** Distance from one body line to the next, in points. */
  leadingPt: z.number().min(4).max(48),
});
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
export const headlineSizeSchema = z.enum(HEADLINE_SIZES);
export type HeadlineSize = z.infer<typeof headlineSizeSchema>;

const gridInt = z.number().int().min(0).max(500);

/** How far into a picture a crop may zoom: past this a news photo's pixels show. */
export const MAX_CROP_ZOOM = 8;

/**
 * A photo's crop (裁切), kept beside the frame so the image file is never changed: the picture
 * scaled to cover its frame, `zoom` times more, with the point (x, y), in fractions of the
 * picture's own width and height, at the frame's centre as far as the picture still covers
 * the frame. Absent: uncropped (zoom 1, the centre), as every frame from before crops, and as
 * a reset crop is stored, so a frame never cropped reads the same on an older desk or server.
 */
const photoCropSchema = z.strictObject({
  zoom: z.number().min(1).max(MAX_CROP_ZOOM),
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
});
export type PhotoCrop = z.infer<typeof photoCropSchema>;

/** A photo's frame inside its placement: columns from the placement's first, lines from the body's top. */
export const photoFrameSchema = z.strictObject({
  /** Which of the article's photos, by its place in the article. */
  photo: z.number().int().min(0).max(59),
  column: gridInt,
  span: z.number().int().min(1).max(20),
  top: gridInt,
  depth: z.number().int().min(2).max(500),
  crop: photoCropSchema.optional(),
});

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

/**
 * How a story is set off on the page: 栏线 (rules between its body columns), a box around it,
 * a tint behind it. Optional in every field, so placements from before (and from older desks in
 * the newsroom) read as plain.
 */
export const placementStyleSchema = z.strictObject({
  columnRules: z.boolean().optional(),
  box: z.enum(BOX_KINDS).optional(),
  tint: z
    .number()
    .int()
    .refine((n) => (TINTS as readonly number[]).includes(n))
    .optional(),
});
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

export const placementSchema = z.strictObject({
  id: z.string().min(1).max(64),
  articleId: z.string().min(1).max(64),
  /** First basic column (0 is the leftmost). */
  column: gridInt,
  /** Basic columns the placement covers; its headline spans all of them. */
  span: z.number().int().min(1).max(20),
  /** First body line from the top of the type area, and how many lines deep. */
  top: gridInt,
  depth: z.number().int().min(1).max(500),
  /** Basic columns the body text takes, from the first: a headline can be wider than its body. */
  bodySpan: z.number().int().min(1).max(20),
  /** Columns the body is set in across bodySpan (破栏): bodySpan for the plain grid. */
  split: z.number().int().min(1).max(40),
  headlineSize: headlineSizeSchema,
  /** The 主题's size in points (a 字号 or any size), in place of headlineSize's large/medium/small. */
  headlinePt: z.number().min(6).max(200).optional(),
  headlineShape: z.enum(HEADLINE_SHAPES).optional(),
  photos: z.array(photoFrameSchema).max(20),
  style: placementStyleSchema.optional(),
  /**
   * 转版: this placement goes on with a story begun in another placement of the edition (its
   * first part), picking the text up where the part before it stopped.
   */
  continues: z.literal(true).optional(),
});
export type Placement = z.infer<typeof placementSchema>;

/**
 * The fixed furniture of a page (版面固定元素), kept with the page and its template rather than
 * with any story: the 报头 (masthead) of a front page, set from the edition's own data (the
 * paper's name, date with weekday and 农历, 期号 and 总期号) and the paper's 刊号; a rule across
 * columns (通栏线); a fixed line of text (a standing label, 导读, the paper's address). Grid
 * places as for placements: columns from the left, body lines from the top of the type area.
 */
const furnitureArea = {
  column: gridInt,
  span: z.number().int().min(1).max(20),
  top: gridInt,
};
export const furnitureSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('masthead'),
    ...furnitureArea,
    depth: z.number().int().min(4).max(200),
    /** 国内统一连续出版物号: CN 42-0006. */
    registration: z.string().max(40),
    /** 主管主办 or 出版 line, as the paper prints it under its name. */
    publisher: z.string().max(80),
  }),
  z.strictObject({ kind: z.literal('rule'), ...furnitureArea, weight: z.enum(['thin', 'thick']) }),
  z.strictObject({ kind: z.literal('text'), ...furnitureArea, depth: z.number().int().min(1).max(200), text: z.string().min(1).max(400) }),
]);
export type Furniture = z.infer<typeof furnitureSchema>;
export const furnitureListSchema = z.array(furnitureSchema).max(40);

/** Body lines a piece of furniture takes down the page: a rule takes one. */
export const furnitureDepth = (f: Furniture): number => (f.kind === 'rule' ? 1 : f.depth);

export const pageSchema = z.strictObject({
  number: z.number().int().min(1).max(200),
  /** 版名: 要闻, 沙市新闻, 综合. */
  section: z.string().max(40),
  /** 责任编辑. */
  editor: z.string().max(40),
  geometry: pageGeometrySchema,
  /** Absent on pages from before furniture, as an empty list. */
  furniture: furnitureListSchema.optional(),
  placements: z.array(placementSchema),
});
export type Page = z.infer<typeof pageSchema>;

export const editionSchema = z.strictObject({
  /** YYYY-MM-DD, the day it is printed for. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** 期号 of the year and 总第N期. */
  number: z.number().int().min(1).max(100_000),
  totalNumber: z.number().int().min(1).max(10_000_000),
  /** The paper's name, printed in every page header (报眉). */
  paper: z.string().min(1).max(40),
  pages: z.array(pageSchema),
});
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
