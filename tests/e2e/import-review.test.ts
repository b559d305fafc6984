import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app';
import { useDesk } from '../support/desk';
import { expectContains, expectValue } from '../support/expect';
import { pageText } from '../support/fixtures';
import { importBytes } from '../../electron/import/import-file';

const setup = useDesk({ width: 1400, height: 1000 });
let app: TestApp;
let page: Page;
beforeEach(async () => {
  ({ app, page } = setup);
  await page.goto(app.host.url);
});

describe('reviewing imported stories in Chromium, through the browser host', () => {
  it('lists imports least sure first and puts one right in one step each: a headline, a join, a split', async () => {
    const archive = app.services.archive;
    const { articleIds } = importBytes(archive, Buffer.from(pageText('shashi-2024-06.txt')), 'shashi-2024-06.txt', {
      editionDate: '2024-06-25',
    });
    const queue = archive.reviewQueue();

    await page.getByRole('button', { name: '导入待核' }).click();
    const panel = page.getByRole('region', { name: '导入待核' });
    const rows = panel.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(queue.length);
    const shown = (await rows.locator('td:first-child').allInnerTexts()).map((s) => Number.parseInt(s, 10));
    expect(shown).toEqual(queue.map((q) => Math.round(q.confidence * 100)));
    expect(shown[0]).toBeLessThan(shown.at(-1)!);
    await expectContains(rows.first(), '主题');

    // The least sure story: its second paragraph made its headline.
    await rows.first().getByRole('link').click();
    const least = archive.get(queue[0]!.id);
    const fixes = page.getByRole('group', { name: '更正导入' });
    await expectContains(page.getByTestId('doubtful-parts'), '存疑之处');
    await fixes.getByLabel('段落').selectOption({ index: 1 });
    await fixes.getByRole('button', { name: '把这段设为主题' }).click();
    await expect.poll(() => page.getByLabel('主题', { exact: true }).inputValue()).toBe(least.body[1]!.text);
    await fixes.waitFor({ state: 'detached' });
    expect(archive.get(least.id)).toMatchObject({
      headline: least.body[1]!.text,
      needsReview: false,
      origin: { confidence: 1, doubts: [] },
    });

    // The first story of the page with the next one joined on.
    const pieces = archive.importPieces(articleIds[0]!);
    const at = pieces.findIndex((p) => p.id === articleIds[0]);
    const [first, second] = [pieces[at]!, pieces[at + 1]!].map((p) => archive.get(p.id));
    await page.goto(`${app.host.url}#/article/${first!.id}`);
    await expectContains(fixes, `同版下一篇：${second!.headline}`);
    await fixes.getByRole('button', { name: '把同版下一篇并入本稿' }).click();
    await fixes.waitFor({ state: 'detached' });
    expect(archive.listTrash().map((e) => e.id)).toEqual([second!.id]);
    expect(archive.get(first!.id).body.map((b) => b.text)).toEqual([
      ...first!.body.map((b) => b.text),
      ...(first!.headline && second!.headline ? [second!.headline] : []),
      ...second!.body.map((b) => b.text),
    ]);

    // A story cut in two at its third paragraph: the second part waits in the queue.
    const long = articleIds.map((id) => archive.get(id)).find((a) => a.needsReview && a.body.length >= 3 && a.id !== least.id)!;
    await page.goto(`${app.host.url}#/article/${long.id}`);
    await fixes.getByLabel('段落').selectOption({ index: 2 });
    await fixes.getByRole('button', { name: '从这段起拆成另一篇' }).click();
    await fixes.waitFor({ state: 'detached' });
    expect(archive.get(long.id).body.map((b) => b.text)).toEqual(long.body.slice(0, 2).map((b) => b.text));
    const part = archive.reviewQueue().find((q) => !articleIds.includes(q.id))!;
    expect(archive.get(part.id).body.map((b) => b.text)).toEqual(long.body.slice(2).map((b) => b.text));
    expect(part.doubts).toContain('no-headline');
  });
});

