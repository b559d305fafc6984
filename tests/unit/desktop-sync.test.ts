import { copyFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AppServices } from '../../electron/services/app-services';
import { backupArchive } from '../../electron/archive/backup';
import { checkArchiveFile, restoreArchive } from '../../electron/archive/restore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../shared/domain/article';
import type { Placement } from '../../shared/domain/layout';
import type { AccountSummary } from '../../shared/domain/accounts';
import type { SyncStatus } from '../../shared/api/contract';
import { syncOnce } from '../../electron/sync/engine';
import { outboxBatch, pendingCount, readLink, tokenOf } from '../../electron/sync/link';
import { localRecord } from '../../electron/sync/docs';
import { ServerApi } from '../../electron/sync/server-api';
import type { Caller } from '../../electron/accounts/authority';
import { tempFolders } from '../support/temp';
import { call, startNewsroom, type TestNewsroom } from '../support/newsroom';
import { bodyJsonFromBlocks } from '../../shared/editor/body';
import { makePng } from '../support/images';
import { signedIn } from '../support/services';

const bodyJsonOf = (paragraphs: string[]) => bodyJsonFromBlocks(paragraphs.map((text) => ({ type: 'paragraph' as const, text })));

const temp = tempFolders();
let newsroom: TestNewsroom;

beforeAll(async () => {
  newsroom = await startNewsroom(temp);
  await newsroom.account('王丙全', ['reporter']);
  await newsroom.account('李编辑', ['editor']);
  await newsroom.account('赵总编', ['chief']);
  await newsroom.account('钱版面', ['layout']);
  await newsroom.account('孙版面', ['layout']);
}, 60_000);

afterAll(async () => {
  await newsroom.close();
  temp.cleanupAll();
});

async function failure(services: AppServices, caller: Caller, method: string, input: unknown): Promise<string> {
  const result = await services.call(method, input, caller);
  if (result.ok) throw new Error(`${method} succeeded`);
  return result.error.code;
}

function draftOf(article: Article, patch: Partial<Article> & { text?: string }) {
  const { text, ...rest } = patch;
  return {
    column: article.column,
    kicker: article.kicker,
    headline: article.headline,
    deck: article.deck,
    dateline: article.dateline,
    bylineForm: article.bylineForm,
    byline: article.byline,
    bodyJson: text === undefined ? article.bodyJson : bodyJsonOf([text]),
    photos: article.photos,
    photoGroupCredit: article.photoGroupCredit,
    jump: article.jump,
    source: article.source,
    ...rest,
  };
}

