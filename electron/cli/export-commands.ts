import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { i18n } from 'i18next';
import { ApiError } from '../../shared/api/errors';
import { nitfXml, wireText } from '../../shared/export/nitf';
import { PDFX_LEVELS, type PdfxLevel } from '../../shared/export/pdfx-levels';
import { imagePath } from '../archive/images';
import { Exporter, type PageExportReport } from '../export/exporter';
import { chromiumPrinter, findChromium } from '../export/pdf';
import type { AppServices } from '../services/app-services';
import type { Actor } from '../../shared/domain/accounts';
import type { Io } from './context';
import { mayChange } from './sign-in';

export interface ExportCliOptions {
  edition: string;
  page?: string;
  all?: boolean;
  out: string;
  pdf?: string | boolean;
  force?: boolean;
  bleed?: boolean;
  cropMarks?: boolean;
  /** PDF/X-4 when given bare, or the level named: 4 or 1a. */
  pdfx?: string | boolean;
  minPpi?: string;
  chromium?: string;
  json?: boolean;
}

/**
 * banmian export: one page to a file, or every page of an edition to a folder with an index.
 * On an archive with accounts only exporters (and chief editors) export, and each page exported
 * or refused is in the audit trail, as an export from the desk is.
 */
export async function exportCommand(services: AppServices, i18n: i18n, io: Io, o: ExportCliOptions, actor: Actor | null): Promise<void> {
  const t = i18n.t.bind(i18n);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(o.edition)) throw new ApiError('INVALID_INPUT', { issue: `--edition ${o.edition}: YYYY-MM-DD` });
  const page = o.page === undefined ? null : Number(o.page);
  if (!o.all && (page === null || !Number.isInteger(page) || page < 1))
    throw new ApiError('INVALID_INPUT', { issue: t('export:cli.pageOrAll') });
  mayChange(services.archive, actor, 'export');
  const edition = services.archive.edition(o.edition);
  const pdfx: PdfxLevel | null = o.pdfx === undefined || o.pdfx === false ? null : o.pdfx === true ? '4' : (o.pdfx as PdfxLevel);
  if (pdfx && !PDFX_LEVELS.includes(pdfx))
    throw new ApiError('INVALID_INPUT', { issue: `--pdfx ${String(o.pdfx)}: ${PDFX_LEVELS.join(' | ')}` });
  const minPpi = o.minPpi === undefined ? undefined : Number(o.minPpi);
  if (minPpi !== undefined && !(Number.isInteger(minPpi) && minPpi > 0))
    throw new ApiError('INVALID_INPUT', { issue: `--min-ppi ${o.minPpi}` });
  const options = {
    force: Boolean(o.force),
    bleed: Boolean(o.bleed),
    cropMarks: Boolean(o.cropMarks),
    pdfx,
    ...(minPpi ? { minPpi } : {}),
  };
  const exporter = new Exporter(
    services.archive,
    () => i18n,
    async () => chromiumPrinter(findChromium(o.chromium)),
  );
  const reports: PageExportReport[] = [];
  const withPdf = (o.pdf !== undefined && o.pdf !== false) || pdfx !== null;
  const done = (r: PageExportReport) => {
    reports.push(r);
    services.archive.recordAudit(actor, {
      action: 'export.page',
      editionDate: o.edition,
      page: r.number,
      detail: { refused: r.refused, forced: options.force, pdf: withPdf, ...(pdfx ? { pdfx } : {}), problems: r.problems.length },
    });
    if (o.json) return;
    if (r.problems.length) {
      io.err(`${t(r.refused ? 'export:cli.refused' : 'export:cli.problems', { number: r.number })}\n`);
      for (const p of r.problems) io.err(`  - ${p}\n`);
    }
    if (r.warnings.length) {
      io.err(`${t('export:cli.warnings', { number: r.number })}\n`);
      for (const w of r.warnings) io.err(`  - ${w}\n`);
    }
    for (const f of r.files) io.out(`${t('export:cli.written', { file: f })}\n`);
  };
  try {
    if (o.all) {
      const folder = resolve(o.out);
      mkdirSync(folder, { recursive: true });
      await exporter.exportPagesToFolder(
        o.edition,
        edition.pages.map((p) => p.number),
        { ...options, pdf: withPdf },
        folder,
        done,
      );
      const index = exporter.writeIndex(o.edition, reports, folder);
      if (!o.json) io.out(`${t('export:cli.written', { file: index })}\n`);
    } else {
      const html = resolve(o.out);
      const pdf = typeof o.pdf === 'string' ? resolve(o.pdf) : withPdf ? html.replace(/\.html?$/iu, '') + '.pdf' : null;
      const r = await exporter.writePage(o.edition, page!, options, html, pdf);
      done(r);
    }
  } finally {
    await exporter.close();
  }
  if (o.json) io.out(`${JSON.stringify(reports, null, 2)}\n`);
  if (reports.some((r) => r.refused)) process.exitCode = 1;
}

/** banmian export-article: NITF XML (with the photos beside it) or wire-form text. */
export function exportArticles(services: AppServices, io: Io, ids: string[], o: { format: string; out?: string }): void {
  if (o.format !== 'nitf' && o.format !== 'text') throw new ApiError('INVALID_INPUT', { issue: `--format ${o.format}: nitf | text` });
  const { archive } = services;
  for (const id of ids) {
    const article = archive.get(id);
    if (archive.trashState(id).trashedAt) throw new ApiError('ARTICLE_TRASHED');
    const ctx = {
      ...archive.printedIn(id),
      photoSource: (hash: string, mime: string) => {
        const file = imagePath(archive.photosDir, hash, mime as Parameters<typeof imagePath>[2]);
        if (!o.out) return file;
        mkdirSync(join(o.out, 'photos'), { recursive: true });
        const name = file.split(/[\\/]/u).pop()!;
        copyFileSync(file, join(o.out, 'photos', name));
        return `photos/${name}`;
      },
    };
    const content = o.format === 'nitf' ? nitfXml(article, ctx) : wireText(article);
    if (o.out) {
      mkdirSync(o.out, { recursive: true });
      const file = join(o.out, `${id}.${o.format === 'nitf' ? 'xml' : 'txt'}`);
      writeFileSync(file, content);
      io.out(`${file}\n`);
    } else io.out(content);
  }
}
