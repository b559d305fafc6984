import { afterEach, describe, expect, it } from 'vitest';
import { exportPage } from '../../electron/export/export-page';
import type { AppServices } from '../../electron/services/app-services';
import type { LayoutPage, PageTemplate } from '../../shared/api/contract';
import type { Furniture, Placement } from '../../shared/domain/layout';
import { mastheadDates, setFurniture } from '../../shared/typeset/furniture';
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
  return result.ok ? { code: '', message: '' } : result.error;
}

const DATE = '2024-03-05';
const masthead: Furniture = {
  kind: 'masthead',
  column: 0,
  span: 8,
  top: 0,
  depth: 12,
  registration: 'CN 42-0006',
  publisher: '中共荆州市委主管主办',
};

const texts = (page: LayoutPage) =>
  setFurniture(page.page.geometry, page.page.furniture ?? [], page.edition).flatMap((f) => f.lines.map((l) => l.line.text));

describe('page furniture: the 报头, rules and standing text', () => {
  it('dates a masthead by the solar and the Chinese calendar, as a front page prints it', () => {
    expect(mastheadDates('2024-03-05')).toEqual({ solar: '2024年3月5日 星期二', lunar: '农历甲辰年正月廿五' });
    expect(mastheadDates('2023-11-20')).toEqual({ solar: '2023年11月20日 星期一', lunar: '农历癸卯年十月初八' });
    // The twelfth month is 腊月; the day after the 29th of a long month is 三十.
    expect(mastheadDates('2024-02-09').lunar).toBe('农历癸卯年腊月三十');
  });

  it('sets a front page masthead from the edition, keeps it with the page and its template, and prints it', async () => {
    const services = openServices(temp);
    await call(services, 'layout.createEdition', { date: DATE, number: 58, totalNumber: 12345, paper: '荆州日报' });
    await call(services, 'layout.addPage', { date: DATE, number: 1, section: '要闻', editor: '张三' });
    const page = await call<LayoutPage>(services, 'layout.updatePage', { date: DATE, number: 1, furniture: [masthead] });
    expect(page.page.furniture).toEqual([masthead]);
    expect(texts(page)).toEqual([
      '荆州日报',
      '2024年3月5日 星期二',
      '农历甲辰年正月廿五',
      '第58期 总第12345期',
      '国内统一连续出版物号 CN 42-0006',
      '中共荆州市委主管主办',
    ]);
    // The name is the largest type on the page, inside the masthead's box.
    const [set] = setFurniture(page.page.geometry, page.page.furniture!, page.edition);
    const name = set!.lines[0]!;
    expect(name.size).toBeGreaterThan(5);
    for (const l of set!.lines) expect(l.y + l.size).toBeLessThanOrEqual(set!.box.y + set!.box.height + 1e-9);

    // A story cannot go under the masthead; the masthead cannot go over a story.
    const story = services.archive.list({}).find((a) => a.status !== 'spiked')!.id;
    const over: Placement = {
      id: 'under-masthead',
      articleId: story,
      column: 0,
      span: 2,
      top: 4,
      depth: 20,
      bodySpan: 2,
      split: 2,
      headlineSize: 'medium',
      photos: [],
    };
    expect((await refusal(services, 'layout.place', { date: DATE, page: 1, placement: over })).code).toBe('PLACEMENT_OVER_FURNITURE');
    await call(services, 'layout.place', { date: DATE, page: 1, placement: { ...over, top: 14 } });
    const deeper = await refusal(services, 'layout.updatePage', { date: DATE, number: 1, furniture: [{ ...masthead, depth: 20 }] });
    expect(deeper.code).toBe('FURNITURE_OVERLAP');
    expect(services.archive.layoutPage(DATE, 1).page.furniture).toEqual([masthead]);

    // The export prints the masthead where the page view draws it, in place of the 报眉.
    const html = (await exportPage(services.archive, services.i18n, DATE, 1, { force: true, bleed: false, cropMarks: false })).html;
    expect(html).toContain('data-line="农历甲辰年正月廿五"');
    expect(html).toContain('class="furniture furniture-masthead"');
    expect(html).not.toContain('class="header"');

    // Kept as a template, a new front page starts with it, dated by its own edition.
    await call(services, 'layout.saveTemplate', { name: '要闻版', date: DATE, page: 1 });
    const [template] = await call<PageTemplate[]>(services, 'layout.templates', {});
    expect(template!.furniture).toEqual([masthead]);
    await call(services, 'layout.createEdition', { date: '2024-03-06', number: 59, totalNumber: 12346, paper: '荆州日报' });
    const next = await call<LayoutPage>(services, 'layout.addPage', {
      date: '2024-03-06',
      number: 1,
      section: '',
      editor: '',
      template: '要闻版',
    });
    expect(next.page.furniture).toEqual([masthead]);
    expect(texts(next)).toContain('2024年3月6日 星期三');
    expect(texts(next)).toContain('第59期 总第12346期');
  });

  it('draws a rule across columns and standing text, and takes furniture off', async () => {
    const services = openServices(temp);
    await call(services, 'layout.createEdition', { date: DATE, number: 1, totalNumber: 1, paper: '沙市日报' });
    await call(services, 'layout.addPage', { date: DATE, number: 2, section: '综合', editor: '' });
    const rule: Furniture = { kind: 'rule', column: 0, span: 8, top: 50, weight: 'thick' };
    const text: Furniture = { kind: 'text', column: 0, span: 3, top: 100, depth: 2, text: '本报地址：荆州市沙市区北京中路 邮编434000' };
    const page = await call<LayoutPage>(services, 'layout.updatePage', { date: DATE, number: 2, furniture: [rule, text] });
    const set = setFurniture(page.page.geometry, page.page.furniture!, page.edition);
    expect(set[0]!.rules).toHaveLength(1);
    expect(set[0]!.rules[0]!.width).toBeCloseTo(set[0]!.box.width);
    expect(set[1]!.lines.map((l) => l.line.text).join('')).toBe('本报地址：荆州市沙市区北京中路邮编434000'.replace('路邮', '路 邮'));
    const html = (await exportPage(services.archive, services.i18n, DATE, 2, { force: true, bleed: false, cropMarks: false })).html;
    expect(html).toContain('class="furniture furniture-rule"');
    expect(html).toContain('class="header"');
    const bare = await call<LayoutPage>(services, 'layout.updatePage', { date: DATE, number: 2, furniture: [] });
    expect(bare.page).not.toHaveProperty('furniture');
  });
});
