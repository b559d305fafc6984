import { afterEach, describe, expect, it } from 'vitest';
import type { EditionPlan } from '../../shared/api/contract';
import type { Placement } from '../../shared/domain/layout';
import { bodyJsonFromBlocks } from '../../shared/editor/body';
import { storyTextOf } from '../../shared/typeset/story';
import { PagePlanController } from '../../renderer/src/layout/page-plan-controller';
import { pageAfterMove } from '../../renderer/src/layout/edition-moves';
import { asAdmin, openServices } from '../support/services';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());

const DATE = '2026-11-26';

/** A controller reading the plan from real services on a temp archive: a page with one story of 40 characters. */
async function setUp() {
  const services = openServices(temp);
  const caller = await asAdmin(services);
  const call = async (method: string, input: unknown) => {
    const result = await services.call(method, input, caller);
    if (!result.ok) throw new Error(result.error.code);
    return result.value;
  };
  const article = services.archive.create({
    headline: '岑河镇开展禁毒宣传',
    bodyJson: bodyJsonFromBlocks([{ type: 'paragraph', text: '岑河镇开展禁毒宣传活动。'.repeat(4) }]),
  });
  await call('layout.createEdition', { date: DATE, number: 1, totalNumber: 1, paper: '沙市日报' });
  await call('layout.addPage', { date: DATE, number: 1, section: '要闻', editor: '王编辑' });
  await call('layout.addPage', { date: DATE, number: 2, section: '综合', editor: '' });
  const placement: Placement = {
    id: 'pl-1',
    articleId: article.id,
    column: 0,
    span: 2,
    top: 0,
    depth: 30,
    bodySpan: 2,
    split: 2,
    headlineSize: 'medium',
    photos: [],
  };
  await call('layout.place', { date: DATE, page: 1, placement });
  let reads = 0;
  const controller = new PagePlanController(
    {
      plan: async (input) => {
        reads++;
        return (await call('layout.plan', input)) as EditionPlan;
      },
      describe: (error) => (error instanceof Error ? error.message : String(error)),
    },
    DATE,
  );
  return { services, call, article, controller, reads: () => reads };
}

describe('the page plan’s controller', () => {
  it('reads the plan: each page with its section and editor, each story with its status and copyfit', async () => {
    const { controller, article } = await setUp();
    const seen: number[] = [];
    const off = controller.subscribe(() => seen.push(controller.getSnapshot().pages.length));
    await controller.load();
    off();
    const s = controller.getSnapshot();
    expect(s.error).toBeNull();
    expect(s.loading).toBe(false);
    expect(seen.at(-1)).toBe(2);
    expect(s.pages.map((p) => [p.number, p.section, p.editor, p.stories.length])).toEqual([
      [1, '要闻', '王编辑', 1],
      [2, '综合', '', 0],
    ]);
    expect(s.pages[0]!.stories[0]).toMatchObject({ articleId: article.id, headline: '岑河镇开展禁毒宣传', status: 'draft' });
    // 48 characters in a 2-column, 30-line slot: far short.
    expect(s.pages[0]!.stories[0]!.copyfit).toMatchObject({ state: 'short' });
    expect(s.totals).toMatchObject({ pages: 2, stories: 1, short: 1, over: 0, notApproved: 1 });
  });

  it('sets text typed in another window at once, and a save or a newsroom change of the edition reads the plan again', async () => {
    const { controller, article, services, reads } = await setUp();
    await controller.load();
    const long = storyTextOf({
      ...services.archive.get(article.id),
      body: [{ type: 'paragraph', text: '全市专题研讨班开班。'.repeat(300) }],
    });
    controller.draft(article.id, long);
    expect(controller.getSnapshot().pages[0]!.stories[0]!.copyfit).toMatchObject({ state: 'over' });
    // A story not in the plan changes nothing.
    const before = controller.getSnapshot();
    controller.draft('someone-else', long);
    expect(controller.getSnapshot()).toBe(before);

    expect(controller.changed({ all: false, pages: new Set(['2020-01-01/1']), articles: new Set(['someone-else']) })).toBe(false);
    expect(reads()).toBe(1);
    expect(controller.changed({ all: false, pages: new Set([`${DATE}/2`]), articles: new Set() })).toBe(true);
    await controller.load();
    // Read again from the archive: the saved text, not the draft, is set.
    expect(controller.getSnapshot().pages[0]!.stories[0]!.copyfit).toMatchObject({ state: 'short' });
    expect(controller.changed({ all: false, pages: new Set(), articles: new Set([article.id]) })).toBe(true);
    expect(controller.changed({ all: true, pages: new Set(), articles: new Set() })).toBe(true);
  });

  it('says why when the edition cannot be read, and keeps only the newest answer', async () => {
    const { call } = await setUp();
    const missing = new PagePlanController(
      { plan: (input) => call('layout.plan', input) as Promise<EditionPlan>, describe: (e) => (e as Error).message },
      '2030-01-01',
    );
    await missing.load();
    expect(missing.getSnapshot()).toMatchObject({ error: 'NOT_FOUND', plan: null, loading: false });
    missing.dismissError();
    expect(missing.getSnapshot().error).toBeNull();

    // Two reads in flight: the first answering last does not overwrite the second.
    let release: (plan: EditionPlan) => void = () => undefined;
    const answers: EditionPlan[] = [];
    const slow = new PagePlanController(
      {
        plan: async (input) => {
          const plan = (await call('layout.plan', input)) as EditionPlan;
          if (!answers.length) {
            answers.push(plan);
            return new Promise<EditionPlan>((resolve) => (release = resolve));
          }
          return { ...plan, pages: plan.pages.slice(0, 1) };
        },
        describe: String,
      },
      DATE,
    );
    const first = slow.load();
    await new Promise((r) => setTimeout(r, 50));
    await slow.load();
    release(answers[0]!);
    await first;
    expect(slow.getSnapshot().pages).toHaveLength(1);
  });
});

describe('where a page stands after another moved', () => {
  it('follows the page the desk shows: the moved one to its new number, those between one along, the rest unmoved', () => {
    // 4 to 2: pages 2 and 3 move down to 3 and 4.
    expect([1, 2, 3, 4, 5].map((p) => pageAfterMove(p, 4, 2))).toEqual([1, 3, 4, 2, 5]);
    // 1 to 3: pages 2 and 3 move up to 1 and 2.
    expect([1, 2, 3, 4].map((p) => pageAfterMove(p, 1, 3))).toEqual([3, 1, 2, 4]);
    expect(pageAfterMove(2, 2, 2)).toBe(2);
  });
});
