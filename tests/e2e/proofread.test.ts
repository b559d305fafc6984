import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app';
import { useDesk } from '../support/desk';
import { expectValue } from '../support/expect';

const setup = useDesk({ width: 1400, height: 1000 });
let app: TestApp;
let page: Page;
beforeEach(async () => {
  ({ app, page } = setup);
  await page.goto(app.host.url);
});

async function waitSaved(): Promise<void> {
  await page.getByTestId('save-state').and(page.locator('[data-state="saved"]')).waitFor();
}

const panel = () => page.getByTestId('proofread-panel');
const count = () => page.getByTestId('proofread-count').and(page.locator('[data-stale="false"]'));
const bodyText = () => page.getByRole('textbox', { name: '正文' }).innerText();

describe('proofreading in the story editor (校对), in Chromium', () => {
  it('finds what the editor types, fixes one with a click and a kind at once (one undo), keeps an ignored one for the story', async () => {
    await page.getByRole('button', { name: '新建稿件' }).click();
    await page.getByLabel('主题').fill('区委编办再接再励');
    const body = page.getByRole('textbox', { name: '正文' });
    await body.click();
    // Typed as fast as a person types: the findings follow in the pause, never in the way.
    await page.keyboard.type('近日,省委编办印发通报,区委编办荣获全省二等奖。');
    await page.keyboard.press('Enter');
    await page.keyboard.type('会议强调的的重要性。');
    await expect.poll(() => count().innerText()).toBe('4 处');
    const groups = panel().getByRole('group');
    await expect.poll(() => groups.allInnerTexts()).toHaveLength(3);
    await expect.poll(() => panel().innerText()).toContain('正文第 1 段');
    await expect.poll(() => panel().innerText()).toContain('中文里用了半角标点 ,');

    // One click: the headline's wrong word.
    await panel().getByRole('button', { name: '改为“再接再厉”' }).click();
    await expectValue(page.getByLabel('主题'), '区委编办再接再厉');

    // A kind at once: both half-width commas in the body, then one undo takes both back.
    await panel().getByRole('button', { name: '中文里的半角标点：全部修改 2 处' }).click();
    await expect.poll(bodyText).toContain('近日，省委编办印发通报，区委编办');
    await body.click();
    await page.keyboard.press('Control+z');
    await expect.poll(bodyText).toContain('近日,省委编办印发通报,区委编办');
    await panel().getByRole('button', { name: '中文里的半角标点：全部修改 2 处' }).click();
    await expect.poll(bodyText).toContain('近日，省委编办印发通报，区委编办');

    // Kept on purpose: listed no more, counted apart, and still kept after a reload.
    await panel().getByRole('button', { name: '忽略“的的”' }).click();
    await expect.poll(() => count().innerText()).toBe('未发现问题');
    await expect.poll(() => panel().innerText()).toContain('本稿已忽略 1 处');
    await waitSaved();
    await page.reload();
    await expect.poll(() => count().innerText()).toBe('未发现问题');
    await expect.poll(() => panel().innerText()).toContain('本稿已忽略 1 处');

    // A new slip as the editor types on is found in its paragraph.
    await page.getByRole('textbox', { name: '正文' }).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('工作己经完成。');
    await expect.poll(() => panel().innerText()).toContain('错别字：己经');
    await panel().getByRole('button', { name: '正文第 2 段' }).click();
    const selected = await page.evaluate(() => window.getSelection()?.toString());
    expect(selected).toBe('己经');
  });

  it('lets the chief editor set the house’s rules: its own wrong words, and rules switched off', async () => {
    await page.getByRole('button', { name: '新建稿件' }).click();
    await page.getByLabel('主题').fill('区委编办获全省表彰');
    await expect.poll(() => count().innerText()).toBe('未发现问题');
    await panel().getByRole('button', { name: '本报校对规则' }).click();
    const form = page.getByRole('form', { name: '本报校对规则' });
    await form.getByLabel('本报错别字表').fill('编办 → 机构编制委员会办公室\n不成对');
    await form.getByRole('button', { name: '保存规则' }).click();
    await expect.poll(() => form.getByRole('alert').innerText()).toContain('本报错别字表 2');
    await form.getByLabel('本报错别字表').fill('编办 → 机构编制委员会办公室');
    await form.getByLabel('字重复').uncheck();
    await form.getByRole('button', { name: '保存规则' }).click();
    await expect.poll(() => panel().innerText()).toContain('错别字：编办');
    expect(app.services.archive.settings().proofreading).toEqual({
      off: ['repeated-char'],
      typos: [{ wrong: '编办', right: '机构编制委员会办公室' }],
      avoid: [],
    });
  });
});