describe('dates and issue numbers from the desk’s import', () => {
  it('reports the issue a page prints and the files left without a date, whose stories say so for review', async () => {
    const archive = app.services.archive;
    const dated = `2024年6月25日 星期二 第58期 总第12345期\n第2版 沙市新闻 责任编辑：王平\n\n${pageText('shashi-2024-06.txt')}`;
    // No batch date given: the page that prints one is dated by it, the other stays undated.
    await page.getByLabel('导入版面文本').setInputFiles([
      { name: 'dated.txt', mimeType: 'text/plain', buffer: Buffer.from(dated) },
      { name: 'undated.txt', mimeType: 'text/plain', buffer: Buffer.from(pageText('jingzhou-2023-11.txt')) },
    ]);
    const reports = page.getByRole('list', { name: '导入结果' });
    await expectContains(reports, '没有出版日期的文件 1 个');
    await expectContains(reports, '出版日期 2024-06-25，第58期，总第12345期');
    await expectContains(reports, 'undated.txt：导入');
    await expectContains(reports, '没有出版日期，稿件已标为待核');

    const undated = archive.db
      .prepare(
        "SELECT a.id FROM articles a JOIN imports i ON i.id = a.import_id WHERE i.file_name = 'undated.txt' ORDER BY a.import_first_line",
      )
      .pluck()
      .all() as string[];
    expect(undated.length).toBeGreaterThan(0);
    expect(undated.map((id) => archive.get(id).editionDate)).toEqual(undated.map(() => null));
    await page.goto(`${app.host.url}#/article/${undated[0]}`);
    const note = page.getByRole('note');
    await expectContains(note, '版面和导入都没有给出出版日期');
    await expectContains(page.getByTestId('doubtful-parts'), '日期');
  });
});

describe('an undated page given its date from the review', () => {
  it('shows its stories undated in search, then dates the whole page from one story', async () => {
    const archive = app.services.archive;
    // neither the page (its printed dates taken out) nor the batch dates it
    const undated = pageText('shashi-2024-06.txt').replace(/\d{4}\s*年\s*\d+\s*月\s*\d+\s*日/gu, '');
    const { articleIds } = importBytes(archive, Buffer.from(undated), 'undated.txt');
    const story = archive.get(articleIds[0]!);
    const word = story.body[0]!.text.slice(2, 6);

    await page.getByLabel('查找').fill(word);
    const result = page.locator('.search-results li').filter({ has: page.locator(`a[href="#/article/${story.id}"]`) });
    await expectContains(result, '日期不详');

    await page.goto(`${app.host.url}#/article/${story.id}`);
    const note = page.getByRole('note');
    await expectContains(note, '版面和导入都没有给出出版日期');
    const dating = page.getByRole('group', { name: '出版日期和版次' });
    await expectValue(dating.getByLabel('出版日期', { exact: true }), '');
    await dating.getByLabel('出版日期', { exact: true }).fill('2024-06-25');
    await dating.getByLabel('版次').fill('2');
    await dating.getByRole('button', { name: '定为此日期' }).click();
    await expectContains(
      page.getByRole('alert'),
      `出版日期已定为 2024-06-25，同版另有 ${articleIds.length - 1} 篇未定日期的稿件一并定为此日期`,
    );
    await expect.poll(() => note.innerText()).not.toContain('版面和导入都没有给出出版日期');
    for (const id of articleIds) expect(archive.get(id)).toMatchObject({ editionDate: '2024-06-25', page: 2 });
    expect(archive.search({ q: word, filters: { from: '2024-06-25', to: '2024-06-25' } }).results.map((r) => r.id)).toContain(story.id);

    // the desk's search shows the date now
    await page.goto(app.host.url);
    await page.getByLabel('查找').fill(word);
    await expectContains(result, '2024-06-25');
  });
});
