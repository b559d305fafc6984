import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_EDITION } from '../../electron/archive/demo';
import { startTestApp, type TestApp } from '../support/app';
import { watchProblems } from '../support/browser';
import { useDesk } from '../support/desk';
import { expectContains, expectCount, expectText, expectValue } from '../support/expect';

const VIEWPORT = { width: 1400, height: 1000 };
const setup = useDesk(VIEWPORT);
let browser: Browser;
let app: TestApp;
let context: BrowserContext;
let page: Page;

/** Browsers of other people in a test, each with its own session, closed after the test. */
let others: { context: BrowserContext; problems: string[] }[] = [];
beforeEach(() => {
  ({ browser, app, context, page } = setup);
  others = [];
});
afterEach(async () => {
  for (const other of others) {
    await other.context.close();
    expect(other.problems).toEqual([]);
  }
});

/** A fresh browser (no session) on `url`. */
async function freshBrowser(url: string): Promise<Page> {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: VIEWPORT });
  const p = await ctx.newPage();
  others.push({ context: ctx, problems: watchProblems(p) });
  await p.goto(url);
  return p;
}

async function signIn(p: Page, name: string, password: string): Promise<void> {
  await p.getByRole('heading', { name: '登录版面' }).waitFor();
  await p.getByLabel('账号名').fill(name);
  await p.getByLabel('密码', { exact: true }).fill(password);
  await p.getByRole('button', { name: '登录', exact: true }).click();
  await expectContains(p.getByTestId('signed-in'), name);
}

/** Someone else signed in, in a browser of their own. */
async function browserOf(name: string, password: string): Promise<Page> {
  const p = await freshBrowser(app.host.url);
  await signIn(p, name, password);
  return p;
}

async function waitSaved(p: Page): Promise<void> {
  await p.getByTestId('save-state').and(p.locator('[data-state="saved"]')).waitFor();
}

const statusButtons = (p: Page) => p.getByRole('region', { name: '状态', exact: true }).getByRole('button');

describe('signing in', () => {
  it('asks a new archive for its administrator, signs out, refuses a wrong password in words and signs in', async () => {
    const fresh = await startTestApp({ accounts: false });
    try {
      const p = await freshBrowser(fresh.host.url);
      await p.getByRole('heading', { name: '建立管理员账号' }).waitFor();
      await p.getByLabel('账号名').fill('周立群');
      await p.getByLabel('密码', { exact: true }).fill('zhou-secret-1');
      await p.getByLabel('再次输入密码').fill('zhou-secret-2');
      await p.getByRole('button', { name: '建立并登录' }).click();
      await expectContains(p.getByRole('alert'), '两次输入的密码不一致');
      expect(fresh.services.archive.hasAccounts()).toBe(false);

      await p.getByLabel('再次输入密码').fill('zhou-secret-1');
      await p.getByLabel('值班总编').check();
      await p.getByLabel('署名用名（可不填）').fill('周立群');
      await p.getByRole('button', { name: '建立并登录' }).click();
      // The desk, with who is signed in and their roles in words.
      await expectContains(p.getByTestId('signed-in'), '周立群（值班总编、管理员）');
      await p.getByRole('button', { name: '新建稿件' }).waitFor();
      expect(fresh.services.archive.accountByName('周立群')).toMatchObject({ roles: ['chief', 'admin'] });
      await p.getByRole('link', { name: '账号管理' }).waitFor();

      await p.getByRole('button', { name: '退出登录' }).click();
      await p.getByRole('heading', { name: '登录版面' }).waitFor();
      expect(await p.getByRole('button', { name: '新建稿件' }).count()).toBe(0);

      await p.getByLabel('账号名').fill('周立群');
      await p.getByLabel('密码', { exact: true }).fill('not-the-password');
      await p.getByRole('button', { name: '登录', exact: true }).click();
      await expectText(p.getByRole('alert'), '用户名或密码不正确');
      await expectValue(p.getByLabel('账号名'), '周立群');
      await expectValue(p.getByLabel('密码', { exact: true }), '');

      await p.getByLabel('密码', { exact: true }).fill('zhou-secret-1');
      await p.getByRole('button', { name: '登录', exact: true }).click();
      await expectContains(p.getByTestId('signed-in'), '周立群');
      await p.getByRole('button', { name: '新建稿件' }).waitFor();
    } finally {
      await fresh.stop();
    }
  });
});

