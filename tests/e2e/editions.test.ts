import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Placement } from '../../shared/domain/layout';
import { createI18n } from '../../shared/i18n/setup';
import { pagePlan } from '../../shared/layout/page-plan';
import { copyfitText } from '../../shared/typeset/copyfit';
import type { TestApp } from '../support/app';
import { useDesk } from '../support/desk';

const setup = useDesk({ width: 1500, height: 1100 });
let app: TestApp;
let page: Page;
beforeEach(() => {
  ({ app, page } = setup);
});

const DATE = '2026-12-01';

const placement = (articleId: string): Placement => ({
  id: `pl-${articleId}`,
  articleId,
  column: 0,
  span: 3,
  top: 0,
  depth: 30,
  bodySpan: 3,
  split: 3,
  headlineSize: 'medium',
  photos: [],
});

/** The pages of the edition as the archive holds them: `number:section[stories]`. */
const pagesInArchive = () =>
  app.services.archive.edition(DATE).pages.map((p) => `${p.number}:${p.section}[${p.placements.map((x) => x.articleId).join(',')}]`);

/** Waits until the archive holds what the desk was told to do (the archive's rows are the signal). */
async function archiveSays(expected: string[]): Promise<void> {
  await expect.poll(pagesInArchive, { timeout: 10_000 }).toEqual(expected);
}

