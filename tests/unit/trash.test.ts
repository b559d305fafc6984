import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_EDITION } from '../../electron/archive/demo';
import { imagePath } from '../../electron/archive/images';
import { DUE_EMPTY_DRAFTS_SQL, DUE_TRASH_SQL } from '../../electron/archive/trash';
import { AppServices } from '../../electron/services/app-services';
import type { Caller } from '../../electron/accounts/authority';
import type { ApiMethod } from '../../shared/api/methods';
import type { ArticleAccess, TrashEntry } from '../../shared/api/contract';
import type { Article } from '../../shared/domain/article';
import type { DeskRole } from '../../shared/domain/accounts';
import { fullDraft } from '../support/drafts';
import { makePng } from '../support/images';
import { signedIn } from '../support/services';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());

const DAY = 86_400_000;

/** An archive on a clock the test moves. */
function clocked(start = Date.parse('2025-05-01T08:00:00Z')) {
  const clock = { t: start };
  const now = () => new Date(clock.t);
  const dir = temp.folder();
  const open = () => {
    const services = AppServices.open(dir, { now, demo: false });
    temp.onCleanup(() => services.close());
    return services;
  };
  return { clock, dir, open, now };
}

async function call<T>(services: AppServices, method: ApiMethod, input: unknown, caller: Caller): Promise<T> {
  const result = await services.call(method, input, caller);
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code, params: result.error.params });
  return result.value as T;
}

async function refusal(services: AppServices, method: ApiMethod, input: unknown, caller: Caller) {
  const result = await services.call(method, input, caller);
  expect(result.ok, `${method} should be refused`).toBe(false);
  return result.ok ? { code: '', message: '', params: {} } : { params: {}, ...result.error };
}

const idsOf = (list: { id: string }[]) => list.map((a) => a.id);

