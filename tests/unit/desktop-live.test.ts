import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../shared/domain/article';
import type { LockState, SyncStatus } from '../../shared/api/contract';
import { bodyJsonFromBlocks } from '../../shared/editor/body';
import { tempFolders } from '../support/temp';
import { call, startNewsroom, type TestNewsroom } from '../support/newsroom';

const temp = tempFolders();
let newsroom: TestNewsroom;

beforeAll(async () => {
  newsroom = await startNewsroom(temp);
  await newsroom.account('王丙全', ['reporter']);
  await newsroom.account('李编辑', ['editor']);
  await newsroom.account('钱版面', ['layout']);
}, 60_000);

afterAll(async () => {
  await newsroom.close();
  temp.cleanupAll();
});

const body = (text: string) => bodyJsonFromBlocks([{ type: 'paragraph', text }]);

describe('live across desktops', () => {
  it('a save on one desktop shows on another within a second, without anyone syncing by hand', async () => {
    const reporter = await newsroom.desk('王丙全', [], { live: true });
    const layout = await newsroom.desk('钱版面', [], { live: true });
    const me = reporter.as('王丙全');
    let story = await call<Article>(reporter.services, me, 'articles.create', {
      draft: { headline: '实时稿', bodyJson: body('第一句。') },
    });
    const watcher = layout.as('钱版面');
    // The other desk waits for the story to arrive.
    for (let seen = 0; !layout.services.archive.list({}).some((a) => a.id === story.id);) {
      seen = (await call<{ appliedSeq: number }>(layout.services, watcher, 'sync.watch', { after: seen, waitMs: 5000 })).appliedSeq;
    }
    const times: number[] = [];
    for (let i = 2; i <= 6; i++) {
      const { appliedSeq } = await call<SyncStatus>(layout.services, watcher, 'sync.status', {});
      const started = performance.now();
      story = await call<Article>(reporter.services, me, 'articles.save', {
        id: story.id,
        baseVersion: story.version,
        draft: { ...story, bodyJson: body(`第${i}句。`) },
      });
      let after = appliedSeq;
      for (;;) {
        const answer = await call<{ appliedSeq: number; articles: string[] }>(layout.services, watcher, 'sync.watch', {
          after,
          waitMs: 5000,
        });
        after = answer.appliedSeq;
        if (layout.services.archive.get(story.id).body[0]?.text === `第${i}句。`) break;
        if (performance.now() - started > 5000) throw new Error('the save never arrived');
      }
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    expect(times.at(-1)).toBeLessThan(1000);
    const status = await call<SyncStatus>(layout.services, watcher, 'sync.status', {});
    expect(status).toMatchObject({ joined: true, connected: true, pending: 0 });
  });

  it('check-out: the second desk sees who is editing, may take over, and the first is told', async () => {
    const a = await newsroom.desk('王丙全', [], { live: true });
    const b = await newsroom.desk('李编辑', [], { live: true });
    const story = await call<Article>(a.services, a.as('王丙全'), 'articles.create', { draft: { headline: '锁定测试' } });
    await a.services.sync.kick();
    const mine = await call<LockState>(a.services, a.as('王丙全'), 'sync.lock', { articleId: story.id });
    expect(mine.state).toBe('mine');
    const held = await call<LockState>(b.services, b.as('李编辑'), 'sync.lock', { articleId: story.id });
    // Named with the machine it is edited on (the computer's host name, as it signed in).
    expect(held).toMatchObject({ state: 'held', holder: { name: '王丙全', machine: hostname() } });
    const taken = await call<LockState>(b.services, b.as('李编辑'), 'sync.lock', { articleId: story.id, takeOver: true });
    expect(taken).toMatchObject({ state: 'mine', tookFrom: { name: '王丙全' } });
    // The first desk is told at once, and its next renewal finds the story taken.
    for (let seen = 0; ;) {
      const status = await call<SyncStatus>(a.services, a.as('王丙全'), 'sync.status', {});
      if (status.problems.some((p) => p.code === 'ARTICLE_TAKEN_OVER')) {
        expect(status.problems[0]?.message).toContain('李编辑');
        break;
      }
      seen = (await call<{ appliedSeq: number }>(a.services, a.as('王丙全'), 'sync.watch', { after: seen, waitMs: 3000 })).appliedSeq;
    }
    const renewal = await call<LockState>(a.services, a.as('王丙全'), 'sync.lock', { articleId: story.id });
    expect(renewal).toMatchObject({ state: 'held', holder: { name: '李编辑' } });
    await call(b.services, b.as('李编辑'), 'sync.release', { articleId: story.id });
    expect((await call<LockState>(a.services, a.as('王丙全'), 'sync.lock', { articleId: story.id })).state).toBe('mine');
  });

  it('offline is a state, not an error: the desk keeps saving, counts what waits, and catches up when the server is back', async () => {
    const desk = await newsroom.desk('王丙全', [], { live: true });
    const me = desk.as('王丙全');
    let story = await call<Article>(desk.services, me, 'articles.create', { draft: { headline: '断网也能写' } });
    await desk.services.sync.kick();
    await newsroom.stopServer();
    try {
      story = await call<Article>(desk.services, me, 'articles.save', {
        id: story.id,
        baseVersion: story.version,
        draft: { ...story, bodyJson: body('断网时写的。') },
      });
      await desk.services.sync.kick();
      const offline = await call<SyncStatus>(desk.services, me, 'sync.status', {});
      expect(offline).toMatchObject({ joined: true, connected: false });
      expect(offline.pending).toBeGreaterThan(0);
      expect(offline.lastError?.code).toBe('SYNC_OFFLINE');
      const lock = await call<LockState>(desk.services, me, 'sync.lock', { articleId: story.id });
      expect(lock.state).toBe('free');
    } finally {
      await newsroom.restart();
    }
    const back = await call<SyncStatus>(desk.services, me, 'sync.now', {});
    expect(back).toMatchObject({ pending: 0, lastError: null });
  });
});
