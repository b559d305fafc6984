import { setFurniture, type SetFurniture } from '../typeset/furniture';
import type { EditionHeader } from '../api/contract';
import { MM_PER_PT, type Page } from '../domain/layout';
import { glyphRuns, stretchTransform } from '../typeset/draw';
import { gridMetrics, spanWidth, type SetFrame, type SetLine } from '../typeset/frame';
import { decorStyles, frameDecor } from '../typeset/decor';
import { FAMILY, type Typeface, type Weight } from '../typeset/typefaces';

/**
 * A page as one self-contained HTML file: the composer's lines at the places the layout desk
 * drew them, photos and fonts inlined, no script, nothing fetched. Sizes are in millimetres and
 * points, so the file prints at the paper's real size.
 */

export interface EmbeddedFont {
  face: Typeface;
  weight: Weight;
  /** A TrueType font, base64. */
  base64: string;
}

export interface PrintOptions {
  /** 3 mm of bleed around the trimmed page. */
  bleed: boolean;
  /** Crop marks at the corners, drawn on the page (Chromium ignores `@page { marks }`). */
  cropMarks: boolean;
}

export interface PageHtmlInput {
  edition: EditionHeader;
  page: Page;
  frames: SetFrame[];
  /** Photos by image hash, as data: URLs. */
  images: ReadonlyMap<string, string>;
  fonts: EmbeddedFont[];
  options: PrintOptions;
  /** The page header's words, in the desk's language: 第58期 总第12345期, 第1版 要闻, 责任编辑. */
  header: { issue: string; page: string; editor: string };
  title: string;
}

export const BLEED_MM = 3;
/** Room outside the bleed for crop marks: 3 mm clear of the trim, 5 mm long. */
const MARK_OFFSET_MM = 3;
const MARK_LENGTH_MM = 5;
export const SLUG_MM = MARK_OFFSET_MM + MARK_LENGTH_MM + 2;