describe('roles on the desk', () => {
  it('lets a reporter submit but not sign off, a chief editor sign off and withdraw it with a reason, and shows who did what', async () => {
    // The administrator makes the accounts in the accounts view.
    await page.goto(`${app.host.url}#/accounts`);
    const form = page.getByRole('form', { name: '新建账号' });
    const add = async (name: string, password: string, roles: string[]) => {
      await form.getByLabel('账号名').fill(name);
      await form.getByLabel('初始密码').fill(password);
      for (const role of ['记者', '编辑', '值班总编', '版面编辑', '输出', '管理员']) {
        await form.getByLabel(role, { exact: true }).setChecked(roles.includes(role));
      }
      await form.getByRole('button', { name: '建立账号' }).click();
      await expectText(page.getByTestId('accounts-done'), `已建立账号“${name}”`);
    };
    await add('李记者', 'reporter-pass', ['记者']);
    await add('王总编', 'chief-pass-1', ['值班总编']);
    await add('赵编辑', 'editor-pass', ['编辑']);
    expect(app.services.archive.accountByName('李记者')).toMatchObject({ roles: ['reporter'] });
    expect(app.services.archive.accountByName('王总编')).toMatchObject({ roles: ['chief'] });
    await expectContains(page.getByRole('article', { name: '王总编' }), '值班总编');
    // A short password is refused in words, and nothing is made.
    await form.getByLabel('账号名').fill('钱短');
    await form.getByLabel('初始密码').fill('short');
    await form.getByRole('button', { name: '建立账号' }).click();
    await expectContains(page.getByRole('alert'), '密码至少 8 个字符');
    expect(app.services.archive.accountByName('钱短')).toBeUndefined();

    // The reporter writes a story and submits it; signing off is not theirs to offer.
    const reporter = await browserOf('李记者', 'reporter-pass');
    await expectContains(reporter.getByTestId('signed-in'), '李记者（记者）');
    expect(await reporter.getByRole('link', { name: '账号管理' }).count()).toBe(0);
    await reporter.getByRole('button', { name: '新建稿件' }).click();
    await reporter.getByLabel('主题').fill('江城夜市今晚开市');
    await reporter.getByRole('textbox', { name: '正文' }).click();
    await reporter.keyboard.type('夜市首批摊位今晚开张。');
    await waitSaved(reporter);
    const id = /#\/article\/([\w-]+)/.exec(reporter.url())![1]!;
    await expect.poll(() => app.services.archive.get(id).body.map((b) => b.text)).toEqual(['夜市首批摊位今晚开张。']);
    expect(await statusButtons(reporter).allInnerTexts()).toEqual(['送审', '删除稿件']);
    await reporter.getByRole('button', { name: '送审' }).click();
    await expectText(reporter.getByTestId('article-status'), '待审');
    expect(app.services.archive.get(id).status).toBe('submitted');
    // The status shows the archive's answer at once; the actions follow from what it allows.
    await expectCount(statusButtons(reporter), 0);
    expect(await reporter.getByRole('button', { name: '签发', exact: true }).count()).toBe(0);
    // Their own stories on the desk: this one.
    await reporter.getByRole('button', { name: '返回稿库' }).click();
    await reporter.getByRole('button', { name: '我的稿件' }).click();
    const reporterRows = reporter.locator('table.article-table tbody tr');
    await expectCount(reporterRows, 1);
    await expectContains(reporterRows.first(), '江城夜市今晚开市');

    // The chief editor finds it waiting for them, passes it and signs it off.
    const chief = await browserOf('王总编', 'chief-pass-1');
    await chief.getByRole('button', { name: '待我审' }).click();
    const chiefRows = chief.locator('table.article-table tbody tr');
    await expectCount(chiefRows, app.services.archive.list({ statuses: ['submitted', 'edited'] }).length);
    await chief.getByRole('link', { name: '江城夜市今晚开市' }).click();
    await chief.getByRole('button', { name: '审毕' }).click();
    await expectText(chief.getByTestId('article-status'), '已审');
    await chief.getByRole('button', { name: '签发', exact: true }).click();
    await expectText(chief.getByTestId('article-status'), '签发');
    expect(app.services.archive.get(id).status).toBe('approved');
    expect(app.services.archive.get(id).signedRevision).not.toBeNull();
    // Signed off, the text is frozen for the chief editor too, until the sign-off is withdrawn.
    await expectContains(chief.getByTestId('edit-refusal'), '稿件已签发');
    expect(await statusButtons(chief).allInnerTexts()).toEqual(['撤销签发', '撤稿']);

    // The reporter opens it again: read only, and told why.
    await reporter.goto(`${app.host.url}#/article/${id}`);
    await expectContains(reporter.getByTestId('edit-refusal'), '稿件已签发，不能修改；须由值班总编先撤销签发');
    await expectText(reporter.getByTestId('article-status'), '签发');
    expect(await reporter.getByLabel('主题').isEditable()).toBe(false);
    expect(await reporter.getByRole('textbox', { name: '正文' }).getAttribute('aria-readonly')).toBe('true');
    expect(await reporter.getByRole('button', { name: '添加署名' }).isDisabled()).toBe(true);
    expect(await statusButtons(reporter).count()).toBe(0);

    // The chief editor withdraws the sign-off, saying why.
    await chief.getByRole('button', { name: '撤销签发', exact: true }).click();
    const reason = chief.getByLabel('撤销签发的理由');
    await reason.fill('标题数字有误，需核实');
    await chief.getByRole('button', { name: '确认撤销' }).click();
    await expectText(chief.getByTestId('article-status'), '已审');
    expect(await chief.getByTestId('edit-refusal').count()).toBe(0);
    expect(await chief.getByLabel('主题').isEditable()).toBe(true);
    expect(app.services.archive.statusLog(id).at(-1)).toMatchObject({
      from: 'approved',
      to: 'edited',
      by: '王总编',
      front: 'host',
      reason: '标题数字有误，需核实',
    });

    // Edited after the withdrawal: 今晚 becomes 明晚.
    const chiefBody = chief.getByRole('textbox', { name: '正文' });
    await chiefBody.click();
    await chief.keyboard.press('Control+Home');
    for (let i = 0; i < '夜市首批摊位'.length; i++) await chief.keyboard.press('ArrowRight');
    await chief.keyboard.press('Shift+ArrowRight');
    await chief.keyboard.type('明');
    await waitSaved(chief);
    await expect.poll(() => app.services.archive.get(id).body.map((b) => b.text)).toEqual(['夜市首批摊位明晚开张。']);

    // The history says who did what, from where, and why; the signed text is marked.
    await chief.getByRole('button', { name: '修改记录' }).click();
    // Every change since the sign-off shows against the signed text, in words and marks, not colour alone.
    await chief.getByRole('button', { name: '与签发稿比较' }).click();
    const comparison = chief.getByRole('region', { name: '与签发稿比较' });
    await expectContains(comparison, '签发稿（王总编）');
    const legend = comparison.locator('.compare-legend');
    await expectText(legend.getByRole('deletion'), '删去的字');
    await expectText(legend.getByRole('insertion'), '增加的字');
    const compared = comparison.getByRole('listitem');
    await expectCount(compared, 1);
    await expectContains(compared, '正文第 1 段');
    await expectText(compared.getByRole('deletion'), '今');
    await expectText(compared.getByRole('insertion'), '明');
    // A screen reader hears which is which before each.
    await expect.poll(() => compared.getByRole('paragraph').textContent()).toBe('夜市首批摊位［删去：］今［增加：］明晚开张。');
    // Typed on, the comparison follows.
    await chiefBody.click();
    await chief.keyboard.press('Control+End');
    await chief.keyboard.type('欢迎光临。');
    await expect.poll(() => compared.getByRole('insertion').allInnerTexts()).toEqual(['明', '欢迎光临。']);
    await waitSaved(chief);
    const changes = chief.locator('.history-panel .status-change');
    await expectCount(changes, 5);
    const said = (await changes.allInnerTexts()).map((s) => s.replace(/^\S+ \S+ /u, ''));
    expect(said).toEqual([
      '李记者（浏览器）：新建为草稿',
      '李记者（浏览器）：草稿 → 待审',
      '王总编（浏览器）：待审 → 已审',
      '王总编（浏览器）：已审 → 签发',
      '王总编（浏览器）：签发 → 已审 · 理由：标题数字有误，需核实',
    ]);
    await expectContains(chief.locator('.history-panel .revision-signed'), '签发稿 · 王总编');
    await expectContains(chief.locator('.history-panel .revision-created'), '新建 · 李记者');
    // A chief editor restores and keeps the status: nothing to warn of.
    expect(await chief.getByTestId('restore-note').count()).toBe(0);

    // An editor may restore an earlier version, and is told the story then returns to 草稿.
    const editor = await browserOf('赵编辑', 'editor-pass');
    await editor.goto(`${app.host.url}#/article/${id}`);
    await editor.getByRole('button', { name: '修改记录' }).click();
    await expectContains(editor.getByTestId('restore-note'), '恢复旧版本后，稿件将退回草稿');
    await editor
      .locator('.history-panel .revision-created')
      .getByRole('button', { name: /^恢复 .* 的版本$/u })
      .click();
    await expectText(editor.getByTestId('article-status'), '草稿');
    await expectContains(editor.getByRole('alert'), '稿件已退回草稿');
    expect(app.services.archive.get(id).status).toBe('draft');
    await expectContains(editor.locator('.history-panel .status-change').last(), '赵编辑（浏览器）：已审 → 草稿 · 理由：恢复了旧版本');
  });
});

