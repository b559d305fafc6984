import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Archive } from '../archive/archive';
import { ARCHIVE_FILE } from '../archive/archive';
import { indexesToCompact, indexShape, STEP_PAGES, worthCompacting, type SearchIndex } from '../archive/search-compaction';
import type { CompactionJob, CompactionReply, CompactionRequest } from '../archive/search-compaction-worker';
import { workerFile } from '../paths';

/**
 * The search indexes merged while nobody works (electron/archive/search-compaction.ts), in
 * the app and the browser host, whose one thread serves every window: a step at a time, each a
 * short transaction on a thread of its own (search-compaction-worker.ts), only once no work is
 * under way (a call, a sync round, an import: `hold`) and none was for a while. What a desk
 * asks by itself on a timer is not work (AppServices.call). A call that arrives meanwhile is
 * answered at once; one that writes waits at most for the step under way (some 20 ms, 50 at
 * most but for a rare few, at a million articles). A merge cut short goes on where it stopped
 * at the next quiet while (compactStep).
 */
export interface UpkeepTiming {
  /** Steps start only after this long without work… */
  idleMs: number;
  /** …looked for this often… */
  everyMs: number;
  /** …one after another with this pause between. */
  pauseMs: number;
  /** Pages a step writes. */
  pages: number;
}

export const UPKEEP_TIMING: UpkeepTiming = { idleMs: 15_000, everyMs: 5_000, pauseMs: 10, pages: STEP_PAGES };

/** After a step failed otherwise than on a busy archive (a full disk, a damaged index), merging rests this long. */
const REST_AFTER_FAILURE_MS = 10 * 60_000;

/** Work under way: `release` when it ends; `ready` once the step under way, if any, has ended (its write lock let go). */
export interface Hold {
  release: () => void;
  ready: Promise<void>;
}

export class SearchUpkeep {
  private readonly timing: UpkeepTiming;
  private readonly timer: ReturnType<typeof setInterval>;
  private lastWork = Date.now();
  /** Work under way, not yet released. */
  private holds = 0;
  /** The indexes being merged, until each is merged… */
  private merging: SearchIndex[] = [];
  /** …and those whose merge was begun here (the others' first step begins theirs). */
  private readonly begun = new Set<SearchIndex>();
  private worker: Worker | undefined;
  /** The reply awaited, and from which thread (an old thread's end must not answer a new one's step). */
  private pending: { worker: Worker; resolve: (reply: CompactionReply | undefined) => void } | undefined;
  private inFlight: Promise<void> | undefined;
  private stepping = false;
  private restUntil = 0;
  private closed = false;

  constructor(
    private readonly archive: Archive,
    timing: Partial<UpkeepTiming> = {},
  ) {
    this.timing = { ...UPKEEP_TIMING, ...timing };
    this.timer = setInterval(() => this.look(), this.timing.everyMs);
    this.timer.unref();
  }

  /** Work began (an import's call lasts all its import): no step starts until it is released and a quiet while has passed. */
  hold(): Hold {
    this.holds++;
    this.lastWork = Date.now();
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.holds--;
        this.lastWork = Date.now();
      },
      ready: this.inFlight ?? Promise.resolve(),
    };
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    // A step under way is a transaction: ended with the thread, it is as if never begun.
    this.letGo();
  }

  private quiet(): boolean {
    return !this.closed && this.holds === 0 && Date.now() - this.lastWork >= this.timing.idleMs && Date.now() >= this.restUntil;
  }

  private look(): void {
    if (this.stepping || !this.quiet()) return;
    try {
      // A list left from a quiet while cut short: an index FTS5 has finished meanwhile (its
      // automerge goes on with a merge under way as it is written to) and no longer worth it
      // is not begun again from nothing.
      this.merging = this.merging.length
        ? this.merging.filter((table) => {
            const shape = indexShape(this.archive.db, table);
            return shape?.merging === true || worthCompacting(shape);
          })
        : indexesToCompact(this.archive.db);
    } catch (error) {
      this.giveUp('reading the search index’s shape failed', error);
      return;
    }
    // A thread that cannot be started (new Worker throws) would otherwise be an unhandled rejection.
    if (this.merging.length) this.run().catch((error: unknown) => this.giveUp('merging the search index failed', error));
  }

  /** After a failure other than a busy archive (a full disk, a damaged index, no thread): no merge for a while. */
  private giveUp(what: string, error: unknown): void {
    console.error(`[banmian] ${what}`, error);
    this.merging = [];
    this.begun.clear();
    this.restUntil = Date.now() + REST_AFTER_FAILURE_MS;
    this.letGo();
  }

  /** Steps while it stays quiet and something is left to merge; the thread is let go when all is merged. */
  private async run(): Promise<void> {
    this.stepping = true;
    try {
      while (this.merging.length && this.quiet()) {
        const table = this.merging[0]!;
        const reply = await this.step(table, !this.begun.has(table));
        if (!reply) return;
        if (!reply.ok) {
          // Another writer has the archive (an import, a sync): the next quiet while goes on.
          if (!reply.busy) this.giveUp('merging the search index failed:', reply.message);
          return;
        }
        this.begun.add(table);
        if (!reply.more) {
          this.merging.shift();
          this.begun.delete(table);
        }
        await new Promise((resolve) => setTimeout(resolve, this.timing.pauseMs));
      }
      if (!this.merging.length) this.letGo();
    } finally {
      this.stepping = false;
    }
  }

  /** The merging thread, started when first needed; undefined where it is not built. */
  private thread(): Worker | undefined {
    if (this.worker) return this.worker;
    const file = workerFile('search-compaction-worker.cjs');
    if (!file) return undefined;
    const db = this.archive.db;
    const job: CompactionJob = {
      file: join(this.archive.dir, ARCHIVE_FILE),
      checkpointPages: db.pragma('wal_autocheckpoint', { simple: true }) as number,
      cacheSize: db.pragma('cache_size', { simple: true }) as number,
      mmapBytes: db.pragma('mmap_size', { simple: true }) as number,
    };
    const worker = new Worker(file, { workerData: job });
    worker.unref();
    // A thread that fails or ends, between steps or in one, is let go (and its step, if any,
    // answered): the next merge starts another.
    const ended = (reply: CompactionReply | undefined) => {
      if (this.worker === worker) this.worker = undefined;
      void worker.terminate();
      this.answer(worker, reply);
    };
    worker.on('message', (reply: CompactionReply) => this.answer(worker, reply));
    worker.on('error', (error: Error) => ended({ ok: false, busy: false, message: error.message }));
    worker.on('exit', () => ended(undefined));
    this.worker = worker;
    return worker;
  }

  private answer(from: Worker, reply: CompactionReply | undefined): void {
    const pending = this.pending;
    if (pending?.worker !== from) return;
    this.pending = undefined;
    pending.resolve(reply);
  }

  private letGo(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }

  /** One step on the merging thread; undefined where there is no thread. */
  private step(table: SearchIndex, begin: boolean): Promise<CompactionReply | undefined> {
    const worker = this.thread();
    if (!worker) {
      this.giveUp('the search index is not merged:', 'search-compaction-worker.cjs not built (npm run build)');
      return Promise.resolve(undefined);
    }
    const replied = new Promise<CompactionReply | undefined>((resolve) => (this.pending = { worker, resolve }));
    const inFlight = (this.inFlight = replied.then(() => {
      if (this.inFlight === inFlight) this.inFlight = undefined;
    }));
    worker.postMessage({ table, pages: this.timing.pages, begin } satisfies CompactionRequest);
    return replied;
  }
}
