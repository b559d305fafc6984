import type { ApiInput, SessionStatus } from '../../../shared/api/contract';
import type { ErrorCode, ErrorParams } from '../../../shared/api/errors';
import type { ApiMethod } from '../../../shared/api/methods';
import type { AccountSummary } from '../../../shared/domain/accounts';
import { ClientError, api, onCallFailed } from '../api/client';
import { emitCommand, flushAll } from './commands';

/** Why the desk is not open: a code the views translate, with its parameters. */
export interface SessionProblem {
  code: ErrorCode;
  params: ErrorParams;
}

/**
 * Where the desk stands with its session:
 * - `setup`: the archive has no account yet; its first user creates the administrator.
 * - `signed-out`: someone must sign in.
 * - `signed-in`: the desk is open to `account`.
 * - `locked`: the session ended under the desk (idle too long, signed out elsewhere, the
 *   account removed). The desk stays mounted beneath the lock, with its drafts and their
 *   pending saves, until the same person signs in again.
 * - `unavailable`: the archive did not answer who is signed in.
 */
export type SessionState =
  | { kind: 'loading' }
  | { kind: 'unavailable'; problem: SessionProblem }
  | { kind: 'setup' }
  | { kind: 'signed-out' }
  | { kind: 'signed-in'; account: AccountSummary }
  | { kind: 'locked'; account: AccountSummary; reason: SessionProblem };

export interface SessionSnapshot {
  state: SessionState;
  /** A sign-in, set-up or sign-out under way. */
  busy: boolean;
  /** What the last sign-in or set-up was refused with (a wrong password), until the next try. */
  error: SessionProblem | null;
}

/** The calls the controller makes: the API's session calls, and the desk's pending work. */
export interface SessionDeps {
  status(): Promise<SessionStatus>;
  setup(input: ApiInput<'session.setup'>): Promise<SessionStatus>;
  signIn(input: ApiInput<'session.signIn'>): Promise<SessionStatus>;
  signOut(): Promise<SessionStatus>;
  /** Saves what the desk has pending (before signing out); false when some of it could not be. */
  flush(): Promise<boolean>;
  /** After signing in again at the lock: the pending saves go now, the views reload. */
  resume(): Promise<void>;
}

/** The codes that mean the session is gone: the desk locks (or asks for the administrator). */
const LOST: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['SESSION_EXPIRED', 'SIGN_IN_REQUIRED', 'ACCOUNT_REMOVED']);

function problemOf(error: unknown): SessionProblem {
  if (error instanceof ClientError) return { code: error.code, params: error.params };
  return { code: 'INTERNAL', params: { reason: String(error) } };
}

/**
 * The desk's session, outside React: one store the views read with useSyncExternalStore and
 * act on by name. It learns of a lost session from any call that fails with one (`report`),
 * and locks rather than unmounting the desk.
 */
export class SessionController {
  private snapshot: SessionSnapshot = { state: { kind: 'loading' }, busy: false, error: null };
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: SessionDeps) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): SessionSnapshot => this.snapshot;

  private set(patch: Partial<SessionSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of [...this.listeners]) listener();
  }

  private stateOf(status: SessionStatus): SessionState {
    if (status.setupNeeded) return { kind: 'setup' };
    return status.account ? { kind: 'signed-in', account: status.account } : { kind: 'signed-out' };
  }

  /** Asks the archive who is signed in (at start). */
  async start(): Promise<void> {
    try {
      this.set({ state: this.stateOf(await this.deps.status()), error: null });
    } catch (error) {
      this.set({ state: { kind: 'unavailable', problem: problemOf(error) } });
    }
  }

  /** Runs a sign-in or set-up: busy meanwhile, its refusal kept as `error`. */
  private async attempt(run: () => Promise<SessionStatus>): Promise<boolean> {
    if (this.snapshot.busy) return false;
    const before = this.snapshot.state;
    this.set({ busy: true, error: null });
    try {
      const state = this.stateOf(await run());
      this.set({ state, busy: false });
      if (before.kind === 'locked' && state.kind === 'signed-in') await this.deps.resume();
      return state.kind === 'signed-in';
    } catch (error) {
      this.set({ busy: false, error: problemOf(error) });
      return false;
    }
  }

  /** Creates the archive's administrator and signs them in. */
  setup(input: ApiInput<'session.setup'>): Promise<boolean> {
    return this.attempt(() => this.deps.setup(input));
  }

  /**
   * Signs in. At the lock it is the same person again (the name is theirs); the desk beneath
   * then sends its pending saves at once.
   */
  signIn(name: string, password: string): Promise<boolean> {
    const state = this.snapshot.state;
    const who = state.kind === 'locked' ? state.account.name : name;
    return this.attempt(() => this.deps.signIn({ name: who, password }));
  }

  /** Saves what is pending, then ends the session. */
  async signOut(): Promise<void> {
    if (this.snapshot.busy) return;
    this.set({ busy: true, error: null });
    try {
      // What could not be saved keeps the desk open: signing out would drop it.
      if (!(await this.deps.flush())) {
        this.set({ busy: false, error: { code: 'UNSAVED_CHANGES', params: {} } });
        return;
      }
      await this.deps.signOut();
      this.set({ state: { kind: 'signed-out' }, busy: false });
    } catch (error) {
      this.set({ busy: false, error: problemOf(error) });
    }
  }

  clearError(): void {
    if (this.snapshot.error) this.set({ error: null });
  }

  /** Leaves the lock for the sign-in form (someone else signs in; what was not saved is dropped). */
  leave(): void {
    if (this.snapshot.state.kind !== 'locked') return;
    this.set({ state: { kind: 'signed-out' }, error: null });
    void this.deps.signOut().catch(() => undefined);
  }

  /**
   * Looks every `everyMs` whether the session still stands (asking does not count as activity),
   * so an idle desk locks when its session ends, not only at its next call. Returns the stop.
   */
  watch(everyMs = 30_000): () => void {
    const timer = setInterval(() => {
      if (this.snapshot.state.kind !== 'signed-in' || this.snapshot.busy) return;
      this.deps.status().then(
        (status) => {
          const state = this.snapshot.state;
          if (state.kind === 'signed-in' && !status.account) {
            this.set({ state: { kind: 'locked', account: state.account, reason: { code: 'SIGN_IN_REQUIRED', params: {} } }, error: null });
          }
        },
        () => undefined,
      );
    }, everyMs);
    return () => clearInterval(timer);
  }

  /** A call failed: a lost session locks the open desk; an archive without accounts asks for one. */
  report(method: ApiMethod, error: ClientError): void {
    // The session's own calls say how they went to whoever made them.
    if (method.startsWith('session.')) return;
    const state = this.snapshot.state;
    if (error.code === 'SETUP_REQUIRED') {
      if (state.kind !== 'setup') this.set({ state: { kind: 'setup' }, error: null });
      return;
    }
    if (!LOST.has(error.code) || state.kind !== 'signed-in') return;
    this.set({ state: { kind: 'locked', account: state.account, reason: { code: error.code, params: error.params } }, error: null });
  }
}

/** The page's one session, over the real API. */
export const session = new SessionController({
  status: () => api.session.status({}),
  setup: (input) => api.session.setup(input),
  signIn: (input) => api.session.signIn(input),
  signOut: () => api.session.signOut({}),
  flush: flushAll,
  resume: async () => {
    emitCommand('refresh');
    await flushAll();
  },
});
onCallFailed((method, error) => session.report(method, error));
