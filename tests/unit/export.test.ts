import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_EDITION } from '../../electron/archive/demo';
import { exportPage } from '../../electron/export/export-page';
import type { AppServices } from '../../electron/services/app-services';
import { nitfXml, wireText } from '../../shared/export/nitf';
import { storiesOf } from '../../shared/typeset/copyfit';
import { setPage } from '../../shared/typeset/frame';
import { tempFolders } from '../support/temp';
import { asAdmin, openServices } from '../support/services';

const run = promisify(execFile);
const BIN = join(__dirname, '..', '..', 'bin', 'banmian.cjs');
const XSD = join(__dirname, '..', 'support', 'nitf-structure.xsd');
const temp = tempFolders();
afterEach(() => temp.cleanupAll());

const open = () => openServices(temp);

/** Takes every placed story of the demo page through the workflow to 签发. */
function approveAll(services: AppServices): void {
  const { archive } = services;
  for (const s of archive.layoutPage(DEMO_EDITION.date, 1).stories) {
    const steps = { draft: ['submit', 'edit', 'approve'], submitted: ['edit', 'approve'], edited: ['approve'], approved: [], spiked: [] }[
      s.status
    ];
    for (const step of steps) archive.setStatus(s.articleId, step as 'submit');
  }
}

const options = { force: false, bleed: false, cropMarks: false };

