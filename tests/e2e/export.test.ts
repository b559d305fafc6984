import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEMO_EDITION } from '../../electron/archive/demo';
import { storiesOf } from '../../shared/typeset/copyfit';
import { setPage } from '../../shared/typeset/frame';
import type { TestApp } from '../support/app';
import { useDesk } from '../support/desk';

const setup = useDesk({ width: 1500, height: 1100 });
let browser: Browser;
let app: TestApp;
let page: Page;
beforeEach(() => {
  ({ browser, app, page } = setup);
});

/** Every drawn line of every frame: its text and its place, in ems of the body type. */
async function linesByFrame(
  p: Page,
  sheetSelector: string,
  areaSelector: string,
): Promise<Record<string, { text: string; x: number; y: number }[]>> {
  return p.evaluate(
    ([sheetSel, areaSel]) => {
      const em = parseFloat(getComputedStyle(document.querySelector(sheetSel!)!).fontSize);
      const area = document.querySelector(areaSel!)!.getBoundingClientRect();
      const out: Record<string, { text: string; x: number; y: number }[]> = {};
      for (const frame of document.querySelectorAll<HTMLElement>('[data-placement]')) {
        out[frame.dataset.placement!] = [...frame.querySelectorAll<HTMLElement>('[data-line]')].map((l) => {
          const box = l.getBoundingClientRect();
          return {
            text: l.dataset.line!,
            x: Math.round(((box.left - area.left) / em) * 100) / 100,
            y: Math.round(((box.top - area.top) / em) * 100) / 100,
          };
        });
      }
      return out;
    },
    [sheetSelector, areaSelector],
  );
}

function pdfPageSizeMm(file: string): { width: number; height: number } {
  const info = execFileSync('pdfinfo', [file]).toString();
  const m = /Page size:\s+([\d.]+) x ([\d.]+) pts/u.exec(info)!;
  return { width: (Number(m[1]) * 25.4) / 72, height: (Number(m[2]) * 25.4) / 72 };
}

