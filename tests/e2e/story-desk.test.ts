import { readdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toPlainArticle } from '../../shared/domain/plain-article';
import { startTestApp, type TestApp } from '../support/app';
import { launchChromium, watchProblems } from '../support/browser';
import { expectContains, expectText, expectValue } from '../support/expect';
import { makePng } from '../support/images';

let browser: Browser;
let app: TestApp;
let page: Page;
let problems: string[];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  app = await startTestApp();
  page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
  problems = watchProblems(page);
  await page.goto(app.host.url);
});
afterEach(async () => {
  await page.close();
  await app.stop();
  expect(problems).toEqual([]);
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
      await page.getByLabel('身份', { exact: true }).nth(n - 1).selectOption({ label: role });
      await page.getByLabel('姓名', { exact: true }).nth(n - 1).fill(name);
      if (outlet) await page.getByLabel('单位', { exact: true }).nth(n - 1).fill(outlet);
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
    await expect
      .poll(() => app.services.archive.get(id).source, { intervals: [50], timeout: 3000 })
      .toBe('（原载11月27日《湖北日报》）');
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
    expect(plain.photos).toEqual([
      expect.objectContaining({ caption: '研讨班开班现场。', credit: expect.objectContaining({ kind: 'photo', names: ['汤海娟'] }) }),
    ]);
  });
});
