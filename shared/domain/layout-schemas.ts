import * as z from 'zod';
import { BOX_KINDS, HEADLINE_SHAPES, HEADLINE_SIZES, MAX_CROP_ZOOM, MEASURE_STEP, TINTS } from './layout';

/**
 * The shapes of editions, pages, placements and furniture, checked where one crosses a boundary
 * (the API, the newsroom's protocol, what the archive stores as JSON). Apart from
 * shared/domain/layout.ts, whose types they give, so that code which only reads the archive
 * (the command line's listing and search) does not load zod.
 */

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

export const headlineSizeSchema = z.enum(HEADLINE_SIZES);

const gridInt = z.number().int().min(0).max(500);

/**
 * A photo's crop (裁切), kept beside the frame so the image file is never changed: the picture
 * scaled to cover its frame, `zoom` times more, with the point (x, y), in fractions of the
 * picture's own width and height, at the frame's centre as far as the picture still covers
 * the frame. Absent: uncropped (zoom 1, the centre), as every frame from before crops, and as
 * a reset crop is stored, so a frame never cropped reads the same on an older desk or server.
 */
export const photoCropSchema = z.strictObject({
  zoom: z.number().min(1).max(MAX_CROP_ZOOM),
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
});

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

export const furnitureListSchema = z.array(furnitureSchema).max(40);

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
