import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { i18n } from 'i18next';
import { ApiError } from '../../shared/api/errors';
import { editionIndexHtml } from '../../shared/export/index-html';
import type { ExportProblem, PdfxLevel } from '../../shared/export/problems';
import type { Archive } from '../archive/archive';
import type { ExportOptions, ExportedPage } from './export-page';
import { FontsMissingError } from './fonts';
import { PdfUnavailableError, type PdfPrinter } from './pdf';
import type { InkFindings, Separations } from './pdfx';

// pdf-lib, which these two read and write PDFs with, is loaded when a PDF is made: every command
// line run would otherwise pay for it before doing anything else.
const pdfBoxes = () => import('./pdf-boxes');
const pdfx = () => import('./pdfx');
// So are the composer and the page's HTML, the proofreading behind its problems and the PNG
// encoder: AppServices makes an Exporter for every command, few of which export.
const pages = () => import('./export-page');
const pageHtml = () => import('../../shared/export/page-html');
const problemTexts = () => import('../../shared/export/problems');
const png = () => import('./png');

/** Resolution of the raster the press preflight reads inks from, and the soft proof shows. */
const PROOF_DPI = 60;
/** Less than this much ink outside the bleed or over the limit is the raster's own rounding. */
const SPECK_MM2 = 2;

/** A page as it will print, and each of its inks (CMYK simulated by Ghostscript through the newsprint profile). */
export interface SoftProof {
  width: number;
  height: number;
  dpi: number;
  /** PNG data URL of the whole page as printed. */
  composite: string;
  inks: { ink: 'cyan' | 'magenta' | 'yellow' | 'black'; image: string; coverage: number }[];
  maxInk: number;
  limit: number;
  problems: string[];
}

/** What one exported page wrote, and what is wrong with it. */
export interface PageExportReport {
  number: number;
  section: string;
  refused: boolean;
  /** Paths written: the HTML, and the PDF when asked. */
  files: string[];
  problems: string[];
  /** What went to press but deserves a look, translated (proofreading left in a story). */
  warnings: string[];
}

/**
 * Exports pages to files: the HTML, the PDF printed from that very HTML, an index page for an
 * edition. The command line names the files; the app writes to the archive's exports folder.
 */
export class Exporter {
  private printer: Promise<PdfPrinter> | null = null;
  /** The latest report of each page exported to the app's folder, for the edition's index. */
  private readonly reports = new Map<string, Map<number, PageExportReport>>();

  constructor(
    private readonly archive: Archive,
    private readonly i18n: () => i18n,
    private readonly makePrinter: () => Promise<PdfPrinter>,
  ) {}

  /** The app's exports: DIR/exports/<date>/. */
  folderOf(date: string): string {
    return join(this.archive.dir, 'exports', date);
  }

  private async pdfPrinter(): Promise<PdfPrinter> {
    this.printer ??= this.makePrinter().catch((error: unknown) => {
      this.printer = null;
      throw error;
    });
    return this.printer;
  }

  /** The page's HTML (refused pages have none); translated problems; fonts found or a coded error. */
  async render(date: string, number: number, options: ExportOptions): Promise<ExportedPage> {
    try {
      return await (await pages()).exportPage(this.archive, this.i18n(), date, number, options);
    } catch (error) {
      if (error instanceof FontsMissingError) throw new ApiError('EXPORT_FONTS_MISSING', { files: error.missing.join(', ') });
      throw error;
    }
  }

  async pdfOf(page: ExportedPage, options: ExportOptions): Promise<Uint8Array> {
    let printed: Uint8Array;
    try {
      printed = await (await this.pdfPrinter()).print(page.html);
    } catch (error) {
      if (error instanceof PdfUnavailableError) throw new ApiError('EXPORT_PDF_UNAVAILABLE', { reason: error.message });
      throw error;
    }
    const { BLEED_MM, sheetMargin } = await pageHtml();
    return (await pdfBoxes()).setPageBoxes(printed, page.sheet, sheetMargin(options), options.bleed || options.cropMarks ? BLEED_MM : 0);
  }

  /** The page as PDF/X, with what the press's preflight finds in it: fonts, inks, anything outside the bleed. */
  async pressPdfOf(
    page: ExportedPage,
    options: ExportOptions,
    level: PdfxLevel,
  ): Promise<{ pdf: Uint8Array; problems: ExportProblem[]; seps: Separations; ink: InkFindings }> {
    const plain = await this.pdfOf(page, options);
    const { fontsNotEmbedded, GhostscriptError, GHOSTSCRIPT_MIN, INK_LIMIT, inkFindings, separations, toPdfx } = await pdfx();
    try {
      const pdf = await toPdfx(plain, level, page.title);
      const problems: ExportProblem[] = [];
      const fonts = await fontsNotEmbedded(pdf);
      if (fonts.length) problems.push({ code: 'fontsNotEmbedded', fonts: fonts.join(', ') });
      const seps = await separations(pdf, PROOF_DPI);
      const ink = await inkFindings(pdf, seps, INK_LIMIT);
      if (ink.overLimitMm2 >= SPECK_MM2)
        problems.push({ code: 'inkOverLimit', maxInk: ink.maxInk, limit: INK_LIMIT, areaMm2: ink.overLimitMm2 });
      if (ink.outsideBleedMm2 >= SPECK_MM2) problems.push({ code: 'outsideBleed', areaMm2: ink.outsideBleedMm2 });
      return { pdf, problems, seps, ink };
    } catch (error) {
      if (error instanceof GhostscriptError)
        throw new ApiError(error.kind === 'missing' ? 'EXPORT_GHOSTSCRIPT_MISSING' : 'EXPORT_GHOSTSCRIPT_OLD', {
          version: error.version,
          required: GHOSTSCRIPT_MIN,
        });
      throw error;
    }
  }