describe('the audit trail beside the contributor figures', () => {
  it('exports the trail of the chosen months as CSV, with who changed a status, from where', async () => {
    // A status change, made here.
    await page.goto(app.host.url);
    await page.getByRole('button', { name: '新建稿件' }).click();
    await page.getByLabel('主题').fill('操作记录导出稿');
    await waitSaved(page);
    const id = /#\/article\/([\w-]+)/.exec(page.url())![1]!;
    await page.getByRole('button', { name: '送审' }).click();
    await expectText(page.getByTestId('article-status'), '待审');

    await page.getByRole('link', { name: '署名统计' }).click();
    const button = page.getByRole('button', { name: '导出操作记录 CSV' });
    const hint = await page.locator(`[id="${await button.getAttribute('aria-describedby')}"]`).innerText();
    expect(hint).toContain('按上面的起止月份导出');
    const exported = async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
      return { name: download.suggestedFilename(), csv: readFileSync(await download.path(), 'utf8') };
    };

    // This month (the trail keeps UTC times): the submit is there, by name and front in words.
    const month = new Date().toISOString().slice(0, 7);
    await page.getByLabel('起始月份').fill(month);
    await page.getByLabel('截止月份').fill(month);
    const now = await exported();
    expect(now.name).toBe(`banmian-audit-${month}-${month}.csv`);
    const lines = now.csv.split('\r\n');
    expect(lines[0]).toBe('\ufeffat,by,front,action,article,edition,page,detail');
    const submit = lines.find((l) => l.includes(`,status.submit,${id},`));
    expect(submit).toMatch(
      /^\d{4}-\d{2}-\d{2}T[^,]+,测试管理员,浏览器,status\.submit,[\w-]+,,,"\{""from"":""draft"",""to"":""submitted""\}"$/u,
    );
    const inRange = app.services.archive.audit({ from: `${month}-01`, limit: -1 });
    expect(lines.length).toBe(inRange.length + 2);
    await expectText(page.getByTestId('audit-done'), `已导出 ${inRange.length} 条操作记录`);

    // Months before it hold none of this.
    await page.getByLabel('起始月份').fill('2000-01');
    await page.getByLabel('截止月份').fill('2000-02');
    const before = await exported();
    expect(before.csv).toBe('\ufeffat,by,front,action,article,edition,page,detail\r\n');
    await expectText(page.getByTestId('audit-done'), '已导出 0 条操作记录');
  });
});