describe('a page exported as HTML', () => {
  it('holds everything it needs: no script, nothing from the network or the disk, fonts subset and embedded', async () => {
    const services = open();
    approveAll(services);
    const page = await exportPage(services.archive, services.i18n, DEMO_EDITION.date, 1, options);
    expect(page.refused).toBe(false);
    expect(page.problems).toEqual([]);
    const html = page.html;
    expect(html).not.toMatch(/<script/iu);
    expect(html).not.toMatch(/(src|href)="(?!data:)/iu);
    expect(html).not.toMatch(/url\((?!data:)/iu);
    expect(html).toContain('@page{size:270mm 390mm;margin:0}');
    const fonts = [...html.matchAll(/src:url\(data:font\/ttf;base64,([A-Za-z0-9+/=]+)\)/gu)].map((m) => Buffer.from(m[1]!, 'base64'));
    expect(fonts.length).toBeGreaterThanOrEqual(3);
    // Subsets: a few kilobytes of the 15 MB faces, TrueType outlines.
    for (const font of fonts) {
      expect(font.byteLength).toBeLessThan(600_000);
      expect(font.readUInt32BE(0)).toBe(0x00010000);
    }
    // Every photo inlined, every line of every story in the file.
    expect([...html.matchAll(/<img class="photo" alt="" src="data:image\/png;base64,/gu)]).toHaveLength(2);
    const layout = services.archive.layoutPage(DEMO_EDITION.date, 1);
    for (const frame of setPage(layout.page, storiesOf(layout))) {
      for (const line of frame.lines) expect(html).toContain(`data-line="${line.line.text.replace(/"/gu, '&#34;')}"`);
    }
    expect(html).toContain('江城日报');
    expect(html).toContain('第58期 总第12345期');
  });

  it('is refused, with each problem said, when a story is not approved, overset, or a photo is missing or uncredited', async () => {
    const services = open();
    const { archive } = services;
    const first = await exportPage(archive, services.i18n, DEMO_EDITION.date, 1, options);
    expect(first.refused).toBe(true);
    expect(first.html).toBe('');
    expect(first.problems.map((p) => p.code)).toEqual(['notApproved', 'notApproved', 'notApproved']);

    approveAll(services);
    const layout = archive.layoutPage(DEMO_EDITION.date, 1);
    const lead = layout.page.placements.find((p) => p.id === 'demo-lead')!;
    archive.place(DEMO_EDITION.date, 1, { ...lead, depth: 8, photos: [] });
    const second = layout.page.placements.find((p) => p.id === 'demo-second')!;
    // A signed-off story is frozen: the sign-off is withdrawn for the change, then given again.
    archive.setStatus(second.articleId, 'revoke', null, '测试：改图片');
    const article = archive.get(second.articleId);
    // The second story's first photo loses its image; its group credit goes, so no photo is credited.
    archive.save(article.id, article.version, {
      ...article,
      photos: article.photos.map((p, i) => (i === 0 ? { ...p, hash: null, mime: null, width: null, height: null } : p)),
      photoGroupCredit: null,
    });
    archive.setStatus(article.id, 'approve');
    const refused = await exportPage(archive, services.i18n, DEMO_EDITION.date, 1, options);
    expect(refused.refused).toBe(true);
    expect(refused.problems.map((p) => p.code).sort()).toEqual(['overset', 'photoMissing', 'photoWithoutCredit']);
    const result = await services.call('export.page', { date: DEMO_EDITION.date, page: 1 }, await asAdmin(services));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const report = result.value as { refused: boolean; problems: string[]; files: string[] };
    expect(report.refused).toBe(true);
    expect(report.files).toEqual([]);
    expect(report.problems.join('\n')).toMatch(/《江城区十项民生工程全面开工》溢出 \d+ 行，约 \d+ 字/u);
    expect(report.problems.join('\n')).toContain('缺图');
    expect(report.problems.join('\n')).toContain('没有作者署名');

    // Said so, it exports, and still lists the problems.
    const forced = await exportPage(archive, services.i18n, DEMO_EDITION.date, 1, { ...options, force: true });
    expect(forced.refused).toBe(false);
    expect(forced.problems).toHaveLength(3);
    expect(forced.html).toContain('class="photo missing"');
  });

  it('warns of proofreading findings left in a placed story without refusing the page; kept ones and rules the house switched off are not said', async () => {
    const services = open();
    const { archive } = services;
    const placed = archive.layoutPage(DEMO_EDITION.date, 1).stories.find((s) => s.status !== 'approved')!;
    const article = archive.get(placed.articleId);
    const headline = `${article.headline}，再接再励`;
    // The editor kept one finding on purpose (ignored it for the story); two are left.
    archive.save(article.id, article.version, {
      ...article,
      headline,
      deck: '各项工作己经完成，己经验收',
      proofIgnores: ['deck|typo:己经:1'],
    });
    approveAll(services);
    const page = await exportPage(services.archive, services.i18n, DEMO_EDITION.date, 1, options);
    expect(page.refused).toBe(false);
    expect(page.warnings).toEqual([
      { code: 'proofreading', articleId: article.id, headline, count: 2, rules: [{ rule: 'typo', count: 2 }] },
    ]);
    // Through the services, in words.
    const result = await services.call('export.page', { date: DEMO_EDITION.date, page: 1 }, await asAdmin(services));
    expect(result.ok).toBe(true);
    const report = (result as { value: { refused: boolean; warnings: string[] } }).value;
    expect(report.refused).toBe(false);
    expect(report.warnings).toEqual([`《${headline}》还有 2 处校对问题未处理（错别字 2）`]);
    // The house switches the rule off: nothing left to say.
    archive.updateSettings({ proofreading: { off: ['typo'], typos: [], avoid: [] } });
    expect((await exportPage(archive, services.i18n, DEMO_EDITION.date, 1, options)).warnings).toEqual([]);
  });

  it('sizes the sheet for bleed and crop marks', async () => {
    const services = open();
    approveAll(services);
    const bleed = await exportPage(services.archive, services.i18n, DEMO_EDITION.date, 1, { ...options, bleed: true });
    expect(bleed.sheet).toEqual({ widthMm: 276, heightMm: 396 });
    const marks = await exportPage(services.archive, services.i18n, DEMO_EDITION.date, 1, { ...options, cropMarks: true });
    expect(marks.sheet).toEqual({ widthMm: 290, heightMm: 410 });
    expect([...marks.html.matchAll(/class="mark"/gu)]).toHaveLength(8);
  });
});

describe('articles as NITF and as wire text', () => {
  it('writes NITF 3.6 whose structure xmllint accepts, with hedline, a byline per contributor and media', () => {
    const services = open();
    const dir = temp.folder();
    for (const summary of services.archive.list({})) {
      const article = services.archive.get(summary.id);
      const xml = nitfXml(article, { paper: '江城日报', photoSource: (hash) => `photos/${hash}.png` });
      const file = join(dir, `${article.id}.xml`);
      writeFileSync(file, xml);
      execFileSync('xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' });
      expect(xml).toContain(`<hl1>${article.headline.replace(/&/gu, '&amp;')}</hl1>`);
      expect([...xml.matchAll(/<byline>/gu)]).toHaveLength(article.byline.length);
      expect([...xml.matchAll(/<media media-type="image">/gu)]).toHaveLength(article.photos.length);
    }
    const withOutlet = services.archive
      .list({})
      .map((s) => services.archive.get(s.id))
      .find((a) => a.byline.some((b) => b.outlet))!;
    const xml = nitfXml(withOutlet, { paper: '江城日报' });
    expect(xml).toMatch(/<byline><person>[^<]+<\/person><byttl>湖北日报记者<\/byttl><\/byline>/u);
    // 引题 and 副题 are hl2, after hl1.
    const headed = services.archive
      .list({})
      .map((s) => services.archive.get(s.id))
      .find((a) => a.kicker && a.deck)!;
    expect(nitfXml(headed, { paper: '江城日报' })).toContain(
      `<hl1>${headed.headline}</hl1>\n<hl2>${headed.kicker}</hl2>\n<hl2>${headed.deck}</hl2>`,
    );
  });

  it('escapes what XML cannot carry raw, and xmllint still accepts it', () => {
    const services = open();
    const a = services.archive.get(services.archive.list({})[0]!.id);
    const file = join(temp.folder(), 'odd.xml');
    writeFileSync(file, nitfXml({ ...a, headline: 'A&B <C> "引号"\u0001' }, { paper: 'P&Q' }));
    execFileSync('xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' });
    expect(readFileSync(file, 'utf8')).toContain('<hl1>A&amp;B &lt;C&gt; &quot;引号&quot;</hl1>');
  });

  it('writes wire text in house form: headings, the byline opening the text, indented paragraphs, credits', () => {
    const services = open();
    const a = services.archive
      .list({})
      .map((s) => services.archive.get(s.id))
      .find((x) => x.bylineForm === 'standard' && x.byline.length > 1)!;
    const text = wireText(a);
    const lines = text.split('\n');
    expect(lines).toContain(a.headline);
    const first = lines.find((l) => l.startsWith('\u3000\u3000'))!;
    expect(first).toMatch(/^\u3000\u3000本报讯（.+）/u);
  });
});

describe('banmian export', () => {
  it('exports one page, refusing it with the problems until --force, then every page with an index', async () => {
    const dir = temp.folder();
    const out = temp.folder();
    const refused = await run(
      process.execPath,
      [BIN, '--data', dir, 'export', '--edition', DEMO_EDITION.date, '--page', '1', '--out', join(out, 'p1.html')],
      {
        env: { ...process.env, LANG: 'zh_CN.UTF-8' },
      },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('未导出');
    expect(refused.stderr).toContain('尚未签发');
    expect(existsSync(join(out, 'p1.html'))).toBe(false);

    const { stdout } = await run(process.execPath, [
      BIN,
      '--data',
      dir,
      'export',
      '--edition',
      DEMO_EDITION.date,
      '--all',
      '--force',
      '--out',
      out,
      '--json',
    ]);
    const reports = JSON.parse(stdout) as { number: number; files: string[]; problems: string[] }[];
    expect(reports.map((r) => r.number)).toEqual([1]);
    expect(readdirSync(out).sort()).toEqual(['index.html', 'page-01.html']);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('href="page-01.html"');
  });
});
