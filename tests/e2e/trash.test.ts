import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app';
import { TEST_ACCOUNT } from '../support/app';
import { useDesk } from '../support/desk';
import { expectContains, expectCount } from '../support/expect';
import { fullDraft } from '../support/drafts';
import { bodyJsonFromBlocks } from '../../shared/editor/body';

const setup = useDesk({ width: 1400, height: 1000 });
let app: TestApp;
let page: Page;
beforeEach(async () => {
  ({ app, page } = setup);
  await page.goto(app.host.url);
});

const HEADLINE = '梁子湖大闸蟹开捕';

describe('the trash (回收站) in Chromium, through the browser host', () => {
  it('a story deleted from the editor leaves the desk and search, waits in the trash, and is restored', async () => {
    const story = app.services.archive.create(
      fullDraft({
        headline: HEADLINE,
        bodyJson: bodyJsonFromBlocks([{ type: 'paragraph', text: '鄂州梁子湖今年的大闸蟹个大膏肥。' }]),
      }),
    );
    // Written behind the desk's back after the page asked for its list (as the page starts): shown on a reload.
    await page.reload();
    const rows = page.locator('table.article-table tbody tr');
    await expectContains(page.locator('table.article-table'), HEADLINE);

    await page.getByRole('link', { name: HEADLINE }).click();
    await page.getByRole('button', { name: '删除稿件' }).click();
    const confirm = page.getByRole('group', { name: '删除稿件' });
    await expectContains(confirm, '30 天内可从回收站恢复');
    await confirm.getByRole('button', { name: '移入回收站' }).click();

    // Back at the desk, without the story.
    await page.getByRole('heading', { name: '稿库' }).waitFor();
    await expect.poll(() => rows.count()).toBe(app.services.archive.list({}).length);
    await expect.poll(() => page.locator('table.article-table').innerText()).not.toContain(HEADLINE);
    expect(app.services.archive.listTrash().map((e) => e.id)).toEqual([story.id]);

    await page.getByLabel('查找').fill('梁子湖');
    await expectContains(page.getByRole('status'), '找到 0 篇');
    await page.getByLabel('查找').fill('');

    await page.getByRole('button', { name: '回收站' }).click();
    const trash = page.getByRole('region', { name: '回收站' });
    const row = trash.getByRole('row', { name: new RegExp(HEADLINE) });
    await expectContains(row, TEST_ACCOUNT);
    await expectContains(row, '还剩 30 天');
    await trash.getByRole('button', { name: `恢复《${HEADLINE}》` }).click();
    await expectContains(trash.getByRole('status'), `《${HEADLINE}》已恢复`);
    await expectContains(trash, '回收站是空的');

    await page.getByRole('button', { name: '回收站' }).click();
    await expectContains(page.locator('table.article-table'), HEADLINE);
    await page.getByLabel('查找').fill('梁子湖');
    await expectCount(page.locator('.search-results li'), 1);
    await expectContains(page.locator('.search-results'), HEADLINE);
    expect(app.services.archive.listTrash()).toEqual([]);
  });
});
