import type { Locator, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Photo } from '../../shared/domain/article';
import { bodyJsonFromBlocks } from '../../shared/editor/body';
import type { TestApp } from '../support/app';
import { useDesk } from '../support/desk';
import { expectText, expectValue } from '../support/expect';

const setup = useDesk({ width: 1400, height: 1000 });
let app: TestApp;
let page: Page;
beforeEach(async () => {
  ({ app, page } = setup);
  await page.goto(app.host.url);
});

/** Lines after shashi-2024-03.txt (沙市区 on the 2023 business-climate ranking), moved on a year. */
const KICKER = '2024年全省营商环境评价结果第四场新闻发布会召开';
const HEADLINE = '沙市区2024年营商环境评价大进位';
const LEAD = '本报讯 3月1日下午，“2024年全省营商环境评价结果”系列新闻发布会第四场在武汉召开。';
/** Typed with a full-width input method, as page text often is. */
const SECOND = '２０２４年，沙市区坚持“党政齐抓、高位推动”，打好五大行动“组合拳”。';
const CAPTION = '2024年全省营商环境评价结果新闻发布会现场。';

function captionPhoto(caption: string): Photo {
  return { id: 'p1', hash: null, mime: null, width: null, height: null, fileName: '', caption, credit: { kind: 'photo', people: [] } };
}

function createStory() {
  return app.services.archive.create({
    kicker: KICKER,
    headline: HEADLINE,
    bodyJson: bodyJsonFromBlocks([
      { type: 'paragraph', text: LEAD },
      { type: 'paragraph', text: SECOND },
    ]),
    photos: [captionPhoto(CAPTION)],
  });
}

async function openStory(id: string): Promise<void> {
  await page.goto(`${app.host.url}#/article/${id}`);
  await page.getByLabel('主题').waitFor();
  await page.getByRole('textbox', { name: '正文' }).waitFor();
}

async function waitSaved(): Promise<void> {
  await page.getByTestId('save-state').and(page.locator('[data-state="saved"]')).waitFor();
}

const isFocused = (locator: Locator) => locator.evaluate((el) => el === document.activeElement);
/** The text under the find bar's highlight of the current match in the body. */
const highlighted = () =>
  page.evaluate(() => {
    const highlight = CSS.highlights.get('banmian-find-current');
    return highlight ? [...(highlight as unknown as Set<Range>)].map((r) => r.toString()) : [];
  });

