import { existsSync, mkdirSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ApiError } from '../../shared/api/errors';
import { ARCHIVE_FILE } from './archive';
import { workerFile } from '../paths';
import type { BackupJob, BackupMessage } from './backup-worker';
import { syncFolder } from './durable';

export interface BackupOptions {
  /** Stops the backup: the half-written file is removed and the promise rejects. */
  signal?: AbortSignal;
}

/**
 * A consistent copy of the archive in `dataDir`, made while it is in use: the copy is the
 * archive as of the moment it began, however busy the writers. It is written beside `out` as
 * `out.partial` and renamed into place only when whole and on disk; a stopped backup removes
 * its partial file, and a crashed one's is removed by the next backup to the same name.
 */
export async function backupArchive(dataDir: string, out: string, options: BackupOptions = {}): Promise<{ bytes: number }> {
  const archive = join(dataDir, ARCHIVE_FILE);
  if (!existsSync(archive)) throw new ApiError('FILE_UNREADABLE', { fileName: archive, reason: 'ENOENT' });
  const file = workerFile('backup-worker.cjs');
  if (!file) throw new ApiError('INTERNAL', { reason: 'backup worker not built (npm run build)' });
  mkdirSync(dirname(out), { recursive: true });
  // Renamed over the archive, the copy would meet the archive's own WAL: refused.
  const where = join(realpathSync(dirname(out)), basename(out));
  const live = join(realpathSync(dataDir), ARCHIVE_FILE);
  if (['', '-wal', '-shm', '-journal'].some((s) => where === `${live}${s}` || `${where}.partial` === `${live}${s}`)) {
    throw new ApiError('BACKUP_OVER_ARCHIVE', { file: out });
  }
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });
  const worker = new Worker(file, { workerData: { archive, out: partial } satisfies BackupJob });
  try {
    const result = await new Promise<BackupMessage>((resolve, reject) => {
      const stop = () => reject(new ApiError('BACKUP_STOPPED'));
      if (options.signal?.aborted) stop();
      options.signal?.addEventListener('abort', stop, { once: true });
      worker.once('message', resolve);
      worker.once('error', (error: Error) => reject(new ApiError('INTERNAL', { reason: error.message })));
      worker.once('exit', (code) => reject(new ApiError('INTERNAL', { reason: `backup worker exited with ${code}` })));
    });
    if (!result.ok) throw new ApiError('FILE_UNREADABLE', { fileName: out, reason: result.message });
    renameSync(partial, out);
    syncFolder(dirname(out));
    return { bytes: result.bytes };
  } catch (error) {
    // Removed first: the thread may be deep in SQLite, where it only stops when the copy ends
    // (or the process exits, as the command line's does on Ctrl+C).
    rmSync(partial, { force: true });
    void worker.terminate().then(() => rmSync(partial, { force: true }));
    throw error;
  }
}
