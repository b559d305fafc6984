import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { bodyJsonFromBlocks } from '../../shared/editor/body';
import { flowsOf, storiesOf } from '../../shared/typeset/copyfit';
import { setPage } from '../../shared/typeset/frame';
import type { TestApp } from '../support/app';
import { useDesk } from '../support/desk';
import { pageText } from '../support/fixtures';

const setup = useDesk({ width: 1500, height: 1100 });
let app: TestApp;
let page: Page;
beforeEach(() => {
  ({ app, page } = setup);
});

const DATE = '2026-12-05';
const HEADLINE = '长江荆州段进入枯水期';

/** An edition of two pages and a long story of real printed text, begun on page 1 below room for a masthead. */
function editionWithLongStory(): string {
  const lines = pageText('jingzhou-2023-11.txt')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length >= 12 && /^\p{Script=Han}/u.test(l));
  const paragraphs = Array.from({ length: 10 }, (_, k) => lines.slice(k * 8, k * 8 + 8).join(''));
  const story = app.services.archive.create({
    headline: HEADLINE,
    bodyJson: bodyJsonFromBlocks(paragraphs.map((text) => ({ type: 'paragraph' as const, text }))),
  });
  app.services.archive.createEdition({ date: DATE, number: 58, totalNumber: 12345, paper: '荆州日报' });
  for (const number of [1, 2]) app.services.archive.addPage({ date: DATE, number, section: number === 1 ? '要闻' : '综合', editor: '' });
  app.services.archive.place(DATE, 1, {
    id: 'start',
    articleId: story.id,
    column: 0,
    span: 2,
    top: 14,
    depth: 24,
    bodySpan: 2,
    split: 2,
    headlineSize: 'medium',
    photos: [],
  });
  return story.id;
}

/** The lines of a placement as drawn in the page view. */
const drawn = (placementId: string) =>
  page.locator(`[data-placement="${placementId}"] .set-line`).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.line ?? ''));

/** The same lines as the composer sets them, from the archive. */
function composed(number: number, placementId: string): string[] {
  const layout = app.services.archive.layoutPage(DATE, number);
  const frame = setPage(layout.page, storiesOf(layout), flowsOf(layout)).find((f) => f.placementId === placementId);
  return frame?.lines.map((l) => l.line.text) ?? [];
}

describe('转版 and the 报头 in the layout desk', () => {
  it('continues a story from page 1 on page 2, with the jump lines written from where the parts sit', async () => {
    const articleId = editionWithLongStory();
    await page.goto(`${app.host.url}#/layout/${DATE}/2`);
    const picker = page.getByRole('group', { name: '要排的稿件', exact: true });
    await page.getByLabel('查找稿件').fill('枯水期');
    const choice = picker.getByRole('radio', { name: new RegExp(`^${HEADLINE}.*已排第1版`, 'u') });
    await choice.waitFor();
    // Begun on another page, it is offered to go on here.
    expect(await choice.isDisabled()).toBe(false);
    await choice.check();
    await page.getByRole('button', { name: '转版：从第1版接排到本版' }).click();
    await expect
      .poll(() => app.services.archive.layoutPage(DATE, 2).page.placements.filter((p) => p.articleId === articleId && p.continues).length)
      .toBe(1);
    const rest = app.services.archive.layoutPage(DATE, 2).page.placements[0]!;
    await page.locator(`[data-placement="${rest.id}"] .set-line[data-line="（上接第1版）"]`).waitFor({ state: 'attached' });
    await expect.poll(() => drawn(rest.id), { timeout: 10_000 }).toEqual(composed(2, rest.id));
    // Selected, it says where it comes from.
    await expect.poll(() => page.getByTestId('selected-parts').textContent()).toContain('上接第1版');

    await page.goto(`${app.host.url}#/layout/${DATE}/1`);
    await page.locator('[data-placement="start"] .set-line[data-line="（下转第2版）"]').waitFor({ state: 'attached' });
    await expect.poll(() => drawn('start'), { timeout: 10_000 }).toEqual(composed(1, 'start'));
    expect((await drawn('start')).at(-1)).toBe('（下转第2版）');
  });

  it('gives the front page a masthead from the edition, and keeps its 刊号', async () => {
    editionWithLongStory();
    await page.goto(`${app.host.url}#/layout/${DATE}/1`);
    await page.locator('.frame').first().waitFor();
    await expect.poll(() => page.locator('.page-header').count()).toBe(1);
    await page.getByRole('button', { name: '加报头' }).click();
    const masthead = page.getByTestId('furniture-masthead');
    await masthead.waitFor({ state: 'attached' });
    const texts = () => masthead.locator('.set-line').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.line ?? ''));
    await expect.poll(texts).toEqual(['荆州日报', '2026年12月5日 星期六', '农历丙午年十月廿七', '第58期 总第12345期']);
    // The masthead stands in for the 报眉.
    expect(await page.locator('.page-header').count()).toBe(0);
    const registration = page.getByLabel('刊号（国内统一连续出版物号）');
    await registration.fill('CN 42-0006');
    await registration.press('Enter');
    await expect.poll(texts).toContain('国内统一连续出版物号 CN 42-0006');
    expect(app.services.archive.layoutPage(DATE, 1).page.furniture).toEqual([
      { kind: 'masthead', column: 0, span: 8, top: 0, depth: 12, registration: 'CN 42-0006', publisher: '' },
    ]);
    // Deeper than the room above the story: refused, translated, nothing changed.
    const depth = page.getByRole('group', { name: '报头' }).getByLabel('行数');
    await depth.fill('20');
    await depth.press('Enter');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('固定元素将压住稿件');
    expect(app.services.archive.layoutPage(DATE, 1).page.furniture?.[0]).toMatchObject({ depth: 12 });
    await page.screenshot({ path: '/tmp/banmian-masthead.png' });
  });
});
