import { afterEach, describe, expect, it } from 'vitest';
import { exportPage } from '../../electron/export/export-page';
import type { AppServices } from '../../electron/services/app-services';
import type { LayoutPage } from '../../shared/api/contract';
import type { Placement } from '../../shared/domain/layout';
import { bodyJsonFromBlocks } from '../../shared/editor/body';
import { flowsOf, storiesOf } from '../../shared/typeset/copyfit';
import { setPage, type SetFrame } from '../../shared/typeset/frame';
import { fullDraft } from '../support/drafts';
import { pageText } from '../support/fixtures';
import { asAdmin, openServices } from '../support/services';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());

async function call<T>(services: AppServices, method: Parameters<AppServices['call']>[0], input: unknown): Promise<T> {
  const result = await services.call(method, input, await asAdmin(services));
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return result.value as T;
}

async function refusal(services: AppServices, method: string, input: unknown) {
  const result = await services.call(method, input, await asAdmin(services));
  expect(result.ok, `${method} should be refused`).toBe(false);
  return result.ok ? { code: '' } : result.error;
}

/** Real printed text: the fixture page's lines of Chinese, eight to a paragraph (about 130 characters each). */
function printedParagraphs(count: number): string[] {
  const lines = pageText('jingzhou-2023-11.txt')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length >= 12 && /^\p{Script=Han}/u.test(l));
  const paragraphs: string[] = [];
  for (let i = 0; paragraphs.length < count; i += 8) paragraphs.push(lines.slice(i, i + 8).join(''));
  return paragraphs;
}

const DATE = '2026-12-01';

const part = (id: string, articleId: string, patch: Partial<Placement> = {}): Placement => ({
  id,
  articleId,
  column: 0,
  span: 2,
  top: 0,
  depth: 30,
  bodySpan: 2,
  split: 2,
  headlineSize: 'medium',
  photos: [],
  ...patch,
});

/** Body lines as printed, the lines the desk wrote (jump lines) apart; spaces aside, as a line's end drops them. */
const bodyText = (frame: SetFrame) =>
  frame.lines
    .filter((l) => l.role === 'body')
    .map((l) => l.line.text)
    .join('')
    .replace(/\s/gu, '');
const printed = (text: string) => text.replace(/\s/gu, '');

async function editionWithLongStory() {
  const services = openServices(temp);
  const paragraphs = printedParagraphs(12);
  const a = services.archive.create();
  services.archive.save(
    a.id,
    a.version,
    fullDraft({
      headline: '我市启动污染天气应急临时管控',
      jump: '',
      source: '',
      bodyJson: bodyJsonFromBlocks(paragraphs.map((text) => ({ type: 'paragraph' as const, text }))),
    }),
  );
  await call(services, 'layout.createEdition', { date: DATE, number: 1, totalNumber: 1, paper: '荆州日报' });
  for (const n of [1, 2, 3]) await call(services, 'layout.addPage', { date: DATE, number: n, section: '要闻', editor: '' });
  return { services, articleId: a.id, paragraphs };
}

const framesOf = (layout: LayoutPage) => setPage(layout.page, storiesOf(layout), flowsOf(layout));

