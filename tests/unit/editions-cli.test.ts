import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../electron/accounts/passwords';
import { AppServices } from '../../electron/services/app-services';
import type { Edition, Page } from '../../shared/domain/layout';
import type { PlanPage, PlanTotals } from '../../shared/layout/page-plan';
import { banmian } from '../support/cli';
import { fullDraft } from '../support/drafts';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());

const LAYOUT = { name: '美编小林', roles: ['layout'], password: 'layout-password-1' } as const;
const REPORTER = { name: '记者小王', roles: ['reporter'], password: 'reporter-password-1' } as const;

/** An archive with a layout editor, a reporter and two stories (no demo edition), made here and closed again. */
async function archive(): Promise<{ dir: string; ids: [string, string] }> {
  const dir = temp.folder();
  const services = AppServices.open(dir, { demo: false });
  try {
    for (const p of [LAYOUT, REPORTER])
      services.archive.addAccount({ name: p.name, roles: [...p.roles], passwordHash: await hashPassword(p.password) }, null, 'cli');
    const ids = ['江城区十项民生工程全面开工', '岑河镇开展禁毒宣传'].map((headline) => services.archive.create(fullDraft({ headline })).id);
    return { dir, ids: ids as [string, string] };
  } finally {
    services.close();
  }
}

const as = (p: typeof LAYOUT | typeof REPORTER, dir: string, args: string[], lang = 'zh-CN') =>
  banmian(['--data', dir, '--user', p.name, ...args], { BANMIAN_LANG: lang, BANMIAN_PASSWORD: p.password });
const json = <T>(out: { code: number; stdout: string; stderr: string }): T => {
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  return JSON.parse(out.stdout) as T;
};

/** Places a story through the archive itself (the command line has no placing command). */
function place(dir: string, date: string, page: number, articleId: string, top = 0): void {
  const services = AppServices.open(dir, { demo: false });
  try {
    services.archive.place(date, page, {
      id: `pl-${articleId}`,
      articleId,
      column: 0,
      span: 2,
      top,
      depth: 20,
      bodySpan: 2,
      split: 2,
      headlineSize: 'medium',
      photos: [],
    });
  } finally {
    services.close();
  }
}

