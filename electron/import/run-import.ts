import { Worker } from 'node:worker_threads';
import type { ImportReport } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { ImportJob, WorkerMessage } from './worker';
import { workerFile } from '../paths';

function importWorkerFile(): string {
  const found = workerFile('import-worker.cjs');
  if (!found) throw new ApiError('INTERNAL', { reason: 'import worker not built (npm run build)' });
  return found;
}

export interface RunningImport {
  /** Stops before the next file; the files already imported stay. */
  cancel(): void;
  result: Promise<{ reports: ImportReport[]; cancelled: boolean }>;
}

/** Imports files in a worker thread, hearing after each one. */
export function runImport(
  job: Omit<ImportJob, 'cancel'>,
  onProgress?: (done: number, total: number, report: ImportReport) => void,
): RunningImport {
  const cancel = new SharedArrayBuffer(4);
  const worker = new Worker(importWorkerFile(), { workerData: { ...job, cancel } satisfies ImportJob });
  const result = new Promise<{ reports: ImportReport[]; cancelled: boolean }>((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress?.(message.done, message.total, message.report);
      else if (message.type === 'done') resolve({ reports: message.reports, cancelled: message.cancelled });
      else reject(new ApiError('INTERNAL', { reason: message.message }));
    });
    worker.on('error', (error: Error) => reject(new ApiError('INTERNAL', { reason: error.message })));
    worker.on('exit', (code) => {
      if (code !== 0) reject(new ApiError('INTERNAL', { reason: `import worker exited with ${code}` }));
    });
  });
  return { cancel: () => Atomics.store(new Int32Array(cancel), 0, 1), result };
}
