import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './sqlite';
import { syncFile } from './durable';

/**
 * The backup's own thread: `VACUUM INTO` copies the archive as of one moment (a single read
 * transaction) into a new file, so writers carry on meanwhile and, unlike SQLite's page-by-page
 * online backup, a write does not send it back to the start. On a thread of its own it leaves
 * the command line free to hear Ctrl+C and clean up.
 */
export interface BackupJob {
  archive: string;
  out: string;
}

export type BackupMessage = { ok: true; bytes: number } | { ok: false; code: string; message: string };

const job = workerData as BackupJob;
try {
  const db = openDatabase(job.archive, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare('VACUUM INTO ?').run(job.out);
  } finally {
    db.close();
  }
  // On disk before the caller gives it the backup's name.
  syncFile(job.out);
  parentPort!.postMessage({ ok: true, bytes: statSync(job.out).size } satisfies BackupMessage);
} catch (error) {
  const e = error as { code?: string; message?: string };
  parentPort!.postMessage({ ok: false, code: e.code ?? 'ERROR', message: e.message ?? String(error) } satisfies BackupMessage);
}