  /**
   * A soft proof of page N: rendered as exporting it to PDF/X would (with whatever problems it
   * has, which are listed), then drawn by Ghostscript as it will print and ink by ink.
   */
  async proof(date: string, number: number, level: PdfxLevel): Promise<SoftProof> {
    const options = { force: true, bleed: false, cropMarks: false, pdfx: level };
    const page = await this.render(date, number, options);
    const [{ problemText }, { inkPngs, pngDataUrl }] = await Promise.all([problemTexts(), png()]);
    const t = this.i18n();
    if (page.refused)
      throw new ApiError('EXPORT_REFUSED', {
        page: number,
        problems: page.problems.map((p) => problemText(t, p)).join(t.t('common:listSeparator')),
      });
    const press = await this.pressPdfOf(page, options, level);
    const { INK_LIMIT, softProofPng } = await pdfx();
    return {
      width: press.seps.width,
      height: press.seps.height,
      dpi: PROOF_DPI,
      composite: pngDataUrl(await softProofPng(press.pdf, PROOF_DPI)),
      inks: inkPngs(press.seps),
      maxInk: press.ink.maxInk,
      limit: INK_LIMIT,
      problems: [...page.problems, ...press.problems].map((p) => problemText(t, p)),
    };
  }

  /** Writes page N's HTML (and PDF) to `htmlFile` (and `pdfFile`). */
  async writePage(
    date: string,
    number: number,
    options: ExportOptions,
    htmlFile: string,
    pdfFile: string | null,
  ): Promise<PageExportReport> {
    const page = await this.render(date, number, options);
    const { problemText, warningText } = await problemTexts();
    const problems = page.problems.map((p) => problemText(this.i18n(), p));
    const warnings = page.warnings.map((w) => warningText(this.i18n(), w));
    if (page.refused) return { number, section: page.section, refused: true, files: [], problems, warnings };
    let pdf: Uint8Array | null = null;
    if (pdfFile && options.pdfx) {
      // The press's preflight reads the PDF/X itself: a page it finds wrong is refused whole.
      const press = await this.pressPdfOf(page, options, options.pdfx);
      problems.push(...press.problems.map((p) => problemText(this.i18n(), p)));
      if (press.problems.length && !options.force) return { number, section: page.section, refused: true, files: [], problems, warnings };
      pdf = press.pdf;
    } else if (pdfFile) pdf = await this.pdfOf(page, options);
    writeFileSync(htmlFile, page.html);
    const files = [htmlFile];
    if (pdfFile && pdf) {
      writeFileSync(pdfFile, pdf);
      files.push(pdfFile);
    }
    return { number, section: page.section, refused: false, files, problems, warnings };
  }

  /** Page N into the edition's folder (the app's way). */
  async exportToFolder(
    date: string,
    number: number,
    options: ExportOptions & { pdf: boolean },
    folder = this.folderOf(date),
  ): Promise<PageExportReport> {
    mkdirSync(folder, { recursive: true });
    const name = (await pages()).pageFileName(number);
    const report = await this.writePage(
      date,
      number,
      options,
      join(folder, `${name}.html`),
      options.pdf ? join(folder, `${name}.pdf`) : null,
    );
    const byPage = this.reports.get(date) ?? new Map<number, PageExportReport>();
    byPage.set(number, report);
    this.reports.set(date, byPage);
    return report;
  }

  /**
   * Pages of an edition to the folder, two at a time: Chromium prints one page after another
   * (the printer's queue), so while one page is printed the one before it is in Ghostscript,
   * which is where a PDF/X spends most of its time. Reports in the pages' order.
   */
  async exportPagesToFolder(
    date: string,
    numbers: readonly number[],
    options: ExportOptions & { pdf: boolean },
    folder = this.folderOf(date),
    onPage: (report: PageExportReport) => void = () => undefined,
  ): Promise<PageExportReport[]> {
    const reports: PageExportReport[] = new Array<PageExportReport>(numbers.length);
    let next = 0;
    let told = 0;
    const worker = async () => {
      while (next < numbers.length) {
        const k = next++;
        reports[k] = await this.exportToFolder(date, numbers[k]!, options, folder);
        // Told in order, as soon as every page before has been.
        while (told < numbers.length && reports[told]) onPage(reports[told++]!);
      }
    };
    await Promise.all([worker(), worker()]);
    return reports;
  }

  /** The edition's index page, linking every page exported so far. */
  writeIndex(
    date: string,
    reports: readonly PageExportReport[] = [...(this.reports.get(date)?.values() ?? [])].sort((a, b) => a.number - b.number),
    folder = this.folderOf(date),
  ): string {
    mkdirSync(folder, { recursive: true });
    const edition = this.archive.edition(date);
    const file = join(folder, 'index.html');
    writeFileSync(file, editionIndexHtml(this.i18n(), edition, reports));
    return file;
  }

  async close(): Promise<void> {
    const printer = this.printer;
    this.printer = null;
    if (printer) await (await printer.catch(() => null))?.close();
  }
}
