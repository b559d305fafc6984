import { parentPort, workerData } from 'node:worker_threads';
import { compactStep, type SearchIndex } from './search-compaction';
import { openDatabase } from './sqlite';

/**
 * The search indexes' merge on a thread and a connection of its own (search-compaction.ts,
 * electron/services/search-upkeep.ts): each step asked of it is one transaction; the journal
 * it fills is copied into the file after a step's commit, on this thread (some 256 MB: up to
 * a second and more at a million articles), where the app's own thread would have stood still.
 */
export interface CompactionJob {
  /** The archive's file. */
  file: string;
  /** The archive connection's own settings: the journal's pages after which a commit copies it into the file… */
  checkpointPages: number;
  /** …its page cache (SQLite's cache_size: negative, in KiB)… */
  cacheSize: number;
  /** …and how much of the file it maps. */
  mmapBytes: number;
}

export interface CompactionRequest {
  table: SearchIndex;
  pages: number;
  /** The merge's first step (compactStep). */
  begin: boolean;
}

export type CompactionReply = { ok: true; more: boolean } | { ok: false; busy: boolean; message: string };

const job = workerData as CompactionJob;
const db = openDatabase(job.file, { fileMustExist: true });
// Another writer holding the archive: this step is given up at once, and tried again later.
db.pragma('busy_timeout = 0');
db.pragma('synchronous = NORMAL');
db.pragma(`wal_autocheckpoint = ${Math.round(job.checkpointPages)}`);
db.pragma(`cache_size = ${Math.round(job.cacheSize)}`);
db.pragma(`mmap_size = ${Math.round(job.mmapBytes)}`);

parentPort!.on('message', ({ table, pages, begin }: CompactionRequest) => {
  let reply: CompactionReply;
  try {
    db.exec('BEGIN IMMEDIATE');
    try {
      const more = compactStep(db, table, pages, begin);
      db.exec('COMMIT');
      reply = { ok: true, more };
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  } catch (error) {
    const e = error as { code?: string; message?: string };
    reply = { ok: false, busy: e.code?.startsWith('SQLITE_BUSY') === true, message: e.message ?? String(error) };
  }
  parentPort!.postMessage(reply);
});