describe('find and replace in the story (查找替换)', () => {
  it('finds across fields, body and captions from Ctrl+F, replaces one and all, undoes in one step, and saves', async () => {
    const story = createStory();
    await openStory(story.id);
    const body = page.getByRole('textbox', { name: '正文' });

    // Ctrl+F while editing opens the story's own find bar, not the archive search.
    await page.getByLabel('主题').click();
    await page.keyboard.press('Control+f');
    const bar = page.getByRole('search', { name: '查找替换' });
    const query = bar.getByLabel('查找');
    await expect.poll(() => isFocused(query)).toBe(true);
    expect(page.url()).toContain(`#/article/${story.id}`);

    await page.keyboard.type('2024');
    const count = bar.getByTestId('find-count');
    const where = bar.getByTestId('find-where');
    // Widths kept apart (the default): the full-width ２０２４ of the second paragraph is not found.
    await expectText(count, '第 1 处，共 4 处');
    await expectText(where, '引题');
    await page.keyboard.press('Enter');
    await expectText(count, '第 2 处，共 4 处');
    await expectText(where, '主题');
    const headline = page.getByLabel('主题');
    await expect
      .poll(() => headline.evaluate((el: HTMLTextAreaElement) => [el.selectionStart, el.selectionEnd]))
      .toEqual([HEADLINE.indexOf('2024'), HEADLINE.indexOf('2024') + 4]);
    await page.keyboard.press('Enter');
    await expectText(where, '正文第 1 段');
    await expect.poll(highlighted).toEqual(['2024']);
    // The focus stays in the bar while the reader moves from match to match.
    expect(await isFocused(query)).toBe(true);
    await page.keyboard.press('Shift+Enter');
    await expectText(where, '主题');
    await page.keyboard.press('Enter');

    // 区分全半角 off: ２０２４ is 2024.
    await bar.getByLabel('区分全半角').uncheck();
    await expectText(count, '第 3 处，共 5 处');
    await query.press('Enter');
    await expectText(where, '正文第 2 段');
    await expect.poll(highlighted).toEqual(['２０２４']);

    // Replace one: the full-width year, then on to the caption.
    await bar.getByLabel('替换为').fill('2025');
    await bar.getByRole('button', { name: '替换', exact: true }).click();
    await expect.poll(() => body.innerText()).toContain('2025年，沙市区坚持');
    await expectText(count, '第 4 处，共 4 处');
    await expectText(where, '图片说明 1');

    // Replace all: kicker, headline, body and caption at once.
    await bar.getByRole('button', { name: '全部替换' }).click();
    await expectText(count, '未找到已替换 4 处');
    await expectValue(page.getByLabel('引题'), KICKER.replace('2024', '2025'));
    await expectValue(headline, HEADLINE.replace('2024', '2025'));
    await expectValue(page.getByLabel('图片说明 1'), CAPTION.replace('2024', '2025'));
    await expect.poll(() => body.innerText()).toContain(LEAD.replace('2024', '2025'));
    await waitSaved();
    await expect.poll(() => app.services.archive.get(story.id).headline).toBe(HEADLINE.replace('2024', '2025'));
    expect(app.services.archive.get(story.id).body.map((b) => b.text)).toEqual([
      LEAD.replace('2024', '2025'),
      SECOND.replace('２０２４', '2025'),
    ]);

    // One undo puts back everything the replace-all changed, and only that; Ctrl+Z in the bar
    // then takes back the single replace.
    await bar.getByRole('button', { name: '撤销替换' }).click();
    await expectText(count, '第 1 处，共 4 处已撤销替换');
    await expectValue(page.getByLabel('引题'), KICKER);
    await expectValue(headline, HEADLINE);
    await expectValue(page.getByLabel('图片说明 1'), CAPTION);
    await expect.poll(() => body.innerText()).toContain(LEAD);
    await expect.poll(() => body.innerText()).toContain('2025年，沙市区坚持');
    await query.focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => body.innerText()).toContain(SECOND);
    await expect(bar.getByRole('button', { name: '撤销替换' }).count()).resolves.toBe(0);

    // Saved as it now stands: read again from the archive.
    await waitSaved();
    await expect.poll(() => app.services.archive.get(story.id).body.map((b) => b.text)).toEqual([LEAD, SECOND]);
    await page.reload();
    await expectValue(page.getByLabel('主题'), HEADLINE);
    await expectValue(page.getByLabel('引题'), KICKER);
    await expectValue(page.getByLabel('图片说明 1'), CAPTION);
    await expect.poll(() => page.getByRole('textbox', { name: '正文' }).innerText()).toContain(SECOND);
    const saved = app.services.archive.get(story.id);
    expect([saved.kicker, saved.headline, saved.photos[0]!.caption]).toEqual([KICKER, HEADLINE, CAPTION]);
  });

  it('opens on Ctrl+H at 替换为, leaves the reader at the match on Esc, and replaces in the body as one step of the editor’s own undo', async () => {
    const story = createStory();
    await openStory(story.id);
    const body = page.getByRole('textbox', { name: '正文' });
    await body.click();
    await page.keyboard.press('Control+h');
    const bar = page.getByRole('search', { name: '查找替换' });
    await expect.poll(() => isFocused(bar.getByLabel('替换为'))).toBe(true);
    await bar.getByLabel('查找').fill('营商环境');
    await expectText(bar.getByTestId('find-count'), '第 1 处，共 4 处');
    await bar.getByLabel('替换为').fill('营商环境（评价）');
    await bar.getByRole('button', { name: '替换', exact: true }).click();
    await expectValue(page.getByLabel('引题'), KICKER.replace('营商环境', '营商环境（评价）'));
    // Next is the headline: Esc closes the bar and puts the focus on the match there.
    await expectText(bar.getByTestId('find-where'), '主题');
    await page.keyboard.press('Escape');
    await expect(bar.count()).resolves.toBe(0);
    const headline = page.getByLabel('主题');
    await expect.poll(() => isFocused(headline)).toBe(true);
    expect(await headline.evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd))).toBe('营商环境');

    // In the body: replaced in place, undone by the editor's own Ctrl+Z in one step.
    await page.keyboard.press('Control+f');
    await bar.getByLabel('查找').fill('五大行动');
    await expectText(bar.getByTestId('find-where'), '正文第 2 段');
    await bar.getByLabel('替换为').fill('六大行动');
    await bar.getByRole('button', { name: '替换', exact: true }).click();
    await expect.poll(() => body.innerText()).toContain('打好六大行动');
    await expectText(bar.getByTestId('find-count'), '未找到');
    await page.keyboard.press('Escape');
    await body.click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => body.innerText()).toContain('打好五大行动');
  });

  it('finds but does not replace in a story that may not be changed (signed off)', async () => {
    const story = createStory();
    for (const action of ['submit', 'edit', 'approve'] as const) app.services.archive.setStatus(story.id, action);
    await openStory(story.id);
    await page.getByTestId('edit-refusal').waitFor();
    await page.keyboard.press('Control+f');
    const bar = page.getByRole('search', { name: '查找替换' });
    await page.keyboard.type('2024');
    await expectText(bar.getByTestId('find-count'), '第 1 处，共 4 处');
    expect(await bar.getByRole('button', { name: '替换', exact: true }).isDisabled()).toBe(true);
    expect(await bar.getByRole('button', { name: '全部替换' }).isDisabled()).toBe(true);
    expect(app.services.archive.get(story.id).headline).toBe(HEADLINE);
  });

  it('keeps Ctrl+Shift+F for the archive search from a story, and Ctrl+F for it on the desk', async () => {
    const story = createStory();
    await openStory(story.id);
    await page.getByLabel('主题').click();
    await page.keyboard.press('Control+Shift+F');
    const search = page.getByLabel('查找');
    await expect.poll(() => page.url()).not.toContain('#/article/');
    await expect.poll(() => isFocused(search)).toBe(true);
    await page.keyboard.type('营商环境评价大进位');
    const rows = page.locator('.search-results li');
    await expect.poll(() => rows.first().innerText()).toContain(HEADLINE);

    await page.getByLabel('状态').focus();
    await page.keyboard.press('Control+f');
    await expect.poll(() => isFocused(search)).toBe(true);
  });
});
