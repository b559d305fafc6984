import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus, TrashEntry } from '../../shared/api/contract';
import { emptyDraft, type Article } from '../../shared/domain/article';
import type { DeskRole } from '../../shared/domain/accounts';
import type { ArticleDoc } from '../../shared/sync/protocol';
import { articleDocSchema } from '../../shared/sync/protocol';
import { checkChange, type SyncActor } from '../../shared/sync/rules';
import { syncOnce } from '../../electron/sync/engine';
import { localRecord } from '../../electron/sync/docs';
import { readLink, updateLink } from '../../electron/sync/link';
import { bodyJsonFromBlocks } from '../../shared/editor/body';
import { tempFolders } from '../support/temp';
import { call, startNewsroom, type TestNewsroom } from '../support/newsroom';

const temp = tempFolders();
let newsroom: TestNewsroom;

beforeAll(async () => {
  newsroom = await startNewsroom(temp);
  await newsroom.account('王丙全', ['reporter']);
  await newsroom.account('李编辑', ['editor']);
  await newsroom.account('赵总编', ['chief']);
  await newsroom.account('钱版面', ['layout']);
}, 60_000);

afterAll(async () => {
  await newsroom.close();
  temp.cleanupAll();
});

const story = (headline: string, text: string) => ({
  headline,
  byline: [{ role: 'reporter' as const, name: '王丙全' }],
  bodyJson: bodyJsonFromBlocks([{ type: 'paragraph', text }]),
});

describe('the trash in a newsroom', () => {
  it('a story trashed on one desk leaves the lists and search of the others, and comes back to all when restored', async () => {
    const mine = await newsroom.desk('王丙全');
    const desk = await newsroom.desk('李编辑');
    const created = await call<Article>(mine.services, mine.as('王丙全'), 'articles.create', {
      draft: story('误建的稿件', '洪湖渔民上岸。'),
    });
    await syncOnce(mine.services.archive);
    await syncOnce(desk.services.archive);
    expect(desk.services.archive.search({ q: '洪湖渔民' }).results.map((r) => r.id)).toEqual([created.id]);

    await call(mine.services, mine.as('王丙全'), 'articles.trash', { id: created.id });
    const record = localRecord(mine.services.archive.db, `article:${created.id}`, 'dev');
    expect(record?.doc).toMatchObject({ deletedBy: '王丙全' });
    expect((await syncOnce(mine.services.archive)).refused).toBe(0);
    await syncOnce(desk.services.archive);
    const there = desk.services.archive;
    expect(there.listTrash().map((e) => [e.id, e.deletedBy])).toEqual([[created.id, '王丙全']]);
    expect(there.list({}).map((a) => a.id)).not.toContain(created.id);
    expect(there.search({ q: '洪湖渔民' }).total).toBe(0);
    expect(there.audit({ articleId: created.id }).map((e) => e.action)).toContain('trash.add');

    const back = await call<Article>(desk.services, desk.as('李编辑'), 'articles.restoreFromTrash', { id: created.id });
    expect(back.headline).toBe('误建的稿件');
    await syncOnce(desk.services.archive);
    await syncOnce(mine.services.archive);
    expect(mine.services.archive.listTrash()).toEqual([]);
    expect(mine.services.archive.search({ q: '洪湖渔民' }).results.map((r) => r.id)).toEqual([created.id]);
    // A record never trashed says nothing of the trash: desks and servers from before read it as ever.
    const restored = localRecord(mine.services.archive.db, `article:${created.id}`, 'dev')?.doc as ArticleDoc;
    expect('deletedAt' in restored).toBe(false);
  });

  it('the server refuses to trash a story another desk placed on a page meanwhile, and the desk gets it back', async () => {
    const editorDesk = await newsroom.desk('李编辑');
    const layoutDesk = await newsroom.desk('钱版面');
    const created = await call<Article>(editorDesk.services, editorDesk.as('李编辑'), 'articles.create', {
      draft: story('上了版的稿件', '荆州古城墙修缮完工。'),
    });
    await syncOnce(editorDesk.services.archive);
    await syncOnce(layoutDesk.services.archive);
    const layout = layoutDesk.as('钱版面');
    await call(layoutDesk.services, layout, 'layout.createEdition', {
      date: '2026-12-09',
      number: 241,
      totalNumber: 15002,
      paper: '沙市日报',
    });
    await call(layoutDesk.services, layout, 'layout.addPage', { date: '2026-12-09', number: 2, section: '要闻', editor: '钱版面' });
    await call(layoutDesk.services, layout, 'layout.place', {
      date: '2026-12-09',
      page: 2,
      placement: {
        id: 'pl-trash',
        articleId: created.id,
        column: 0,
        span: 4,
        top: 0,
        depth: 40,
        bodySpan: 4,
        split: 4,
        headlineSize: 'large',
        photos: [],
      },
    });
    await syncOnce(layoutDesk.services.archive);

    // The editor's desk has not heard of the placement yet: it trashes the story here.
    await call<TrashEntry>(editorDesk.services, editorDesk.as('李编辑'), 'articles.trash', { id: created.id });
    const report = await syncOnce(editorDesk.services.archive);
    expect(report.refused).toBe(1);
    expect(editorDesk.services.archive.listTrash()).toEqual([]);
    expect(editorDesk.services.archive.search({ q: '古城墙' }).results.map((r) => r.id)).toEqual([created.id]);
    const status = await call<SyncStatus>(editorDesk.services, editorDesk.as('李编辑'), 'sync.status', {});
    expect(status.problems[0]).toMatchObject({ code: 'TRASH_PLACED', articleId: created.id });
    expect(status.problems[0]?.message).toContain('2026-12-09');
  });

  it('a story purged on one desk is not brought back by the newsroom while it stays in the trash, and is once restored', async () => {
    const chiefDesk = await newsroom.desk('赵总编');
    const editorDesk = await newsroom.desk('李编辑');
    const created = await call<Article>(editorDesk.services, editorDesk.as('李编辑'), 'articles.create', {
      draft: story('清除后的稿件', '监利稻虾丰收。'),
    });
    await call(editorDesk.services, editorDesk.as('李编辑'), 'articles.setStatus', { id: created.id, action: 'submit' });
    await call(editorDesk.services, editorDesk.as('李编辑'), 'articles.trash', { id: created.id });
    await syncOnce(editorDesk.services.archive);
    await syncOnce(chiefDesk.services.archive);
    expect(chiefDesk.services.archive.listTrash().map((e) => e.id)).toContain(created.id);

    const emptied = await call<{ purged: number }>(chiefDesk.services, chiefDesk.as('赵总编'), 'articles.emptyTrash', {});
    expect(emptied.purged).toBeGreaterThanOrEqual(1);
    expect(() => chiefDesk.services.archive.get(created.id)).toThrow();
    await syncOnce(chiefDesk.services.archive);

    // Everything pulled again from the start, as a desk that joins anew: the story, its
    // revisions and status log are passed over, none kept waiting for a story that will not come.
    chiefDesk.services.archive.write(() => updateLink(chiefDesk.services.archive.db, { cursor: 0 }));
    chiefDesk.services.archive.write(() => chiefDesk.services.archive.db.exec('DELETE FROM sync_state'));
    await syncOnce(chiefDesk.services.archive);
    expect(() => chiefDesk.services.archive.get(created.id)).toThrow();
    expect(chiefDesk.services.archive.db.prepare('SELECT count(*) FROM sync_deferred').pluck().get()).toBe(0);
    expect(chiefDesk.services.archive.db.prepare('SELECT count(*) FROM sync_problems').pluck().get()).toBe(0);
    expect(readLink(chiefDesk.services.archive.db)?.cursor).toBeGreaterThan(0);

    // Restored in the newsroom, it comes back here too.
    await call(editorDesk.services, editorDesk.as('李编辑'), 'articles.restoreFromTrash', { id: created.id });
    await syncOnce(editorDesk.services.archive);
    await syncOnce(chiefDesk.services.archive);
    expect(chiefDesk.services.archive.get(created.id)).toMatchObject({ headline: '清除后的稿件', status: 'submitted' });
    expect(chiefDesk.services.archive.search({ q: '稻虾' }).results.map((r) => r.id)).toEqual([created.id]);
  });
});

