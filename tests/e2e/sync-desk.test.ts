import type { Page, Route } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LockState, SyncStatus } from '../../shared/api/contract';
import { useDesk } from '../support/desk';
import { expectContains, expectCount } from '../support/expect';

/**
 * The desk's newsroom parts against a faked `sync.*` (the page's calls answered by the test,
 * the rest by the real host): the header's indicator, the administrator's form, the story's
 * check-out. A real newsroom server is exercised by the sync tests of electron/.
 */
const setup = useDesk({ width: 1360, height: 860 });
let page: Page;
beforeEach(() => {
  ({ page } = setup);
});

const SERVER = 'https://editorial.example.cn:8443';
const today = (hours: number, minutes: number) => {
  const d = new Date();
  d.setHours(hours, minutes, 0, 0);
  return d.toISOString();
};
const joined = (patch: Partial<SyncStatus> = {}): SyncStatus => ({
  joined: true,
  server: SERVER,
  connected: true,
  pending: 3,
  waitingFor: [],
  lastSyncAt: today(21, 52),
  lastError: null,
  problems: [
    {
      id: 12,
      at: today(21, 47),
      articleId: null,
      code: 'SYNC_CONFLICT',
      message: '李编辑 在 21:45 先保存了这篇稿件；你的文本已另存为冲突版本',
    },
  ],
  appliedSeq: 1,
  keepYears: null,
  ...patch,
});
const NOT_JOINED: SyncStatus = {
  joined: false,
  server: null,
  connected: false,
  pending: 0,
  waitingFor: [],
  lastSyncAt: null,
  lastError: null,
  problems: [],
  appliedSeq: 0,
  keepYears: null,
};

interface Fake {
  status: SyncStatus;
  lock: LockState;
  /** The next watch answer's articles (then cleared); a watch waits a moment otherwise. */
  changed: string[];
  calls: string[];
}

/** Answers the page's `sync.*` calls from `fake`. */
async function fakeSync(p: Page, fake: Fake): Promise<void> {
  const ok = (route: Route, value: unknown) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value }) });
  await p.route(/\/api\/sync\.\w+$/u, async (route) => {
    const method = /sync\.(\w+)$/u.exec(route.request().url())![1]!;
    const input = (route.request().postDataJSON() ?? {}) as Record<string, unknown>;
    fake.calls.push(`${method} ${JSON.stringify(input)}`);
    switch (method) {
      case 'status':
      case 'now':
        return ok(route, fake.status);
      case 'watch': {
        for (let i = 0; i < 10 && !fake.changed.length; i++) await new Promise((r) => setTimeout(r, 100));
        if (!fake.changed.length) return ok(route, { appliedSeq: fake.status.appliedSeq, articles: [], pages: [] });
        const articles = fake.changed;
        fake.changed = [];
        fake.status = { ...fake.status, appliedSeq: fake.status.appliedSeq + 1 };
        return ok(route, { appliedSeq: fake.status.appliedSeq, articles, pages: [] });
      }
      case 'dismiss':
        fake.status = { ...fake.status, problems: [] };
        return ok(route, fake.status);
      case 'join':
        fake.status = joined({ server: String(input.url), problems: [], pending: 0 });
        return ok(route, fake.status);
      case 'leave':
        fake.status = NOT_JOINED;
        return ok(route, fake.status);
      case 'lock':
        if (input.takeOver)
          fake.lock = {
            state: 'mine',
            holder: { name: '测试管理员', device: 'd1', machine: null, since: today(21, 55) },
            tookFrom: { name: '王丙全', since: today(21, 40) },
          };
        return ok(route, fake.lock);
      case 'release':
        return ok(route, {});
      case 'story':
        return ok(route, { joined: fake.status.joined, pending: false, serverVersion: 4, lastBy: '王丙全', at: today(21, 40) });
      default:
        return route.continue();
    }
  });
}

const WANG: LockState = { state: 'held', holder: { name: '王丙全', device: 'd2', machine: null, since: today(21, 40) }, tookFrom: null };

