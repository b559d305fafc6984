import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiOutput, SyncStatus } from '../../shared/api/contract';
import { ClientError } from '../../renderer/src/api/client';
import { NewsroomController, type NewsroomDeps, type RemoteChange } from '../../renderer/src/app/newsroom';

const SERVER = 'https://newsroom.example:8443';
const status = (patch: Partial<SyncStatus> = {}): SyncStatus => ({
  joined: true,
  server: SERVER,
  connected: true,
  pending: 0,
  waitingFor: [],
  lastSyncAt: '2025-03-01T13:40:00.000Z',
  lastError: null,
  problems: [],
  appliedSeq: 4,
  keepYears: null,
  ...patch,
});
const NOT_JOINED: SyncStatus = { ...status(), joined: false, server: null, connected: false, lastSyncAt: null, appliedSeq: 0 };

type Watch = ApiOutput<'sync.watch'>;

/** A fake `sync.*` API: the status a test sets, and watch calls the test answers one by one. */
function fakeApi(start: SyncStatus) {
  const now = { status: start };
  const calls: string[] = [];
  const watches: { after: number; answer(value: Watch): void; fail(error: unknown): void }[] = [];
  const deps: NewsroomDeps = {
    status: () => (calls.push('status'), Promise.resolve(now.status)),
    watch: (input) =>
      new Promise<Watch>((resolve, reject) => {
        calls.push(`watch ${input.after} ${input.waitMs}`);
        watches.push({ after: input.after, answer: resolve, fail: reject });
      }),
    now: () => (calls.push('now'), Promise.resolve((now.status = { ...now.status, pending: 0 }))),
    join: (input) => {
      calls.push(`join ${input.url} ${input.name}`);
      if (input.password !== 'right') return Promise.reject(new ClientError({ code: 'SIGN_IN_FAILED', message: '账号或密码不对' }));
      return Promise.resolve((now.status = status({ server: input.url, appliedSeq: 1 })));
    },
    leave: () => (calls.push('leave'), Promise.resolve((now.status = NOT_JOINED))),
    dismiss: (input) => {
      calls.push(`dismiss ${input.upTo}`);
      return Promise.resolve((now.status = { ...now.status, problems: now.status.problems.filter((p) => p.id > input.upTo) }));
    },
    configure: (input) => {
      calls.push(`configure ${input.keepYears}`);
      return Promise.resolve((now.status = { ...now.status, keepYears: input.keepYears }));
    },
    describe: (error) => (error instanceof ClientError ? error.message : String(error)),
  };
  return { now, calls, watches, deps };
}

