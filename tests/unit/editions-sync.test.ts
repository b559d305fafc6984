import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppServices } from '../../electron/services/app-services';
import { syncOnce } from '../../electron/sync/engine';
import type { Article } from '../../shared/domain/article';
import type { Placement } from '../../shared/domain/layout';
import { call, startNewsroom, type TestNewsroom } from '../support/newsroom';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
let newsroom: TestNewsroom;

beforeAll(async () => {
  newsroom = await startNewsroom(temp);
  await newsroom.account('王丙全', ['reporter']);
  await newsroom.account('钱版面', ['layout']);
  await newsroom.account('孙版面', ['layout']);
}, 60_000);

afterAll(async () => {
  await newsroom.close();
  temp.cleanupAll();
});

const at = (id: string, articleId: string): Placement => ({
  id,
  articleId,
  column: 0,
  span: 4,
  top: 0,
  depth: 40,
  bodySpan: 4,
  split: 4,
  headlineSize: 'large',
  photos: [],
});

/** A desk's editions as `date: page:section[articles]`, the way two desks are compared. */
function layoutOf(services: AppServices, dates: string[]): string[] {
  return services.archive
    .editions()
    .filter((e) => dates.includes(e.date))
    .flatMap((e) => e.pages.map((p) => `${e.date} ${p.number}:${p.section}[${p.placements.map((x) => x.articleId).join(',')}]`));
}

