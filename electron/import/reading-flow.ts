import type { MessagePort } from 'node:worker_threads';
import type { ErrorParams } from '../../shared/api/errors';
import type { ImportJob } from './worker';
import type { ImportOptions, PreparedImport } from './import-file';

/**
 * How the import's two threads hand files over: the reading thread (import-reader.cjs) sends
 * each file read, in order, through a message port; a shared array of counters says how many
 * it sent and the writing thread took, so that the writer can wait for the next without an
 * event loop and the reader stays no more than AHEAD files in front.
 */

/** What the reading thread sends for each file, in order. */
export type ReadMessage = { index: number; prepared: PreparedImport } | { index: number; error: { code: string; params: ErrorParams } };

export interface ReaderJob {
  files: ImportJob['files'];
  options: ImportOptions;
  port: MessagePort;
  /** Int32Array(FLOW_SLOTS) over it: the counters below. */
  flow: SharedArrayBuffer;
}

export const SENT = 0;
export const TAKEN = 1;
export const STOP = 2;
export const FINISHED = 3;
/** How long the reader waited for the writer to take files, in ms; how many files it cut the index entries of. */
export const READER_WAITED_MS = 4;
export const CUT_BY_READER = 5;
export const FLOW_SLOTS = 6;

/** How the two threads shared an import's time: for the benchmarks, and for whoever tunes the above. */
export interface ImportFlow {
  files: number;
  /** Files whose index entries the reader cut (the writer cut the rest). */
  cutByReader: number;
  readerWaitedMs: number;
  writerWaitedMs: number;
}
/** How many files the reader may run ahead of the writer: enough for a group, not the whole batch in memory. */
export const AHEAD = 400;
/**
 * Fewer files than this waiting for the writer, and the reader leaves the files' search-index
 * entries for the writer to cut: the writer is about to wait for it, and would spend that
 * time idle. More, and the reader cuts them, as the writer has more than it can take. So the
 * pure work moves to whichever thread has time, and on two cores the import runs at the pace
 * of the two threads' work shared out, not of the slower one's.
 */
export const CUT_WHEN_AHEAD = 16;
