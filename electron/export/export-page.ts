import { existsSync, readFileSync } from 'node:fs';
import type { i18n } from 'i18next';
import { pageCharacters, pageHtml, sheetSize, type EmbeddedFont, type PrintOptions } from '../../shared/export/page-html';
import {
  photoResolutionProblems,
  proofreadingWarning,
  unforceable,
  pageProblems,
  type ExportProblem,
  type ExportWarning,
  type PdfxLevel,
} from '../../shared/export/problems';
import { MM_PER_PT } from '../../shared/domain/layout';
import { houseOptions } from '../../shared/proofread/house';
import { ProofreadCache, proofreadStory } from '../../shared/proofread/story';
import { flowsOf, storiesOf } from '../../shared/typeset/copyfit';
import { setPage } from '../../shared/typeset/frame';
import { TYPEFACES, WEIGHTS } from '../../shared/typeset/typefaces';
import type { Archive } from '../archive/archive';
import { imagePath } from '../archive/images';
import { fontFiles, subsetFont } from './fonts';
import { photoUpsampling } from './upsampling';

export interface ExportOptions extends PrintOptions {
  /** Export even with problems (overset, missing photo, photo without credit, not approved). */
  force: boolean;
  /** Press-ready PDF/X at this level: the press's preflight too (photo resolution, inks, fonts, bleed). */
  pdfx?: PdfxLevel | null;
  /** The least photo resolution the press takes, in pixels per inch at the placed size. */
  minPpi?: number;
}

export interface ExportedPage {
  number: number;
  section: string;
  /** page-03.html */
  fileName: string;
  /** Empty when the page was refused. */
  html: string;
  problems: ExportProblem[];
  /** What goes to press but deserves a look (proofreading findings left in a story). */
  warnings: ExportWarning[];
  refused: boolean;
  sheet: { widthMm: number; heightMm: number };
  /** The page's title, as the PDF's metadata names it. */
  title: string;
}

export const pageFileName = (number: number) => `page-${String(number).padStart(2, '0')}`;

function imageFile(archive: Archive, hash: string): string | null {
  const image = archive.image(hash);
  if (!image) return null;
  const file = imagePath(archive.photosDir, image.hash, image.mime);
  return existsSync(file) ? file : null;
}

/** The preflight's proofreading: each placed story checked under the newsroom's rules, its kept findings left out. */
function proofreadingWarnings(archive: Archive, articleIds: readonly string[]): ExportWarning[] {
  const options = houseOptions(archive.settings().proofreading);
  const warnings: ExportWarning[] = [];
  for (const id of new Set(articleIds)) {
    const article = archive.get(id);
    const warning = proofreadingWarning(id, article.headline, proofreadStory(article, new ProofreadCache(options)).findings);
    if (warning) warnings.push(warning);
  }
  return warnings;
}

/**
 * One page of an edition as self-contained HTML: set by the same composer as the layout desk,
 * with its photos inlined and its fonts cut down to the characters it prints. A page with
 * problems is refused unless `force`; the problems are reported either way.
 */
export async function exportPage(
  archive: Archive,
  i18n: i18n,
  date: string,
  number: number,
  options: ExportOptions,
): Promise<ExportedPage> {
  const layout = archive.layoutPage(date, number);
  const frames = setPage(layout.page, storiesOf(layout), flowsOf(layout), layout.typefaces);
  const problems = pageProblems(layout.stories, frames, (hash) => imageFile(archive, hash) !== null);
  if (options.pdfx) {
    const emMm = layout.page.geometry.bodySizePt * MM_PER_PT;
    // Each photo's pixels are read for how much they were enlarged (measured once per file).
    const factors = new Map<string, number | null>();
    for (const hash of new Set(frames.flatMap((f) => f.photos.map((ph) => ph.hash)))) {
      const file = hash ? imageFile(archive, hash) : null;
      const image = hash ? archive.image(hash) : undefined;
      if (hash && file && image) factors.set(hash, await photoUpsampling(file, image.mime));
    }
    const pixels = (hash: string) => {
      const image = archive.image(hash);
      return image ? { width: image.width, height: image.height, factor: factors.get(hash) ?? null } : null;
    };
    problems.push(...photoResolutionProblems(layout.stories, frames, pixels, emMm, options.minPpi));
  }
  const { edition, page } = layout;
  const title = i18n.t('export:title', { paper: edition.paper, date: edition.date, number: page.number });
  const base = {
    number,
    section: layout.page.section,
    fileName: `${pageFileName(number)}.html`,
    problems,
    warnings: proofreadingWarnings(
      archive,
      layout.stories.map((s) => s.articleId),
    ),
    sheet: sheetSize(layout.page, options),
    title,
  };
  // A spiked story (撤稿) never goes to press, forced or not.
  if (problems.length && (!options.force || problems.some(unforceable))) return { ...base, html: '', refused: true };

  const images = new Map<string, string>();
  for (const frame of frames) {
    for (const ph of frame.photos) {
      if (!ph.hash || images.has(ph.hash)) continue;
      const file = imageFile(archive, ph.hash);
      const image = archive.image(ph.hash);
      if (file && image) images.set(ph.hash, `data:${image.mime};base64,${readFileSync(file).toString('base64')}`);
    }
  }
  const header = {
    issue: i18n.t('export:issue', { number: edition.number, total: edition.totalNumber }),
    page: i18n.t('export:page', { number: page.number, section: page.section }),
    editor: i18n.t('export:editor', { name: page.editor }),
  };
  // Only the faces the page prints are needed: a house without 楷 exports without its font installed.
  const texts = TYPEFACES.flatMap((face) =>
    WEIGHTS.map((weight) => ({ face, weight, text: pageCharacters({ frames, edition, header, page: layout.page }, face, weight) })),
  );
  const used = texts.filter((t) => t.text);
  const files = fontFiles(used);
  const fonts: EmbeddedFont[] = [];
  for (const [i, t] of used.entries()) {
    fonts.push({ face: t.face, weight: t.weight, base64: Buffer.from(await subsetFont(files[i]!.file, t.text)).toString('base64') });
  }
  const html = pageHtml({
    edition,
    page,
    frames,
    images,
    fonts,
    options,
    header,
    title,
  });
  return { ...base, html, refused: false };
}