describe('the trash (回收站)', () => {
  it('takes a story out of the list, search, counts and figures, and restores it whole', async () => {
    const { open } = clocked();
    const services = open();
    const editor = await signedIn(services, { name: '编辑甲', roles: ['editor'] });
    const archive = services.archive;
    const keep = archive.create(fullDraft({ headline: '留下的稿件', byline: [{ role: 'reporter', name: '常驻记者' }] }));
    const gone = archive.create(fullDraft({ headline: '误发的稿件岑河镇', byline: [{ role: 'intern', name: '只写一篇' }] }));
    expect(archive.search({ q: '岑河镇' }).results.map((r) => r.id)).toEqual([gone.id]);

    const entry = await call<TrashEntry>(services, 'articles.trash', { id: gone.id }, editor);
    expect(entry).toMatchObject({ id: gone.id, headline: '误发的稿件岑河镇', deletedBy: '编辑甲', deletedAt: '2025-05-01T08:00:00.000Z' });
    expect(entry.purgeAt).toBe('2025-05-31T08:00:00.000Z');

    expect(idsOf(archive.list({}))).toEqual([keep.id]);
    expect(archive.list({ status: 'draft' }).map((a) => a.id)).not.toContain(gone.id);
    expect(archive.allIds()).toEqual([keep.id]);
    expect(archive.search({ q: '岑河镇' })).toMatchObject({ total: 0, results: [] });
    expect(archive.search({ q: '稿件' }).results.map((r) => r.id)).toEqual([keep.id]);
    expect(archive.search({ q: '', filters: { status: 'draft' } }).results.map((r) => r.id)).toEqual([keep.id]);
    expect(archive.people().map((p) => p.name)).not.toContain('只写一篇');
    expect(archive.contributors({ person: '只写一篇' })).toEqual([]);
    expect(idsOf(await call<TrashEntry[]>(services, 'articles.listTrash', {}, editor))).toEqual([gone.id]);

    // In the trash a story is read-only, for everyone, whatever the call.
    const access = await call<ArticleAccess>(services, 'articles.access', { id: gone.id }, editor);
    expect(access).toMatchObject({ edit: false, trashed: true, actions: [], editRefusal: { code: 'ARTICLE_TRASHED' } });
    const saved = await refusal(services, 'articles.save', { id: gone.id, baseVersion: gone.version, draft: fullDraft() }, editor);
    expect(saved.code).toBe('ARTICLE_TRASHED');
    expect((await refusal(services, 'articles.setStatus', { id: gone.id, action: 'submit' }, editor)).code).toBe('ARTICLE_TRASHED');
    expect((await refusal(services, 'export.article', { id: gone.id, format: 'text' }, editor)).code).toBe('ARTICLE_TRASHED');
    expect((await refusal(services, 'articles.trash', { id: gone.id }, editor)).code).toBe('ARTICLE_TRASHED');

    const back = await call<Article>(services, 'articles.restoreFromTrash', { id: gone.id }, editor);
    expect(back).toMatchObject({ id: gone.id, headline: '误发的稿件岑河镇', version: gone.version, status: 'draft' });
    expect(archive.search({ q: '岑河镇' }).results.map((r) => r.id)).toEqual([gone.id]);
    expect(archive.people().map((p) => p.name)).toContain('只写一篇');
    expect(archive.listTrash()).toEqual([]);
    expect((await refusal(services, 'articles.restoreFromTrash', { id: gone.id }, editor)).code).toBe('ARTICLE_NOT_TRASHED');
    expect(archive.revisions(gone.id).length).toBeGreaterThan(0);

    const trail = archive.audit({ articleId: gone.id }).map((e) => [e.action, e.by, e.front]);
    expect(trail).toEqual(
      expect.arrayContaining([
        ['trash.add', '编辑甲', 'host'],
        ['trash.restore', '编辑甲', 'host'],
      ]),
    );
  });

  it('refuses a story that is signed off or printed, or placed on a page, with a reason in words', async () => {
    const services = AppServices.open(temp.folder());
    temp.onCleanup(() => services.close());
    const chief = await signedIn(services, { name: '总编', roles: ['chief'] });
    const archive = services.archive;

    const signed = archive.create(fullDraft());
    for (const step of ['submit', 'edit', 'approve'] as const) archive.setStatus(signed.id, step);
    const refusedSigned = await refusal(services, 'articles.trash', { id: signed.id }, chief);
    expect(refusedSigned).toMatchObject({ code: 'TRASH_SIGNED', message: '已签发或已见报的稿件不能删除' });

    const placed = archive.layoutPage(DEMO_EDITION.date, 1).page.placements[0]!.articleId;
    archive.setStatus(placed, 'spike');
    const refusedPlaced = await refusal(services, 'articles.trash', { id: placed }, chief);
    expect(refusedPlaced.code).toBe('TRASH_PLACED');
    expect(refusedPlaced.message).toContain(`${DEMO_EDITION.date} 第 1 版`);
    expect((await call<ArticleAccess>(services, 'articles.access', { id: placed }, chief)).trash).toBe(false);

    // Withdrawn, the story may go; in the trash, it cannot be placed.
    await call(services, 'articles.setStatus', { id: signed.id, action: 'revoke', reason: '重复稿' }, chief);
    expect((await call<ArticleAccess>(services, 'articles.access', { id: signed.id }, chief)).trash).toBe(true);
    await call(services, 'articles.trash', { id: signed.id }, chief);
    const layout = await signedIn(services, { name: '版面', roles: ['layout'] });
    const place = await refusal(
      services,
      'layout.place',
      {
        date: DEMO_EDITION.date,
        page: 1,
        placement: {
          id: 'p-trashed',
          articleId: signed.id,
          column: 0,
          span: 1,
          top: 0,
          depth: 5,
          bodySpan: 1,
          split: 1,
          headlineSize: 'small',
          photos: [],
        },
      },
      layout,
    );
    expect(place.code).toBe('ARTICLE_TRASHED');
    expect(archive.listTrash().map((e) => e.id)).toEqual([signed.id]);
  });

  it('lets a reporter trash their own draft only, an editor any story, and only a chief editor or an administrator empty the trash', async () => {
    const { open } = clocked();
    const services = open();
    const as = (name: string, roles: DeskRole[]) => signedIn(services, { name, roles });
    const reporter = await as('记者乙', ['reporter']);
    const other = await as('记者丙', ['reporter']);
    const editor = await as('编辑丁', ['editor']);
    const chief = await as('总编戊', ['chief']);
    const admin = await as('管理员', ['admin']);
    const layout = await as('版面己', ['layout']);

    const mine = await call<Article>(services, 'articles.create', { draft: fullDraft({ headline: '我的稿' }) }, reporter);
    const theirs = await call<Article>(services, 'articles.create', { draft: fullDraft({ headline: '别人的稿' }) }, other);
    const submitted = await call<Article>(services, 'articles.create', { draft: fullDraft({ headline: '已交的稿' }) }, reporter);
    await call(services, 'articles.setStatus', { id: submitted.id, action: 'submit' }, reporter);

    expect((await call<ArticleAccess>(services, 'articles.access', { id: mine.id }, reporter)).trash).toBe(true);
    expect((await call<ArticleAccess>(services, 'articles.access', { id: theirs.id }, reporter)).trash).toBe(false);
    expect((await refusal(services, 'articles.trash', { id: theirs.id }, reporter)).code).toBe('PERMISSION_DENIED');
    expect((await refusal(services, 'articles.trash', { id: submitted.id }, reporter)).code).toBe('PERMISSION_DENIED');
    expect((await refusal(services, 'articles.trash', { id: mine.id }, layout)).code).toBe('PERMISSION_DENIED');
    await call(services, 'articles.trash', { id: mine.id }, reporter);
    await call(services, 'articles.restoreFromTrash', { id: mine.id }, reporter);
    await call(services, 'articles.trash', { id: submitted.id }, editor);
    expect((await refusal(services, 'articles.restoreFromTrash', { id: submitted.id }, reporter)).code).toBe('PERMISSION_DENIED');
    await call(services, 'articles.trash', { id: theirs.id }, editor);

    const denied = await refusal(services, 'articles.emptyTrash', {}, editor);
    expect(denied.code).toBe('PERMISSION_DENIED');
    expect(services.archive.listTrash()).toHaveLength(2);
    expect(await call(services, 'articles.emptyTrash', {}, chief)).toEqual({ purged: 2, waiting: 0 });
    expect(services.archive.listTrash()).toEqual([]);
    expect(await call(services, 'articles.emptyTrash', {}, admin)).toEqual({ purged: 0, waiting: 0 });
    expect(
      services.archive
        .audit({})
        .filter((e) => e.action === 'trash.empty')
        .map((e) => [e.by, e.detail.articles]),
    ).toEqual([
      ['管理员', 0],
      ['总编戊', 2],
    ]);
  });

  it('purges what was trashed 30 days ago when the archive opens, with its history, search entry and unused photos', () => {
    const { clock, open } = clocked();
    let services = open();
    const archive = () => services.archive;
    const shared = archive().importImage(makePng(8, 6, [10, 20, 30]), 'shared.png');
    const own = archive().importImage(makePng(9, 7, [200, 10, 10]), 'own.png');
    const photo = (hash: string, id: string) => ({
      id,
      hash,
      mime: 'image/png' as const,
      width: 8,
      height: 6,
      fileName: `${id}.png`,
      caption: '图片说明',
      credit: { kind: 'photo' as const, people: [{ role: null, name: '摄影师' }] },
    });
    const old = archive().create(fullDraft({ headline: '早删的稿', photos: [photo(shared.hash, 'p1'), photo(own.hash, 'p2')] }));
    const other = archive().create(fullDraft({ headline: '还用着同一张图', photos: [photo(shared.hash, 'p1')] }));
    archive().setStatus(old.id, 'submit');
    archive().trash(old.id);
    clock.t += 29 * DAY;
    const recent = archive().create(fullDraft({ headline: '晚删的稿' }));
    archive().trash(recent.id);
    services.close();

    clock.t += DAY + 60_000;
    services = open();
    const count = (sql: string, id: string) => archive().db.prepare(sql).pluck().get(id) as number;
    expect(
      archive()
        .listTrash()
        .map((e) => e.id),
    ).toEqual([recent.id]);
    expect(() => archive().get(old.id)).toThrow();
    expect(count('SELECT count(*) FROM revisions WHERE article_id = ?', old.id)).toBe(0);
    expect(count('SELECT count(*) FROM status_changes WHERE article_id = ?', old.id)).toBe(0);
    expect(count('SELECT count(*) FROM search_keys WHERE article_id = ?', old.id)).toBe(0);
    expect(count('SELECT count(*) FROM photos WHERE article_id = ?', old.id)).toBe(0);
    expect(count('SELECT count(*) FROM purged_articles WHERE id = ?', old.id)).toBe(1);
    // The trail outlives what it speaks of.
    expect(
      archive()
        .audit({ articleId: old.id })
        .map((e) => e.action),
    ).toContain('trash.add');
    expect(
      archive()
        .audit({})
        .find((e) => e.action === 'trash.purge')?.detail,
    ).toEqual({ articles: 1 });
    expect(archive().image(shared.hash)).toBeDefined();
    expect(existsSync(imagePath(archive().photosDir, shared.hash, 'image/png'))).toBe(true);
    expect(archive().image(own.hash)).toBeUndefined();
    expect(existsSync(imagePath(archive().photosDir, own.hash, 'image/png'))).toBe(false);
    expect(archive().get(other.id).photos[0]?.hash).toBe(shared.hash);
    expect(archive().db.pragma('foreign_key_check')).toEqual([]);
    expect(archive().db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('purges by index: the queries walk the partial indexes, and nothing due writes nothing', () => {
    const { open } = clocked();
    const services = open();
    const plan = (sql: string) =>
      (services.archive.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ before: '2025-01-01' }) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
    expect(plan(DUE_TRASH_SQL)).toMatch(/SEARCH a USING INDEX articles_in_trash/);
    expect(plan(DUE_EMPTY_DRAFTS_SQL)).toMatch(/SEARCH a USING INDEX articles_empty_drafts/);
    const changes = () => services.archive.db.prepare('SELECT total_changes()').pluck().get() as number;
    const before = changes();
    expect(services.archive.purgeTrash()).toEqual({ purged: 0, waiting: 0 });
    expect(changes()).toBe(before);
  });
});

describe('stray empty drafts', () => {
  it('keeps a new empty draft in the list while it is fresh, leaves it out after ten minutes, and purges it after a day', () => {
    const { clock, open } = clocked();
    let services = open();
    const empty = services.archive.create();
    const started = services.archive.create({ headline: '有了主题' });
    const byline = services.archive.create({ byline: [{ role: 'reporter', name: '只有署名' }] });
    expect(idsOf(services.archive.list({}))).toEqual(expect.arrayContaining([empty.id, started.id, byline.id]));

    clock.t += 11 * 60_000;
    expect(idsOf(services.archive.list({})).sort()).toEqual([started.id, byline.id].sort());
    // Opened again and given words, it is back.
    services.archive.save(empty.id, empty.version, { ...services.archive.get(empty.id), kicker: '引题' });
    expect(idsOf(services.archive.list({}))).toContain(empty.id);
    services.archive.save(empty.id, empty.version + 1, { ...services.archive.get(empty.id), kicker: '' });
    services.close();

    clock.t += 25 * 3600_000;
    services = open();
    expect(() => services.archive.get(empty.id)).toThrow();
    expect(services.archive.get(started.id).headline).toBe('有了主题');
    expect(services.archive.get(byline.id).byline).toHaveLength(1);
  });
});