describe('banmian editions and pages', () => {
  it('makes an edition and its pages, renames, renumbers and moves them, and prints the page plan', async () => {
    const { dir, ids } = await archive();
    const made = json<Edition>(
      await as(LAYOUT, dir, [
        'editions',
        'add',
        '--date',
        '2026-11-26',
        '--number',
        '230',
        '--total',
        '15001',
        '--paper',
        '沙市日报',
        '--json',
      ]),
    );
    expect(made).toEqual({ date: '2026-11-26', number: 230, totalNumber: 15_001, paper: '沙市日报', pages: [] });
    // The next edition's numbers follow on when not given; --json may come first.
    const next = json<Edition>(await as(LAYOUT, dir, ['editions', 'add', '--json', '--date', '2026-11-27']));
    expect(next).toMatchObject({ number: 231, totalNumber: 15_002, paper: '沙市日报' });

    const page1 = await as(LAYOUT, dir, [
      'pages',
      'add',
      '--edition',
      '2026-11-26',
      '--number',
      '1',
      '--section',
      '要闻',
      '--editor',
      '王编辑',
    ]);
    expect(page1.stderr).toBe('');
    expect(page1.stdout).toContain('第1版 要闻');
    for (const [n, section] of [
      ['2', '沙市新闻'],
      ['3', '综合'],
    ] as const)
      json(await as(LAYOUT, dir, ['pages', 'add', '--edition', '2026-11-26', '--number', n, '--section', section, '--json']));
    const tabloid = json<Page>(
      await as(LAYOUT, dir, ['pages', 'add', '--edition', '2026-11-27', '--number', '1', '--preset', 'tabloid', '--json']),
    );
    expect(tabloid.geometry.columns).toBe(6);

    place(dir, '2026-11-26', 2, ids[0]);
    const renumbered = json<Page>(
      await as(LAYOUT, dir, [
        'pages',
        'edit',
        '--edition',
        '2026-11-26',
        '--number',
        '2',
        '--section',
        '城市新闻',
        '--new-number',
        '5',
        '--json',
      ]),
    );
    expect(renumbered).toMatchObject({ number: 5, section: '城市新闻', editor: '' });
    expect(renumbered.placements.map((p) => p.articleId)).toEqual([ids[0]]);

    const moved = await as(LAYOUT, dir, ['pages', 'move', '--edition', '2026-11-26', '--number', '5', '--to', '1']);
    expect(moved.stderr).toBe('');
    // The pages between move one along; a gap in the numbers stays where it was.
    expect(moved.stdout).toContain('第1版 城市新闻、第2版 要闻、第4版 综合');

    const renamed = json<Edition>(
      await as(LAYOUT, dir, ['editions', 'edit', '--date', '2026-11-27', '--new-date', '2026-11-28', '--paper', '沙市日报·周末', '--json']),
    );
    expect(renamed).toMatchObject({ date: '2026-11-28', number: 231, paper: '沙市日报·周末' });

    const plan = json<{ date: string; totals: PlanTotals; pages: PlanPage[] }>(
      await banmian(['--data', dir, 'editions', 'plan', '--date', '2026-11-26', '--json']),
    );
    expect(plan.pages.map((p) => [p.number, p.section, p.stories.map((s) => [s.headline, s.status, s.copyfit?.state])])).toEqual([
      [1, '城市新闻', [['江城区十项民生工程全面开工', 'draft', expect.stringMatching(/fits|over|short/)]]],
      [2, '要闻', []],
      [4, '综合', []],
    ]);
    expect(plan.totals).toMatchObject({ pages: 3, stories: 1, notApproved: 1 });
    const text = await banmian(['--data', dir, 'editions', 'plan', '--date', '2026-11-26'], { BANMIAN_LANG: 'zh-CN' });
    expect(text.stdout).toContain('版面计划  2026-11-26 第230期 总第15001期 沙市日报');
    expect(text.stdout).toMatch(/江城区十项民生工程全面开工 {2}\[草稿\] {2}(正好|超 \d+ 行，约 \d+ 字|空 \d+ 行)/);
    expect(text.stdout).toContain('本版还没有排稿');
    const english = await banmian(['--data', dir, 'editions', 'plan', '--date', '2026-11-26'], { BANMIAN_LANG: 'en' });
    expect(english.stdout).toContain('Page plan');
    expect(english.stdout).toContain('[Draft]');

    // The list still lists, with --json.
    const listed = json<Edition[]>(await banmian(['--data', dir, 'editions', '--json']));
    expect(listed.map((e) => [e.date, e.pages.map((p) => p.number)])).toEqual([
      ['2026-11-28', [1]],
      ['2026-11-26', [1, 2, 4]],
    ]);
  });

  it('deletes a page or an edition with stories on it only with --force, saying how many, and keeps the stories', async () => {
    const { dir, ids } = await archive();
    json(
      await as(LAYOUT, dir, ['editions', 'add', '--date', '2026-11-26', '--number', '1', '--total', '1', '--paper', '沙市日报', '--json']),
    );
    for (const n of ['1', '2']) json(await as(LAYOUT, dir, ['pages', 'add', '--edition', '2026-11-26', '--number', n, '--json']));
    place(dir, '2026-11-26', 1, ids[0]);
    place(dir, '2026-11-26', 2, ids[1]);

    const asked = await as(LAYOUT, dir, ['pages', 'remove', '--edition', '2026-11-26', '--number', '1']);
    expect(asked.code).toBe(1);
    expect(asked.stderr).toContain('排有 1 篇稿件');
    expect(asked.stderr).toContain('--force');
    const askedEn = await as(LAYOUT, dir, ['pages', 'remove', '--edition', '2026-11-26', '--number', '1'], 'en');
    expect(askedEn.stderr).toContain('holds 1 stories');

    const removed = json<{ unplaced: string[]; edition: Edition }>(
      await as(LAYOUT, dir, ['pages', 'remove', '--edition', '2026-11-26', '--number', '1', '--force', '--json']),
    );
    expect(removed.unplaced).toEqual([ids[0]]);
    expect(removed.edition.pages.map((p) => p.number)).toEqual([2]);

    const edition = await as(LAYOUT, dir, ['editions', 'remove', '--date', '2026-11-26']);
    expect(edition.code).toBe(1);
    expect(edition.stderr).toContain('排有 1 篇稿件');
    const gone = await as(LAYOUT, dir, ['editions', 'remove', '--date', '2026-11-26', '--force']);
    expect(gone.stderr).toBe('');
    expect(gone.stdout).toContain('已删除 2026-11-26 这一期（1 个版面），1 篇稿件已从版面撤下');

    const articles = json<{ id: string }[]>(await banmian(['--data', dir, 'articles', '--json']));
    expect(articles.map((a) => a.id).sort()).toEqual([...ids].sort());
    expect(json<Edition[]>(await banmian(['--data', dir, 'editions', '--json']))).toEqual([]);
  });

  it('keeps a page as a template and adds a page from it, from the command line', async () => {
    const { dir } = await archive();
    json(await as(LAYOUT, dir, ['editions', 'add', '--date', '2026-11-27', '--paper', '沙市日报', '--json']));
    json(
      await as(LAYOUT, dir, [
        'pages',
        'add',
        '--edition',
        '2026-11-27',
        '--number',
        '1',
        '--section',
        '副刊',
        '--preset',
        'tabloid',
        '--json',
      ]),
    );
    // A 报头 across the top of the page, with the paper's 刊号, kept with the template.
    const headed = json<Page>(
      await as(LAYOUT, dir, [
        'pages',
        'edit',
        '--edition',
        '2026-11-27',
        '--number',
        '1',
        '--masthead',
        '--registration',
        'CN 42-0006',
        '--json',
      ]),
    );
    expect(headed.furniture).toEqual([
      { kind: 'masthead', column: 0, span: 6, top: 0, depth: 12, registration: 'CN 42-0006', publisher: '' },
    ]);
    const saved = json<{ name: string; section: string; geometry: { columns: number } }>(
      await as(LAYOUT, dir, ['templates', 'save', '--edition', '2026-11-27', '--page', '1', '--name', '副刊版', '--json']),
    );
    expect(saved).toMatchObject({ name: '副刊版', section: '副刊', geometry: { columns: 6 }, furniture: headed.furniture });
    const listed = await as(LAYOUT, dir, ['templates', 'list']);
    expect(listed.stdout).toContain('副刊版：版名 副刊，6 栏');
    const page = json<{ section: string; geometry: { columns: number } }>(
      await as(LAYOUT, dir, ['pages', 'add', '--edition', '2026-11-27', '--number', '2', '--template', '副刊版', '--json']),
    );
    expect(page).toMatchObject({ section: '副刊', geometry: { columns: 6 }, furniture: headed.furniture });
    const bare = json<Page>(
      await as(LAYOUT, dir, ['pages', 'edit', '--edition', '2026-11-27', '--number', '2', '--no-masthead', '--json']),
    );
    expect(bare).not.toHaveProperty('furniture');
    expect((await as(LAYOUT, dir, ['templates', 'remove', '--name', '副刊版'])).stdout).toContain('已删除模板“副刊版”');
    expect((await as(LAYOUT, dir, ['templates', 'list'])).stdout).toContain('还没有版面模板');
  });

  it('refuses what it cannot do, translated, and changes nothing: an unknown template, a reporter, no user, a taken number', async () => {
    const { dir } = await archive();
    json(
      await as(LAYOUT, dir, ['editions', 'add', '--date', '2026-11-26', '--number', '1', '--total', '1', '--paper', '沙市日报', '--json']),
    );
    json(await as(LAYOUT, dir, ['pages', 'add', '--edition', '2026-11-26', '--number', '1', '--json']));
    json(await as(LAYOUT, dir, ['pages', 'add', '--edition', '2026-11-26', '--number', '2', '--json']));

    const template = await as(LAYOUT, dir, ['pages', 'add', '--edition', '2026-11-26', '--number', '3', '--template', '头版']);
    expect(template.code).toBe(1);
    expect(template.stderr).toContain('没有名为“头版”的版面模板');
    const templateEn = await as(LAYOUT, dir, ['pages', 'add', '--edition', '2026-11-26', '--number', '3', '--template', 'front'], 'en');
    expect(templateEn.stderr).toContain('There is no page template named “front”');

    const reporter = await as(REPORTER, dir, ['pages', 'remove', '--edition', '2026-11-26', '--number', '2']);
    expect(reporter.code).toBe(1);
    expect(reporter.stderr).toContain('版面编辑');
    const nobody = await banmian(['--data', dir, 'editions', 'remove', '--date', '2026-11-26'], { BANMIAN_LANG: 'zh-CN' });
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('--user');
    const taken = await as(LAYOUT, dir, ['pages', 'edit', '--edition', '2026-11-26', '--number', '1', '--new-number', '2']);
    expect(taken.stderr).toContain('2026-11-26第2版已经存在');
    const badNumber = await as(LAYOUT, dir, ['pages', 'move', '--edition', '2026-11-26', '--number', '1', '--to', 'two']);
    expect(badNumber.code).toBe(1);
    expect(badNumber.stderr).toContain('--to two');

    const still = json<Edition[]>(await banmian(['--data', dir, 'editions', '--json']));
    expect(still[0]!.pages.map((p) => p.number)).toEqual([1, 2]);
  });
});
