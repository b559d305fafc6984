import { workerData } from 'node:worker_threads';
import { ApiError } from '../../shared/api/errors';
import { readImportFile, readPageFile } from './import-file';
import {
  AHEAD,
  CUT_BY_READER,
  CUT_WHEN_AHEAD,
  FINISHED,
  READER_WAITED_MS,
  SENT,
  STOP,
  TAKEN,
  type ReadMessage,
  type ReaderJob,
} from './reading-flow';

/**
 * The import's reading thread: decodes each file and splits it into articles while the
 * writing thread (worker.ts) writes the ones before. A bundle of its own (import-reader.cjs):
 * it starts in a fraction of the time the writer's bundle, with the archive and Lexical in
 * it, takes to load, and the writer waits for its first file.
 */
function runReader(job: ReaderJob): void {
  const flow = new Int32Array(job.flow);
  let waitedMs = 0;
  try {
    for (const [index, file] of job.files.entries()) {
      const waitFrom = performance.now();
      while (Atomics.load(flow, STOP) === 0 && Atomics.load(flow, SENT) - Atomics.load(flow, TAKEN) >= AHEAD) {
        Atomics.wait(flow, TAKEN, Atomics.load(flow, TAKEN), 100);
      }
      waitedMs += performance.now() - waitFrom;
      Atomics.store(flow, READER_WAITED_MS, Math.round(waitedMs));
      if (Atomics.load(flow, STOP) === 1) return;
      let message: ReadMessage;
      try {
        const bytes = 'path' in file ? readImportFile(file.path) : file.bytes;
        const cut = Atomics.load(flow, SENT) - Atomics.load(flow, TAKEN) >= CUT_WHEN_AHEAD;
        message = { index, prepared: readPageFile(bytes, file.fileName, job.options, { cutIndex: cut }) };
        if (cut) Atomics.add(flow, CUT_BY_READER, 1);
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

runReader(workerData as ReaderJob);
