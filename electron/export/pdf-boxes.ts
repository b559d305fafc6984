import { PDFDocument } from 'pdf-lib';
import { MM_PER_PT } from '../../shared/domain/layout';

const PT_PER_MM = 1 / MM_PER_PT;

/**
 * Sets each page of a printed PDF to the sheet's exact size, with its trim and bleed boxes.
 * Chromium rounds a page's size to its own units (390 mm comes out 390.14 mm); a print shop
 * wants the paper's size, and the trim box tells its tools where to cut.
 */
export async function setPageBoxes(
  pdf: Uint8Array,
  sheet: { widthMm: number; heightMm: number },
  trimMarginMm: number,
  bleedMm: number,
): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const width = sheet.widthMm * PT_PER_MM;
  const height = sheet.heightMm * PT_PER_MM;
  for (const page of doc.getPages()) {
    const media = page.getMediaBox();
    // Keep the top edge where Chromium put it: the page is laid out from the top.
    const y = media.y + media.height - height;
    page.setMediaBox(media.x, y, width, height);
    page.setCropBox(media.x, y, width, height);
    const trim = trimMarginMm * PT_PER_MM;
    page.setTrimBox(media.x + trim, y + trim, width - 2 * trim, height - 2 * trim);
    const bleed = Math.max(0, trimMarginMm - bleedMm) * PT_PER_MM;
    page.setBleedBox(media.x + bleed, y + bleed, width - 2 * bleed, height - 2 * bleed);
  }
  return doc.save({ useObjectStreams: false });
}