describe('the server’s rules for the trash', () => {
  const actor = (name: string, roles: DeskRole[], person: string | null = null): SyncActor => ({
    name,
    roles,
    person: person ? { name: person, outlet: '' } : null,
  });
  const reporter = actor('wang', ['reporter'], '王小明');
  const other = actor('li', ['reporter'], '李华');
  const editor = actor('zhao', ['editor']);
  const doc = (over: Partial<ArticleDoc> = {}): ArticleDoc => ({
    id: 'a1',
    status: 'draft',
    draft: { ...emptyDraft(), headline: '长江大桥通车', byline: [{ role: 'reporter', name: '王小明' }] },
    createdAt: '2026-05-01T08:00:00.000Z',
    updatedAt: '2026-05-01T08:00:00.000Z',
    createdBy: 'wang',
    updatedBy: 'wang',
    signedRevision: null,
    editionDate: null,
    page: null,
    origin: null,
    needsReview: false,
    ...over,
  });
  const trashed = (d: ArticleDoc, by = d.createdBy) => ({ ...d, deletedAt: '2026-05-02T08:00:00.000Z', deletedBy: by });
  const check = (who: SyncActor, from: ArticleDoc, to: ArticleDoc, placed: { date: string; page: number } | null = null) =>
    checkChange(who, 'article:a1', from, to, { placed });

  it('parses records from before the trash, and with it', () => {
    expect(articleDocSchema.parse(doc())).not.toHaveProperty('deletedAt');
    expect(articleDocSchema.parse(trashed(doc()))).toMatchObject({ deletedBy: 'wang' });
  });

  it('lets a reporter trash and restore their own draft, an editor any story, and no one a signed or placed one', () => {
    expect(check(reporter, doc(), trashed(doc()))).toEqual({ ok: true });
    expect(check(reporter, trashed(doc()), doc())).toEqual({ ok: true });
    expect(check(other, doc(), trashed(doc(), 'li'))).toMatchObject({ ok: false, code: 'PERMISSION_DENIED' });
    expect(check(reporter, doc({ status: 'submitted' }), trashed(doc({ status: 'submitted' })))).toMatchObject({
      code: 'PERMISSION_DENIED',
    });
    expect(check(editor, doc({ status: 'edited' }), trashed(doc({ status: 'edited' }), 'zhao'))).toEqual({ ok: true });
    expect(check(editor, doc(), trashed(doc(), 'wang'))).toMatchObject({ code: 'WRONG_AUTHOR' });
    const approved = doc({ status: 'approved', signedRevision: 'abcdef01.7' });
    expect(check(editor, approved, trashed(approved, 'zhao'))).toMatchObject({ code: 'TRASH_SIGNED' });
    expect(check(editor, doc(), trashed(doc(), 'zhao'), { date: '2026-05-03', page: 2 })).toEqual({
      ok: false,
      code: 'TRASH_PLACED',
      params: { date: '2026-05-03', page: 2 },
    });
    // In the trash it changes no further: restored first.
    const inTrash = trashed(doc());
    expect(check(editor, inTrash, { ...inTrash, draft: { ...inTrash.draft, headline: '改了' } })).toMatchObject({
      code: 'ARTICLE_TRASHED',
    });
  });
});
