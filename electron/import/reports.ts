import type { i18n } from 'i18next';
import type { ImportReport } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { errorMessage } from '../../shared/i18n/setup';
import { ImportWriteError, type Archive } from '../archive/archive';
import { importResult, markImported, prepareImport, type ImportOptions, type PreparedImport } from './import-file';

export interface ImportInput {
  fileName: string;
  /** The file's bytes, to be read here; or, read on another thread, the file ready to write. */
  read(): Uint8Array | PreparedImport;
}

/**
 * Files are written several to a transaction, up to this many articles or this long spent
 * reading them: a transaction per 6-article page made the search index write and merge a
 * segment per page, the larger part of an import's time. Reading a page file takes about
 * 2.6 ms (some 4,500 articles a second), so a group fills in about half a second. Reports
 * still come file by file, at least twice a second, and a stop waits for one group at most.
 */
export const GROUP_ARTICLES = 2000;
const GROUP_MS = 500;

export interface ImportBatchOptions {
  onProgress?: (done: number, total: number, report: ImportReport) => void;
  /** Asked before each file; true stops the batch there, the files before it imported. */
  stopRequested?: () => boolean;
}

function failure(fileName: string, error: unknown, i18n: i18n): ImportReport {
  const e = error instanceof ApiError ? error : new ApiError('INTERNAL', { reason: String(error) });
  return {
    fileName,
    ok: false,
    articleIds: [],
    duplicate: false,
    doubtful: 0,
    error: { code: e.code, message: errorMessage(i18n, e.code, e.params) },
  };
}

/**
 * Imports a batch: a file that fails gets its own translated report and the rest of the batch
 * goes on; nothing a failed file would have written is written. Should writing a group fail
 * (a full disk), each of its files is tried again alone, so one cannot sink the others.
 */
export function importReports(
  archive: Archive,
  files: ImportInput[],
  options: ImportOptions,
  i18n: i18n,
  batch: ImportBatchOptions = {},
): { reports: ImportReport[]; cancelled: boolean } {
  const reports: ImportReport[] = [];
  // The files read since the last write, in order: each ready to write or already reported.
  let group: (PreparedImport | ImportReport)[] = [];
  let articles = 0;
  let started = performance.now();
  const hashes = new Set<string>();

  const report = (r: ImportReport) => {
    reports.push(r);
    batch.onProgress?.(reports.length, files.length, r);
  };
  const write = () => {
    const pending = group.filter((g): g is PreparedImport => 'source' in g && !g.duplicate);
    // What became of each file: its new articles, null when found imported meanwhile, or the error.
    const written = new Map<PreparedImport, string[] | null | { error: unknown }>();
    try {
      archive.importFiles(pending).forEach((ids, i) => written.set(pending[i]!, ids));
    } catch (error) {
      // What was committed before the failure stays written; the rest is tried file by file.
      const committed = error instanceof ImportWriteError ? error.committed : [];
      committed.forEach((ids, i) => written.set(pending[i]!, ids));
      for (const p of pending.slice(committed.length)) {
        try {
          written.set(p, archive.importFiles([p])[0] ?? null);
        } catch (error) {
          written.set(p, { error });
        }
      }
    }
    for (const g of group) {
      if (!('source' in g)) report(g);
      else if (g.duplicate) report({ ok: true, ...importResult(g, null) });
      else {
        const result = written.get(g) ?? null;
        if (result && 'error' in result) report(failure(g.fileName, result.error, i18n));
        else report({ ok: true, ...importResult(g, result) });
      }
    }
    group = [];
    articles = 0;
    hashes.clear();
    // A desk's save or another program waiting for the write lock goes before the next group.
    archive.letWaitersIn();
    started = performance.now();
  };

  let cancelled = false;
  for (const file of files) {
    if (batch.stopRequested?.()) {
      cancelled = true;
      break;
    }
    try {
      const input = file.read();
      const prepared = input instanceof Uint8Array ? prepareImport(archive, input, file.fileName, options) : markImported(archive, input);
      // The same page twice in one group: the archive cannot tell yet, the group can.
      if (hashes.has(prepared.source.fileHash)) {
        prepared.duplicate = true;
        prepared.articles = [];
        prepared.index = [];
      }
      hashes.add(prepared.source.fileHash);
      group.push(prepared);
      articles += prepared.articles.length;
    } catch (error) {
      group.push(failure(file.fileName, error, i18n));
    }
    if (articles >= GROUP_ARTICLES || performance.now() - started >= GROUP_MS) write();
  }
  write();
  return { reports, cancelled };
}
