import { MessageChannel, parentPort, receiveMessageOnPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import type { ImportReport } from '../../shared/api/contract';
import { ApiError, type ErrorParams } from '../../shared/api/errors';
import type { Language } from '../../shared/i18n/languages';
import { createI18n } from '../../shared/i18n/setup';
import { Archive } from '../archive/archive';
import { readImportFile, readPageFile, type ImportOptions, type PreparedImport } from './import-file';
import { importReports } from './reports';

/**
 * The import worker: a thread of its own with its own connection to the archive, so a long
 * import never holds up the window's process. It reports after each file, and stops between
 * files when the shared cancel flag is set; files are written whole, a few to a transaction,
 * so a stop never leaves half an article behind. Reading the files (decoding, splitting into
 * articles) runs on a second thread while this one writes: on a two-core machine the two
 * together go about as fast as the slower of them, not at the sum of their times.
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

/** What the reading thread sends for each file, in order. */
type ReadMessage = { index: number; prepared: PreparedImport } | { index: number; error: { code: string; params: ErrorParams } };

interface ReaderJob {
  role: 'reader';
  files: ImportJob['files'];
  options: ImportOptions;
  port: MessagePort;
  /** [files sent, files taken, stop, reader finished] */
  flow: SharedArrayBuffer;
}

const SENT = 0;
const TAKEN = 1;
const STOP = 2;
const FINISHED = 3;
/** How many files the reader may run ahead of the writer: enough for a group, not the whole batch in memory. */
const AHEAD = 400;

function runReader(job: ReaderJob): void {
  const flow = new Int32Array(job.flow);
  try {
    for (const [index, file] of job.files.entries()) {
      while (Atomics.load(flow, STOP) === 0 && Atomics.load(flow, SENT) - Atomics.load(flow, TAKEN) >= AHEAD) {
        Atomics.wait(flow, TAKEN, Atomics.load(flow, TAKEN), 100);
      }
      if (Atomics.load(flow, STOP) === 1) return;
      let message: ReadMessage;
      try {
        const bytes = 'path' in file ? readImportFile(file.path) : file.bytes;
        message = { index, prepared: readPageFile(bytes, file.fileName, job.options) };
      } catch (error) {
        const e = error instanceof ApiError ? error : new ApiError('INTERNAL', { reason: String(error) });
        message = { index, error: { code: e.code, params: e.params } };
      }
      job.port.postMessage(message);
      Atomics.add(flow, SENT, 1);
      Atomics.notify(flow, SENT);
    }
  } finally {
    Atomics.store(flow, FINISHED, 1);
    Atomics.notify(flow, SENT);
  }
}

function runWriter(job: ImportJob): void {
  const port = parentPort!;
  const cancelFlag = new Int32Array(job.cancel);
  const flow = new Int32Array(new SharedArrayBuffer(16));
  const channel = new MessageChannel();
  const reader = new Worker(__filename, {
    workerData: { role: 'reader', files: job.files, options: job.options, port: channel.port2, flow: flow.buffer } satisfies ReaderJob,
    transferList: [channel.port2],
  });
  // The writer's loop is synchronous (better-sqlite3): it takes the reader's messages as they
  // come with receiveMessageOnPort, waiting on the shared counter in between.
  const take = (): ReadMessage => {
    for (;;) {
      const received = receiveMessageOnPort(channel.port1);
      if (received) {
        Atomics.add(flow, TAKEN, 1);
        Atomics.notify(flow, TAKEN);
        return received.message as ReadMessage;
      }
      // The reader finished and every file it sent was taken: no more will come.
      const sent = Atomics.load(flow, SENT);
      if (Atomics.load(flow, FINISHED) === 1 && sent <= Atomics.load(flow, TAKEN)) break;
      Atomics.wait(flow, SENT, sent, 100);
    }
    throw new ApiError('INTERNAL', { reason: 'the reading thread stopped' });
  };
  let archive: Archive | undefined;
  try {
    archive = Archive.open(job.dataDir, { holder: { program: 'import', detail: `${job.files.length}` } });
    const files = job.files.map((file) => ({
      fileName: file.fileName,
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
    port.postMessage({ type: 'done', reports, cancelled } satisfies WorkerMessage);
  } catch (error) {
    port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies WorkerMessage);
  } finally {
    Atomics.store(flow, STOP, 1);
    Atomics.notify(flow, TAKEN);
    void reader.terminate();
    channel.port1.close();
    archive?.close();
  }
}

const data = workerData as ImportJob | ReaderJob;
if ('role' in data) runReader(data);
else runWriter(data);
