import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionStatus } from '../../shared/api/contract';
import type { ErrorCode } from '../../shared/api/errors';
import type { AccountSummary } from '../../shared/domain/accounts';
import { ClientError, api } from '../../renderer/src/api/client';
import { SessionController, session, type SessionDeps } from '../../renderer/src/app/session';

const EDITOR: AccountSummary = { id: 2, name: '李编辑', roles: ['editor'], person: '李编辑', createdAt: 't', removed: false };
const signedIn = (account: AccountSummary = EDITOR): SessionStatus => ({ setupNeeded: false, account });
const SIGNED_OUT: SessionStatus = { setupNeeded: false, account: null };
const NO_ACCOUNTS: SessionStatus = { setupNeeded: true, account: null };

const failure = (code: ErrorCode, params = {}) => new ClientError({ code, message: code, params });
/** Whether the desk's pending work saves (a test turns it off to see a sign-out refused). */
const saved = { all: true };
/** What the archive answers who is signed in, when a test changes it after the start. */
const statusNow: { value: SessionStatus | undefined } = { value: undefined };

/** A controller over fake calls, each recorded in `calls` in the order made. */
function controller(start: SessionStatus, password = 'right-password') {
  const calls: string[] = [];
  const deps: SessionDeps = {
    status: () => (calls.push('status'), Promise.resolve(statusNow.value ?? start)),
    setup: (input) => (calls.push(`setup ${input.name}`), Promise.resolve(signedIn({ ...EDITOR, name: input.name, roles: ['admin'] }))),
    signIn: (input) => {
      calls.push(`signIn ${input.name}`);
      return input.password === password
        ? Promise.resolve(signedIn({ ...EDITOR, name: input.name }))
        : Promise.reject(failure('SIGN_IN_FAILED'));
    },
    signOut: () => (calls.push('signOut'), Promise.resolve(SIGNED_OUT)),
    flush: () => (calls.push('flush'), Promise.resolve(saved.all)),
    resume: () => (calls.push('resume'), Promise.resolve()),
  };
  const c = new SessionController(deps);
  const seen: string[] = [];
  c.subscribe(() => seen.push(c.getSnapshot().state.kind));
  return { c, calls, seen };
}