describe('desktops in a newsroom', () => {
  it('a story filed on one desktop reaches another, with its byline, history and status log', async () => {
    const reporterDesk = await newsroom.desk('王丙全');
    const layoutDesk = await newsroom.desk('钱版面');
    const reporter = reporterDesk.as('王丙全');
    const created = await call<Article>(reporterDesk.services, reporter, 'articles.create', {
      draft: {
        headline: '沙市区开展防汛演练',
        byline: [{ role: 'reporter', name: '王丙全' }],
        bodyJson: bodyJsonOf(['7月3日上午，沙市区举行防汛应急演练。']),
      },
    });
    await call(reporterDesk.services, reporter, 'articles.setStatus', { id: created.id, action: 'submit' });

    const sent = await syncOnce(reporterDesk.services.archive);
    expect(sent.pushed).toBeGreaterThanOrEqual(4);
    expect(sent.pending).toBe(0);

    const received = await syncOnce(layoutDesk.services.archive);
    expect(received.applied.articles.has(created.id)).toBe(true);
    const there = layoutDesk.services.archive.get(created.id);
    expect(there.headline).toBe('沙市区开展防汛演练');
    expect(there.status).toBe('submitted');
    expect(there.byline).toEqual([{ role: 'reporter', name: '王丙全' }]);
    expect(there.createdBy).toBe('王丙全');
    expect(there.body.map((b) => b.text)).toEqual(['7月3日上午，沙市区举行防汛应急演练。']);
    expect(layoutDesk.services.archive.statusLog(created.id).map((s) => [s.from, s.to, s.by])).toEqual([
      [null, 'draft', '王丙全'],
      ['draft', 'submitted', '王丙全'],
    ]);
    expect(layoutDesk.services.archive.revisions(created.id).map((r) => r.by)).toEqual(['王丙全']);
    // Search is local: the story is found on the other desktop by its words.
    const found = layoutDesk.services.archive.search({ q: '防汛演练' });
    expect(found.results.map((h) => h.id)).toContain(created.id);
    // What came from the server is not queued back to it.
    expect(pendingCount(layoutDesk.services.archive.db)).toBe(0);
  });

  it('the house’s proofreading rules set on the chief editor’s desk reach every desk; a reporter’s push of them is refused', async () => {
    const chiefDesk = await newsroom.desk('赵总编');
    const reporterDesk = await newsroom.desk('王丙全');
    const house = { off: ['halfwidth-punct' as const], typos: [{ wrong: '编办', right: '编委办' }], avoid: [] };
    await call(chiefDesk.services, chiefDesk.as('赵总编'), 'settings.set', { proofreading: house });
    expect((await syncOnce(chiefDesk.services.archive)).pushed).toBeGreaterThanOrEqual(1);
    await syncOnce(reporterDesk.services.archive);
    expect(reporterDesk.services.archive.settings().proofreading).toEqual(house);
    // What came from the server is not queued back, and the reporter may not set them.
    expect(pendingCount(reporterDesk.services.archive.db)).toBe(0);
    expect(await failure(reporterDesk.services, reporterDesk.as('王丙全'), 'settings.set', { proofreading: { ...house, off: [] } })).toBe(
      'PERMISSION_DENIED',
    );
    // Written into the reporter's archive by other means, the server still says no and the newsroom's stand.
    reporterDesk.services.archive.updateSettings(
      { proofreading: { ...house, off: [] } },
      {
        accountId: 0,
        name: '王丙全',
        roles: ['reporter'],
        personId: null,
        front: 'cli',
      },
    );
    const pushed = await syncOnce(reporterDesk.services.archive);
    expect(pushed.refused).toBe(1);
    expect(reporterDesk.services.archive.settings().proofreading).toEqual(house);
  });

  it('two saves from the same version: the server keeps the first, the second desk keeps its text as a conflict revision', async () => {
    const a = await newsroom.desk('王丙全');
    const b = await newsroom.desk('李编辑');
    const story = await call<Article>(a.services, a.as('王丙全'), 'articles.create', {
      draft: { headline: '长江大桥主体合龙', bodyJson: bodyJsonOf(['初稿。']) },
    });
    await syncOnce(a.services.archive);
    await syncOnce(b.services.archive);
    const onB = b.services.archive.get(story.id);

    await call(a.services, a.as('王丙全'), 'articles.save', {
      id: story.id,
      baseVersion: story.version,
      draft: draftOf(story, { text: '记者的改稿。' }),
    });
    await call(b.services, b.as('李编辑'), 'articles.save', {
      id: story.id,
      baseVersion: onB.version,
      draft: draftOf(onB, { text: '编辑的改稿。' }),
    });

    await syncOnce(a.services.archive);
    const report = await syncOnce(b.services.archive);
    expect(report.conflicts).toBe(1);
    const kept = b.services.archive.get(story.id);
    expect(kept.body.map((x) => x.text)).toEqual(['记者的改稿。']);
    const conflict = b.services.archive.revisions(story.id).find((r) => r.reason === 'conflict');
    expect(conflict?.by).toBe('李编辑');
    expect(b.services.archive.revision(conflict!.id).draft.bodyJson).toContain('编辑的改稿。');
    const status = await call<SyncStatus>(b.services, b.as('李编辑'), 'sync.status', {});
    expect(status.problems[0]?.code).toBe('SYNC_CONFLICT');
    expect(status.problems[0]?.message).toContain(`王丙全（${hostname()}）`);

    // The conflict revision goes to the newsroom too: the reporter's desk sees both texts.
    await syncOnce(b.services.archive);
    await syncOnce(a.services.archive);
    const onA = a.services.archive.revisions(story.id).filter((r) => r.reason === 'conflict');
    expect(onA.map((r) => r.by)).toEqual(['李编辑']);
    expect(a.services.archive.get(story.id).body.map((x) => x.text)).toEqual(['记者的改稿。']);
  });

  it('the server refuses what the person may not do, and the desk returns to the server’s state', async () => {
    const desk = await newsroom.desk('王丙全');
    const story = await call<Article>(desk.services, desk.as('王丙全'), 'articles.create', { draft: { headline: '未签发的稿件' } });
    await syncOnce(desk.services.archive);
    // A desk whose own rules were got round (an old version, a hand-edited file): the reporter's
    // change of status to 签发 reaches the server as such, and the server refuses it.
    const db = desk.services.archive.db;
    desk.services.archive.write(() => db.prepare("UPDATE articles SET status = 'approved' WHERE id = ?").run(story.id), {
      accountId: 0,
      name: '王丙全',
      roles: ['reporter'],
      personId: null,
      front: 'cli',
    });
    const report = await syncOnce(desk.services.archive);
    expect(report.refused).toBe(1);
    expect(desk.services.archive.get(story.id).status).toBe('draft');
    const other = await newsroom.desk('赵总编');
    expect(other.services.archive.get(story.id).status).toBe('draft');
  });

  it('changes made offline wait in the archive and go out in order, each once, when the server is back', async () => {
    const desk = await newsroom.desk('王丙全');
    const reader = await newsroom.desk('李编辑');
    let story = await call<Article>(desk.services, desk.as('王丙全'), 'articles.create', {
      draft: { headline: '离线写的稿', bodyJson: bodyJsonOf(['第一稿。']) },
    });
    await syncOnce(desk.services.archive);
    await newsroom.stopServer();
    try {
      for (const text of ['第二稿。', '第三稿。', '第四稿。']) {
        story = await call<Article>(desk.services, desk.as('王丙全'), 'articles.save', {
          id: story.id,
          baseVersion: story.version,
          draft: draftOf(story, { text }),
        });
      }
      await expect(syncOnce(desk.services.archive)).rejects.toMatchObject({ code: 'SYNC_OFFLINE' });
      expect(pendingCount(desk.services.archive.db)).toBeGreaterThan(0);
      expect(readLink(desk.services.archive.db)?.lastError).toBe('SYNC_OFFLINE');
    } finally {
      await newsroom.restart();
    }
    // The push of the first op was applied but its answer lost: sent again by hand first.
    const link = readLink(desk.services.archive.db)!;
    const [entry] = outboxBatch(desk.services.archive.db, 0, 1);
    const record = localRecord(desk.services.archive.db, entry!.key, link.device)!;
    const api = new ServerApi(link.serverUrl, tokenOf(desk.services.archive.db, '王丙全'));
    const before = await api.pull(0, 1000);
    const version = before.records.find((r) => r.key === record.key)?.version ?? 0;
    const first = await api.push(link.device, [{ id: entry!.op, key: record.key, base: version, doc: record.doc }]);
    expect(first.results[0]?.outcome).toBe('applied');

    const report = await syncOnce(desk.services.archive);
    expect(report.pending).toBe(0);
    expect(report.conflicts).toBe(0);
    const after = await api.pull(0, 1000);
    // Three saves offline and a resend: the server took the story once more, not four times.
    expect(after.records.find((r) => r.key === `article:${story.id}`)?.version).toBe(version + 1);
    await syncOnce(reader.services.archive);
    expect(reader.services.archive.get(story.id).body.map((b) => b.text)).toEqual(['第四稿。']);
  });

  it('photos go to the server once and reach the other desks', async () => {
    const desk = await newsroom.desk('王丙全');
    const other = await newsroom.desk('钱版面');
    const image = desk.services.archive.importImage(makePng(40, 30), 'flood.png');
    const story = await call<Article>(desk.services, desk.as('王丙全'), 'articles.create', {
      draft: {
        headline: '有图的稿',
        photos: [
          {
            id: 'p1',
            hash: image.hash,
            mime: image.mime,
            width: 40,
            height: 30,
            fileName: 'flood.png',
            caption: '演练现场',
            credit: { kind: 'photo', people: [{ role: 'reporter', name: '王丙全' }] },
          },
        ],
      },
    });
    await syncOnce(desk.services.archive);
    await syncOnce(other.services.archive);
    const there = other.services.archive.get(story.id);
    expect(there.photos[0]?.hash).toBe(image.hash);
    expect(other.services.archive.image(image.hash)?.bytes).toBe(image.bytes);
    expect(await new ServerApi(newsroom.url, tokenOf(desk.services.archive.db, '王丙全')).missingImages([image.hash])).toEqual([]);
  });

  it('placements travel between layout desks, and an overlap is refused to the one who came second', async () => {
    const one = await newsroom.desk('钱版面');
    const two = await newsroom.desk('孙版面');
    const reporter = await newsroom.desk('王丙全');
    const s1 = await call<Article>(reporter.services, reporter.as('王丙全'), 'articles.create', { draft: { headline: '头条' } });
    const s2 = await call<Article>(reporter.services, reporter.as('王丙全'), 'articles.create', { draft: { headline: '二条' } });
    await syncOnce(reporter.services.archive);
    await syncOnce(one.services.archive);
    await call(one.services, one.as('钱版面'), 'layout.createEdition', {
      date: '2026-12-05',
      number: 240,
      totalNumber: 15001,
      paper: '沙市日报',
    });
    await call(one.services, one.as('钱版面'), 'layout.addPage', { date: '2026-12-05', number: 1, section: '要闻', editor: '钱版面' });
    await syncOnce(one.services.archive);
    await syncOnce(two.services.archive);
    const at = (id: string, articleId: string, column: number): Placement => ({
      id,
      articleId,
      column,
      span: 4,
      top: 0,
      depth: 40,
      bodySpan: 4,
      split: 4,
      headlineSize: 'large',
      photos: [],
    });
    // Set off with column rules and a box: the style travels with the placement.
    const boxed = { ...at('pl-one', s1.id, 0), style: { columnRules: true, box: 'ornament' as const } };
    await call(one.services, one.as('钱版面'), 'layout.place', { date: '2026-12-05', page: 1, placement: boxed });
    await call(two.services, two.as('孙版面'), 'layout.place', { date: '2026-12-05', page: 1, placement: at('pl-two', s2.id, 2) });
    await syncOnce(one.services.archive);
    const second = await syncOnce(two.services.archive);
    expect(second.refused).toBe(1);
    const page = two.services.archive.layoutPage('2026-12-05', 1);
    expect(page.page.placements.map((p) => p.id)).toEqual(['pl-one']);
    expect(page.page.placements[0]!.style).toEqual({ columnRules: true, box: 'ornament' });
    const status = await call<SyncStatus>(two.services, two.as('孙版面'), 'sync.status', {});
    expect(status.problems[0]?.code).toBe('PLACEMENT_OVERLAP');
  });

  it('an administrator brings a desktop’s whole archive into the newsroom: stories, history and pages by anyone', async () => {
    let local = '';
    const old = await newsroom.desk('系统管理员', [], {
      demo: true,
      // Before the newsroom, this desk had accounts of its own: their stories and history go too.
      before: async (services) => {
        const caller = await signedIn(services, { name: '老记者', roles: ['reporter'] });
        local = (
          await call<Article>(services, caller, 'articles.create', {
            draft: { headline: '入网前写的稿', bodyJson: bodyJsonOf(['旧稿。']) },
          })
        ).id;
        await call(services, caller, 'articles.setStatus', { id: local, action: 'submit' });
      },
    });
    expect(pendingCount(old.services.archive.db)).toBe(0);
    const ids = old.services.archive.allIds();
    expect(ids).toContain(local);
    const fresh = await newsroom.desk('李编辑');
    expect(fresh.services.archive.allIds().sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const [a, b] = [old.services.archive.get(id), fresh.services.archive.get(id)];
      expect([b.headline, b.status, b.body, b.byline]).toEqual([a.headline, a.status, a.body, a.byline]);
      expect(fresh.services.archive.statusLog(id).length).toBe(old.services.archive.statusLog(id).length);
      expect(fresh.services.archive.revisions(id).length).toBe(old.services.archive.revisions(id).length);
    }
    expect(fresh.services.archive.statusLog(local).map((s) => s.by)).toEqual([null, null]);
    // The desk's own account is not the newsroom's: it no longer signs in there; its name stays in the trail.
    expect(old.services.archive.accountByName('老记者')?.removed).toBe(true);
    expect(old.services.archive.statusLog(local).map((s) => s.by)).toEqual(['老记者', '老记者']);
    expect(old.services.archive.accountByName('李编辑')?.removed).toBe(false);
    expect(fresh.services.archive.editions().map((e) => [e.date, e.pages.map((p) => p.placements.length)])).toEqual(
      old.services.archive.editions().map((e) => [e.date, e.pages.map((p) => p.placements.length)]),
    );
  });

  it('a desk that pulls in small pages gets every revision, status change and sign-off, whatever order they come in', async () => {
    const reporter = await newsroom.desk('王丙全');
    const chief = await newsroom.desk('赵总编');
    let story = await call<Article>(reporter.services, reporter.as('王丙全'), 'articles.create', {
      draft: { headline: '分页拉取', bodyJson: bodyJsonOf(['一稿。']) },
    });
    story = await call<Article>(reporter.services, reporter.as('王丙全'), 'articles.save', {
      id: story.id,
      baseVersion: story.version,
      draft: draftOf(story, { text: '二稿。' }),
      checkpoint: true,
    });
    await call(reporter.services, reporter.as('王丙全'), 'articles.setStatus', { id: story.id, action: 'submit' });
    await syncOnce(reporter.services.archive);
    await syncOnce(chief.services.archive);
    await call(chief.services, chief.as('赵总编'), 'articles.setStatus', { id: story.id, action: 'edit' });
    await call(chief.services, chief.as('赵总编'), 'articles.setStatus', { id: story.id, action: 'approve' });
    await syncOnce(chief.services.archive);
    // Another story's save lands after all of it, so the history of the first comes before it.
    story = reporter.services.archive.get(story.id);

    const fresh = await newsroom.desk('李编辑');
    await syncOnce(fresh.services.archive, { pullLimit: 1 });
    await syncOnce(fresh.services.archive, { pullLimit: 1 });
    const [here, there] = [chief.services.archive, fresh.services.archive];
    expect(there.revisions(story.id).map((r) => [r.reason, r.by])).toEqual(here.revisions(story.id).map((r) => [r.reason, r.by]));
    expect(there.statusLog(story.id).map((s) => [s.to, s.by])).toEqual(here.statusLog(story.id).map((s) => [s.to, s.by]));
    expect(there.get(story.id).status).toBe('approved');
    // Signed off there too: frozen, its signed text the chief's.
    expect(there.facts(story.id).signed).toBe(true);
    expect(there.revision(there.get(story.id).signedRevision!).revision.reason).toBe('signed');
    expect(
      await failure(fresh.services, fresh.as('李编辑'), 'articles.save', {
        id: story.id,
        baseVersion: there.get(story.id).version,
        draft: draftOf(there.get(story.id), { text: '改签发稿。' }),
      }),
    ).toBe('ARTICLE_SIGNED');
    expect(there.db.prepare('SELECT count(*) FROM sync_deferred').pluck().get()).toBe(0);
  });

  it('a laptop keeping the newest years leaves older stories, and their history, on the server; search covers what it keeps', async () => {
    const desk = await newsroom.desk('王丙全');
    const old = await call<Article>(desk.services, desk.as('王丙全'), 'articles.create', { draft: { headline: '十年前的旧闻' } });
    // Two of them: each kept off under its own mark (a shared one broke on the second).
    const older = await call<Article>(desk.services, desk.as('王丙全'), 'articles.create', { draft: { headline: '更早的旧闻' } });
    const recent = await call<Article>(desk.services, desk.as('王丙全'), 'articles.create', { draft: { headline: '今天的新闻' } });
    // Written ten years ago (as an archive brought into the newsroom would have it).
    desk.services.archive.write(
      () =>
        desk.services.archive.db
          .prepare("UPDATE articles SET created_at = '2016-03-01T08:00:00.000Z' WHERE id IN (?, ?)")
          .run(old.id, older.id),
      { accountId: 0, name: '王丙全', roles: ['reporter'], personId: null, front: 'cli' },
    );
    await syncOnce(desk.services.archive);
    const laptop = await newsroom.desk('李编辑', [], { keepYears: 5 });
    const ids = laptop.services.archive.allIds();
    expect(ids).toContain(recent.id);
    expect(ids).not.toContain(old.id);
    expect(ids).not.toContain(older.id);
    expect(laptop.services.archive.db.prepare('SELECT count(*) FROM sync_deferred').pluck().get()).toBe(0);
    expect(laptop.services.archive.search({ q: '旧闻' }).total).toBe(0);
    expect(laptop.services.archive.search({ q: '新闻' }).results.map((r) => r.id)).toContain(recent.id);
  });

  it('a joined archive is backed up and restored with its sync triggers, and a look-alike trigger is refused', async () => {
    const desk = await newsroom.desk('王丙全');
    const story = await call<Article>(desk.services, desk.as('王丙全'), 'articles.create', { draft: { headline: '备份前的稿' } });
    await syncOnce(desk.services.archive);
    const backup = join(temp.folder(), 'joined.sqlite');
    await backupArchive(desk.services.archive.dir, backup);
    expect(checkArchiveFile(backup).articles).toBeGreaterThan(0);

    // A file that looks joined but whose trigger does something else is not restored.
    const crafted = join(temp.folder(), 'crafted.sqlite');
    copyFileSync(backup, crafted);
    const db = new Database(crafted);
    db.exec('DROP TRIGGER sync_articles_update');
    db.exec(
      "CREATE TRIGGER sync_articles_update AFTER UPDATE ON articles BEGIN UPDATE articles SET headline = 'pwned' WHERE id <> NEW.id; END",
    );
    db.close();
    expect(() => checkArchiveFile(crafted)).toThrow(expect.objectContaining({ code: 'BACKUP_SCHEMA_MISMATCH' }) as Error);

    // Restored into a fresh folder, the archive is still joined: a save there is queued.
    const dir = temp.folder();
    restoreArchive(dir, backup);
    const restored = AppServices.open(dir, { demo: false });
    try {
      expect(readLink(restored.archive.db)?.serverUrl).toBe(new URL(newsroom.url).href);
      const caller = {
        front: 'host' as const,
        token: restored.authority.sessions.start(restored.archive.accountByName('王丙全')!.id, 'host'),
      };
      const article = restored.archive.get(story.id);
      await call(restored, caller, 'articles.save', {
        id: story.id,
        baseVersion: article.version,
        draft: draftOf(article, { text: '恢复后改的。' }),
      });
      expect(pendingCount(restored.archive.db)).toBeGreaterThan(0);
    } finally {
      restored.close();
    }
  });

  it('accounts are the newsroom’s: read-only on a desktop, and signing in works offline', async () => {
    const desk = await newsroom.desk('系统管理员');
    const accounts = await call<AccountSummary[]>(desk.services, desk.as('系统管理员'), 'accounts.list', {});
    expect(accounts.map((a) => a.name)).toEqual(expect.arrayContaining(['王丙全', '李编辑', '赵总编']));
    expect(
      await failure(desk.services, desk.as('系统管理员'), 'accounts.add', { name: '新人', password: 'long-enough-1', roles: ['reporter'] }),
    ).toBe('ACCOUNTS_ON_SERVER');
    // How many years the desktop keeps is its administrator's to set.
    expect(await call<SyncStatus>(desk.services, desk.as('系统管理员'), 'sync.configure', { keepYears: 3 })).toMatchObject({
      keepYears: 3,
    });
    expect(readLink(desk.services.archive.db)?.keepYears).toBe(3);
    expect(await failure(desk.services, desk.as('王丙全'), 'sync.configure', { keepYears: null })).toBe('PERMISSION_DENIED');
    await newsroom.stopServer();
    try {
      const account = await desk.services.authority.verify('李编辑', 'banmian-test-password');
      expect(account.name).toBe('李编辑');
    } finally {
      await newsroom.restart();
    }
  });
});
