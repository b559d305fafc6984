import { afterEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../electron/accounts/authority';
import type { AppServices } from '../../electron/services/app-services';
import type { EditionPlan, LayoutPage, PageTemplate } from '../../shared/api/contract';
import type { Edition, Placement } from '../../shared/domain/layout';
import { bodyJsonFromBlocks } from '../../shared/editor/body';
import { pagePlan, planTotals } from '../../shared/layout/page-plan';
import { tempFolders } from '../support/temp';
import { asAdmin, openServices, signedIn } from '../support/services';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());

const DATE = '2026-11-26';

async function call<T>(services: AppServices, method: string, input: unknown, caller?: Caller): Promise<T> {
  const result = await services.call(method, input, caller ?? (await asAdmin(services)));
  if (!result.ok) throw Object.assign(new Error(`${result.error.code}: ${result.error.message}`), { code: result.error.code });
  return result.value as T;
}

async function refusal(services: AppServices, method: string, input: unknown, caller?: Caller) {
  const result = await services.call(method, input, caller ?? (await asAdmin(services)));
  expect(result.ok, `${method} should be refused`).toBe(false);
  return result.ok ? { code: '', message: '', params: {} } : { ...result.error, params: result.error.params ?? {} };
}

let n = 0;
const placement = (articleId: string, patch: Partial<Placement> = {}): Placement => ({
  id: `p${++n}`,
  articleId,
  column: 0,
  span: 2,
  top: 0,
  depth: 20,
  bodySpan: 2,
  split: 2,
  headlineSize: 'medium',
  photos: [],
  ...patch,
});

/** An edition of four pages (要闻, 沙市新闻, 综合, 副刊), a story placed on page 2 and one on page 3. */
async function edition(services: AppServices): Promise<{ a: string; b: string }> {
  const [a, b] = services.archive.list({}).map((x) => x.id);
  await call(services, 'layout.createEdition', { date: DATE, number: 230, totalNumber: 15_001, paper: '沙市日报' });
  for (const [number, section] of [
    [1, '要闻'],
    [2, '沙市新闻'],
    [3, '综合'],
    [4, '副刊'],
  ] as const) {
    await call(services, 'layout.addPage', { date: DATE, number, section, editor: '王编辑' });
  }
  await call(services, 'layout.place', { date: DATE, page: 2, placement: placement(a!) });
  await call(services, 'layout.place', { date: DATE, page: 3, placement: placement(b!) });
  return { a: a!, b: b! };
}

const sections = (e: Edition) => e.pages.map((p) => `${p.number}:${p.section}`);
const actions = (services: AppServices) => services.archive.audit({ editionDate: DATE, limit: -1 }).map((e) => e.action);