describe('the lock', () => {
  it('locks the desk when its session ends under it, keeps the draft, and saves it once signed in again', async () => {
    await page.goto(app.host.url);
    // The administrator sets the idle time to a minute, through the API.
    const set = await page.evaluate(async () => {
      const response = await fetch('api/settings.set', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ idleMinutes: 1 }),
      });
      return (await response.json()) as unknown;
    });
    expect(set).toMatchObject({ ok: true, value: { idleMinutes: 1 } });
    expect(app.services.archive.settings().idleMinutes).toBe(1);

    await page.getByRole('button', { name: '新建稿件' }).click();
    await page.getByLabel('主题').fill('锁屏稿');
    const body = page.getByRole('textbox', { name: '正文' });
    await body.click();
    await page.keyboard.type('第一句已保存。');
    await waitSaved(page);
    const id = /#\/article\/([\w-]+)/.exec(page.url())![1]!;
    await expect.poll(() => app.services.archive.get(id).body.map((b) => b.text)).toEqual(['第一句已保存。']);

    // Another tab of the same browser ends the session they share.
    const other = await context.newPage();
    const otherProblems = watchProblems(other);
    await other.goto(app.host.url);
    await other.getByTestId('signed-in').waitFor();
    const out = await other.evaluate(async () => {
      const response = await fetch('api/session.signOut', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return (await response.json()) as unknown;
    });
    expect(out).toMatchObject({ ok: true, value: { account: null } });
    await other.close();
    expect(otherProblems).toEqual([]);

    // Typing on: the autosave is refused, and the desk locks over the story without losing it.
    await body.click();
    await page.keyboard.press('End');
    await page.keyboard.type('第二句锁屏前输入。');
    const lock = page.getByRole('dialog', { name: '版面已锁定' });
    await lock.waitFor();
    await expectText(lock.getByTestId('lock-reason'), '请先登录');
    await expectValue(lock.getByLabel('账号名'), app.account.name);
    expect(app.services.archive.get(id).body.map((b) => b.text)).toEqual(['第一句已保存。']);
    await expectText(body, '第一句已保存。第二句锁屏前输入。');

    // A wrong password is said so; the right one unlocks, and the waiting save goes through.
    await lock.getByLabel('密码', { exact: true }).fill('not-the-password');
    await lock.getByRole('button', { name: '登录', exact: true }).click();
    await expectText(lock.getByRole('alert'), '用户名或密码不正确');
    await lock.getByLabel('密码', { exact: true }).fill(app.account.password);
    await lock.getByRole('button', { name: '登录', exact: true }).click();
    await expect.poll(() => lock.count()).toBe(0);
    await expect.poll(() => app.services.archive.get(id).body.map((b) => b.text)).toEqual(['第一句已保存。第二句锁屏前输入。']);
    await waitSaved(page);
    await expectText(body, '第一句已保存。第二句锁屏前输入。');
    // The editor is the same one, still in use.
    await body.click();
    await page.keyboard.press('End');
    await page.keyboard.type('第三句。');
    await expect.poll(() => app.services.archive.get(id).body.map((b) => b.text)).toEqual(['第一句已保存。第二句锁屏前输入。第三句。']);
  });
});

