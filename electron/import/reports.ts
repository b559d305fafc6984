import type { i18n } from 'i18next';
import type { ImportReport } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { errorMessage } from '../../shared/i18n/setup';
import type { Archive } from '../archive/archive';
import { importBytes, type ImportOptions } from './import-file';

export interface ImportInput {
  fileName: string;
  read(): Uint8Array;
}

/**
 * Imports a batch file by file: a file that fails gets its own translated report and the rest
 * of the batch goes on; nothing a failed file would have written is written.
 */
export function importReports(
  archive: Archive,
  files: ImportInput[],
  options: ImportOptions,
  i18n: i18n,
  onProgress?: (done: number, total: number, report: ImportReport) => void,
): ImportReport[] {
  return files.map((file, i) => {
    let report: ImportReport;
    try {
      const result = importBytes(archive, file.read(), file.fileName, options);
      report = { ok: true, ...result };
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError('INTERNAL', { reason: String(error) });
      report = {
        fileName: file.fileName,
        ok: false,
        articleIds: [],
        duplicate: false,
        doubtful: 0,
        error: { code: e.code, message: errorMessage(i18n, e.code, e.params) },
      };
    }
    onProgress?.(i + 1, files.length, report);
    return report;
  });
}
