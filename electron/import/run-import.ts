import { MessageChannel, Worker } from 'node:worker_threads';
import type { ImportReport } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { ImportJob, WorkerMessage, WriterJob } from './worker';
import { FINISHED, FLOW_SLOTS, SENT, STOP, TAKEN, type ImportFlow, type ReaderJob } from './reading-flow';
import { workerFile } from '../paths';

function bundle(name: 'import-worker.cjs' | 'import-reader.cjs'): string {
  const found = workerFile(name);
  if (!found) throw new ApiError('INTERNAL', { reason: `${name} not built (npm run build)` });
  return found;
}

export interface RunningImport {
  /** Stops before the next file; the files already imported stay. */
  cancel(): void;
  /** flow: how the two threads shared the time (absent when the import failed). */
  result: Promise<{ reports: ImportReport[]; cancelled: boolean; flow?: ImportFlow }>;
}

/**
 * Imports files in two worker threads, hearing after each file: one reads the files, one
 * writes them (worker.ts). Both start from here, side by side: the reader has its first files
 * read while the writer is still loading the archive's code and opening it.
 */
export function runImport(job: ImportJob, onProgress?: (done: number, total: number, report: ImportReport) => void): RunningImport {
  const cancel = new SharedArrayBuffer(4);
  const flowBuffer = new SharedArrayBuffer(FLOW_SLOTS * 4);
  const flow = new Int32Array(flowBuffer);
  const channel = new MessageChannel();
  const readerFile = bundle('import-reader.cjs');
  const writerFile = bundle('import-worker.cjs');
  const reader = new Worker(readerFile, {
    workerData: { files: job.files, options: job.options, port: channel.port2, flow: flowBuffer } satisfies ReaderJob,
    transferList: [channel.port2],
  });
  const stopReading = () => {
    Atomics.store(flow, STOP, 1);
    Atomics.notify(flow, TAKEN);
    void reader.terminate();
  };
  const { files, ...rest } = job;
  let worker: Worker;
  try {
    worker = new Worker(writerFile, {
      workerData: {
        ...rest,
        fileNames: files.map((f) => f.fileName),
        cancel,
        reading: { port: channel.port1, flow: flowBuffer },
      } satisfies WriterJob,
      transferList: [channel.port1],
    });
  } catch (error) {
    // No writer, no one to take what the reader reads: it would wait for ever.
    stopReading();
    throw error;
  }
  // However the reader ends (done, or a crash its own code could not catch), the writer hears
  // that no more files will come, and stops waiting for them; the files not read are reported
  // failed, and the import fails with the reader's own error.
  let readerFailure: Error | undefined;
  const readerExited = new Promise<void>((resolve) =>
    reader.on('exit', () => {
      Atomics.store(flow, FINISHED, 1);
      Atomics.notify(flow, SENT);
      resolve();
    }),
  );
  reader.on('error', (error: Error) => (readerFailure = error));
  const result = new Promise<{ reports: ImportReport[]; cancelled: boolean; flow?: ImportFlow }>((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress?.(message.done, message.total, message.report);
      else if (message.type === 'done') {
        // The writer has taken all it will: the reader is done or to stop, and is ended now.
        stopReading();
        void readerExited.then(() =>
          readerFailure
            ? reject(new ApiError('INTERNAL', { reason: `the reading thread stopped: ${readerFailure.message}` }))
            : resolve({ reports: message.reports, cancelled: message.cancelled, flow: message.flow }),
        );
      } else reject(new ApiError('INTERNAL', { reason: message.message }));
    });
    worker.on('error', (error: Error) => reject(new ApiError('INTERNAL', { reason: error.message })));
    worker.on('exit', (code) => {
      stopReading();
      if (code !== 0) reject(new ApiError('INTERNAL', { reason: `import worker exited with ${code}` }));
    });
  });
  return { cancel: () => Atomics.store(new Int32Array(cancel), 0, 1), result };
}
