import type { HeadlineShape, HeadlineSize, Page, PageGeometry, Placement } from '../domain/layout';
import { splitColumnChars } from '../domain/layout';
import { composeParagraph, type ComposeOptions, type Line } from './compose';
import { pictureBox } from './crop';
import { composeHeading } from './headline';
import { bodyBlocks, editionFlows, jumpInText, jumpOutText, type BodyCursor, type PartFlow } from './flow';
import type { StoryText } from './story';
import { DEFAULT_TYPEFACES, lineType, type TypefaceStyle, type Typeface, type Weight } from './typefaces';

/**
 * An article set in its placement: every line with its place on the page, the photos' frames,
 * and the copyfit. Places are in ems of body type from the top left of the type area, so the
 * preview (in CSS pixels) and the export (in points) scale the same numbers.
 */

export type LineRole = 'column' | 'kicker' | 'headline' | 'deck' | 'byline' | 'body' | 'intertitle' | 'caption' | 'jump' | 'source';

export interface SetLine {
  role: LineRole;
  line: Line;
  x: number;
  y: number;
  /** Type size as a multiple of the body size. */
  size: number;
  bold: boolean;
  /** The house's face and weight for the line's role (shared/typeset/typefaces.ts): the preview and the export draw it in these. */
  face: Typeface;
  weight: Weight;
  /** 长体 or 扁体: the line drawn scaled across (x) or down (y) from its top left; absent at 1, 1. */
  stretch?: { x: number; y: number };
  /** Body lines only: 1-based line number in the story, and the column it sits in. */
  number?: number;
  column?: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SetPhoto {
  photo: number;
  hash: string | null;
  /** The whole frame, the picture's part of it, and the caption set under the picture. */
  box: Box;
  image: Box;
  /**
   * The whole picture, cropped by the `image` box that clips it: in ems from that box's top left
   * (so at or left of and above 0), as the layout desk and the export both draw it.
   */
  picture: Box;
  caption: SetLine[];
}

export type Copyfit =
  | { state: 'fits'; capacity: number; needed: number }
  | { state: 'over'; capacity: number; needed: number; lines: number; chars: number }
  | { state: 'short'; capacity: number; needed: number; lines: number };

export interface SetFrame {
  placementId: string;
  articleId: string;
  box: Box;
  lines: SetLine[];
  /** Body lines that did not fit: overset. */
  overset: Line[];
  photos: SetPhoto[];
  copyfit: Copyfit;
  /** Width of one body column, in characters. */
  columnChars: number;
  /** Body lines the headline block takes at the top of the placement. */
  headingDepth: number;
  /** A story set in parts (转版): where the next part picks the text up; null when the text ended here. */
  endsAt: BodyCursor | null;
}

/** Headline sizes, as multiples of the body size. */
const HEADLINE_SCALE: Record<HeadlineSize, number> = { large: 3, medium: 2.25, small: 1.75 };
const KICKER_SCALE = 1.5;
const DECK_SCALE = 1.35;
const COLUMN_SCALE = 1.2;
/** Headline lines are set with this much line height (as a multiple of their size). */
const HEADING_LEADING = 1.2;

export interface GridMetrics {
  /** Ems from one body line to the next. */
  lead: number;
  column: number;
  gutter: number;
}

export function gridMetrics(g: PageGeometry): GridMetrics {
  return { lead: g.leadingPt / g.bodySizePt, column: g.columnChars, gutter: g.gutterChars };
}

/** Left edge of basic column `c` and width of `span` columns, in ems. */
export function columnX(g: PageGeometry, c: number): number {
  return c * (g.columnChars + g.gutterChars);
}
export function spanWidth(g: PageGeometry, span: number): number {
  return span * g.columnChars + (span - 1) * g.gutterChars;
}

/** The placement's rectangle on the type area, in ems. */
export function placementBox(g: PageGeometry, p: Pick<Placement, 'column' | 'span' | 'top' | 'depth'>): Box {
  const lead = g.leadingPt / g.bodySizePt;
  return { x: columnX(g, p.column), y: p.top * lead, width: spanWidth(g, p.span), height: (p.depth - 1) * lead + 1 };
}

/** Counts the characters that a reader would count (not marks or spaces). */
function charsIn(lines: readonly Line[]): number {
  let n = 0;
  for (const l of lines) for (const g of l.glyphs) if (/[\p{L}\p{N}]/u.test(g.ch)) n++;
  return n;
}

interface Heading {
  role: LineRole;
  text: string;
  scale: number;
  bold: boolean;
  align: ComposeOptions['align'];
  stretch?: { x: number; y: number };
}

/** 长体 and 扁体: the face at 75% of its width, or of its height, as Chinese headline type is made. */
const SHAPE_SCALE = 0.75;
const SHAPES: Record<HeadlineShape, { x: number; y: number } | undefined> = {
  normal: undefined,
  long: { x: SHAPE_SCALE, y: 1 },
  flat: { x: 1, y: SHAPE_SCALE },
};

/** The 主题's size as a multiple of the body's: its points (a 字号) when given, else large/medium/small. */
function headlineScale(p: Placement, bodySizePt: number): number {
  return p.headlinePt ? p.headlinePt / bodySizePt : HEADLINE_SCALE[p.headlineSize];
}

/** The headline block, set across the placement's full width; returns its lines and its depth in body lines. */
function setHeadings(
  story: StoryText,
  p: Placement,
  box: Box,
  m: GridMetrics,
  bodySizePt: number,
  faces: TypefaceStyle,
): { lines: SetLine[]; depth: number } {
  const shape = SHAPES[p.headlineShape ?? 'normal'];
  const headings: Heading[] = [
    { role: 'column', text: story.column, scale: COLUMN_SCALE, bold: true, align: 'start' },
    { role: 'kicker', text: story.kicker, scale: KICKER_SCALE, bold: false, align: 'center' },
    {
      role: 'headline',
      text: story.headline,
      scale: headlineScale(p, bodySizePt),
      bold: true,
      align: 'center',
      ...(shape ? { stretch: shape } : {}),
    },
    { role: 'deck', text: story.deck, scale: DECK_SCALE, bold: false, align: 'center' },
  ];
  const lines: SetLine[] = [];
  let y = 0;
  for (const h of headings) {
    if (!h.text) continue;
    // A condensed face takes more characters to the line; an extended one, less depth.
    const width = box.width / (h.scale * (h.stretch?.x ?? 1));
    // 引题, 主题 and 副题 break as headlines do (the editor's breaks, evenly); the column label runs on.
    const set = h.role === 'column' ? composeParagraph(h.text, { width, align: h.align }) : composeHeading(h.text, width, h.align);
    for (const line of set) {
      lines.push({
        role: h.role,
        line,
        x: box.x,
        y: box.y + y,
        size: h.scale,
        bold: h.bold,
        ...lineType(faces, h.role),
        ...(h.stretch ? { stretch: h.stretch } : {}),
      });
      y += h.scale * HEADING_LEADING * (h.stretch?.y ?? 1);
    }
  }
  if (!lines.length) return { lines, depth: 0 };
  // The block ends on the grid, with a line of white before the body.
  const depth = Math.ceil(y / m.lead) + 1;
  return { lines, depth };
}

interface Segment {
  column: number;
  x: number;
  /** First and after-last free body line, counted from the body's top. */
  from: number;
  to: number;
}

/** The free stretches of each body column, in reading order, around the photo frames. */
function bodySegments(g: PageGeometry, p: Placement, bodyDepth: number, columnWidth: number, box: Box): Segment[] {
  const segments: Segment[] = [];
  for (let c = 0; c < p.split; c++) {
    const x = box.x + c * (columnWidth + g.gutterChars);
    const blocked = new Uint8Array(Math.max(0, bodyDepth));
    for (const f of p.photos) {
      const fx = box.x + columnX(g, f.column);
      const fw = spanWidth(g, f.span);
      if (x + columnWidth <= fx + 1e-6 || fx + fw <= x + 1e-6) continue;
      // A line of white between a photo and the text above and below it.
      const from = Math.max(0, f.top - (f.top > 0 ? 1 : 0));
      const to = Math.min(bodyDepth, f.top + f.depth + 1);
      for (let l = from; l < to; l++) blocked[l] = 1;
    }
    let l = 0;
    while (l < bodyDepth) {
      while (l < bodyDepth && blocked[l]) l++;
      const from = l;
      while (l < bodyDepth && !blocked[l]) l++;
      if (l > from) segments.push({ column: c, x, from, to: l });
    }
  }
  return segments;
}

/** A body line as set, with where its text came from: the body block, and the offset into it. */
export interface BodyLine {
  line: Line;
  role: LineRole;
  bold: boolean;
  /** The block (see bodyBlocks) and the code point its text starts at; -1 for a line the desk wrote. */
  block: number;
  offset: number;
}

const BLOCK_ROLE = { byline: 'byline', paragraph: 'body', intertitle: 'intertitle', jump: 'jump', source: 'source' } as const;

/**
 * The body's lines at one column width: paragraphs, intertitles, the jump line and source note;
 * from a cursor for a part of a story set in parts, the paragraph it cuts into going on
 * without an indent.
 */
export function setBody(story: StoryText, width: number, indent = 2, from: BodyCursor | null = null, parted = false): BodyLine[] {
  const out: BodyLine[] = [];
  const blocks = bodyBlocks(story, parted);
  const first = from ?? { block: 0, char: 0 };
  for (let b = Math.max(0, first.block); b < blocks.length; b++) {
    const block = blocks[b]!;
    const offset = b === first.block ? first.char : 0;
    const text = offset > 0 ? Array.from(block.text).slice(offset).join('') : block.text;
    if (!text) continue;
    const options: ComposeOptions =
      block.kind === 'paragraph'
        ? { width, indent: offset > 0 ? 0 : indent }
        : { width, align: block.kind === 'intertitle' ? 'center' : block.kind === 'byline' ? 'start' : 'end' };
    const role = BLOCK_ROLE[block.kind];
    for (const line of composeParagraph(text, options)) out.push({ line, role, bold: block.kind === 'intertitle', block: b, offset });
  }
  return out;
}

/** Where the text after a body line starts. */
function cursorAfter(l: BodyLine): BodyCursor {
  return l.line.last ? { block: l.block + 1, char: 0 } : { block: l.block, char: l.offset + l.line.end };
}

/** A line the desk writes into a story set in parts: （上接第N版） or （下转第N版）. */
function jumpLines(text: string, width: number, align: ComposeOptions['align']): BodyLine[] {
  return composeParagraph(text, { width, align }).map((line) => ({ line, role: 'jump', bold: false, block: -1, offset: 0 }));
}

/**
 * Sets one article in its placement; with a flow, one part of a story set in parts (转版): a
 * later part repeats only the 主题 and goes on from where the part before stopped.
 */
export function setFrame(
  g: PageGeometry,
  p: Placement,
  story: StoryText,
  flow?: PartFlow,
  faces: TypefaceStyle = DEFAULT_TYPEFACES,
): SetFrame {
  const m = gridMetrics(g);
  const box = placementBox(g, p);
  const later = flow?.from != null;
  const headings = setHeadings(later ? { ...story, column: '', kicker: '', deck: '' } : story, p, box, m, g.bodySizePt, faces);
  const bodyDepth = Math.max(0, p.depth - headings.depth);
  const bodyTop = box.y + headings.depth * m.lead;
  const columnWidth = splitColumnChars(g, p.bodySpan, p.split);

  // A group of photos shares one credit (本组图片：… 摄), printed after the last caption on the page.
  const lastFrame = p.photos.length - 1;
  const photos: SetPhoto[] = p.photos.map((f, k) => {
    const x = box.x + columnX(g, f.column);
    const width = spanWidth(g, f.span);
    const y = bodyTop + f.top * m.lead;
    const depth = Math.min(f.depth, Math.max(1, bodyDepth - f.top));
    const own = story.photos[f.photo]?.caption ?? '';
    const text = k === lastFrame && story.groupCredit ? `${own}${story.groupCredit}` : own;
    const captionLines = text ? composeParagraph(text, { width, indent: 0 }) : [];
    const captionDepth = Math.min(captionLines.length, Math.max(0, depth - 1));
    const imageHeight = (depth - captionDepth) * m.lead - (m.lead - 1);
    const caption = captionLines.slice(0, captionDepth).map((line, k) => ({
      role: 'caption' as const,
      line,
      x,
      y: y + (depth - captionDepth + k) * m.lead,
      size: 1,
      bold: false,
      ...lineType(faces, 'caption'),
    }));
    const image = { x, y, width, height: Math.max(0.5, imageHeight) };
    return {
      photo: f.photo,
      hash: story.photos[f.photo]?.hash ?? null,
      box: { x, y, width, height: (depth - 1) * m.lead + 1 },
      image,
      picture: pictureBox(image, story.photos[f.photo], f.crop),
      caption,
    };
  });

  let body = setBody(story, columnWidth, 2, flow?.from ?? null, flow !== undefined);
  if (flow?.jumpIn != null && body.length) body = [...jumpLines(jumpInText(flow.jumpIn), columnWidth, 'start'), ...body];
  const segments = bodySegments(g, p, bodyDepth, columnWidth, box);
  const capacity = segments.reduce((n, s) => n + (s.to - s.from), 0);
  // A part that does not hold the rest of its story hands it on: its last line says where to.
  let endsAt: BodyCursor | null = null;
  if (flow?.continues && body.length > capacity) {
    const out = flow.jumpOut !== null ? jumpLines(jumpOutText(flow.jumpOut), columnWidth, 'end') : [];
    const kept = body.slice(0, Math.max(0, capacity - out.length));
    const lastText = kept.findLast((l) => l.block >= 0);
    endsAt = lastText ? cursorAfter(lastText) : (flow.from ?? { block: 0, char: 0 });
    body = [...kept, ...out];
  }
  const lines: SetLine[] = [...headings.lines];
  let next = 0;
  for (const s of segments) {
    for (let l = s.from; l < s.to && next < body.length; l++, next++) {
      const b = body[next]!;
      lines.push({
        role: b.role,
        line: b.line,
        x: s.x,
        y: bodyTop + l * m.lead,
        size: 1,
        bold: b.bold,
        ...lineType(faces, b.role),
        number: next + 1,
        column: s.column,
      });
    }
  }
  for (const ph of photos) lines.push(...ph.caption);
  const overset = body.slice(next).map((b) => b.line);
  const needed = body.length;
  const copyfit: Copyfit =
    needed > capacity
      ? { state: 'over', capacity, needed, lines: needed - capacity, chars: charsIn(overset) }
      : needed < capacity
        ? { state: 'short', capacity, needed, lines: capacity - needed }
        : { state: 'fits', capacity, needed };
  return {
    placementId: p.id,
    articleId: p.articleId,
    box,
    lines,
    overset,
    photos,
    copyfit,
    columnChars: columnWidth,
    headingDepth: headings.depth,
    endsAt,
  };
}

/**
 * Every placement of a page set; a placement whose article is missing is left out. `flows` holds
 * the parts of stories set in parts (see editionFlows), each set from where its part begins.
 */
export function setPage(
  page: Pick<Page, 'geometry' | 'placements'>,
  stories: ReadonlyMap<string, StoryText>,
  flows: ReadonlyMap<string, PartFlow> = new Map(),
  faces: TypefaceStyle = DEFAULT_TYPEFACES,
): SetFrame[] {
  const frames: SetFrame[] = [];
  for (const p of page.placements) {
    const story = stories.get(p.articleId);
    if (story) frames.push(setFrame(page.geometry, p, story, flows.get(p.id), faces));
  }
  return frames;
}

/** The flow of every part of the stories an edition sets in parts, each part set on its own page's grid. */
export function partFlows(
  pages: readonly Pick<Page, 'number' | 'geometry' | 'placements'>[],
  stories: ReadonlyMap<string, StoryText>,
): Map<string, PartFlow> {
  const grids = new Map(pages.map((p) => [p.number, p.geometry]));
  return editionFlows(pages, stories, (page, p, story, flow) => setFrame(grids.get(page)!, p, story, flow).endsAt);
}

/**
 * The least depth at which the story is not overset (at most `maxDepth`): "fit depth to text".
 * A part of a story set in parts fits the rest of the text, as if no part came after it.
 */
export function fitDepth(g: PageGeometry, p: Placement, story: StoryText, maxDepth: number, flow?: PartFlow): number {
  const alone = flow ? { ...flow, jumpOut: null, continues: false } : undefined;
  const set = (depth: number) => setFrame(g, { ...p, depth }, story, alone);
  let high = Math.max(1, maxDepth);
  const full = set(high);
  if (full.copyfit.state === 'over') return high;
  // Deep enough for the headline and every photo frame, whatever the text needs.
  let low = Math.min(high, Math.max(1, full.headingDepth + Math.max(1, ...p.photos.map((f) => f.top + f.depth))));
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (set(mid).copyfit.state === 'over') low = mid + 1;
    else high = mid;
  }
  return low;
}
