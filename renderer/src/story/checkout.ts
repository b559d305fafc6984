import type { ApiInput, LockState } from '../../../shared/api/contract';
import { LOCK_RENEW_MS } from '../../../shared/sync/protocol';

/** Who holds a story checked out. */
export type Holder = NonNullable<LockState['holder']>;

/**
 * Where this desk stands with one story's check-out (InCopy-style: one desk edits a story at a
 * time, the others read it):
 * - `checking`: the first answer is awaited; the story is editable meanwhile (offline first).
 * - `mine`: checked out here; renewed every LOCK_RENEW_MS while open.
 * - `held`: someone else edits it; read-only here, with a way to take it over.
 * - `free`: not joined, or the server cannot be reached: editable, the edits reconcile later.
 * - `off`: not checked out at all (the person may not edit the story).
 */
export type CheckoutKind = 'checking' | 'mine' | 'held' | 'free' | 'off';

export type CheckoutNotice =
  /** Someone took the story over from this desk: it is read-only now, the typed text saved. */
  | { kind: 'taken'; by: string; since: string }
  /** This desk took it over from someone. */
  | { kind: 'tookOver'; from: string; since: string }
  /** Whoever held it closed it: editable here now. */
  | { kind: 'freed' };

export interface CheckoutSnapshot {
  kind: CheckoutKind;
  holder: Holder | null;
  /** A take-over under way. */
  busy: boolean;
  notice: CheckoutNotice | null;
  /** What a lock call was refused with (the story stays as it was), in words. */
  problem: string | null;
}

export interface CheckoutDeps {
  lock(input: ApiInput<'sync.lock'>): Promise<LockState>;
  release(input: ApiInput<'sync.release'>): Promise<unknown>;
  /** Saves what was typed and not yet saved (before the story turns read-only). */
  flush(): Promise<void>;
  describe?(error: unknown): string;
}

/**
 * One story's check-out while its editor is open: takes it on open, renews it, notices when
 * someone took it over (at the next renewal, or at once when the newsroom reports the story
 * changed), takes it over on request, and releases it on close.
 */
export class Checkout {
  private snapshot: CheckoutSnapshot = { kind: 'off', holder: null, busy: false, notice: null, problem: null };
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | undefined;
  private closed = false;
  /** Bumped by every open: an answer to an earlier opening is not this one's. */
  private generation = 0;

  constructor(
    private readonly articleId: string,
    private readonly deps: CheckoutDeps,
    private readonly renewMs: number = LOCK_RENEW_MS,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): CheckoutSnapshot => this.snapshot;

  /** Whether typing is allowed here (as far as the check-out goes). */
  get editable(): boolean {
    return this.snapshot.kind !== 'held';
  }

  private set(patch: Partial<CheckoutSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of [...this.listeners]) listener();
  }

  /** Checks the story out as its editor opens (again, after a close); renews it from then on. */
  async open(): Promise<void> {
    if (this.snapshot.kind !== 'off') return;
    this.closed = false;
    this.generation++;
    this.set({ kind: 'checking', holder: null, notice: null, problem: null });
    clearInterval(this.timer);
    this.timer = setInterval(() => void this.recheck(), this.renewMs);
    await this.ask(false);
  }

  /** Renews (mine), or looks again whether it is still held (someone else's): on the timer, or when the story changed elsewhere. */
  async recheck(): Promise<void> {
    if (this.closed || this.snapshot.kind === 'off') return;
    // One call at a time: a renewal already under way answers for this one.
    if (this.running) return this.running;
    await this.ask(false);
  }

  /** Takes the story over from whoever holds it; true when it is this desk's now. */
  async takeOver(): Promise<boolean> {
    if (this.closed || this.snapshot.kind === 'off' || this.snapshot.busy) return false;
    while (this.running) await this.running;
    this.set({ busy: true });
    await this.ask(true);
    this.set({ busy: false });
    return this.snapshot.kind === 'mine';
  }

  private ask(takeOver: boolean): Promise<void> {
    const generation = this.generation;
    const run = this.deps
      .lock({ articleId: this.articleId, ...(takeOver ? { takeOver: true } : {}) })
      .then(
        (answer) => this.apply(answer, generation),
        (error: unknown) => {
          if (this.closed || generation !== this.generation) return;
          // Offline first: a refusal leaves the story as it was (editable while still checking).
          const problem = this.deps.describe ? this.deps.describe(error) : String(error);
          this.set({ kind: this.snapshot.kind === 'checking' ? 'free' : this.snapshot.kind, problem });
        },
      )
      .finally(() => {
        if (this.running === run) this.running = undefined;
      });
    this.running = run;
    return run;
  }

  private async apply(answer: LockState, generation: number): Promise<void> {
    const before = this.snapshot.kind;
    if (this.closed || generation !== this.generation) {
      // Closed while the answer was on its way: a check-out taken meanwhile is given back.
      if (this.closed && answer.state === 'mine') void this.deps.release({ articleId: this.articleId }).catch(() => undefined);
      return;
    }
    if (answer.state === 'held' && answer.holder) {
      if (before === 'held') {
        // Still someone else's (perhaps another person by now).
        this.set({ holder: answer.holder, problem: null });
        return;
      }
      // Typed here and not saved yet: saved before the story turns read-only, so nothing is lost.
      if (before !== 'checking') await this.deps.flush().catch(() => undefined);
      if (this.closed || generation !== this.generation) return;
      const notice: CheckoutNotice | null =
        before === 'checking' ? null : { kind: 'taken', by: answer.holder.name, since: answer.holder.since };
      this.set({ kind: 'held', holder: answer.holder, notice, problem: null });
      return;
    }
    if (answer.state === 'mine') {
      const notice: CheckoutNotice | null = answer.tookFrom
        ? { kind: 'tookOver', from: answer.tookFrom.name, since: answer.tookFrom.since }
        : before === 'held'
          ? { kind: 'freed' }
          : this.snapshot.notice;
      this.set({ kind: 'mine', holder: answer.holder, notice, problem: null });
      return;
    }
    this.set({ kind: 'free', holder: null, problem: null });
  }

  clearNotice(): void {
    if (this.snapshot.notice) this.set({ notice: null });
  }

  /** The editor closes (or shows another story): stops renewing and gives the check-out back. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    const kind = this.snapshot.kind;
    if (kind === 'mine' || kind === 'checking') void this.deps.release({ articleId: this.articleId }).catch(() => undefined);
    this.set({ kind: 'off', busy: false });
  }
}
