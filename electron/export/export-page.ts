import { existsSync, readFileSync } from 'node:fs';
import type { i18n } from 'i18next';
import { pageCharacters, pageHtml, sheetSize, type EmbeddedFont, type PrintOptions } from '../../shared/export/page-html';
import { unforceable, pageProblems, type ExportProblem } from '../../shared/export/problems';
import { storiesOf } from '../../shared/typeset/copyfit';
import { setPage } from '../../shared/typeset/frame';
import type { Archive } from '../archive/archive';
import { imagePath } from '../archive/images';
import { fontFaces, subsetFont } from './fonts';

export interface ExportOptions extends PrintOptions {
  /** Export even with problems (overset, missing photo, photo without credit, not approved). */
  force: boolean;
}

export interface ExportedPage {
  number: number;
  section: string;
  /** page-03.html */
  fileName: string;
  /** Empty when the page was refused. */
  html: string;
  problems: ExportProblem[];
  refused: boolean;
  sheet: { widthMm: number; heightMm: number };
}

export const pageFileName = (number: number) => `page-${String(number).padStart(2, '0')}`;

function imageFile(archive: Archive, hash: string): string | null {
  const image = archive.image(hash);
  if (!image) return null;
  const file = imagePath(archive.photosDir, image.hash, image.mime);
  return existsSync(file) ? file : null;
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
  const frames = setPage(layout.page, storiesOf(layout));
  const problems = pageProblems(layout.stories, frames, (hash) => imageFile(archive, hash) !== null);
  const base = {
    number,
    section: layout.page.section,
    fileName: `${pageFileName(number)}.html`,
    problems,
    sheet: sheetSize(layout.page, options),
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
  const { edition, page } = layout;
  const header = {
    issue: i18n.t('export:issue', { number: edition.number, total: edition.totalNumber }),
    page: i18n.t('export:page', { number: page.number, section: page.section }),
    editor: i18n.t('export:editor', { name: page.editor }),
  };
  const fonts: EmbeddedFont[] = [];
  for (const face of fontFaces()) {
    const text = pageCharacters({ frames, edition, header }, face.face, face.weight);
    if (!text) continue;
    fonts.push({ face: face.face, weight: face.weight, base64: Buffer.from(await subsetFont(face.file, text)).toString('base64') });
  }
  const html = pageHtml({
    edition,
    page,
    frames,
    images,
    fonts,
    options,
    header,
    title: i18n.t('export:title', { paper: edition.paper, date: edition.date, number: page.number }),
  });
  return { ...base, html, refused: false };
}