describe('the newsroom controller (status, watch loop, remote changes; no browser)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reads the status every few seconds once started, and stops when told', async () => {
    const fake = fakeApi(NOT_JOINED);
    const c = new NewsroomController(fake.deps, { statusEveryMs: 5_000 });
    expect(c.getSnapshot().status).toBeNull();
    const stop = c.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(c.getSnapshot().status).toEqual(NOT_JOINED);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.calls).toEqual(['status', 'status', 'status']);
    // Not joined: nothing to watch.
    expect(fake.watches).toHaveLength(0);
    stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(fake.calls).toHaveLength(3);
  });

  it('watches past the last appliedSeq while joined and tells listeners which articles and pages changed', async () => {
    const fake = fakeApi(status({ appliedSeq: 4 }));
    const c = new NewsroomController(fake.deps, { statusEveryMs: 5_000, watchWaitMs: 25_000 });
    const heard: RemoteChange[] = [];
    c.onRemoteChange((change) => heard.push(change));
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.calls).toEqual(['status', 'watch 4 25000']);

    // The status poll goes on beside the long poll, without a second watch.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fake.watches).toHaveLength(1);

    fake.now.status = status({ appliedSeq: 5 });
    fake.watches[0]!.answer({ appliedSeq: 5, articles: ['a1'], pages: ['2025-03-01/1'] });
    await vi.advanceTimersByTimeAsync(0);
    expect(heard).toEqual([{ articles: new Set(['a1']), pages: new Set(['2025-03-01/1']), all: false }]);
    // After each answer: the status again, then the next watch from the new cursor.
    expect(fake.calls.slice(-2)).toEqual(['status', 'watch 5 25000']);
    expect(c.getSnapshot().status?.appliedSeq).toBe(5);

    // A quiet answer (waitMs passed) reports nothing and watches on.
    fake.watches[1]!.answer({ appliedSeq: 5, articles: [], pages: [] });
    await vi.advanceTimersByTimeAsync(0);
    expect(heard).toHaveLength(1);
    expect(fake.calls.at(-1)).toBe('watch 5 25000');

    // Several batches between two answers: the answer names only the last, so everything may have changed.
    fake.watches[2]!.answer({ appliedSeq: 8, articles: ['a2'], pages: [] });
    await vi.advanceTimersByTimeAsync(0);
    expect(heard.at(-1)).toEqual({ articles: new Set(['a2']), pages: new Set(), all: true });
    expect(fake.calls.at(-1)).toBe('watch 8 25000');
    c.stop();
  });

  it('waits a few seconds after a failed watch and goes on', async () => {
    const fake = fakeApi(status({ appliedSeq: 2 }));
    const c = new NewsroomController(fake.deps, { statusEveryMs: 60_000, retryMs: 3_000 });
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    fake.watches[0]!.fail(new ClientError({ code: 'INTERNAL', message: 'HTTP 502' }));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(fake.watches).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fake.watches).toHaveLength(2);
    expect(fake.watches[1]!.after).toBe(2);
    c.stop();
  });

  it('says going offline and coming back as a notice, and stops watching when the archive leaves', async () => {
    const fake = fakeApi(status());
    const c = new NewsroomController(fake.deps, { statusEveryMs: 5_000 });
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(c.getSnapshot().notice).toBeNull();
    fake.now.status = status({ connected: false, pending: 3 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(c.getSnapshot().notice).toEqual({ kind: 'offline', server: SERVER });
    expect(c.getSnapshot().status?.pending).toBe(3);
    fake.now.status = status();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(c.getSnapshot().notice).toEqual({ kind: 'online', server: SERVER });
    c.clearNotice();
    expect(c.getSnapshot().notice).toBeNull();

    expect(await c.leave()).toBe(true);
    expect(c.getSnapshot().status?.joined).toBe(false);
    // The watch under way ends; no other begins.
    fake.watches[0]!.answer({ appliedSeq: 4, articles: [], pages: [] });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(fake.watches).toHaveLength(1);
    c.stop();
  });

  it('joins (a refusal kept in words), syncs now, and dismisses the problems seen', async () => {
    const fake = fakeApi(NOT_JOINED);
    const c = new NewsroomController(fake.deps, { statusEveryMs: 60_000 });
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(await c.join(' https://x.example ', '王丙全', 'wrong')).toBe(false);
    expect(c.getSnapshot()).toMatchObject({ busy: false, error: '账号或密码不对' });
    expect(await c.join('https://x.example', '王丙全', 'right')).toBe(true);
    expect(c.getSnapshot()).toMatchObject({ error: null, status: { joined: true, server: 'https://x.example' } });
    expect(fake.calls).toContain('join https://x.example 王丙全');
    // Joined: the watch begins from the status's appliedSeq.
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.calls).toContain('watch 1 25000');

    fake.now.status = status({
      pending: 2,
      problems: [
        { id: 7, at: 't', articleId: 'a1', code: 'SYNC_CONFLICT', message: '李编辑 先保存了这篇稿件' },
        { id: 5, at: 't', articleId: null, code: 'WRONG_AUTHOR', message: '…' },
      ],
    });
    await c.refresh();
    expect(await c.syncNow()).toBe(true);
    expect(c.getSnapshot().status?.pending).toBe(0);
    expect(await c.dismissProblems()).toBe(true);
    expect(fake.calls).toContain('dismiss 7');
    expect(c.getSnapshot().status?.problems).toEqual([]);
    // A laptop keeps the newest five years.
    expect(await c.configure(5)).toBe(true);
    expect(c.getSnapshot().status?.keepYears).toBe(5);
    c.stop();
  });
});
