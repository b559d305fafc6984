import type { ApiInput, ApiOutput, SyncStatus } from '../../../shared/api/contract';
import { api } from '../api/client';
import { messageOf } from './errors';

/** What the watch loop heard changed in the newsroom: the desk's views reload what they show of it. */
export interface RemoteChange {
  articles: ReadonlySet<string>;
  /** Pages as `YYYY-MM-DD/n`. */
  pages: ReadonlySet<string>;
  /**
   * More changed than the answer names (several batches were applied between two answers, or
   * the process that syncs started again): every view reloads what it shows.
   */
  all: boolean;
}

/** Going offline and coming back: a notice in the header, never a dialog. */
export type NewsroomNotice = { kind: 'offline'; server: string } | { kind: 'online'; server: string };

export interface NewsroomSnapshot {
  /** The last status read; null before the first answer. */
  status: SyncStatus | null;
  /** A join, leave, sync or dismissal under way. */
  busy: boolean;
  /** What the last action (join, leave, sync now, dismiss) was refused with, in words. */
  error: string | null;
  notice: NewsroomNotice | null;
}

/** The calls the controller makes (the API's `sync.*`), replaced by fakes in its tests. */
export interface NewsroomDeps {
  status(): Promise<SyncStatus>;
  watch(input: ApiInput<'sync.watch'>): Promise<ApiOutput<'sync.watch'>>;
  now(): Promise<SyncStatus>;
  join(input: ApiInput<'sync.join'>): Promise<SyncStatus>;
  leave(): Promise<SyncStatus>;
  dismiss(input: ApiInput<'sync.dismiss'>): Promise<SyncStatus>;
  configure(input: ApiInput<'sync.configure'>): Promise<SyncStatus>;
  /** A refused action in the desk's words. */
  describe?(error: unknown): string;
}

export interface NewsroomTiming {
  /** How often the status is read (besides after every watch answer). */
  statusEveryMs: number;
  /** How long one watch call may wait for changes (the API's limit is 25 s). */
  watchWaitMs: number;
  /** The pause after a failed watch call before the next. */
  retryMs: number;
}

const TIMING: NewsroomTiming = { statusEveryMs: 5_000, watchWaitMs: 25_000, retryMs: 3_000 };

/**
 * The desk's view of its newsroom, outside React (the header's indicator, the administrator's
 * newsroom form and the desks that reload what changed elsewhere all read it). Once started
 * (signed in) it reads `sync.status` every few seconds and after each watch answer, and while
 * the archive is joined runs the `sync.watch` long poll, telling `onRemoteChange` listeners
 * which articles and pages the newsroom changed.
 */
export class NewsroomController {
  private snapshot: NewsroomSnapshot = { status: null, busy: false, error: null, notice: null };
  private readonly listeners = new Set<() => void>();
  private readonly changeListeners = new Set<(change: RemoteChange) => void>();
  private readonly timing: NewsroomTiming;
  /** Bumped by every start and stop: a loop or timer of an older run ends quietly. */
  private run = 0;
  private started = false;
  private watching = false;
  private statusTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: { timer: ReturnType<typeof setTimeout>; wake: () => void } | undefined;
  /** The watch cursor: the last appliedSeq whose changes were reported. */
  private cursor: number | null = null;

  constructor(
    private readonly deps: NewsroomDeps,
    timing: Partial<NewsroomTiming> = {},
  ) {
    this.timing = { ...TIMING, ...timing };
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): NewsroomSnapshot => this.snapshot;

