// Export speed: `npm run bench:export`. Targets: one page under 500 ms and an 8-page edition
// under 3 s, font subsetting included. The edition is made of the fixture pages' real articles
// (imported, approved, each set in a frame as deep as its text), eight broadsheet pages of them.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pageLines, placementProblems, type Placement } from '../shared/domain/layout';
import { fitDepth } from '../shared/typeset/frame';
import { storyTextOf } from '../shared/typeset/story';
import { importBytes } from '../electron/import/import-file';
import { AppServices } from '../electron/services/app-services';

const PAGES = 8;
const DATE = '2026-11-26';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'banmian-bench-export-'));
  const services = AppServices.open(dir, { demo: false });
  const { archive } = services;
  try {
    const pagesDir = join(__dirname, '..', '..', 'shared', 'fixtures', 'pages');
    const ids = readdirSync(pagesDir)
      .filter((f) => f.endsWith('.txt'))
      .flatMap((f) => importBytes(archive, readFileSync(join(pagesDir, f)), f).articleIds);
    // Export is forced below: statuses do not matter to the timing.
    archive.createEdition({ date: DATE, number: 230, totalNumber: 15_001, paper: '沙市日报' });
    let next = 0;
    let placed = 0;
    for (let n = 1; n <= PAGES; n++) {
      const page = archive.addPage({ date: DATE, number: n, section: `第${n}版`, editor: '王编辑', preset: 'broadsheet' }).page;
      const g = page.geometry;
      // Four stacks of two columns; each story as deep as its text, while the stack has room.
      for (let column = 0; column < g.columns; column += 2) {
        let top = 0;
        while (top < pageLines(g) - 10) {
          // Each slot its own article (an article is placed once per edition): a copy of the next one.
          const source = archive.get(ids[next++ % ids.length]!);
          const articleId = archive.create({ ...source, photos: [] }).id;
          const base: Placement = {
            id: `p${n}-${column}-${top}`,
            articleId: `${articleId}`,
            column,
            span: 2,
            top,
            depth: 1,
            bodySpan: 2,
            split: 2,
            headlineSize: 'medium',
            photos: [],
          };
          const depth = fitDepth(g, base, storyTextOf(archive.get(articleId)), pageLines(g) - top);
          const p = { ...base, depth };
          const current = archive.layoutPage(DATE, n).page;
          if (placementProblems(current, p).length) break;
          archive.place(DATE, n, p);
          placed++;
          top += depth + 1;
        }
      }
    }
    const options = { force: true, bleed: false, cropMarks: false };
    // Warm: HarfBuzz compiled, the fonts read once, Chromium started.
    const warm = await services.exporter.render(DATE, 1, options);
    await services.exporter.pdfOf(warm, options);

    const html: number[] = [];
    const pdf: number[] = [];
    let bytes = 0;
    const edition = performance.now();
    for (let n = 1; n <= PAGES; n++) {
      let t = performance.now();
      const page = await services.exporter.render(DATE, n, options);
      html.push(performance.now() - t);
      bytes += page.html.length;
      t = performance.now();
      await services.exporter.pdfOf(page, options);
      pdf.push(performance.now() - t);
    }
    const editionMs = performance.now() - edition;

    // The same edition as press-ready PDF/X: Chromium's PDF, then Ghostscript's separation and the
    // press's preflight (fonts, a raster of the inks for the ink limit and the bleed). Target < 15 s.
    const pdfx: Record<'4' | '1a', number[]> = { '4': [], '1a': [] };
    const pdfxEdition: Record<'4' | '1a', number> = { '4': 0, '1a': 0 };
    for (const level of ['4', '1a'] as const) {
      for (let n = 1; n <= PAGES; n++) {
        const t = performance.now();
        const page = await services.exporter.render(DATE, n, { ...options, pdfx: level });
        await services.exporter.pressPdfOf(page, options, level);
        pdfx[level].push(performance.now() - t);
      }
      // The edition as `banmian export --all --pdfx` writes it: two pages in hand at a time.
      const start = performance.now();
      const numbers = Array.from({ length: PAGES }, (_, k) => k + 1);
      await services.exporter.exportPagesToFolder(DATE, numbers, { ...options, pdf: true, pdfx: level }, join(dir, `pdfx-${level}`));
      pdfxEdition[level] = performance.now() - start;
    }
    const htmlTotal = html.reduce((a, b) => a + b, 0);
    const max = (xs: number[]) => Math.max(...xs).toFixed(0);
    const mean = (xs: number[]) => (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(0);
    console.log(`export, ${PAGES} broadsheet pages, ${placed} stories from the fixture pages, Node ${process.version}:
  one page as HTML (composing, photos, font subsetting): mean ${mean(html)} ms, slowest ${max(html)} ms (target < 500 ms)
  one page's PDF printed by headless Chromium: mean ${mean(pdf)} ms, slowest ${max(pdf)} ms
  the edition as HTML: ${htmlTotal.toFixed(0)} ms (target < 3 s); with every PDF: ${editionMs.toFixed(0)} ms
  HTML written: ${(bytes / PAGES / 1024).toFixed(0)} KB a page on average
  one page as PDF/X-4 with the press's preflight: mean ${mean(pdfx['4'])} ms, slowest ${max(pdfx['4'])} ms
  one page as PDF/X-1a with the press's preflight: mean ${mean(pdfx['1a'])} ms, slowest ${max(pdfx['1a'])} ms
  the edition as PDF/X-4: ${pdfxEdition['4'].toFixed(0)} ms; as PDF/X-1a: ${pdfxEdition['1a'].toFixed(0)} ms (target < 15 s)`);
  } finally {
    await services.exporter.close();
    services.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