describe('a story continued on another page (转版)', () => {
  it('runs the text on from the first part to the next, with jump lines written from where the parts sit', async () => {
    const { services, articleId, paragraphs } = await editionWithLongStory();
    await call(services, 'layout.place', { date: DATE, page: 1, placement: part('start', articleId, { depth: 25 }) });
    // A story stands once in an edition: placing it again as a story of its own is refused.
    expect((await refusal(services, 'layout.place', { date: DATE, page: 3, placement: part('again', articleId) })).code).toBe(
      'ARTICLE_ALREADY_PLACED',
    );
    await call(services, 'layout.place', { date: DATE, page: 3, placement: part('rest', articleId, { depth: 100, continues: true }) });

    const [first] = framesOf(services.archive.layoutPage(DATE, 1));
    const [rest] = framesOf(services.archive.layoutPage(DATE, 3));
    // The first part ends, full, on the jump line set flush right; it is not overset.
    const last = first!.lines.at(-1)!;
    expect(last).toMatchObject({ role: 'jump' });
    expect(last.line.text).toBe('（下转第3版）');
    expect(first!.copyfit.state).toBe('fits');
    expect(first!.overset).toEqual([]);
    // The rest repeats the 主题 only, and opens on where it comes from.
    expect(
      rest!.lines
        .filter((l) => l.role === 'headline')
        .map((l) => l.line.text)
        .join(''),
    ).toBe('我市启动污染天气应急临时管控');
    expect(rest!.lines.some((l) => l.role === 'kicker' || l.role === 'deck' || l.role === 'column')).toBe(false);
    const firstBody = rest!.lines.find((l) => l.role === 'jump' || l.role === 'body')!;
    expect(firstBody.line.text).toBe('（上接第1版）');
    // Not a character lost or set twice between the parts.
    const whole = `${fullDraftByline()}${paragraphs.join('')}`;
    expect(bodyText(first!) + bodyText(rest!)).toBe(printed(whole));
    expect(rest!.copyfit.state).toBe('short');

    // The paragraph cut by the page goes on without an indent; the first part's first line has one.
    const cutAt = bodyText(first!).length;
    expect(cutAt).toBeGreaterThan(0);
    const restFirstLine = rest!.lines.find((l) => l.role === 'body')!;
    expect(restFirstLine.line.glyphs[0]!.x).toBe(0);

    // Moved to page 2, the part's jump lines follow it.
    await call(services, 'layout.unplace', { date: DATE, page: 3, id: 'rest' });
    await call(services, 'layout.place', { date: DATE, page: 2, placement: part('rest', articleId, { depth: 100, continues: true }) });
    const [moved] = framesOf(services.archive.layoutPage(DATE, 1));
    expect(moved!.lines.at(-1)!.line.text).toBe('（下转第2版）');

    // The export prints the same lines.
    const html = (await exportPage(services.archive, services.i18n, DATE, 2, { force: true, bleed: false, cropMarks: false })).html;
    expect(html).toContain('data-line="（上接第1版）"');
  });

  it('writes no jump lines when the first part holds the whole story, and lets a later part stand empty', async () => {
    const { services, articleId } = await editionWithLongStory();
    await call(services, 'layout.place', {
      date: DATE,
      page: 1,
      placement: part('start', articleId, { depth: 100, span: 4, bodySpan: 4, split: 4 }),
    });
    await call(services, 'layout.place', { date: DATE, page: 2, placement: part('rest', articleId, { depth: 20, continues: true }) });
    const [first] = framesOf(services.archive.layoutPage(DATE, 1));
    const [rest] = framesOf(services.archive.layoutPage(DATE, 2));
    expect(first!.lines.some((l) => l.role === 'jump')).toBe(false);
    expect(first!.copyfit.state).toBe('short');
    expect(rest!.lines.some((l) => l.role === 'body' || l.role === 'jump')).toBe(false);
  });

  it('refuses a continuation of a story not begun in the edition, and starts the story in its next part when the first is taken off', async () => {
    const { services, articleId, paragraphs } = await editionWithLongStory();
    const alone = await refusal(services, 'layout.place', { date: DATE, page: 2, placement: part('rest', articleId, { continues: true }) });
    expect(alone.code).toBe('CONTINUATION_WITHOUT_START');

    await call(services, 'layout.place', { date: DATE, page: 1, placement: part('start', articleId, { depth: 25 }) });
    await call(services, 'layout.place', { date: DATE, page: 2, placement: part('rest', articleId, { depth: 100, continues: true }) });
    await call(services, 'layout.unplace', { date: DATE, page: 1, id: 'start' });
    const page2 = services.archive.layoutPage(DATE, 2);
    expect(page2.page.placements[0]).not.toHaveProperty('continues');
    const [whole] = framesOf(page2);
    expect(whole!.lines.some((l) => l.role === 'kicker')).toBe(true);
    expect(whole!.lines.some((l) => l.role === 'jump')).toBe(false);
    expect(bodyText(whole!)).toBe(printed(`${fullDraftByline()}${paragraphs.join('')}`));
  });
});

/** The standard byline fullDraft writes, as it opens the first paragraph. */
function fullDraftByline(): string {
  return '本报讯（记者王子瑶 通讯员陈勇）';
}