describe('the edition whole in the layout desk', () => {
  it('makes an edition, gives it its first pages, renames, renumbers and deletes a page after asking, and shows the page plan', async () => {
    const [first, second] = app.services.archive.list({}).map((a) => a.id) as [string, string];
    await page.goto(`${app.host.url}#/layout`);
    await page.getByRole('heading', { name: '期次' }).waitFor();

    // A new edition: it opens empty, with the form for its first page open.
    await page.getByText('新建一期', { exact: true }).click();
    const newEdition = page.getByRole('form', { name: '新建一期' });
    await newEdition.getByLabel('出版日期').fill(DATE);
    await newEdition.getByLabel('期号', { exact: true }).fill('240');
    await newEdition.getByLabel('总期号').fill('15010');
    await newEdition.getByLabel('报名', { exact: true }).fill('沙市日报');
    await newEdition.getByRole('button', { name: '建立' }).click();
    await page.waitForURL(`**/#/layout/${DATE}`);
    await page.getByText('这一期还没有版面，请先加版').waitFor();
    const addPage = page.getByRole('form', { name: `给 ${DATE} 加版` });
    await expect.poll(() => addPage.getByLabel('版次', { exact: true }).inputValue()).toBe('1');
    await addPage.getByLabel('版名', { exact: true }).fill('要闻');
    await addPage.getByLabel('责任编辑').fill('王编辑');
    await addPage.getByRole('button', { name: '加版' }).click();
    await page.waitForURL(`**/#/layout/${DATE}/1`);
    await page.getByRole('toolbar').getByText(`${DATE} 第240期 总第15010期 沙市日报 · 第1版 要闻`).waitFor();

    // A second page: the form offers the next number.
    await page.getByText(`给 ${DATE} 加版`, { exact: true }).click();
    await expect.poll(() => addPage.getByLabel('版次', { exact: true }).inputValue()).toBe('2');
    await addPage.getByLabel('版名', { exact: true }).fill('综合');
    await addPage.getByRole('button', { name: '加版' }).click();
    await page.waitForURL(`**/#/layout/${DATE}/2`);
    await archiveSays(['1:要闻[]', '2:综合[]']);

    // A story on each page (placing is the layout desk's own business, tested elsewhere).
    app.services.archive.place(DATE, 1, placement(first));
    app.services.archive.place(DATE, 2, placement(second));
    await page.reload();
    await page.locator('.frame').first().waitFor();

    // Page 2 renamed and renumbered to 3: its story goes with it, and the desk follows it.
    await page.getByRole('button', { name: `修改 ${DATE} 第2版`, exact: true }).click();
    const edit = page.getByRole('form', { name: `修改 ${DATE} 第2版` });
    await edit.getByLabel('版次', { exact: true }).fill('3');
    await edit.getByLabel('版名', { exact: true }).fill('沙市新闻');
    await edit.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(`**/#/layout/${DATE}/3`);
    await archiveSays([`1:要闻[${first}]`, `3:沙市新闻[${second}]`]);
    await page
      .getByRole('link', { name: `${DATE} 打开第3版`, exact: true })
      .filter({ hasText: '第3版 沙市新闻' })
      .waitFor();

    // Deleted after the desk says what becomes of its story: taken off, not deleted.
    await page.getByRole('button', { name: `删除 ${DATE} 第3版`, exact: true }).click();
    const confirm = page.getByRole('alertdialog', { name: `删除 ${DATE} 第3版？` });
    await expect.poll(() => confirm.textContent()).toContain('上面排有 1 篇稿件');
    // Cancelled, nothing happens.
    await confirm.getByRole('button', { name: '取消' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(pagesInArchive()).toHaveLength(2);
    await page.getByRole('button', { name: `删除 ${DATE} 第3版`, exact: true }).click();
    await confirm.getByRole('button', { name: '确认删除' }).click();
    await archiveSays([`1:要闻[${first}]`]);
    await page
      .getByRole('status')
      .filter({ hasText: `已删除 ${DATE} 第3版，1 篇稿件已撤下` })
      .waitFor();
    await page.waitForURL(`**/#/layout/${DATE}/1`);
    expect(app.services.archive.get(second).id).toBe(second);
    expect(app.services.archive.slots(second).filter((s) => s.date === DATE)).toEqual([]);
    expect(app.services.archive.list({}).map((a) => a.id)).toContain(second);

    // The page plan: every page, each story with its status and the composer's copyfit.
    await page.getByRole('link', { name: `${DATE} 版面计划`, exact: true }).click();
    await page.waitForURL(`**/#/plan/${DATE}`);
    await page.getByRole('heading', { name: `版面计划 · ${DATE} 第240期 总第15010期 沙市日报` }).waitFor();
    const i18n = createI18n('zh-CN');
    const story = pagePlan(app.services.archive.editionPlan(DATE))[0]!.stories[0]!;
    const row = page.getByTestId('plan-story');
    await expect.poll(() => row.count()).toBe(1);
    const cells = await row.locator('th, td').allTextContents();
    expect(cells).toEqual([
      app.services.archive.get(first).headline,
      i18n.t(`common:status.${app.services.archive.get(first).status}`),
      copyfitText(i18n, story.copyfit),
    ]);
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual(['第1版 要闻']);
    await page.getByText('责任编辑：王编辑').waitFor();

    // A story opens in the story desk, a page in the layout desk.
    await row.getByRole('link').click();
    await page.waitForURL(`**/#/article/${first}`);
    await page.goBack();
    await page.getByRole('link', { name: '第1版 要闻' }).click();
    await page.waitForURL(`**/#/layout/${DATE}/1`);
    await page.locator('.frame').first().waitFor();
  });

  it('moves a page up the edition and deletes a whole edition after asking', async () => {
    const [first] = app.services.archive.list({}).map((a) => a.id) as [string];
    app.services.archive.createEdition({ date: DATE, number: 240, totalNumber: 15_010, paper: '沙市日报' });
    for (const [number, section] of [
      [1, '要闻'],
      [2, '综合'],
    ] as const)
      app.services.archive.addPage({ date: DATE, number, section, editor: '' });
    app.services.archive.place(DATE, 2, placement(first));
    await page.goto(`${app.host.url}#/layout/${DATE}/2`);
    await page.locator('.frame').first().waitFor();
    expect(await page.getByRole('button', { name: `上移 ${DATE} 第1版`, exact: true }).isDisabled()).toBe(true);

    await page.getByRole('button', { name: `上移 ${DATE} 第2版`, exact: true }).click();
    await archiveSays([`1:综合[${first}]`, '2:要闻[]']);
    // The desk follows the page it showed to its new number.
    await page.waitForURL(`**/#/layout/${DATE}/1`);

    await page.getByRole('button', { name: `删除 ${DATE} 这一期`, exact: true }).click();
    const confirm = page.getByRole('alertdialog', { name: `删除 ${DATE} 这一期和它的 2 个版面？` });
    await expect.poll(() => confirm.textContent()).toContain('上面排有 1 篇稿件');
    await confirm.getByRole('button', { name: '确认删除' }).click();
    await expect.poll(() => app.services.archive.editions().map((e) => e.date)).not.toContain(DATE);
    await page
      .getByRole('status')
      .filter({ hasText: `已删除 ${DATE} 这一期，1 篇稿件已撤下` })
      .waitFor();
    expect(app.services.archive.get(first).id).toBe(first);
  });

  it('keeps a page as a template (版式模板) and starts a new page from it', async () => {
    app.services.archive.createEdition({ date: DATE, number: 240, totalNumber: 15010, paper: '沙市日报' });
    app.services.archive.addPage({ date: DATE, number: 1, section: '副刊', editor: '', preset: 'tabloid' });
    await page.goto(`${app.host.url}#/layout/${DATE}/1`);
    await page.getByRole('button', { name: `修改 ${DATE} 第1版`, exact: true }).click();
    const edit = page.getByRole('form', { name: `修改 ${DATE} 第1版` });
    await edit.getByLabel('模板名称').fill('周末副刊');
    await edit.getByRole('button', { name: '存为模板' }).click();
    await edit.getByText('已存为模板“周末副刊”').waitFor();
    expect(app.services.archive.templates().map((t) => t.name)).toEqual(['周末副刊']);

    await page.reload();
    await page.getByText(`给 ${DATE} 加版`, { exact: true }).click();
    const addPage = page.getByRole('form', { name: `给 ${DATE} 加版` });
    await addPage.getByLabel('版面模板').selectOption({ label: '周末副刊（副刊）' });
    await addPage.getByRole('button', { name: '加版' }).click();
    await page.waitForURL(`**/#/layout/${DATE}/2`);
    const added = app.services.archive.edition(DATE).pages.find((p) => p.number === 2)!;
    expect(added.section).toBe('副刊');
    expect(added.geometry).toEqual(app.services.archive.edition(DATE).pages[0]!.geometry);
  });
});
