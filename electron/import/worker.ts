import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import type { ImportReport } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { Language } from '../../shared/i18n/languages';
import { createI18n } from '../../shared/i18n/setup';
import { Archive } from '../archive/archive';
import type { ImportOptions } from './import-file';
import { CUT_BY_READER, FINISHED, READER_WAITED_MS, SENT, STOP, TAKEN, type ImportFlow, type ReadMessage } from './reading-flow';
import { importReports } from './reports';

/**
 * The import worker: a thread of its own with its own connection to the archive, so a long
 * import never holds up the window's process. It reports after each file, and stops between
 * files when the shared cancel flag is set; files are written whole, a few to a transaction,
 * so a stop never leaves half an article behind. Reading the files (decoding, splitting into
 * articles) runs on a second thread (reader.ts) while this one writes: on a two-core machine
 * the two together go about as fast as the slower of them, not at the sum of their times, and
 * the work either can do goes to the one with time to spare (reading-flow.ts).
 */
export interface ImportJob {
  dataDir: string;
  language: Language;
  files: ({ fileName: string; path: string } | { fileName: string; bytes: Uint8Array })[];
  options: ImportOptions;
}

/** What the writing thread is given: the files' names (the reader has the files). */
export interface WriterJob extends Omit<ImportJob, 'files'> {
  fileNames: string[];
  /** Int32Array(1) over a SharedArrayBuffer: 1 asks the worker to stop before the next file. */
  cancel: SharedArrayBuffer;
  /** The reader's end of the hand-over (reading-flow.ts). */
  reading: { port: MessagePort; flow: SharedArrayBuffer };
}

export type WorkerMessage =
  | { type: 'progress'; done: number; total: number; report: ImportReport }
  | { type: 'done'; reports: ImportReport[]; cancelled: boolean; flow: ImportFlow }
  | { type: 'failed'; message: string };

function runWriter(job: WriterJob): void {
  const port = parentPort!;
  const cancelFlag = new Int32Array(job.cancel);
  const flow = new Int32Array(job.reading.flow);
  const reading = job.reading.port;
  // The writer's loop is synchronous (better-sqlite3): it takes the reader's messages as they
  // come with receiveMessageOnPort, waiting on the shared counter in between.
  let waitedMs = 0;
  const take = (): ReadMessage => {
    for (;;) {
      const received = receiveMessageOnPort(reading);
      if (received) {
        Atomics.add(flow, TAKEN, 1);
        Atomics.notify(flow, TAKEN);
        return received.message as ReadMessage;
      }
      // The reader finished and every file it sent was taken: no more will come.
      const sent = Atomics.load(flow, SENT);
      if (Atomics.load(flow, FINISHED) === 1 && sent <= Atomics.load(flow, TAKEN)) break;
      const from = performance.now();
      Atomics.wait(flow, SENT, sent, 100);
      waitedMs += performance.now() - from;
    }
    throw new ApiError('INTERNAL', { reason: 'the reading thread stopped' });
  };
  let archive: Archive | undefined;
  try {
    archive = Archive.open(job.dataDir, { holder: { program: 'import', detail: `${job.fileNames.length}` } });
    const files = job.fileNames.map((fileName) => ({
      fileName,
      read: () => {
        const message = take();
        if ('error' in message) throw new ApiError(message.error.code as ApiError['code'], message.error.params);
        return message.prepared;
      },
    }));
    const { reports, cancelled } = importReports(archive, files, job.options, createI18n(job.language), {
      onProgress: (done, total, report) => port.postMessage({ type: 'progress', done, total, report } satisfies WorkerMessage),
      stopRequested: () => Atomics.load(cancelFlag, 0) === 1,
    });
    const shared: ImportFlow = {
      files: job.fileNames.length,
      cutByReader: Atomics.load(flow, CUT_BY_READER),
      readerWaitedMs: Atomics.load(flow, READER_WAITED_MS),
      writerWaitedMs: Math.round(waitedMs),
    };
    port.postMessage({ type: 'done', reports, cancelled, flow: shared } satisfies WorkerMessage);
  } catch (error) {
    port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies WorkerMessage);
  } finally {
    // (the reader stops at the flag, and is ended by the thread that started it: run-import.ts)
    Atomics.store(flow, STOP, 1);
    Atomics.notify(flow, TAKEN);
    reading.close();
    archive?.close();
  }
}

runWriter(workerData as WriterJob);