describe('the layout desk', () => {
  it('flags a spiked story on the page, refuses to export it, and lists who did what on the page', async () => {
    const layout = app.services.archive.layoutPage(DEMO_EDITION.date, 1);
    const fourth = layout.page.placements.find((p) => p.id === 'demo-fourth')!;
    const headline = app.services.archive.get(fourth.articleId).headline;
    app.services.archive.setStatus(fourth.articleId, 'spike');

    await page.goto(`${app.host.url}#/layout/${DEMO_EDITION.date}/1`);
    const frame = page.getByRole('group', { name: `《${headline}》` });
    const mark = frame.getByRole('img', { name: `《${headline}》已撤稿，不能付印` });
    await mark.waitFor();
    expect(await mark.innerText()).toBe('撤稿');
    expect(await page.getByRole('img', { name: /已撤稿/u }).count()).toBe(1);
    await expectContains(page.locator('.frame-list li', { hasText: headline }), '撤稿');

    // Not even "export anyway" prints it.
    await page.getByLabel('有问题也导出').check();
    await page.getByRole('button', { name: '导出本版' }).click();
    await expectContains(page.getByTestId('export-reports'), `《${headline}》已撤稿，不能付印`);

    // The page's trail: the demo's placements (before accounts: unknown), and this export.
    const trail = page.getByRole('list', { name: '操作记录' });
    await expectContains(trail.locator('li').first(), '测试管理员（浏览器）：导出第1版，因有问题未导出');
    await expectContains(trail, `未知：排放《${headline}》`);

    // A move made here is there at once, with who made it.
    const third = layout.page.placements.find((p) => p.id === 'demo-third')!;
    const thirdHeadline = app.services.archive.get(third.articleId).headline;
    await page.getByRole('group', { name: `《${thirdHeadline}》` }).focus();
    await page.keyboard.press('ArrowDown');
    await expect
      .poll(() => app.services.archive.layoutPage(DEMO_EDITION.date, 1).page.placements.find((p) => p.id === 'demo-third')!.top)
      .toBe(third.top + 1);
    await expectContains(
      trail.locator('li').first(),
      `测试管理员（浏览器）：排放《${thirdHeadline}》：第${third.column + 1}栏起 ${third.span} 栏，第${third.top + 2}行起 ${third.depth} 行`,
    );
  });
});
