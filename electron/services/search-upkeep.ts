import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Archive } from '../archive/archive';
import { ARCHIVE_FILE } from '../archive/archive';
import { indexesToCompact, STEP_PAGES, type SearchIndex } from '../archive/search-compaction';
import type { CompactionJob, CompactionReply, CompactionRequest } from '../archive/search-compaction-worker';
import { workerFile } from '../paths';

/**
 * The search indexes merged while nobody works (electron/archive/search-compaction.ts), in
 * the app and the browser host, whose one thread serves every window: a step at a time, each a
 * short transaction on a thread of its own (search-compaction-worker.ts), only once no call
 * has come for a while and none is being answered. A call that arrives meanwhile is answered at
 * once; one that writes waits at most for the step under way (some 20 ms, 50 at most but for a
 * rare few, at a million articles). What is merged stays merged: a merge cut short by work, a
 * busy archive or the app's end goes on from there next time.
 */
export interface UpkeepTiming {
  /** Steps start only after this long without a call… */
  idleMs: number;
  /** …looked for this often… */
  everyMs: number;
  /** …one after another with this pause between. */
  pauseMs: number;
  /** Pages a step writes. */
  pages: number;
}

export const UPKEEP_TIMING: UpkeepTiming = { idleMs: 15_000, everyMs: 5_000, pauseMs: 10, pages: STEP_PAGES };

export class SearchUpkeep {
  private readonly timing: UpkeepTiming;
  private readonly timer: ReturnType<typeof setInterval>;
  private lastCall = Date.now();
  /** Calls not yet answered. */
  private calls = 0;
  /** The indexes being merged, until each is in one segment. */
  private merging: SearchIndex[] = [];
  private worker: Worker | undefined;
  private stepping = false;
  private closed = false;

  constructor(
    private readonly archive: Archive,
    timing: Partial<UpkeepTiming> = {},
  ) {
    this.timing = { ...UPKEEP_TIMING, ...timing };
    this.timer = setInterval(() => this.look(), this.timing.everyMs);
    this.timer.unref();
  }

  /** A call came: steps wait until it has been answered and a quiet while has passed (an import's call lasts all its import). */
  begin(): () => void {
    this.calls++;
    this.lastCall = Date.now();
    return () => {
      this.calls--;
      this.lastCall = Date.now();
    };
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    // A step under way is a transaction: ended with the thread, it is as if never begun.
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private quiet(): boolean {
    return !this.closed && this.calls === 0 && Date.now() - this.lastCall >= this.timing.idleMs;
  }

  private look(): void {
    if (this.stepping || !this.quiet()) return;
    try {
      if (!this.merging.length) this.merging = indexesToCompact(this.archive.db);
    } catch (error) {
      console.error('[banmian] reading the search index’s shape failed', error);
      return;
    }
    if (this.merging.length) void this.run();
  }

  /** Steps while it stays quiet and something is left to merge; the thread is let go when all is merged. */
  private async run(): Promise<void> {
    this.stepping = true;
    try {
      while (this.merging.length && this.quiet()) {
        const reply = await this.step(this.merging[0]!);
        if (!reply) return;
        if (!reply.ok) {
          // Another writer has the archive (an import, a sync): the next quiet while goes on.
          if (!reply.busy) {
            console.error('[banmian] merging the search index failed:', reply.message);
            this.merging = [];
          }
          return;
        }
        if (!reply.more) this.merging.shift();
        await new Promise((resolve) => setTimeout(resolve, this.timing.pauseMs));
      }
      if (!this.merging.length) {
        void this.worker?.terminate();
        this.worker = undefined;
      }
    } finally {
      this.stepping = false;
    }
  }

  /** One step on the merging thread (started when first needed); undefined where there is no thread. */
  private step(table: SearchIndex): Promise<CompactionReply | undefined> {
    if (!this.worker) {
      const file = workerFile('search-compaction-worker.cjs');
      if (!file) {
        console.error('[banmian] search-compaction-worker.cjs not built (npm run build): the search index is not merged');
        this.merging = [];
        return Promise.resolve(undefined);
      }
      const job: CompactionJob = {
        file: join(this.archive.dir, ARCHIVE_FILE),
        checkpointPages: this.archive.db.pragma('wal_autocheckpoint', { simple: true }) as number,
      };
      this.worker = new Worker(file, { workerData: job });
      this.worker.unref();
    }
    const worker = this.worker;
    return new Promise((resolve) => {
      const done = (reply: CompactionReply | undefined) => {
        worker.off('message', done);
        worker.off('error', failed);
        worker.off('exit', ended);
        resolve(reply);
      };
      // A thread that failed or ended is let go: the next merge starts another.
      const letGo = () => {
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
      };
      const failed = (error: Error) => {
        letGo();
        done({ ok: false, busy: false, message: error.message });
      };
      const ended = () => {
        letGo();
        done(undefined);
      };
      worker.on('message', done);
      worker.on('error', failed);
      worker.on('exit', ended);
      worker.postMessage({ table, pages: this.timing.pages } satisfies CompactionRequest);
    });
  }
}