describe('the session controller (sign-in, lock, sign-out outside React)', () => {
  it('asks for the administrator on an archive without accounts, and signs them in', async () => {
    const { c, calls } = controller(NO_ACCOUNTS);
    expect(c.getSnapshot().state.kind).toBe('loading');
    await c.start();
    expect(c.getSnapshot().state).toEqual({ kind: 'setup' });
    expect(await c.setup({ name: '周社长', password: 'password-1', roles: ['chief'] })).toBe(true);
    expect(c.getSnapshot().state).toMatchObject({ kind: 'signed-in', account: { name: '周社长' } });
    expect(calls).toEqual(['status', 'setup 周社长']);
  });

  it('keeps a refused sign-in as its error, clears it on the next try, and opens the desk', async () => {
    const { c } = controller(SIGNED_OUT);
    await c.start();
    expect(c.getSnapshot().state.kind).toBe('signed-out');
    expect(await c.signIn('李编辑', 'wrong')).toBe(false);
    expect(c.getSnapshot()).toMatchObject({ state: { kind: 'signed-out' }, busy: false, error: { code: 'SIGN_IN_FAILED' } });
    const attempt = c.signIn('李编辑', 'right-password');
    expect(c.getSnapshot()).toMatchObject({ busy: true, error: null });
    expect(await attempt).toBe(true);
    expect(c.getSnapshot()).toMatchObject({ state: { kind: 'signed-in', account: { name: '李编辑' } }, busy: false, error: null });
  });

  it('locks on a lost session without leaving the desk, and resumes the pending saves after signing in again', async () => {
    const { c, calls, seen } = controller(signedIn());
    await c.start();
    c.report('articles.save', failure('SESSION_EXPIRED', { minutes: 30 }));
    expect(c.getSnapshot().state).toEqual({
      kind: 'locked',
      account: EDITOR,
      reason: { code: 'SESSION_EXPIRED', params: { minutes: 30 } },
    });
    // Another failing call while locked changes nothing.
    c.report('articles.list', failure('SIGN_IN_REQUIRED'));
    expect(c.getSnapshot().state).toMatchObject({ reason: { code: 'SESSION_EXPIRED' } });

    expect(await c.signIn('', 'wrong')).toBe(false);
    expect(c.getSnapshot()).toMatchObject({ state: { kind: 'locked' }, error: { code: 'SIGN_IN_FAILED' } });
    // At the lock it is the same person again, whatever name the form sends.
    expect(await c.signIn('someone else', 'right-password')).toBe(true);
    expect(calls).toEqual(['status', 'signIn 李编辑', 'signIn 李编辑', 'resume']);
    expect(c.getSnapshot().state).toMatchObject({ kind: 'signed-in', account: { name: '李编辑' } });
    // Never through signed-out: the desk beneath was not unmounted.
    expect(seen).not.toContain('signed-out');
  });

  it('locks on any of the lost-session codes, ignores other failures and the session calls themselves', async () => {
    for (const code of ['SESSION_EXPIRED', 'SIGN_IN_REQUIRED', 'ACCOUNT_REMOVED'] as const) {
      const { c } = controller(signedIn());
      await c.start();
      c.report('articles.get', failure('PERMISSION_DENIED', { roles: 'chief' }));
      c.report('articles.save', failure('ARCHIVE_BUSY', { seconds: 20 }));
      c.report('session.signIn', failure(code));
      expect(c.getSnapshot().state.kind).toBe('signed-in');
      c.report('layout.page', failure(code));
      expect(c.getSnapshot().state).toMatchObject({ kind: 'locked', reason: { code } });
    }
  });

  it('does not lock a desk that is not open, and asks for the administrator when the archive has no accounts', async () => {
    const { c } = controller(SIGNED_OUT);
    await c.start();
    c.report('articles.list', failure('SIGN_IN_REQUIRED'));
    expect(c.getSnapshot().state.kind).toBe('signed-out');
    c.report('articles.list', failure('SETUP_REQUIRED'));
    expect(c.getSnapshot().state.kind).toBe('setup');
  });

  it('saves what is pending before signing out', async () => {
    const { c, calls } = controller(signedIn());
    await c.start();
    await c.signOut();
    expect(calls).toEqual(['status', 'flush', 'signOut']);
    expect(c.getSnapshot().state.kind).toBe('signed-out');
  });

  it('stays signed in, saying why, when pending changes could not be saved', async () => {
    const { c, calls } = controller(signedIn());
    await c.start();
    saved.all = false;
    await c.signOut();
    saved.all = true;
    expect(calls).toEqual(['status', 'flush']);
    expect(c.getSnapshot()).toMatchObject({ state: { kind: 'signed-in' }, error: { code: 'UNSAVED_CHANGES' } });
    c.clearError();
    await c.signOut();
    expect(c.getSnapshot().state.kind).toBe('signed-out');
  });

  it('locks an idle desk whose session ended, without waiting for its next call', async () => {
    vi.useFakeTimers();
    const { c, calls } = controller(signedIn());
    await c.start();
    const stop = c.watch(30_000);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(c.getSnapshot().state.kind).toBe('signed-in');
    // The archive ends the session (the idle time passed); the next look finds no one.
    statusNow.value = SIGNED_OUT;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(c.getSnapshot().state).toMatchObject({ kind: 'locked', account: { name: '李编辑' } });
    expect(calls.filter((x) => x === 'status')).toHaveLength(3);
    stop();
    statusNow.value = undefined;
    vi.useRealTimers();
  });

  it('leaves the lock for the sign-in form when someone else is to sign in', async () => {
    const { c, calls } = controller(signedIn());
    await c.start();
    c.report('articles.save', failure('ACCOUNT_REMOVED', { name: '李编辑' }));
    c.leave();
    expect(c.getSnapshot().state.kind).toBe('signed-out');
    await vi.waitFor(() => expect(calls).toContain('signOut'));
    expect(await c.signIn('王总编', 'right-password')).toBe(true);
    expect(calls.at(-1)).toBe('signIn 王总编');
    expect(calls).not.toContain('resume');
  });

  it('says the archive is unavailable when it cannot tell who is signed in', async () => {
    const c = new SessionController({
      status: () => Promise.reject(failure('INTERNAL', { reason: 'HTTP 502' })),
      setup: () => Promise.reject(new Error('unused')),
      signIn: () => Promise.reject(new Error('unused')),
      signOut: () => Promise.reject(new Error('unused')),
      flush: () => Promise.resolve(true),
      resume: () => Promise.resolve(),
    });
    await c.start();
    expect(c.getSnapshot().state).toEqual({ kind: 'unavailable', problem: { code: 'INTERNAL', params: { reason: 'HTTP 502' } } });
  });
});

describe('the page’s session, wired to the API client', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('locks when any call of the API answers that the session ended', async () => {
    const answers: Record<string, unknown> = {
      'api/session.status': { ok: true, value: signedIn() },
      'api/articles.save': { ok: false, error: { code: 'SESSION_EXPIRED', message: '已 1 分钟无操作', params: { minutes: 1 } } },
    };
    vi.stubGlobal('fetch', (url: string) => Promise.resolve(new Response(JSON.stringify(answers[url]))));
    await session.start();
    expect(session.getSnapshot().state.kind).toBe('signed-in');
    await expect(api.articles.save({ id: 'a', baseVersion: 1, draft: {} as never })).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
    expect(session.getSnapshot().state).toMatchObject({
      kind: 'locked',
      account: EDITOR,
      reason: { code: 'SESSION_EXPIRED', params: { minutes: 1 } },
    });
  });
});
