import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LockState } from '../../shared/api/contract';
import { LOCK_RENEW_MS } from '../../shared/sync/protocol';
import { Checkout, type CheckoutDeps } from '../../renderer/src/story/checkout';

const WANG = { name: '王丙全', device: 'dev-b', machine: null, since: '2025-03-01T13:40:00.000Z' };
const ME = { name: '李编辑', device: 'dev-a', machine: null, since: '2025-03-01T14:00:00.000Z' };
const mine = (tookFrom: LockState['tookFrom'] = null): LockState => ({ state: 'mine', holder: ME, tookFrom });
const held: LockState = { state: 'held', holder: WANG, tookFrom: null };
const free: LockState = { state: 'free', holder: null, tookFrom: null };

/** A fake `sync.lock`/`sync.release` whose next answer a test sets, and a flush that records itself. */
function fake(first: LockState) {
  const answer = { next: first };
  const calls: string[] = [];
  const deps: CheckoutDeps = {
    lock: (input) => {
      calls.push(`lock ${input.articleId}${input.takeOver ? ' takeOver' : ''}`);
      if (input.takeOver) answer.next = mine({ name: WANG.name, since: WANG.since });
      return Promise.resolve(answer.next);
    },
    release: (input) => (calls.push(`release ${input.articleId}`), Promise.resolve({})),
    flush: () => (calls.push('flush'), Promise.resolve()),
  };
  return { answer, calls, deps };
}

describe('the story check-out (InCopy-style lock; fake API, fake timers)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('checks the story out on open, renews it every LOCK_RENEW_MS, and releases it on close', async () => {
    const f = fake(mine());
    const c = new Checkout('a1', f.deps);
    expect(c.getSnapshot().kind).toBe('off');
    await c.open();
    expect(c.getSnapshot()).toMatchObject({ kind: 'mine', notice: null });
    expect(c.editable).toBe(true);
    await vi.advanceTimersByTimeAsync(LOCK_RENEW_MS - 1);
    expect(f.calls).toEqual(['lock a1']);
    await vi.advanceTimersByTimeAsync(1);
    expect(f.calls).toEqual(['lock a1', 'lock a1']);
    await vi.advanceTimersByTimeAsync(LOCK_RENEW_MS);
    expect(f.calls).toHaveLength(3);
    c.close();
    expect(f.calls.at(-1)).toBe('release a1');
    await vi.advanceTimersByTimeAsync(5 * LOCK_RENEW_MS);
    expect(f.calls).toHaveLength(4);
  });

  it('opens read-only when someone else holds it, and takes it over on request', async () => {
    const f = fake(held);
    const c = new Checkout('a1', f.deps);
    await c.open();
    expect(c.getSnapshot()).toMatchObject({ kind: 'held', holder: WANG, notice: null });
    expect(c.editable).toBe(false);
    // Nothing typed here: nothing to save.
    expect(f.calls).not.toContain('flush');
    expect(await c.takeOver()).toBe(true);
    expect(f.calls.at(-1)).toBe('lock a1 takeOver');
    expect(c.getSnapshot()).toMatchObject({ kind: 'mine', busy: false, notice: { kind: 'tookOver', from: '王丙全' } });
    expect(c.editable).toBe(true);
    c.close();
    expect(f.calls.at(-1)).toBe('release a1');
  });

  it('turns read-only when a renewal finds the story taken over, saving the typed text first', async () => {
    const f = fake(mine());
    const seen: string[] = [];
    const c: Checkout = new Checkout('a1', {
      ...f.deps,
      // The save must be done before the editor turns read-only.
      flush: () => (seen.push(`flush while ${c.getSnapshot().kind}`), f.deps.flush()),
    });
    await c.open();
    f.answer.next = held;
    await vi.advanceTimersByTimeAsync(LOCK_RENEW_MS);
    expect(seen).toEqual(['flush while mine']);
    expect(c.getSnapshot()).toMatchObject({ kind: 'held', holder: WANG, notice: { kind: 'taken', by: '王丙全', since: WANG.since } });
    c.clearNotice();
    expect(c.getSnapshot().notice).toBeNull();
    // Not ours any more: closing gives nothing back.
    c.close();
    expect(f.calls).not.toContain('release a1');
  });

  it('looks again at once when the story changed elsewhere (a take-over reported by the newsroom)', async () => {
    const f = fake(mine());
    const c = new Checkout('a1', f.deps);
    await c.open();
    f.answer.next = held;
    await c.recheck();
    expect(c.getSnapshot()).toMatchObject({ kind: 'held', notice: { kind: 'taken' } });
    // The holder closes the story: the next look checks it out here.
    f.answer.next = mine();
    await c.recheck();
    expect(c.getSnapshot()).toMatchObject({ kind: 'mine', notice: { kind: 'freed' } });
    c.close();
  });

  it('leaves the story editable when not joined or offline, and tries again at each renewal', async () => {
    const f = fake(free);
    const c = new Checkout('a1', f.deps);
    await c.open();
    expect(c.getSnapshot().kind).toBe('free');
    expect(c.editable).toBe(true);
    // Back online: the renewal checks it out.
    f.answer.next = mine();
    await vi.advanceTimersByTimeAsync(LOCK_RENEW_MS);
    expect(c.getSnapshot().kind).toBe('mine');
    c.close();
  });

  it('stays editable when the lock call fails, saying why', async () => {
    const c = new Checkout('a1', {
      lock: () => Promise.reject(new Error('server error')),
      release: () => Promise.resolve({}),
      flush: () => Promise.resolve(),
      describe: (e) => `refused: ${(e as Error).message}`,
    });
    await c.open();
    expect(c.getSnapshot()).toMatchObject({ kind: 'free', problem: 'refused: server error' });
    expect(c.editable).toBe(true);
    c.close();
  });

  it('gives back a check-out whose answer came after the editor closed', async () => {
    const f = fake(mine());
    let answer!: (value: LockState) => void;
    const c = new Checkout('a1', { ...f.deps, lock: () => new Promise((resolve) => (answer = resolve)) });
    const opening = c.open();
    c.close();
    answer(mine());
    await opening;
    expect(f.calls.filter((x) => x === 'release a1').length).toBeGreaterThanOrEqual(1);
    expect(c.getSnapshot().kind).toBe('off');
  });

  it('opens again after a close (React’s strict mode mounts twice)', async () => {
    const f = fake(mine());
    const c = new Checkout('a1', f.deps);
    const first = c.open();
    c.close();
    const second = c.open();
    await Promise.all([first, second]);
    expect(c.getSnapshot().kind).toBe('mine');
    expect(f.calls).toEqual(['lock a1', 'release a1', 'lock a1']);
    await vi.advanceTimersByTimeAsync(LOCK_RENEW_MS);
    expect(f.calls.at(-1)).toBe('lock a1');
    expect(f.calls).toHaveLength(4);
    c.close();
  });
});
