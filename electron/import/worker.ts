import { parentPort, workerData } from 'node:worker_threads';
import type { ImportReport } from '../../shared/api/contract';
import type { Language } from '../../shared/i18n/languages';
import { createI18n } from '../../shared/i18n/setup';
import { Archive } from '../archive/archive';
import { readImportFile, type ImportOptions } from './import-file';
import { importReports } from './reports';

/**
 * The import worker: a thread of its own with its own connection to the archive, so a long
 * import never holds up the window's process. It reads files by path or takes their bytes,
 * reports after each file, and stops between files when the shared cancel flag is set; files
 * are written whole, a few to a transaction, so a stop never leaves half an article behind.
 */
export interface ImportJob {
  dataDir: string;
  language: Language;
  files: ({ fileName: string; path: string } | { fileName: string; bytes: Uint8Array })[];
  options: ImportOptions;
  /** Int32Array(1) over a SharedArrayBuffer: 1 asks the worker to stop before the next file. */
  cancel: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'progress'; done: number; total: number; report: ImportReport }
  | { type: 'done'; reports: ImportReport[]; cancelled: boolean }
  | { type: 'failed'; message: string };

const job = workerData as ImportJob;
const port = parentPort!;
const cancelFlag = new Int32Array(job.cancel);
let archive: Archive | undefined;
try {
  archive = Archive.open(job.dataDir);
  const files = job.files.map((file) => ({ fileName: file.fileName, read: 'path' in file ? () => readImportFile(file.path) : () => file.bytes }));
  const { reports, cancelled } = importReports(archive, files, job.options, createI18n(job.language), {
    onProgress: (done, total, report) => port.postMessage({ type: 'progress', done, total, report } satisfies WorkerMessage),
    stopRequested: () => Atomics.load(cancelFlag, 0) === 1,
  });
  port.postMessage({ type: 'done', reports, cancelled } satisfies WorkerMessage);
} catch (error) {
  port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies WorkerMessage);
} finally {
  archive?.close();
}