  /** Hears what the newsroom changed; returns the unsubscribe. */
  onRemoteChange(listener: (change: RemoteChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private set(patch: Partial<NewsroomSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of [...this.listeners]) listener();
  }

  private describe(error: unknown): string {
    return this.deps.describe ? this.deps.describe(error) : String(error);
  }

  /** Takes a status answer: connection changes become notices; a joined archive is watched. */
  private take(status: SyncStatus): void {
    const before = this.snapshot.status;
    let notice = this.snapshot.notice;
    if (status.joined && before?.joined && status.server === before.server && before.connected !== status.connected) {
      notice = { kind: status.connected ? 'online' : 'offline', server: status.server ?? '' };
    }
    if (!status.joined) {
      notice = null;
      this.cursor = null;
    }
    this.set({ status, notice });
    if (status.joined) this.startWatch(status.appliedSeq);
  }

  /** Starts reading the status and watching (once signed in); returns the stop. */
  start(): () => void {
    if (!this.started) {
      this.started = true;
      this.run++;
      void this.poll(this.run);
    }
    return () => this.stop();
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    this.run++;
    this.watching = false;
    this.cursor = null;
    clearTimeout(this.statusTimer);
    if (this.retryTimer) {
      clearTimeout(this.retryTimer.timer);
      this.retryTimer.wake();
    }
  }

  /** Reads the status now. */
  async refresh(): Promise<void> {
    try {
      this.take(await this.deps.status());
    } catch {
      // The indicator keeps the last answer; a lost session is the session controller's to show.
    }
  }

  private async poll(run: number): Promise<void> {
    if (run !== this.run) return;
    await this.refresh();
    if (run !== this.run) return;
    clearTimeout(this.statusTimer);
    this.statusTimer = setTimeout(() => void this.poll(run), this.timing.statusEveryMs);
  }

  private startWatch(appliedSeq: number): void {
    if (!this.started || this.watching) return;
    this.watching = true;
    this.cursor ??= appliedSeq;
    void this.watchLoop(this.run);
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.retryTimer = undefined;
        resolve();
      };
      this.retryTimer = { timer: setTimeout(wake, ms), wake };
    });
  }

  private async watchLoop(run: number): Promise<void> {
    while (run === this.run && this.snapshot.status?.joined) {
      const after = this.cursor ?? this.snapshot.status.appliedSeq;
      let answer: ApiOutput<'sync.watch'>;
      try {
        answer = await this.deps.watch({ after, waitMs: this.timing.watchWaitMs });
      } catch {
        if (run !== this.run) return;
        await this.pause(this.timing.retryMs);
        continue;
      }
      if (run !== this.run) return;
      this.cursor = answer.appliedSeq;
      if (answer.appliedSeq !== after) {
        // More than one batch since the cursor (or the syncing process began again at 0): the
        // answer names only the last batch, so everything may have changed.
        const all = answer.appliedSeq > after + 1 || answer.appliedSeq < after;
        this.emit({ articles: new Set(answer.articles), pages: new Set(answer.pages), all });
      }
      await this.refresh();
    }
    if (run === this.run) this.watching = false;
  }

  private emit(change: RemoteChange): void {
    for (const listener of [...this.changeListeners]) {
      try {
        listener(change);
      } catch {
        // One view's failure is not another's.
      }
    }
  }

  private async act(work: () => Promise<SyncStatus>): Promise<boolean> {
    if (this.snapshot.busy) return false;
    this.set({ busy: true, error: null });
    try {
      const status = await work();
      this.set({ busy: false });
      this.take(status);
      return true;
    } catch (error) {
      this.set({ busy: false, error: this.describe(error) });
      return false;
    }
  }

  /** Joins the archive to a newsroom server (an administrator). */
  join(url: string, name: string, password: string): Promise<boolean> {
    return this.act(() => this.deps.join({ url: url.trim(), name: name.trim(), password }));
  }

  /** Leaves the newsroom: the archive keeps its stories and stops syncing. */
  leave(): Promise<boolean> {
    return this.act(() => this.deps.leave());
  }

  /** Syncs now instead of waiting for the next round. */
  syncNow(): Promise<boolean> {
    return this.act(() => this.deps.now());
  }

  /** How many years of articles this desktop keeps (null: all). */
  configure(keepYears: number | null): Promise<boolean> {
    return this.act(() => this.deps.configure({ keepYears }));
  }

  /** Marks every problem shown so far as seen. */
  dismissProblems(): Promise<boolean> {
    const ids = this.snapshot.status?.problems.map((p) => p.id) ?? [];
    if (!ids.length) return Promise.resolve(true);
    return this.act(() => this.deps.dismiss({ upTo: Math.max(...ids) }));
  }

  clearNotice(): void {
    if (this.snapshot.notice) this.set({ notice: null });
  }

  clearError(): void {
    if (this.snapshot.error) this.set({ error: null });
  }
}

/** The page's one newsroom controller, over the real API. */
export const newsroom = new NewsroomController({
  status: () => api.sync.status({}),
  watch: (input) => api.sync.watch(input),
  now: () => api.sync.now({}),
  join: (input) => api.sync.join(input),
  leave: () => api.sync.leave({}),
  dismiss: (input) => api.sync.dismiss(input),
  configure: (input) => api.sync.configure(input),
  describe: messageOf,
});