describe('the newsroom in the desk', () => {
  it('shows nothing in the header until the archive joins a newsroom', async () => {
    const fake: Fake = { status: NOT_JOINED, lock: WANG, changed: [], calls: [] };
    await fakeSync(page, fake);
    await page.goto(setup.app.host.url);
    await page.locator('table.article-table tbody tr').first().waitFor();
    await expect.poll(() => fake.calls.some((c) => c.startsWith('status'))).toBe(true);
    await expectCount(page.getByTestId('newsroom-indicator'), 0);
    // Not joined: no watch is kept open.
    expect(fake.calls.some((c) => c.startsWith('watch'))).toBe(false);
  });

  it('says connected or offline in words, what waits to go out, and lists the problems with a dismissal', async () => {
    const fake: Fake = { status: joined(), lock: WANG, changed: [], calls: [] };
    await fakeSync(page, fake);
    await page.goto(setup.app.host.url);
    const indicator = page.getByTestId('newsroom-indicator');
    await expectContains(indicator, '编辑部：已连接');
    await expectContains(indicator, '待发送 3 项');
    await expectContains(indicator, '上次同步 21:52');
    await expectContains(indicator, '问题 1 个');
    await indicator.getByRole('button', { name: /编辑部：已连接/u }).click();
    const panel = page.getByRole('region', { name: '编辑部同步' });
    await expectContains(panel, SERVER);
    await expectContains(panel, '李编辑 在 21:45 先保存了这篇稿件');
    await page.screenshot({ path: '/tmp/sync-indicator-zh-CN.png' });
    await panel.getByRole('button', { name: '知道了，全部标为已读' }).click();
    await expectContains(panel, '没有未处理的同步问题');
    expect(fake.calls).toContain('dismiss {"upTo":12}');

    // Offline: a notice, the desk still works.
    fake.status = { ...fake.status, connected: false };
    await expectContains(indicator, '编辑部：离线');
    await expectContains(page.locator('.notice'), '与编辑部服务器');
    await page.locator('table.article-table tbody tr').first().waitFor();
    fake.status = { ...fake.status, connected: true };
    await expectContains(page.locator('.notice'), '已重新连接编辑部服务器');
  });

  it('joins and leaves from the accounts view, which then says the server manages the accounts', async () => {
    const fake: Fake = { status: NOT_JOINED, lock: WANG, changed: [], calls: [] };
    await fakeSync(page, fake);
    await page.goto(`${setup.app.host.url}#/accounts`);
    const form = page.getByTestId('newsroom-form');
    await form.getByLabel('服务器地址').fill(SERVER);
    await form.getByLabel('账号名（服务器上的管理员）').fill('系统管理员');
    await form.getByLabel('密码').fill('一二三四五六七八');
    await form.getByRole('button', { name: '加入编辑部' }).click();
    await expectContains(form, `本机已加入编辑部：${SERVER}`);
    await expectContains(page.getByTestId('accounts-on-server'), '账号由编辑部服务器管理');
    expect(fake.calls.find((c) => c.startsWith('join'))).toContain('系统管理员');
    await form.getByRole('button', { name: '退出编辑部' }).click();
    await form.getByRole('button', { name: '确定退出编辑部' }).click();
    await form.getByRole('button', { name: '加入编辑部' }).waitFor();
    await expectCount(page.getByTestId('accounts-on-server'), 0);
  });

  it('opens a story someone else has checked out read-only, takes it over, and hears when it is taken back', async () => {
    const fake: Fake = { status: joined({ problems: [] }), lock: WANG, changed: [], calls: [] };
    await fakeSync(page, fake);
    const id = setup.app.services.archive.list({})[0]!.id;
    await page.goto(`${setup.app.host.url}#/article/${id}`);
    const held = page.getByTestId('checkout-held');
    await expectContains(held, '王丙全 正在编辑（自 21:40 起）');
    await expect.poll(() => page.locator('.body-editable').getAttribute('contenteditable')).toBe('false');
    await expectContains(page.getByTestId('story-newsroom'), '已同步');
    await page.screenshot({ path: '/tmp/sync-checkout-held-zh-CN.png' });

    await held.getByRole('button', { name: '接管编辑' }).click();
    await expectCount(held, 0);
    await expect.poll(() => page.locator('.body-editable').getAttribute('contenteditable')).toBe('true');
    await expectContains(page.locator('.notice'), '你已从 王丙全 接管这篇稿件');

    // 王丙全 takes it back: the newsroom reports the story changed, and this desk turns read-only at once.
    fake.lock = { ...WANG, holder: { ...WANG.holder!, since: today(21, 58) } };
    fake.changed = [id];
    await expectContains(page.locator('.notice'), '王丙全 接管了这篇稿件');
    await expect.poll(() => page.locator('.body-editable').getAttribute('contenteditable')).toBe('false');

    // Leaving the story gives nothing back: the check-out is 王丙全’s now.
    await page.getByRole('button', { name: /返回稿库/u }).click();
    await page.locator('table.article-table tbody tr').first().waitFor();
    expect(fake.calls.filter((c) => c.startsWith('release'))).toEqual([]);
  });
});