describe('an edition whole: made, renamed, renumbered, reordered, deleted', () => {
  it('changes an edition’s numbers, paper and date, its pages and stories going with it, and refuses a date already taken', async () => {
    const services = openServices(temp);
    const { a } = await edition(services);
    const changed = await call<Edition>(services, 'layout.updateEdition', {
      date: DATE,
      newDate: '2026-11-27',
      number: 231,
      totalNumber: 15_002,
      paper: '沙市日报·周末',
    });
    expect(changed).toMatchObject({ date: '2026-11-27', number: 231, totalNumber: 15_002, paper: '沙市日报·周末' });
    expect(changed.pages.map((p) => p.number)).toEqual([1, 2, 3, 4]);
    expect((await call<{ date: string; page: number }[]>(services, 'layout.slots', { articleId: a }))[0]).toMatchObject({
      date: '2026-11-27',
      page: 2,
    });
    expect((await refusal(services, 'layout.edition', { date: DATE })).code).toBe('NOT_FOUND');

    // The demo edition's date is taken: nothing changes.
    const demo = services.archive.editions().find((e) => e.date !== '2026-11-27')!.date;
    const taken = await refusal(services, 'layout.updateEdition', { date: '2026-11-27', newDate: demo, paper: '别的报' });
    expect(taken.code).toBe('EDITION_EXISTS');
    expect((await call<Edition>(services, 'layout.edition', { date: '2026-11-27' })).paper).toBe('沙市日报·周末');
    const entry = services.archive.audit({ editionDate: '2026-11-27', limit: -1 }).find((e) => e.action === 'layout.updateEdition');
    expect(entry?.detail).toEqual({ number: 231, totalNumber: 15_002, paper: '沙市日报·周末', previousDate: DATE });
  });

  it('renames and renumbers a page, its placements moving with it, and refuses a number already taken', async () => {
    const services = openServices(temp);
    const { a } = await edition(services);
    const page = await call<LayoutPage>(services, 'layout.updatePage', {
      date: DATE,
      number: 2,
      section: '城市新闻',
      editor: '李编辑',
      newNumber: 6,
    });
    expect(page.page).toMatchObject({ number: 6, section: '城市新闻', editor: '李编辑' });
    expect(page.page.placements.map((p) => p.articleId)).toEqual([a]);
    expect(page.stories.map((s) => s.articleId)).toEqual([a]);
    expect((await refusal(services, 'layout.page', { date: DATE, number: 2 })).code).toBe('NOT_FOUND');

    const taken = await refusal(services, 'layout.updatePage', { date: DATE, number: 6, section: '不该改', newNumber: 3 });
    expect(taken.code).toBe('PAGE_EXISTS');
    expect(sections(await call<Edition>(services, 'layout.edition', { date: DATE }))).toEqual(['1:要闻', '3:综合', '4:副刊', '6:城市新闻']);
    const renumbered = services.archive.audit({ editionDate: DATE, page: 6, limit: -1 }).find((e) => e.action === 'layout.updatePage');
    expect(renumbered?.detail).toEqual({ section: '城市新闻', editor: '李编辑', from: 2 });
  });

  it('moves a page up or down the edition, the pages between moving one along with their stories', async () => {
    const services = openServices(temp);
    const { a, b } = await edition(services);
    const up = await call<Edition>(services, 'layout.movePage', { date: DATE, number: 4, to: 2 });
    expect(sections(up)).toEqual(['1:要闻', '2:副刊', '3:沙市新闻', '4:综合']);
    expect(up.pages.find((p) => p.number === 3)!.placements.map((p) => p.articleId)).toEqual([a]);
    expect(up.pages.find((p) => p.number === 4)!.placements.map((p) => p.articleId)).toEqual([b]);

    const down = await call<Edition>(services, 'layout.movePage', { date: DATE, number: 1, to: 3 });
    expect(sections(down)).toEqual(['1:副刊', '2:沙市新闻', '3:要闻', '4:综合']);
    expect(actions(services).filter((x) => x === 'layout.movePage')).toHaveLength(2);
    expect((await refusal(services, 'layout.movePage', { date: DATE, number: 9, to: 1 })).code).toBe('NOT_FOUND');
  });

  it('deletes a page with a story on it only once told to, and the story is taken off, not deleted', async () => {
    const services = openServices(temp);
    const { a } = await edition(services);
    const asked = await refusal(services, 'layout.removePage', { date: DATE, number: 2 });
    expect(asked.code).toBe('PAGE_HAS_STORIES');
    expect(asked.params).toMatchObject({ page: 2, count: 1 });
    expect(asked.message).toContain('1');
    expect(sections(await call<Edition>(services, 'layout.edition', { date: DATE }))).toHaveLength(4);

    const removed = await call<{ edition: Edition; unplaced: string[] }>(services, 'layout.removePage', {
      date: DATE,
      number: 2,
      force: true,
    });
    expect(removed.unplaced).toEqual([a]);
    expect(sections(removed.edition)).toEqual(['1:要闻', '3:综合', '4:副刊']);
    expect(services.archive.get(a).id).toBe(a);
    expect(await call(services, 'layout.slots', { articleId: a })).toEqual([]);
    // The story can go on another page of the edition again.
    await call(services, 'layout.place', { date: DATE, page: 4, placement: placement(a) });

    // An empty page goes without asking.
    await call(services, 'layout.removePage', { date: DATE, number: 1 });
    const trail = services.archive.audit({ articleId: a, limit: -1 });
    expect(trail.find((e) => e.action === 'layout.unplace')?.detail).toMatchObject({ withPage: true });
    expect(actions(services).filter((x) => x === 'layout.removePage')).toHaveLength(2);
  });

  it('deletes an edition with its pages only once told to, its stories kept', async () => {
    const services = openServices(temp);
    const { a, b } = await edition(services);
    const asked = await refusal(services, 'layout.removeEdition', { date: DATE });
    expect(asked.code).toBe('EDITION_HAS_STORIES');
    expect(asked.params).toMatchObject({ count: 2 });
    const removed = await call<{ pages: number; unplaced: string[] }>(services, 'layout.removeEdition', { date: DATE, force: true });
    expect(removed).toEqual({ date: DATE, pages: 4, unplaced: [a, b] });
    expect(services.archive.editions().map((e) => e.date)).not.toContain(DATE);
    expect([services.archive.get(a).id, services.archive.get(b).id]).toEqual([a, b]);
    expect(services.archive.db.prepare('SELECT count(*) FROM pages WHERE edition_id NOT IN (SELECT id FROM editions)').pluck().get()).toBe(
      0,
    );
    expect(actions(services)).toEqual(expect.arrayContaining(['layout.createEdition', 'layout.addPage', 'layout.removeEdition']));
  });

  it('refuses a page template by a name it does not have, adding nothing', async () => {
    const services = openServices(temp);
    await call(services, 'layout.createEdition', { date: DATE, number: 1, totalNumber: 1, paper: '沙市日报' });
    const refused = await refusal(services, 'layout.addPage', { date: DATE, number: 1, section: '要闻', editor: '', template: '头版' });
    expect(refused.code).toBe('TEMPLATE_NOT_FOUND');
    expect(refused.message).toContain('头版');
    expect((await call<Edition>(services, 'layout.edition', { date: DATE })).pages).toEqual([]);
  });

  it('keeps a page’s grid and 版名 as a template, and starts a new page from it', async () => {
    const services = openServices(temp);
    await call(services, 'layout.createEdition', { date: DATE, number: 1, totalNumber: 1, paper: '沙市日报' });
    await call(services, 'layout.addPage', { date: DATE, number: 1, section: '要闻', editor: '', preset: 'tabloid' });
    const first = await call<LayoutPage>(services, 'layout.page', { date: DATE, number: 1 });
    const geometry = { ...first.page.geometry, columns: 5, columnChars: 12.5 };
    await call(services, 'layout.updatePage', { date: DATE, number: 1, geometry });
    const saved = await call<PageTemplate>(services, 'layout.saveTemplate', { name: '要闻版', date: DATE, page: 1 });
    expect(saved).toMatchObject({ name: '要闻版', section: '要闻', geometry });
    expect((await call<PageTemplate[]>(services, 'layout.templates', {})).map((x) => x.name)).toEqual(['要闻版']);

    // A new page from it: its grid, and its 版名 unless given one; the name is found whatever its case.
    const two = await call<LayoutPage>(services, 'layout.addPage', { date: DATE, number: 2, section: '', editor: '', template: '要闻版' });
    expect(two.page).toMatchObject({ section: '要闻', geometry });
    const three = await call<LayoutPage>(services, 'layout.addPage', {
      date: DATE,
      number: 3,
      section: '综合',
      editor: '',
      template: '要闻版',
    });
    expect(three.page).toMatchObject({ section: '综合', geometry });
    expect(actions(services)).toEqual(expect.arrayContaining(['layout.saveTemplate']));

    // Only layout staff keep and remove templates; anyone signed in lists them.
    const reporter = await signedIn(services, { name: '李记者', roles: ['reporter'] });
    expect((await refusal(services, 'layout.saveTemplate', { name: '副刊', date: DATE, page: 1 }, reporter)).code).toBe(
      'PERMISSION_DENIED',
    );
    expect(await call<PageTemplate[]>(services, 'layout.templates', {}, reporter)).toHaveLength(1);
    await call(services, 'layout.removeTemplate', { name: '要闻版' });
    expect((await refusal(services, 'layout.removeTemplate', { name: '要闻版' })).code).toBe('TEMPLATE_NOT_FOUND');
    expect((await refusal(services, 'layout.addPage', { date: DATE, number: 4, section: '', editor: '', template: '要闻版' })).code).toBe(
      'TEMPLATE_NOT_FOUND',
    );
  });

  it('lets only layout staff change editions and pages, and anyone signed in read the plan', async () => {
    const services = openServices(temp);
    await edition(services);
    const reporter = await signedIn(services, { name: '李记者', roles: ['reporter'] });
    const layout = await signedIn(services, { name: '美编', roles: ['layout'] });
    const changes: [string, unknown][] = [
      ['layout.updateEdition', { date: DATE, paper: '改名' }],
      ['layout.removeEdition', { date: DATE, force: true }],
      ['layout.removePage', { date: DATE, number: 4 }],
      ['layout.movePage', { date: DATE, number: 4, to: 1 }],
      ['layout.updatePage', { date: DATE, number: 4, newNumber: 5 }],
    ];
    for (const [method, input] of changes) {
      const refused = await refusal(services, method, input, reporter);
      expect(refused.code, method).toBe('PERMISSION_DENIED');
    }
    expect((await call<EditionPlan>(services, 'layout.plan', { date: DATE }, reporter)).pages).toHaveLength(4);
    await call(services, 'layout.updateEdition', { date: DATE, paper: '改名' }, layout);
    await call(services, 'layout.movePage', { date: DATE, number: 4, to: 1 }, layout);
    await call(services, 'layout.updatePage', { date: DATE, number: 1, newNumber: 5 }, layout);
    await call(services, 'layout.removePage', { date: DATE, number: 5 }, layout);
    await call(services, 'layout.removeEdition', { date: DATE, force: true }, layout);
  });

  it('refuses malformed input at the boundary', async () => {
    const services = openServices(temp);
    await edition(services);
    for (const [method, input] of [
      ['layout.updateEdition', { date: DATE, newDate: '26-11-2026' }],
      ['layout.movePage', { date: DATE, number: 1, to: 0 }],
      ['layout.removePage', { date: DATE, number: 1, force: 'yes' }],
      ['layout.updatePage', { date: DATE, number: 1, newNumber: 201 }],
    ] as const) {
      expect((await refusal(services, method, input)).code, method).toBe('INVALID_INPUT');
    }
  });
});