describe('export of the demo edition', () => {
  it('exports from the layout desk with a progress bar, and the page prints what the desk showed', async () => {
    await page.goto(`${app.host.url}#/layout/${DEMO_EDITION.date}/1`);
    await page.locator('.frame').first().waitFor();
    const preview = await linesByFrame(page, '.page-sheet', '.type-area');

    // Not approved yet: refused, and said why.
    await page.getByRole('button', { name: '导出本期' }).click();
    await expect.poll(() => page.getByTestId('export-reports').innerText()).toContain('第1版有问题，未导出');
    expect(await page.getByTestId('export-reports').innerText()).toContain('尚未签发');

    await page.getByLabel('有问题也导出').check();
    await page.getByLabel('同时输出 PDF').check();
    await page.getByRole('button', { name: '导出本期' }).click();
    await expect.poll(() => page.getByTestId('export-done').innerText(), { timeout: 30_000 }).toContain('已导出 1 个版面');
    const folder = join(app.dir, 'exports', DEMO_EDITION.date);
    for (const f of ['page-01.html', 'page-01.pdf', 'index.html']) expect(existsSync(join(folder, f)), f).toBe(true);

    // The file alone, every request refused: it needs none, and shows every line where the desk did.
    const offline = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const fileUrl = pathToFileURL(join(folder, 'page-01.html')).href;
    const requests: string[] = [];
    await offline.route(/^(?!file:)/u, (route) => route.abort());
    const exported = await offline.newPage();
    exported.on('request', (r) => {
      if (!r.url().startsWith('data:') && r.url() !== fileUrl) requests.push(r.url());
    });
    await exported.goto(fileUrl);
    await exported.evaluate(() => document.fonts.ready);
    expect(requests).toEqual([]);
    const printed = await linesByFrame(exported, '.trim', '.area');
    expect(Object.keys(printed).sort()).toEqual(Object.keys(preview).sort());
    for (const [id, lines] of Object.entries(preview)) {
      expect(
        printed[id]!.map((l) => l.text),
        id,
      ).toEqual(lines.map((l) => l.text));
      printed[id]!.forEach((l, i) => {
        expect(Math.abs(l.x - lines[i]!.x), `${l.text} x`).toBeLessThan(0.05);
        expect(Math.abs(l.y - lines[i]!.y), `${l.text} y`).toBeLessThan(0.05);
      });
    }
    // Every article's text is there.
    const layout = app.services.archive.layoutPage(DEMO_EDITION.date, 1);
    const text = (await exported.locator('.area').innerText()).replace(/\s+/gu, '');
    for (const frame of setPage(layout.page, storiesOf(layout))) {
      for (const line of frame.lines) expect(text).toContain(line.line.text.replace(/\s+/gu, ''));
    }
    // Every glyph comes from a font embedded in the file, none from the system's.
    const cdp = await offline.newCDPSession(exported);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: '.line > span, .header > span' });
    expect(nodeIds.length).toBeGreaterThan(100);
    const families = new Set<string>();
    for (const nodeId of nodeIds) {
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      for (const f of fonts) {
        expect(f.isCustomFont, `${f.familyName} for node ${nodeId}`).toBe(true);
        families.add(f.familyName);
      }
    }
    expect([...families].sort()).toEqual(expect.arrayContaining(['Noto Sans SC', 'Noto Serif SC']));
    await offline.close();

    // The PDF: the paper's size to a tenth of a millimetre, every font embedded, none Type 3.
    const size = pdfPageSizeMm(join(folder, 'page-01.pdf'));
    expect(Math.abs(size.width - 270)).toBeLessThan(0.1);
    expect(Math.abs(size.height - 390)).toBeLessThan(0.1);
    const fonts = execFileSync('pdffonts', [join(folder, 'page-01.pdf')])
      .toString()
      .trim()
      .split('\n')
      .slice(2);
    expect(fonts.length).toBeGreaterThanOrEqual(3);
    for (const line of fonts) {
      expect(line).not.toContain('Type 3');
      expect(line).toMatch(/CID TrueType\s+Identity-H\s+yes yes yes/u);
    }
  });

  it('prints bleed and crop marks on a larger sheet, with the trim box at the paper’s size', async () => {
    const { exporter } = app.services;
    const report = await exporter.exportToFolder(
      DEMO_EDITION.date,
      1,
      { force: true, bleed: true, cropMarks: true, pdf: true },
      join(app.dir, 'marks'),
    );
    const pdf = report.files.find((f) => f.endsWith('.pdf'))!;
    const size = pdfPageSizeMm(pdf);
    expect(Math.abs(size.width - 290)).toBeLessThan(0.1);
    expect(Math.abs(size.height - 410)).toBeLessThan(0.1);
    const boxes = execFileSync('pdfinfo', ['-box', pdf]).toString();
    const trim = /TrimBox:\s+([\d.-]+)\s+([\d.-]+)\s+([\d.-]+)\s+([\d.-]+)/u.exec(boxes)!.slice(1).map(Number);
    expect(Math.abs(((trim[2]! - trim[0]!) * 25.4) / 72 - 270)).toBeLessThan(0.1);
    expect(Math.abs(((trim[3]! - trim[1]!) * 25.4) / 72 - 390)).toBeLessThan(0.1);
  });

  it('downloads an article as NITF and as wire text from the story desk', async () => {
    const article = app.services.archive.list({}).find((a) => a.photos > 0)!;
    await page.goto(`${app.host.url}#/article/${article.id}`);
    await page.getByRole('textbox', { name: '正文' }).waitFor();
    const [xml] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'NITF 3.6 XML' }).click()]);
    expect(xml.suggestedFilename()).toBe(`${article.id}.xml`);
    const [text] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '纯文本（通稿格式）' }).click()]);
    expect(text.suggestedFilename()).toBe(`${article.id}.txt`);
  });
});
