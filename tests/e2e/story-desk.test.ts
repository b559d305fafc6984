import { readdirSync, readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { toPlainArticle } from '../../shared/domain/plain-article';
import type { TestApp } from '../support/app';
import { watchProblems } from '../support/browser';
import { useDesk } from '../support/desk';
import { expectContains, expectCount, expectText, expectValue } from '../support/expect';
import { makePng } from '../support/images';
import { PAGES_DIR } from '../support/fixtures';
import { fillArchive } from '../support/archives';
import { rankingLimits } from '../../electron/archive/search';
import { exactLimits } from '../../electron/archive/search-exact';
import { join } from 'node:path';

const setup = useDesk({ width: 1400, height: 1000 });
let context: BrowserContext;
let app: TestApp;
let page: Page;
beforeEach(async () => {
  ({ context, app, page } = setup);
  await page.goto(app.host.url);
});

async function waitSaved(p: Page = page): Promise<void> {
  await p.getByTestId('save-state').and(p.locator('[data-state="saved"]')).waitFor();
}

async function newArticle(): Promise<string> {
  await page.getByRole('button', { name: '新建稿件' }).click();
  await page.getByLabel('主题').waitFor();
  const id = /#\/article\/([\w-]+)/.exec(page.url())?.[1];
  expect(id).toBeTruthy();
  return id!;
}

describe('the story desk in Chromium, through the browser host', () => {
  it('shows the desk with the demo articles and filters it by status', async () => {
    const rows = page.locator('table.article-table tbody tr');
    await expect.poll(() => rows.count()).toBe(app.services.archive.list({}).length);
    await page.getByLabel('状态').selectOption({ label: '签发' });
    await expect.poll(() => rows.count()).toBe(app.services.archive.list({ status: 'approved' }).length);
    await expect.poll(() => rows.first().innerText()).toContain('签发');
  });

  it('drafts an article with every field, saves it within a second, and finds it whole after a reload', async () => {
    const id = await newArticle();
    await page.getByLabel('栏目').fill('全国文明城市创建进行时');
    await page.getByLabel('引题').fill('推动环保工作取得更大成效');
    await page.getByLabel('主题').fill('全市专题研讨班开班');
    await page.getByLabel('副题').fill('——沙市区持续推进融资便利化改革创新略记');
    await expectValue(page.getByLabel('电头'), '本报讯');

    const body = page.getByRole('textbox', { name: '正文' });
    await body.click();
    await page.keyboard.type('近日，省委编办印发通报，区委编办荣获全省二等奖。');
    await page.keyboard.press('Enter');
    await page.keyboard.type('突出主责主业');
    await page.getByRole('button', { name: '小标题' }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('2024年，区委编办将');
    await page.getByRole('button', { name: '加粗' }).click();
    await page.keyboard.type('奋力推进');
    await page.getByRole('button', { name: '加粗' }).click();
    await page.keyboard.type('机构编制工作再上新台阶。');

    for (const [role, name, outlet] of [
      ['记者', '王丙全', '湖北日报'],
      ['通讯员', '杨婕', ''],
      ['通讯员', '甘茹', ''],
    ] as const) {
      await page.getByRole('button', { name: '添加署名' }).click();
      const n = await page.getByLabel('姓名', { exact: true }).count();
      await page
        .getByLabel('身份', { exact: true })
        .nth(n - 1)
        .selectOption({ label: role });
      await page
        .getByLabel('姓名', { exact: true })
        .nth(n - 1)
        .fill(name);
      if (outlet)
        await page
          .getByLabel('单位', { exact: true })
          .nth(n - 1)
          .fill(outlet);
    }
    await expectText(page.getByTestId('byline-preview'), '本报讯（湖北日报记者王丙全 通讯员杨婕 甘茹）');

    await page.getByLabel('添加图片').setInputFiles({ name: 'meeting.png', mimeType: 'image/png', buffer: makePng(64, 48) });
    await page.getByLabel('图片说明 1').fill('研讨班开班现场。');
    await page.getByRole('button', { name: '添加作者' }).click();
    await page.getByLabel('作者姓名').fill('汤海娟');
    await page.getByLabel('身份', { exact: true }).last().selectOption({ label: '通讯员' });
    await expectText(page.getByTestId('caption-preview-1'), '研讨班开班现场。（通讯员 汤海娟 摄）');
    await page.getByRole('img', { name: /图片 1：meeting\.png/ }).waitFor();

    await page.getByLabel('转版').fill('（下转第2版）');
    await page.getByLabel('原载').fill('（原载11月27日《湖北日报》）');
    const typedAt = Date.now();
    await expect.poll(() => app.services.archive.get(id).source, { interval: 50, timeout: 3000 }).toBe('（原载11月27日《湖北日报》）');
    expect(Date.now() - typedAt).toBeLessThan(1000);
    await waitSaved();

    // 21 + 6 + 25 characters; the punctuation and the dash of the deck are not body text
    await expectText(page.getByTestId('chars'), '52');

    await page.reload();
    await expectValue(page.getByLabel('主题'), '全市专题研讨班开班');
    await expectValue(page.getByLabel('栏目'), '全国文明城市创建进行时');
    await expectValue(page.getByLabel('引题'), '推动环保工作取得更大成效');
    await expectValue(page.getByLabel('副题'), '——沙市区持续推进融资便利化改革创新略记');
    await expectValue(page.getByLabel('转版'), '（下转第2版）');
    await expectValue(page.getByLabel('原载'), '（原载11月27日《湖北日报》）');
    await expectText(page.getByTestId('byline-preview'), '本报讯（湖北日报记者王丙全 通讯员杨婕 甘茹）');
    await expectText(page.getByTestId('caption-preview-1'), '研讨班开班现场。（通讯员 汤海娟 摄）');
    await expectText(body.locator('h3'), '突出主责主业');
    await expectText(body.locator('strong, .body-bold').first(), '奋力推进');
    await expectContains(body, '机构编制工作再上新台阶。');
    const image = page.getByRole('img', { name: /图片 1：meeting\.png/ });
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);

    const plain = toPlainArticle(app.services.archive.get(id));
    expect(plain.byline).toEqual([
      { role: 'reporter', name: '王丙全', outlet: '湖北日报' },
      { role: 'correspondent', name: '杨婕' },
      { role: 'correspondent', name: '甘茹' },
    ]);
    expect(plain.body).toEqual([
      '近日，省委编办印发通报，区委编办荣获全省二等奖。',
      '突出主责主业',
      '2024年，区委编办将奋力推进机构编制工作再上新台阶。',
    ]);
    expect(plain.photos).toMatchObject([{ caption: '研讨班开班现场。', credit: { kind: 'photo', names: ['汤海娟'] } }]);
  });
});

describe('history, conflicts and languages', () => {
  it('keeps one revision per editing burst and restores an earlier one', async () => {
    const id = await newArticle();
    await page.getByLabel('主题').fill('初稿主题');
    const body = page.getByRole('textbox', { name: '正文' });
    await body.click();
    await page.keyboard.type('第一稿的正文。');
    await page.keyboard.press('Control+s');
    await expect.poll(() => app.services.archive.get(id).body.map((b) => b.text)).toEqual(['第一稿的正文。']);
    await waitSaved();

    await page.getByLabel('主题').fill('二稿主题');
    await body.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('第二稿完全改写了正文。');
    await page.keyboard.press('Control+s');
    await expect.poll(() => app.services.archive.get(id).headline).toBe('二稿主题');
    await waitSaved();

    await page.getByRole('button', { name: '修改记录' }).click();
    const restoreButtons = page.getByRole('button', { name: /^恢复 .* 的版本$/ });
    await expect.poll(() => restoreButtons.count()).toBeGreaterThanOrEqual(3);
    const entries = page.locator('.history-panel li');
    await expectContains(entries.nth(0), '二稿主题');
    await expectContains(entries.nth(1), '初稿主题');
    // Before restoring it, what the earlier version differs by: its text deleted since, the new inserted.
    await entries
      .nth(1)
      .getByRole('button', { name: /^与当前文本对比 .* 的版本$/ })
      .click();
    const comparison = entries.nth(1).locator('.signed-comparison');
    await expectContains(comparison, '当前文本与');
    const marked = async (tag: 'del' | 'ins') => (await comparison.locator(tag).allInnerTexts()).join('');
    await expect.poll(() => marked('del')).toContain('初');
    expect(await marked('ins')).toContain('二');
    expect(await marked('ins')).toContain('完全改写了');
    await expectContains(comparison, '该版本正文第 1 段（已删去）');
    await entries
      .nth(1)
      .getByRole('button', { name: /^收起 .* 版本的对比$/ })
      .click();
    await expectCount(comparison, 0);
    await entries
      .nth(1)
      .getByRole('button', { name: /^恢复 .* 的版本$/ })
      .click();

    await expectValue(page.getByLabel('主题'), '初稿主题');
    await expectText(body, '第一稿的正文。');
    await expect.poll(() => app.services.archive.get(id).headline).toBe('初稿主题');
    expect(app.services.archive.get(id).body.map((b) => b.text)).toEqual(['第一稿的正文。']);
    await expectContains(entries.nth(0), '恢复');

    // The restored text goes on being edited and saved like any other.
    await body.click();
    await page.keyboard.press('End');
    await page.keyboard.type('补充一句。');
    await expect.poll(() => app.services.archive.get(id).body.map((b) => b.text)).toEqual(['第一稿的正文。补充一句。']);
  });

  it('never lets a stale tab overwrite a newer save, and offers the newer version', async () => {
    const id = await newArticle();
    await page.getByLabel('主题').fill('共同的稿件');
    await expect.poll(() => app.services.archive.get(id).headline).toBe('共同的稿件');
    await waitSaved();

    // Another tab of the same browser, signed in with it (a fresh browser would have no session).
    const other = await context.newPage();
    const otherProblems = watchProblems(other);
    await other.goto(`${app.host.url}#/article/${id}`);
    await expectValue(other.getByLabel('主题'), '共同的稿件');

    await other.getByLabel('副题').fill('——另一窗口写的副题');
    await expect.poll(() => app.services.archive.get(id).deck).toBe('——另一窗口写的副题');

    await page.getByLabel('引题').fill('这一窗口写的引题');
    const alert = page.getByRole('alert').filter({ hasText: '已在别处修改' });
    await alert.waitFor();
    expect(app.services.archive.get(id).kicker).toBe('');
    expect(app.services.archive.get(id).deck).toBe('——另一窗口写的副题');
    expect(app.services.archive.revisions(id).some((r) => r.reason === 'conflict')).toBe(true);

    await alert.getByRole('button', { name: '载入较新版本' }).click();
    await expectValue(page.getByLabel('副题'), '——另一窗口写的副题');
    await expectValue(page.getByLabel('引题'), '');

    // Editing goes on from the newer version, over it.
    await page.getByLabel('引题').fill('在新版本上改');
    await expect.poll(() => app.services.archive.get(id).kicker).toBe('在新版本上改');
    expect(app.services.archive.get(id).deck).toBe('——另一窗口写的副题');
    await other.close();
    expect(otherProblems).toEqual([]);
  });

  it('switches the whole page to English, and the choice outlives a reload', async () => {
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('button', { name: 'New article' }).waitFor();
    await expectText(page.locator('th').first(), 'Headline');
    await expect.poll(() => app.services.archive.settings().language).toBe('en');
    await page.reload();
    await page.getByRole('button', { name: 'New article' }).click();
    for (const label of ['Column', 'Kicker', 'Headline', 'Deck', 'Dateline', 'Jump line', 'Source note']) {
      await page.getByLabel(label, { exact: true }).waitFor();
    }
    await page.getByRole('textbox', { name: 'Body' }).waitFor();
    await page.getByRole('button', { name: 'Add byline' }).click();
    await page.getByLabel('Role', { exact: true }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('王子瑶');
    await expectText(page.getByTestId('byline-preview'), '本报讯（记者王子瑶）');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByLabel('主题').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
  });
});

describe('bad input in the story desk', () => {
  it('refuses a file that is not an image with a translated message and stores nothing', async () => {
    const id = await newArticle();
    const images = () => app.services.archive.db.prepare('SELECT count(*) FROM images').pluck().get();
    const before = images();
    await page.getByLabel('主题').fill('配图稿');
    await page
      .getByLabel('添加图片')
      .setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('this is text, not a PNG') });
    await expectContains(page.getByRole('alert'), '“photo.png”不是可识别的图片文件，未存入');
    await page
      .getByLabel('添加图片')
      .setInputFiles({ name: 'anim.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1') });
    await expectContains(page.getByRole('alert'), '只接受 PNG、JPEG 或 WebP');
    await expect.poll(() => app.services.archive.get(id).headline).toBe('配图稿');
    expect(app.services.archive.get(id).photos).toEqual([]);
    expect(images()).toBe(before);
    expect(readdirSync(app.services.archive.photosDir, { recursive: true }).filter((f) => String(f).endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a paste that would make the body too long and keeps the body as it was', async () => {
    await newArticle();
    const body = page.getByRole('textbox', { name: '正文' });
    await body.click();
    await page.keyboard.type('原有的正文。');
    await body.evaluate((el) => {
      const data = new DataTransfer();
      data.setData('text/plain', '长'.repeat(150_000));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await expectContains(page.getByRole('alert'), '粘贴的内容过长（150000 字）');
    await expectText(body, '原有的正文。');
  });

  it('tells the editor when a headline is missing and will not submit without one', async () => {
    const id = await newArticle();
    await page.getByLabel('主题').fill('');
    await page.getByText('主题不能为空，送审前须填写').waitFor();
    await page.getByRole('button', { name: '送审' }).click();
    await expectContains(page.getByRole('alert'), '主题不能为空，请先填写主题');
    expect(app.services.archive.get(id).status).toBe('draft');
    await page.getByLabel('主题').fill('补上主题');
    await page.getByRole('button', { name: '送审' }).click();
    await expectText(page.getByTestId('article-status'), '待审');
    expect(app.services.archive.get(id).status).toBe('submitted');
    await page.getByRole('button', { name: '撤稿' }).click();
    await expectText(page.getByTestId('article-status'), '撤稿');
    await page.getByRole('button', { name: '恢复稿件' }).click();
    await expectText(page.getByTestId('article-status'), '待审');
    expect(app.services.archive.statusLog(id).map((c) => c.to)).toEqual(['draft', 'submitted', 'spiked', 'submitted']);
  });
});

describe('bylines, photo sets and shortcuts', () => {
  it('reorders and removes byline rows, and credits a set of photos at once', async () => {
    const id = await newArticle();
    await page.getByLabel('主题').fill('组图稿');
    for (const name of ['甲乙', '丙丁', '戊己']) {
      await page.getByRole('button', { name: '添加署名' }).click();
      await page.getByLabel('姓名', { exact: true }).last().fill(name);
    }
    await page.getByLabel('身份', { exact: true }).nth(1).selectOption({ label: '通讯员' });
    await expectText(page.getByTestId('byline-preview'), '本报讯（记者甲乙 通讯员丙丁 记者戊己）');
    await page.getByRole('button', { name: '上移署名 3' }).click();
    await expectText(page.getByTestId('byline-preview'), '本报讯（记者甲乙 戊己 通讯员丙丁）');
    await page.getByRole('button', { name: '删除署名 1' }).click();
    await expectText(page.getByTestId('byline-preview'), '本报讯（记者戊己 通讯员丙丁）');
    await page.getByLabel('专稿署名（单独一行：□ 通讯员 …）').check();
    await expectText(page.getByTestId('byline-preview'), '□ 记者 戊己 通讯员 丙丁');

    await page.getByLabel('添加图片').setInputFiles([
      { name: 'a.png', mimeType: 'image/png', buffer: makePng(30, 20, [10, 120, 200]) },
      { name: 'b.png', mimeType: 'image/png', buffer: makePng(20, 30, [200, 120, 10]) },
    ]);
    await page.getByLabel('图片说明 2').fill('会场外景。');
    await page.getByLabel('图片说明 1').fill('会场内景。');
    await page.getByLabel('组图统一署名（本组图片：… 摄），说明按①②③编号').check();
    await page.getByRole('button', { name: '添加作者' }).click();
    await page.getByLabel('作者姓名').last().fill('潘路');
    await page.getByRole('button', { name: '添加作者' }).click();
    await page.getByLabel('作者姓名').last().fill('肖琦');
    await expectText(page.getByTestId('group-credit-preview'), '（本组图片：潘路 肖琦 摄）');
    await expectText(page.getByTestId('caption-preview-1'), '①会场内景。');
    await expectText(page.getByTestId('caption-preview-2'), '②会场外景。');
    await page.getByRole('button', { name: '下移图片 1' }).click();
    await expectText(page.getByTestId('caption-preview-1'), '①会场外景。');

    await expect.poll(() => app.services.archive.get(id).photoGroupCredit?.people.map((p) => p.name)).toEqual(['潘路', '肖琦']);
    const saved = app.services.archive.get(id);
    expect(saved.photos.map((p) => [p.caption, p.width])).toEqual([
      ['会场外景。', 20],
      ['会场内景。', 30],
    ]);
    expect(saved.bylineForm).toBe('feature');
    expect(saved.byline).toEqual([
      { role: 'reporter', name: '戊己' },
      { role: 'correspondent', name: '丙丁' },
    ]);
  });

  it('opens a new article with Ctrl+N and finds one with Ctrl+Shift+F (Ctrl+F finds in the story)', async () => {
    await page.locator('table.article-table tbody tr').first().waitFor();
    await page.keyboard.press('Control+n');
    await page.getByLabel('主题').fill('快捷键新建的稿件');
    await page.keyboard.press('Control+Shift+F');
    const find = page.getByLabel('查找');
    await expect.poll(() => find.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('快捷键');
    const rows = page.locator('.search-results li');
    await expectCount(rows, 1);
    await expectContains(rows.first(), '快捷键新建的稿件');
    await rows.first().getByRole('link').click();
    await expectValue(page.getByLabel('主题'), '快捷键新建的稿件');
  });
});

describe('the archive from the desk', () => {
  it('imports page text, reports each file, searches it as you type and opens a result for review', async () => {
    await page.getByLabel('本批出版日期').fill('2024-06-25');
    await page.getByLabel('本批版次').fill('2');
    await page.getByLabel('导入版面文本').setInputFiles([
      { name: 'shashi-2024-06.txt', mimeType: 'text/plain', buffer: readFileSync(join(PAGES_DIR, 'shashi-2024-06.txt')) },
      { name: 'broken.txt', mimeType: 'text/plain', buffer: makePng(4, 4) },
    ]);
    const reports = page.getByRole('list', { name: '导入结果' });
    await expectContains(reports, 'shashi-2024-06.txt：导入');
    await expectContains(reports, 'broken.txt：“broken.txt”不是文本文件，未导入');
    const imported = app.services.archive.search({ q: '', filters: { edition: '2024-06-25', page: 2 }, limit: 100 });
    expect(imported.total).toBeGreaterThan(5);
    await expect.poll(() => page.locator('.review-badge').count()).toBe(imported.total);

    await page.getByLabel('查找').fill('岑河镇');
    const results = page.locator('.search-results li');
    await expect.poll(() => results.count()).toBe(app.services.archive.search({ q: '岑河镇' }).total);
    await expectText(results.first().locator('mark').first(), '岑河镇');
    await results.first().getByRole('link').click();
    await page.getByRole('note').waitFor();
    await expectContains(page.getByRole('note'), '从“shashi-2024-06.txt”第');
    const id = /#\/article\/([\w-]+)/.exec(page.url())![1]!;
    await page.getByRole('button', { name: '核对完毕' }).click();
    await expect.poll(() => app.services.archive.get(id).needsReview).toBe(false);

    // Narrowing the search by person from the desk.
    await page.getByRole('link', { name: '稿库' }).click();
    await page.locator('summary', { hasText: '筛选' }).click();
    await page.getByLabel('署名或图片作者').fill('汤海娟');
    await expect
      .poll(() => page.locator('.search-results li').count())
      .toBe(app.services.archive.search({ q: '', filters: { person: '汤海娟' } }).total);
    await expectContains(page.locator('.search-results'), '找到 1 篇');
  });

  it('ranks a search by relevance, and says which stories it ranked where the matches are too many to rank whole', async () => {
    // Six thousand stories, and the cap on matches ranked whole lowered to 500 (it is 20,000):
    // two common words then have more matches than are ranked whole, and the walk through the
    // impact index does not prove its order within its budget. (FTS5 itself, which would rank
    // them all in so small an archive, is not asked: search-exact.ts.)
    const archive = app.services.archive;
    fillArchive(archive, 6000, 3);
    const before = rankingLimits.exactCap;
    const fts5Ms = exactLimits.most;
    rankingLimits.exactCap = 500;
    exactLimits.most = 0;
    try {
      const text = archive.db.prepare('SELECT body_text FROM articles ORDER BY rowid DESC LIMIT 300').pluck().all() as string[];
      const counts = new Map<string, number>();
      for (const t of text)
        for (const run of t.match(/\p{Script=Han}{2,}/gu) ?? [])
          for (let i = 0; i + 2 <= run.length; i++) counts.set(run.slice(i, i + 2), (counts.get(run.slice(i, i + 2)) ?? 0) + 1);
      const common = [...counts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([w]) => w);
      const query = common
        .flatMap((a, i) => common.slice(i + 1).map((b) => `${a} ${b}`))
        .find((q) => archive.search({ q, order: 'relevance', limit: 100 }).rankedBy === 'weight');
      expect(query, 'two common words ranked by weight').toBeDefined();
      const expected = archive.search({ q: query!, order: 'relevance', limit: 100 });

      await page.getByLabel('查找').fill(query!);
      await page.getByLabel('排序').selectOption({ label: '相关度' });
      const notice = page.locator('.search-results .notice');
      await expectContains(notice, `相关度只在这些词分量最重的 ${expected.ranked} 篇（出现最多、篇幅最短）中排序`);
      const results = page.locator('.search-results li');
      await expect.poll(() => results.count()).toBe(expected.results.length);
      await expectContains(results.first(), expected.results[0]!.headline);
    } finally {
      rankingLimits.exactCap = before;
      exactLimits.most = fts5Ms;
    }
  }, 120_000);

  it('shows contributor figures per person and month and exports them as CSV', async () => {
    await page.getByRole('link', { name: '署名统计' }).click();
    const rows = page.locator('table tbody tr');
    const expected = app.services.archive.contributors({});
    await expect.poll(() => rows.count()).toBe(expected.length);
    await page.getByLabel('姓名').fill('林晓岚');
    await expectCount(rows, 1);
    await expectContains(rows.first(), '林晓岚');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\ufeff姓名,单位,身份,月份,稿件,字数,图片');
    expect(csv).toContain('林晓岚,,记者,');
  });
});