describe('editions and pages whole, between desks', () => {
  it('a page renumbered, moved or deleted and an edition given a new date or deleted reach the other desk; stories stay', async () => {
    const reporter = await newsroom.desk('王丙全');
    const s1 = await call<Article>(reporter.services, reporter.as('王丙全'), 'articles.create', { draft: { headline: '头条' } });
    const s2 = await call<Article>(reporter.services, reporter.as('王丙全'), 'articles.create', { draft: { headline: '二条' } });
    await syncOnce(reporter.services.archive);
    const one = await newsroom.desk('钱版面');
    const two = await newsroom.desk('孙版面');
    const me = one.as('钱版面');
    const D = '2026-12-10';
    await call(one.services, me, 'layout.createEdition', { date: D, number: 245, totalNumber: 15_010, paper: '沙市日报' });
    for (const [number, section] of [
      [1, '要闻'],
      [2, '沙市新闻'],
      [3, '综合'],
    ] as const)
      await call(one.services, me, 'layout.addPage', { date: D, number, section, editor: '钱版面' });
    await call(one.services, me, 'layout.place', { date: D, page: 2, placement: at('pl-s1', s1.id) });
    await call(one.services, me, 'layout.place', { date: D, page: 3, placement: at('pl-s2', s2.id) });
    await syncOnce(one.services.archive);
    await syncOnce(two.services.archive);
    expect(layoutOf(two.services, [D])).toEqual([`${D} 1:要闻[]`, `${D} 2:沙市新闻[${s1.id}]`, `${D} 3:综合[${s2.id}]`]);

    // Renumbered 2 → 5, then 3 moved to the front: 1 (综合, s2), 2 (要闻), 5 (沙市新闻, s1).
    await call(one.services, me, 'layout.updatePage', { date: D, number: 2, newNumber: 5, section: '城市' });
    await call(one.services, me, 'layout.movePage', { date: D, number: 3, to: 1 });
    const expected = [`${D} 1:综合[${s2.id}]`, `${D} 2:要闻[]`, `${D} 5:城市[${s1.id}]`];
    expect(layoutOf(one.services, [D])).toEqual(expected);
    await syncOnce(one.services.archive);
    await syncOnce(two.services.archive);
    expect(layoutOf(two.services, [D])).toEqual(expected);

    // A page deleted with a story on it: gone on the other desk, its placement too; the story stays.
    await call(one.services, me, 'layout.removePage', { date: D, number: 5, force: true });
    await syncOnce(one.services.archive);
    await syncOnce(two.services.archive);
    expect(layoutOf(two.services, [D])).toEqual([`${D} 1:综合[${s2.id}]`, `${D} 2:要闻[]`]);
    expect(two.services.archive.slots(s1.id)).toEqual([]);
    expect(two.services.archive.get(s1.id).headline).toBe('头条');

    // A new date: the old edition goes, the new one comes with its pages and stories.
    const E = '2026-12-11';
    await call(one.services, me, 'layout.updateEdition', { date: D, newDate: E, number: 246 });
    await syncOnce(one.services.archive);
    await syncOnce(two.services.archive);
    expect(layoutOf(two.services, [D, E])).toEqual([`${E} 1:综合[${s2.id}]`, `${E} 2:要闻[]`]);
    expect(two.services.archive.edition(E).number).toBe(246);

    // The other desk deletes the edition: it goes from the first, the stories stay.
    await call(two.services, two.as('孙版面'), 'layout.removeEdition', { date: E, force: true });
    await syncOnce(two.services.archive);
    await syncOnce(one.services.archive);
    expect(layoutOf(one.services, [D, E])).toEqual([]);
    expect(one.services.archive.slots(s2.id)).toEqual([]);
    expect(one.services.archive.get(s2.id).headline).toBe('二条');

    // A desk joining now gets none of it back, and nothing waits for a page or edition that will never come.
    const three = await newsroom.desk('孙版面');
    await syncOnce(three.services.archive);
    expect(layoutOf(three.services, [D, E])).toEqual([]);
    expect(three.services.archive.get(s1.id).headline).toBe('头条');
    expect(three.services.archive.db.prepare('SELECT count(*) FROM sync_deferred').pluck().get()).toBe(0);
  });

  it('a page’s furniture, a story continued on another page and the house’s templates reach the other desk', async () => {
    const reporter = await newsroom.desk('王丙全');
    const story = await call<Article>(reporter.services, reporter.as('王丙全'), 'articles.create', { draft: { headline: '转版稿' } });
    await syncOnce(reporter.services.archive);
    const one = await newsroom.desk('钱版面');
    const me = one.as('钱版面');
    const D = '2026-12-24';
    await call(one.services, me, 'layout.createEdition', { date: D, number: 251, totalNumber: 15_021, paper: '沙市日报' });
    for (const number of [1, 2]) await call(one.services, me, 'layout.addPage', { date: D, number, section: '要闻', editor: '' });
    const masthead = { kind: 'masthead' as const, column: 0, span: 8, top: 0, depth: 12, registration: 'CN 42-0006', publisher: '' };
    await call(one.services, me, 'layout.updatePage', { date: D, number: 1, furniture: [masthead] });
    await call(one.services, me, 'layout.place', { date: D, page: 1, placement: { ...at('part-1', story.id), top: 14, depth: 20 } });
    await call(one.services, me, 'layout.place', { date: D, page: 2, placement: { ...at('part-2', story.id), continues: true } });
    await call(one.services, me, 'layout.saveTemplate', { name: '要闻版', date: D, page: 1 });
    const report = await syncOnce(one.services.archive);
    expect(report.refused).toBe(0);

    const two = await newsroom.desk('孙版面');
    await syncOnce(two.services.archive);
    expect(two.services.archive.layoutPage(D, 1).page.furniture).toEqual([masthead]);
    expect(two.services.archive.layoutPage(D, 2).page.placements).toEqual([{ ...at('part-2', story.id), continues: true }]);
    // The other desk sets the parts as this one does: the first hands on to page 2.
    expect(two.services.archive.layoutPage(D, 1).flows?.['part-1']).toEqual({ from: null, jumpIn: null, jumpOut: 2, continues: true });
    expect(two.services.archive.templates().map((t) => [t.name, t.furniture])).toContainEqual(['要闻版', [masthead]]);

    // Removed on one desk, the template goes from the other.
    await call(one.services, me, 'layout.removeTemplate', { name: '要闻版' });
    await syncOnce(one.services.archive);
    await syncOnce(two.services.archive);
    expect(two.services.archive.templates().map((t) => t.name)).not.toContain('要闻版');
  });

  it('a page made and deleted between two syncs sends the newsroom nothing of it', async () => {
    const one = await newsroom.desk('钱版面');
    const me = one.as('钱版面');
    const D = '2026-12-20';
    await call(one.services, me, 'layout.createEdition', { date: D, number: 250, totalNumber: 15_020, paper: '沙市日报' });
    await call(one.services, me, 'layout.addPage', { date: D, number: 1, section: '要闻', editor: '' });
    await call(one.services, me, 'layout.addPage', { date: D, number: 2, section: '草版', editor: '' });
    await call(one.services, me, 'layout.removePage', { date: D, number: 2 });
    const report = await syncOnce(one.services.archive);
    expect(report.refused).toBe(0);
    const pulled = await newsroom.admin.pull(0, 1000);
    const keys = pulled.records.map((r) => r.key);
    expect(keys).toContain(`page:${D}/1`);
    expect(keys).not.toContain(`page:${D}/2`);
  });
});
