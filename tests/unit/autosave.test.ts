import { describe, expect, it, vi } from 'vitest';
import { emptyDraft, type Article } from '../../shared/domain/article';
import { ClientError } from '../../renderer/src/api/client';
import { Autosave, type SaveRequest, type SaveState } from '../../renderer/src/story/autosave';

function article(version: number, headline = ''): Article {
  return {
    ...emptyDraft(),
    headline,
    id: 'a',
    status: 'draft',
    version,
    body: [],
    chars: 0,
    charsWithPunctuation: 0,
    editionDate: null,
    page: null,
    origin: null,
    needsReview: false,
    createdAt: 't',
    createdBy: null,
    updatedBy: null,
    signedRevision: null,
    updatedAt: `t${version}`,
  };
}

/** A save that the test answers by hand, to hold one in flight while the editor types on. */
function manualSave() {
  const calls: { request: SaveRequest; resolve(a: Article): void; reject(e: unknown): void }[] = [];
  const save = (request: SaveRequest) => new Promise<Article>((resolve, reject) => calls.push({ request, resolve, reject }));
  return { calls, save };
}

describe('Autosave (the story editor’s save loop)', () => {
  it('saves the newest draft once the typing pauses, over the version it started from', async () => {
    vi.useFakeTimers();
    const { calls, save } = manualSave();
    const states: SaveState['kind'][] = [];
    const autosave = new Autosave('a', article(3), { save, onState: (s) => states.push(s.kind), onSaved: () => {}, delayMs: 400 });
    autosave.change({ ...emptyDraft(), headline: '一' });
    vi.advanceTimersByTime(200);
    autosave.change({ ...emptyDraft(), headline: '一二' });
    vi.advanceTimersByTime(399);
    expect(calls).toHaveLength(0);
    vi.advanceTimersByTime(1);
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]!.request).toMatchObject({ baseVersion: 3, draft: { headline: '一二' }, checkpoint: false });
    calls[0]!.resolve(article(4, '一二'));
    await vi.waitFor(() => expect(states.at(-1)).toBe('saved'));
    vi.useRealTimers();
  });

  it('holds changes typed during a save and sends them next, from the new version', async () => {
    vi.useFakeTimers();
    const { calls, save } = manualSave();
    const autosave = new Autosave('a', article(1), { save, onState: () => {}, onSaved: () => {}, delayMs: 100 });
    autosave.change({ ...emptyDraft(), headline: '甲' });
    const flushed = autosave.flush(true);
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    autosave.change({ ...emptyDraft(), headline: '甲乙' });
    calls[0]!.resolve(article(2, '甲'));
    await flushed;
    vi.advanceTimersByTime(100);
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]!.request).toMatchObject({ baseVersion: 2, draft: { headline: '甲乙' }, checkpoint: false });
    expect(calls[0]!.request.checkpoint).toBe(true);
    vi.useRealTimers();
  });

  it('stops on a stale save until the editor chooses, and keeps the draft unsaved meanwhile', async () => {
    const { calls, save } = manualSave();
    const states: SaveState[] = [];
    const autosave = new Autosave('a', article(1), { save, onState: (s) => states.push(s), onSaved: () => {}, delayMs: 10 });
    autosave.change({ ...emptyDraft(), headline: '我的' });
    const first = autosave.flush();
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    const newer = article(5, '别人的');
    calls[0]!.reject(new ClientError({ code: 'ARTICLE_STALE', message: 'stale', details: { current: newer } }));
    await first;
    expect(states.at(-1)).toEqual({ kind: 'conflict', current: newer });
    expect(autosave.hasUnsavedChanges).toBe(true);
    autosave.change({ ...emptyDraft(), headline: '我的，再改' });
    await autosave.flush();
    expect(calls).toHaveLength(1);
    const kept = autosave.keepMine(newer);
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]!.request).toMatchObject({ baseVersion: 5, draft: { headline: '我的，再改' } });
    calls[1]!.resolve(article(6, '我的，再改'));
    await kept;
    expect(autosave.hasUnsavedChanges).toBe(false);
  });

  it('keeps the draft after a failed save, so a retry sends it again', async () => {
    const { calls, save } = manualSave();
    const states: SaveState['kind'][] = [];
    const autosave = new Autosave('a', article(1), { save, onState: (s) => states.push(s.kind), onSaved: () => {}, delayMs: 10 });
    autosave.change({ ...emptyDraft(), headline: '断网时写的' });
    const first = autosave.flush();
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    calls[0]!.reject(new ClientError({ code: 'INTERNAL', message: 'offline', params: { reason: 'offline' } }));
    await first;
    expect(states.at(-1)).toBe('failed');
    const retry = autosave.flush();
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]!.request.draft.headline).toBe('断网时写的');
    calls[1]!.resolve(article(2, '断网时写的'));
    await retry;
    expect(states.at(-1)).toBe('saved');
  });

  it('tries a save refused by a busy archive again by itself, with the same text, and keeps a Ctrl+S', async () => {
    vi.useFakeTimers();
    const { calls, save } = manualSave();
    const states: SaveState[] = [];
    const autosave = new Autosave('a', article(5), {
      save,
      onState: (s) => states.push(s),
      onSaved: () => {},
      delayMs: 10,
      retryMs: [1000, 3000],
    });
    autosave.change({ ...emptyDraft(), headline: '导入时写的' });
    // Promises settle without the clock moving (vi.waitFor would move it).
    const settle = async () => {
      for (let i = 0; i < 20; i++) await Promise.resolve();
    };
    void autosave.flush(true);
    await settle();
    expect(calls).toHaveLength(1);
    const busy = new ClientError({ code: 'ARCHIVE_BUSY', message: '稿库正忙', params: { seconds: 20 } });
    calls[0]!.reject(busy);
    await settle();
    expect(states.at(-1)).toMatchObject({ kind: 'failed', error: { code: 'ARCHIVE_BUSY' } });
    expect(autosave.hasUnsavedChanges).toBe(true);
    // Nobody types: it is tried again after the first pause, then after the longer one.
    vi.advanceTimersByTime(999);
    expect(calls).toHaveLength(1);
    vi.advanceTimersByTime(1);
    await settle();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.request).toMatchObject({ baseVersion: 5, draft: { headline: '导入时写的' }, checkpoint: true });
    calls[1]!.reject(busy);
    await settle();
    expect(states.at(-1)?.kind).toBe('failed');
    vi.advanceTimersByTime(2999);
    expect(calls).toHaveLength(2);
    vi.advanceTimersByTime(1);
    await settle();
    expect(calls).toHaveLength(3);
    calls[2]!.resolve(article(6, '导入时写的'));
    await settle();
    expect(states.at(-1)?.kind).toBe('saved');
    expect(autosave.hasUnsavedChanges).toBe(false);
    // Saved: no more tries.
    vi.advanceTimersByTime(60_000);
    expect(calls).toHaveLength(3);
    vi.useRealTimers();
  });
});
