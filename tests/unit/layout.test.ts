import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ARCHIVE_FILE, Archive } from '../../electron/archive/archive';
import { DEMO_EDITION } from '../../electron/archive/demo';
import { migrate, schemaVersion } from '../../electron/archive/migrate';
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/archive/migrations';
import type { AppServices } from '../../electron/services/app-services';
import type { LayoutPage } from '../../shared/api/contract';
import { PAGE_PRESETS, pageLines, splitColumnChars, type Placement } from '../../shared/domain/layout';
import { bodyJsonFromBlocks } from '../../shared/editor/body';
import { splitPageText } from '../../shared/import/page-text';
import { gridMetrics, setFrame, setPage } from '../../shared/typeset/frame';
import { frameDecor } from '../../shared/typeset/decor';
import { exportPage } from '../../electron/export/export-page';
import { storiesOf } from '../../shared/typeset/copyfit';
import { storyTextOf } from '../../shared/typeset/story';
import { pageText } from '../support/fixtures';
import { tempFolders } from '../support/temp';
import { asAdmin, openServices } from '../support/services';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());

const open = () => openServices(temp);

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

const placement = (articleId: string, patch: Partial<Placement> = {}): Placement => ({
  id: `p-${articleId.slice(-6)}-${Math.random().toString(36).slice(2, 8)}`,
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

describe('editions, pages and placements', () => {
  it('opens a new archive on a demo edition with a page fully laid out', async () => {
    const services = open();
    const editions = await call<{ date: string; pages: LayoutPage['page'][] }[]>(services, 'layout.editions', {});
    expect(editions.map((e) => e.date)).toEqual([DEMO_EDITION.date]);
    const page = await call<LayoutPage>(services, 'layout.page', { date: DEMO_EDITION.date, number: 1 });
    expect(page.page.placements.length).toBeGreaterThanOrEqual(4);
    expect(page.edition).toMatchObject({ paper: DEMO_EDITION.paper, number: DEMO_EDITION.number, totalNumber: DEMO_EDITION.totalNumber });
    // Every story is on the page, set whole: nothing overset.
    for (const frame of setPage(page.page, storiesOf(page))) expect(frame.copyfit.state).not.toBe('over');
  });

  it('creates an edition and pages, and refuses a second edition of a date or a second page of a number', async () => {
    const services = open();
    await call(services, 'layout.createEdition', { date: '2026-11-26', number: 230, totalNumber: 15_001, paper: '沙市日报' });
    const page = await call<LayoutPage>(services, 'layout.addPage', {
      date: '2026-11-26',
      number: 3,
      section: '沙市新闻',
      editor: '王编辑',
      preset: 'broadsheet',
    });
    expect(page.page.geometry).toEqual(PAGE_PRESETS.broadsheet);
    const again = await refusal(services, 'layout.createEdition', {
      date: '2026-11-26',
      number: 231,
      totalNumber: 15_002,
      paper: '沙市日报',
    });
    expect(again.code).toBe('EDITION_EXISTS');
    const page3 = await refusal(services, 'layout.addPage', { date: '2026-11-26', number: 3, section: 'x', editor: 'y' });
    expect(page3.code).toBe('PAGE_EXISTS');
    expect(page3.message).toContain('第3版');
  });

  it('places an article, moves it, and refuses a move off the grid or over another story, changing nothing', async () => {
    const services = open();
    const [a, b] = services.archive.list({}).map((x) => x.id);
    await call(services, 'layout.createEdition', { date: '2026-11-26', number: 1, totalNumber: 1, paper: '沙市日报' });
    await call(services, 'layout.addPage', { date: '2026-11-26', number: 1, section: '要闻', editor: '' });
    const first = placement(a!);
    await call(services, 'layout.place', { date: '2026-11-26', page: 1, placement: first });
    const moved = await call<LayoutPage>(services, 'layout.place', {
      date: '2026-11-26',
      page: 1,
      placement: { ...first, column: 2, top: 5 },
    });
    expect(moved.page.placements).toEqual([{ ...first, column: 2, top: 5 }]);

    const off = await refusal(services, 'layout.place', { date: '2026-11-26', page: 1, placement: { ...first, column: 7 } });
    expect(off.code).toBe('PLACEMENT_OUTSIDE_GRID');
    const second = placement(b!, { column: 3, top: 10 });
    const over = await refusal(services, 'layout.place', { date: '2026-11-26', page: 1, placement: second });
    expect(over.code).toBe('PLACEMENT_OVERLAP');
    expect(over.message).toContain(services.archive.get(a!).headline);
    const page = await call<LayoutPage>(services, 'layout.page', { date: '2026-11-26', number: 1 });
    expect(page.page.placements).toEqual([{ ...first, column: 2, top: 5 }]);

    // Side by side is not overlap.
    await call(services, 'layout.place', { date: '2026-11-26', page: 1, placement: { ...second, column: 4 } });
    // One article is placed once per edition.
    const twice = await refusal(services, 'layout.place', { date: '2026-11-26', page: 1, placement: placement(a!, { column: 6, top: 0 }) });
    expect(twice.code).toBe('ARTICLE_ALREADY_PLACED');
    expect((await call<{ placement: Placement }[]>(services, 'layout.slots', { articleId: a! }))[0]!.placement.column).toBe(2);

    const removed = await call<LayoutPage>(services, 'layout.unplace', { date: '2026-11-26', page: 1, id: first.id });
    expect(removed.page.placements.map((p) => p.articleId)).toEqual([b]);
  });

  it('sets a story off with column rules, a box and a tint: stored with its placement, drawn by the export as the desk draws it', async () => {
    const services = open();
    // A story that may go to press (forced): not a spiked one.
    const a = services.archive.list({}).find((x) => x.status !== 'spiked')?.id;
    await call(services, 'layout.createEdition', { date: '2026-11-27', number: 1, totalNumber: 1, paper: '沙市日报' });
    await call(services, 'layout.addPage', { date: '2026-11-27', number: 1, section: '要闻', editor: '' });
    const plain = placement(a!, { span: 3, bodySpan: 3, split: 3 });
    const placed = await call<LayoutPage>(services, 'layout.place', { date: '2026-11-27', page: 1, placement: plain });
    // A plain placement has no style at all, as before styles.
    expect(Object.keys(placed.page.placements[0]!)).not.toContain('style');
    const style = { columnRules: true, box: 'double' as const, tint: 10 };
    const styled = await call<LayoutPage>(services, 'layout.place', { date: '2026-11-27', page: 1, placement: { ...plain, style } });
    expect(styled.page.placements[0]!.style).toEqual(style);
    expect(services.archive.layoutPage('2026-11-27', 1).page.placements[0]!.style).toEqual(style);
    const bad = await refusal(services, 'layout.place', { date: '2026-11-27', page: 1, placement: { ...plain, style: { tint: 13 } } });
    expect(bad.code).toBe('INVALID_INPUT');

    // The shapes: two rules in the middle of the gutters between three columns, below the
    // headline block; the box in the white around the frame; the tint over the box.
    const layout = services.archive.layoutPage('2026-11-27', 1);
    const [frame] = setPage(layout.page, storiesOf(layout));
    const g = layout.page.geometry;
    const decor = frameDecor(frame!, layout.page.placements[0]!, gridMetrics(g));
    expect(decor.rules.map((r) => r.x)).toEqual(
      [1, 2].map((c) => frame!.box.x + c * (frame!.columnChars + g.gutterChars) - g.gutterChars / 2),
    );
    for (const r of decor.rules) expect(r.y).toBeCloseTo(frame!.box.y + frame!.headingDepth * gridMetrics(g).lead);
    expect(decor.box).toMatchObject({ kind: 'double', x: frame!.box.x - g.gutterChars / 2, width: frame!.box.width + g.gutterChars });
    expect(decor.tint).toMatchObject({ percent: 10, x: decor.box!.x, width: decor.box!.width });
    // The composer sets a boxed story exactly as a plain one: the box takes nothing from the text.
    expect(setFrame(g, { ...plain, style }, layout.stories[0]!.story).lines).toEqual(setFrame(g, plain, layout.stories[0]!.story).lines);

    const html = (await exportPage(services.archive, services.i18n, '2026-11-27', 1, { force: true, bleed: false, cropMarks: false })).html;
    expect(html.match(/class="decor decor-rule"/g)).toHaveLength(2);
    expect(html).toMatch(/class="decor decor-box" style="[^"]*border:0\.25em double #000/);
    expect(html).toContain('background:rgb(230,230,230)');
    // Back to plain: stored as none.
    const back = await call<LayoutPage>(services, 'layout.place', { date: '2026-11-27', page: 1, placement: plain });
    expect(back.page.placements[0]).toEqual(plain);
  });

  it('sets a headline in a 字号 and in 长体 or 扁体, stored with its placement and drawn so by the export', async () => {
    const services = open();
    const a = services.archive.list({}).find((x) => x.status !== 'spiked')!;
    await call(services, 'layout.createEdition', { date: '2026-11-28', number: 1, totalNumber: 1, paper: '沙市日报' });
    await call(services, 'layout.addPage', { date: '2026-11-28', number: 1, section: '要闻', editor: '' });
    const plain = placement(a.id, { span: 2, bodySpan: 2, split: 2 });
    const g = services.archive.layoutPage(DEMO_EDITION.date, 1).page.geometry;
    const story = storyTextOf({ ...services.archive.get(a.id), headline: '沙市区召开区委常委会扩大会议部署全年工作' });
    const headlineLines = (p: Placement) => setFrame(g, p, story).lines.filter((l) => l.role === 'headline');
    // 初号 is 42 points: the headline's size over the body's.
    const chuhao = headlineLines({ ...plain, headlinePt: 42 });
    expect(chuhao[0]!.size).toBeCloseTo(42 / g.bodySizePt);
    // 长体 takes more characters to a line, drawn at three quarters of their width; 扁体 less depth.
    const long = headlineLines({ ...plain, headlinePt: 42, headlineShape: 'long' });
    expect(long.length).toBeLessThan(chuhao.length);
    expect(long[0]!.stretch).toEqual({ x: 0.75, y: 1 });
    expect([...long[0]!.line.text].length).toBeGreaterThan([...chuhao[0]!.line.text].length);
    const flat = headlineLines({ ...plain, headlinePt: 42, headlineShape: 'flat' });
    expect(flat[1]!.y - flat[0]!.y).toBeCloseTo((chuhao[1]!.y - chuhao[0]!.y) * 0.75);

    const placed = await call<LayoutPage>(services, 'layout.place', {
      date: '2026-11-28',
      page: 1,
      placement: { ...plain, headlinePt: 42, headlineShape: 'long' },
    });
    expect(placed.page.placements[0]).toMatchObject({ headlinePt: 42, headlineShape: 'long' });
    const html = (await exportPage(services.archive, services.i18n, '2026-11-28', 1, { force: true, bleed: false, cropMarks: false })).html;
    expect(html).toContain('transform:scale(0.75,1);transform-origin:0 0');
    const back = await call<LayoutPage>(services, 'layout.place', { date: '2026-11-28', page: 1, placement: plain });
    expect(back.page.placements[0]).toEqual(plain);
  });

  it('refuses a narrower grid that would leave a story off the page', async () => {
    const services = open();
    const page = await call<LayoutPage>(services, 'layout.page', { date: DEMO_EDITION.date, number: 1 });
    const refused = await refusal(services, 'layout.updatePage', {
      date: DEMO_EDITION.date,
      number: 1,
      geometry: { ...page.page.geometry, columns: 4 },
    });
    expect(refused.code).toBe('PLACEMENT_OUTSIDE_GRID');
    const wider = await call<LayoutPage>(services, 'layout.updatePage', {
      date: DEMO_EDITION.date,
      number: 1,
      geometry: { ...page.page.geometry, columns: 7 },
      editor: '新编辑',
    });
    expect(wider.page).toMatchObject({ editor: '新编辑', geometry: { columns: 7 } });
  });
});

describe('copyfit', () => {
  const g = PAGE_PRESETS.broadsheet;
  const article = splitPageText(pageText('jingzhou-2023-11.txt')).sort((x, y) => y.body.length - x.body.length)[0]!;
  const story = storyTextOf({ ...article, photos: [], photoGroupCredit: null, body: article.body });

  it('computes a split column as the desk does', () => {
    expect(splitColumnChars(g, 2, 3)).toBeCloseTo(25 / 3, 9);
    expect(splitColumnChars(g, 3, 2)).toBe(20);
    const frame = setFrame(g, placement('x', { span: 2, bodySpan: 2, split: 3 }), story);
    expect(frame.columnChars).toBeCloseTo(25 / 3, 9);
  });

  it('says by how many lines and characters a story is over, and by how many lines it is short', () => {
    const small = setFrame(g, placement('x', { depth: 12 }), story);
    expect(small.copyfit.state).toBe('over');
    if (small.copyfit.state !== 'over') return;
    expect(small.copyfit.lines).toBe(small.copyfit.needed - small.copyfit.capacity);
    expect(small.overset).toHaveLength(small.copyfit.lines);
    const oversetChars = small.overset.flatMap((l) => [...l.text]).filter((c) => /[\p{L}\p{N}]/u.test(c)).length;
    expect(small.copyfit.chars).toBe(oversetChars);
    // Every body line that fits is drawn, in columns, within the frame.
    const body = small.lines.filter((l) => l.number !== undefined);
    expect(body).toHaveLength(small.copyfit.capacity);
    for (const l of body) expect(l.y).toBeLessThan(small.box.y + small.box.height);

    const big = setFrame(g, placement('x', { depth: pageLines(g) }), story);
    expect(big.copyfit).toMatchObject({ state: 'short', lines: big.copyfit.capacity - big.copyfit.needed });
    expect(big.overset).toHaveLength(0);
  });

  it('takes lines away from the columns a photo stands in', () => {
    const withPhoto = storyTextOf({ ...article, photos: [], photoGroupCredit: null, body: article.body });
    withPhoto.photos = [{ caption: '图片说明（记者 张三 摄）', hash: null, width: null, height: null, credited: true }];
    const plain = setFrame(g, placement('x', { depth: 40 }), withPhoto);
    const photo = setFrame(g, placement('x', { depth: 40, photos: [{ photo: 0, column: 1, span: 1, top: 0, depth: 10 }] }), withPhoto);
    // The photo's 10 lines and the white line under it.
    expect(plain.copyfit.capacity - photo.copyfit.capacity).toBe(11);
    expect(photo.photos[0]!.caption.map((l) => l.line.text).join('')).toBe('图片说明（记者 张三 摄）');
  });
});

describe('migration 0050: editions, pages and placements', () => {
  it('upgrades an archive of the previous schema, keeping its articles, and lays them out', () => {
    const dir = temp.folder();
    const db = new Database(join(dir, ARCHIVE_FILE));
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 40),
    );
    const at = '2024-01-01T00:00:00.000Z';
    db.prepare(
      "INSERT INTO articles (id, status, headline, body_json, body_blocks, body_text, created_at, updated_at) VALUES ('old', 'approved', '旧稿', ?, ?, '旧稿的正文。', ?, ?)",
    ).run(
      bodyJsonFromBlocks([{ type: 'paragraph', text: '旧稿的正文。' }]),
      JSON.stringify([{ type: 'paragraph', text: '旧稿的正文。' }]),
      at,
      at,
    );
    db.close();

    const archive = Archive.open(dir);
    temp.onCleanup(() => archive.close());
    expect(schemaVersion(archive.db)).toBe(SCHEMA_VERSION);
    expect(archive.editions()).toEqual([]);
    archive.createEdition({ date: '2024-01-02', number: 1, totalNumber: 100, paper: '沙市日报' });
    archive.addPage({ date: '2024-01-02', number: 1, section: '要闻', editor: '' });
    const page = archive.place('2024-01-02', 1, placement('old', { depth: 10 }));
    expect(page.stories.map((s) => s.story.body.map((b) => b.text))).toEqual([['旧稿的正文。']]);
    expect(archive.db.pragma('foreign_key_check')).toEqual([]);
  });
});