describe('the page plan (版面计划)', () => {
  it('lists every page with its section, editor and stories, each with its status and the copyfit the composer sets', async () => {
    const services = openServices(temp);
    const { a, b } = await edition(services);
    // One story far too long for a 2 × 12-line slot: overset.
    const long = services.archive.create({
      headline: '超长的稿件',
      bodyJson: bodyJsonFromBlocks([{ type: 'paragraph', text: '全市专题研讨班开班。'.repeat(200) }]),
    });
    await call(services, 'layout.place', { date: DATE, page: 4, placement: placement(long.id, { depth: 12 }) });

    const plan = await call<EditionPlan>(services, 'layout.plan', { date: DATE });
    expect(plan.edition).toMatchObject({ date: DATE, paper: '沙市日报' });
    const pages = pagePlan(plan);
    expect(pages.map((p) => [p.number, p.section, p.editor])).toEqual([
      [1, '要闻', '王编辑'],
      [2, '沙市新闻', '王编辑'],
      [3, '综合', '王编辑'],
      [4, '副刊', '王编辑'],
    ]);
    expect(pages[0]!.stories).toEqual([]);
    const story = (id: string) => pages.flatMap((p) => p.stories).find((s) => s.articleId === id)!;
    expect(story(a)).toMatchObject({ headline: services.archive.get(a).headline, status: services.archive.get(a).status });
    expect(story(b).status).toBe(services.archive.get(b).status);
    expect(story(long.id)).toMatchObject({ headline: '超长的稿件', status: 'draft', copyfit: { state: 'over' } });
    for (const s of [story(a), story(b)]) expect(['fits', 'over', 'short']).toContain(s.copyfit?.state);

    // Text typed elsewhere and not yet saved: the plan sets it in place of the saved text.
    const short = { ...plan.pages[3]!.stories[0]!.story, body: [{ type: 'paragraph' as const, text: '短。' }] };
    expect(pagePlan(plan, new Map([[long.id, short]]))[3]!.stories[0]!.copyfit?.state).toBe('short');

    expect(planTotals(pages)).toMatchObject({ pages: 4, stories: 3, over: 1 });
    expect((await refusal(services, 'layout.plan', { date: '2030-01-01' })).code).toBe('NOT_FOUND');
  });
});
