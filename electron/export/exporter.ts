import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { i18n } from 'i18next';
import { ApiError } from '../../shared/api/errors';
import { editionIndexHtml } from '../../shared/export/index-html';
import { BLEED_MM, sheetMargin } from '../../shared/export/page-html';
import { problemText, warningText } from '../../shared/export/problems';
import type { Archive } from '../archive/archive';
import { exportPage, pageFileName, type ExportOptions, type ExportedPage } from './export-page';
import { FontsMissingError } from './fonts';
import { PdfUnavailableError, type PdfPrinter } from './pdf';
import { setPageBoxes } from './pdf-boxes';

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
      return await exportPage(this.archive, this.i18n(), date, number, options);
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
    return setPageBoxes(printed, page.sheet, sheetMargin(options), options.bleed || options.cropMarks ? BLEED_MM : 0);
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
    const problems = page.problems.map((p) => problemText(this.i18n(), p));
    const warnings = page.warnings.map((w) => warningText(this.i18n(), w));
    if (page.refused) return { number, section: page.section, refused: true, files: [], problems, warnings };
    writeFileSync(htmlFile, page.html);
    const files = [htmlFile];
    if (pdfFile) {
      writeFileSync(pdfFile, await this.pdfOf(page, options));
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
    const name = pageFileName(number);
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