const escapeHtml = (s: string) => s.replace(/[&<>"']/gu, (c) => `&#${c.charCodeAt(0)};`);
const num = (n: number) => String(Math.round(n * 10000) / 10000);

/** How far the trimmed page sits from the sheet's edge, in mm. */
export function sheetMargin(options: PrintOptions): number {
  return options.cropMarks ? SLUG_MM : options.bleed ? BLEED_MM : 0;
}

/** The sheet the PDF is printed on: the paper, plus bleed and room for crop marks if asked. */
export function sheetSize(page: Page, options: PrintOptions): { widthMm: number; heightMm: number } {
  const m = sheetMargin(options);
  return { widthMm: page.geometry.paperWidthMm + 2 * m, heightMm: page.geometry.paperHeightMm + 2 * m };
}

function lineHtml(line: SetLine): string {
  const size = line.size;
  const stretch = line.stretch ? `;transform:${stretchTransform(line.stretch)};transform-origin:0 0` : '';
  const style = `left:${num(line.x / size)}em;top:${num(line.y / size)}em;${size === 1 ? '' : `font-size:${num(size)}em;`}font-family:${FAMILY[line.face]};font-weight:${line.weight}${stretch}`;
  const glyphs = glyphRuns(line.line.glyphs)
    .map((run) =>
      run.box
        ? `<span style="left:${num(run.box.left)}em;width:${num(run.box.width)}em;text-align:${run.box.align}">${escapeHtml(run.text)}</span>`
        : `<span class="run" style="left:${num(run.left)}em${run.spacing ? `;letter-spacing:${num(run.spacing)}em` : ''}">${escapeHtml(run.text)}</span>`,
    )
    .join('');
  return `<div class="line role-${line.role}" data-line="${escapeHtml(line.line.text)}" style="${style}">${glyphs}</div>`;
}

/** A story's rules, box and tint, as the page view draws them (shared/typeset/decor.ts). */
function decorHtml(frame: SetFrame, page: Page): string {
  const placement = page.placements.find((p) => p.id === frame.placementId);
  if (!placement?.style) return '';
  const css = (style: Record<string, string>) =>
    Object.entries(style)
      .map(([k, v]) => `${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}:${v}`)
      .join(';');
  return decorStyles(frameDecor(frame, placement, gridMetrics(page.geometry)))
    .map((shape) => `<div class="decor decor-${shape.kind}" style="${escapeHtml(css(shape.style))}"></div>`)
    .join('');
}

function frameHtml(frame: SetFrame, images: ReadonlyMap<string, string>): string {
  const photos = frame.photos
    .map((ph) => {
      const src = ph.hash ? images.get(ph.hash) : undefined;
      const box = `left:${num(ph.image.x)}em;top:${num(ph.image.y)}em;width:${num(ph.image.width)}em;height:${num(ph.image.height)}em`;
      if (!src) return `<div class="photo missing" style="${box}"></div>`;
      // The whole image goes in, cropped by the box around it: the original stays, as in the desk.
      const picture = `left:${num(ph.picture.x)}em;top:${num(ph.picture.y)}em;width:${num(ph.picture.width)}em;height:${num(ph.picture.height)}em`;
      return `<div class="crop" style="${box}"><img class="photo" alt="" src="${src}" style="${picture}"></div>`;
    })
    .join('');
  return `<div class="frame" data-placement="${escapeHtml(frame.placementId)}" data-article="${escapeHtml(frame.articleId)}">${photos}${frame.lines.map(lineHtml).join('')}</div>`;
}

/** The page's furniture (报头, rules, standing text), as the page view draws it (shared/typeset/furniture.ts). */
function furnitureHtml(set: readonly SetFurniture[]): string {
  return set
    .map(
      (f) =>
        `<div class="furniture furniture-${f.kind}">${f.rules
          .map(
            (r) =>
              `<div class="rule" style="left:${num(r.x)}em;top:${num(r.y)}em;width:${num(r.width)}em;height:${num(r.height)}em"></div>`,
          )
          .join('')}${f.lines.map(lineHtml).join('')}</div>`,
    )
    .join('\n');
}

/** Crop marks at the four corners of the trimmed page, outside the bleed. */
function cropMarks(widthMm: number, heightMm: number, m: number): string {
  const marks: string[] = [];
  const hair = 0.25 * MM_PER_PT;
  for (const [x, y, dx, dy] of [
    [m, m, -1, -1],
    [m + widthMm, m, 1, -1],
    [m, m + heightMm, -1, 1],
    [m + widthMm, m + heightMm, 1, 1],
  ] as const) {
    const hx = dx < 0 ? x - MARK_OFFSET_MM - MARK_LENGTH_MM : x + MARK_OFFSET_MM;
    const vy = dy < 0 ? y - MARK_OFFSET_MM - MARK_LENGTH_MM : y + MARK_OFFSET_MM;
    marks.push(
      `<div class="mark" style="left:${num(hx)}mm;top:${num(y - hair / 2)}mm;width:${MARK_LENGTH_MM}mm;height:${num(hair)}mm"></div>`,
    );
    marks.push(
      `<div class="mark" style="left:${num(x - hair / 2)}mm;top:${num(vy)}mm;width:${num(hair)}mm;height:${MARK_LENGTH_MM}mm"></div>`,
    );
  }
  return marks.join('');
}

export function pageHtml(input: PageHtmlInput): string {
  const { page, edition, options } = input;
  const g = page.geometry;
  const sheet = sheetSize(page, options);
  const m = sheetMargin(options);
  const emMm = g.bodySizePt * MM_PER_PT;
  const areaWidth = spanWidth(g, g.columns) * emMm;
  const fonts = input.fonts
    .map(
      (f) =>
        `@font-face{font-family:${FAMILY[f.face]};font-weight:${f.weight};src:url(data:font/ttf;base64,${f.base64}) format("truetype")}`,
    )
    .join('\n');
  const furniture = setFurniture(g, page.furniture ?? [], edition);
  // A front page's masthead says all its 报眉 would.
  const masthead = furniture.some((f) => f.kind === 'masthead');
  const header = [
    `<span class="paper">${escapeHtml(edition.paper)}</span>`,
    `<span>${escapeHtml(edition.date)}</span>`,
    `<span>${escapeHtml(input.header.issue)}</span>`,
    `<span class="section">${escapeHtml(input.header.page)}</span>`,
    `<span>${escapeHtml(input.header.editor)}</span>`,
  ].join('');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'">
<meta name="generator" content="Banmian">
<title>${escapeHtml(input.title)}</title>
<style>
${fonts}
@page{size:${num(sheet.widthMm)}mm ${num(sheet.heightMm)}mm;margin:0}
html,body{margin:0;padding:0;background:#fff}
.sheet{position:relative;width:${num(sheet.widthMm)}mm;height:${num(sheet.heightMm)}mm;overflow:hidden;break-after:page;color:#000;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.trim{position:absolute;left:${num(m)}mm;top:${num(m)}mm;width:${num(g.paperWidthMm)}mm;height:${num(g.paperHeightMm)}mm;background:#fff;font-size:${num(g.bodySizePt)}pt;line-height:1;font-family:${FAMILY.song}}
.header{position:absolute;left:${num(g.marginLeftMm)}mm;width:${num(areaWidth)}mm;top:${num(g.marginTopMm - 3 * emMm)}mm;display:flex;gap:1.5em;align-items:baseline;border-bottom:0.15em solid #000;padding-bottom:0.3em;white-space:nowrap;font-family:${FAMILY.hei}}
.header .paper{font-size:1.8em;font-weight:700;letter-spacing:0.1em}
.header .section{font-weight:700}
.area{position:absolute;left:${num(g.marginLeftMm)}mm;top:${num(g.marginTopMm)}mm}
.line{position:absolute;height:1em;white-space:pre}
.line>span{position:absolute;top:0;height:1em;line-height:1;display:block}
.line>span.run{white-space:pre;font-kerning:none;font-feature-settings:"palt" 0,"kern" 0}
.crop{position:absolute;overflow:hidden}
.photo{position:absolute;display:block;max-width:none}
.photo.missing{background:#ddd;outline:0.2mm solid #999}
.mark{position:absolute;background:#000}
.furniture .rule{position:absolute;background:#000}
</style>
</head>
<body>
<div class="sheet">
<div class="trim">
${masthead ? '' : `<div class="header">${header}</div>`}
<div class="area">
${furnitureHtml(furniture)}
${input.frames.map((f) => decorHtml(f, input.page)).join('')}
${input.frames.map((f) => frameHtml(f, input.images)).join('\n')}
</div>
</div>
${options.cropMarks ? cropMarks(g.paperWidthMm, g.paperHeightMm, m) : ''}
</div>
</body>
</html>
`;
}

/** Every character the page prints in one face and weight, for cutting that font down to it; '' when none. */
export function pageCharacters(
  input: Pick<PageHtmlInput, 'frames' | 'edition' | 'header'> & { page?: Pick<Page, 'geometry' | 'furniture'> },
  face: Typeface,
  weight: Weight,
): string {
  const chars = new Set<string>();
  const furniture = input.page ? setFurniture(input.page.geometry, input.page.furniture ?? [], input.edition) : [];
  for (const f of [...input.frames, ...furniture]) {
    for (const l of f.lines) {
      if (l.face === face && l.weight === weight) for (const ch of l.line.text) chars.add(ch);
    }
  }
  // The page's header is set in 黑, its paper and section bold.
  if (face === 'hei')
    for (const ch of `${input.edition.paper}${input.edition.date}${input.header.issue}${input.header.page}${input.header.editor}`)
      chars.add(ch);
  if (!chars.size) return '';
  // Digits and the marks around them, so that no figure falls back to a font on the reader's machine.
  for (const ch of '0123456789：（）') chars.add(ch);
  return [...chars].join('');
}
