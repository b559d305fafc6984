import { execFile } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFNumber, StandardFonts, cmyk, decodePDFRawStream } from 'pdf-lib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEMO_EDITION } from '../../electron/archive/demo';
import { GhostscriptError, fontsNotEmbedded, ghostscript, inkFindings, separations } from '../../electron/export/pdfx';
import { encodePng } from '../../electron/export/png';
import { pressContent } from '../../electron/export/press-colours';
import type { AppServices } from '../../electron/services/app-services';
import type { ApiOutput } from '../../shared/api/contract';
import { errorMessage } from '../../shared/i18n/setup';
import { tempFolders } from '../support/temp';
import { asAdmin, openServices } from '../support/services';

/**
 * PDF/X checked as a print shop's preflight would: poppler's pdfinfo, pdffonts and pdfimages
 * on the files written, Ghostscript's inkcov and a raster of the page's inks.
 */
const run = promisify(execFile);
const BIN = join(__dirname, '..', '..', 'bin', 'banmian.cjs');
const temp = tempFolders();
afterEach(() => temp.cleanupAll());
const shared: AppServices[] = [];
afterAll(() => shared.forEach((s) => void s.exporter.close()));

function approveAll(services: AppServices): void {
  const { archive } = services;
  for (const s of archive.layoutPage(DEMO_EDITION.date, 1).stories) {
    const steps = { draft: ['submit', 'edit', 'approve'], submitted: ['edit', 'approve'], edited: ['approve'], approved: [], spiked: [] }[
      s.status
    ];
    for (const step of steps) archive.setStatus(s.articleId, step as 'submit');
  }
}

function open(): AppServices {
  const services = openServices(temp);
  shared.push(services);
  approveAll(services);
  return services;
}

/** The demo page with no photo on it: text, rules and the masthead alone. */
function textOnly(services: AppServices): void {
  const { archive } = services;
  for (const p of archive.layoutPage(DEMO_EDITION.date, 1).page.placements)
    if (p.photos.length) archive.place(DEMO_EDITION.date, 1, { ...p, photos: [] });
}

/** Replaces the lead story's photo with a sharp, dark and saturated one (what strains the ink limit). */
function darkPhoto(services: AppServices): void {
  const { archive } = services;
  const width = 1200;
  const height = 450;
  const rgb = new Uint8Array(width * height * 3);
  const colours = [
    [0, 0, 0],
    [40, 0, 60],
    [0, 40, 10],
    [90, 10, 10],
    [10, 20, 80],
    [255, 255, 255],
  ];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) rgb.set(colours[Math.floor(x / 200) % colours.length]!, (y * width + x) * 3);
  const lead = archive.layoutPage(DEMO_EDITION.date, 1).page.placements.find((p) => p.id === 'demo-lead')!;
  archive.setStatus(lead.articleId, 'revoke', null, '测试：换图');
  const article = archive.get(lead.articleId);
  const image = archive.importImage(encodePng(width, height, rgb), 'dark.png');
  archive.save(article.id, article.version, {
    ...article,
    photos: article.photos.map((p, i) =>
      i === 0 ? { ...p, hash: image.hash, mime: image.mime, width: image.width, height: image.height } : p,
    ),
  });
  archive.setStatus(article.id, 'approve');
  // The second story's photo (166 ppi as placed) off the page: this one alone is under test.
  const second = archive.layoutPage(DEMO_EDITION.date, 1).page.placements.find((p) => p.id === 'demo-second')!;
  archive.place(DEMO_EDITION.date, 1, { ...second, photos: [] });
}

async function exportPdfx(services: AppServices, pdfx: '4' | '1a', force = true) {
  const result = await services.call('export.page', { date: DEMO_EDITION.date, page: 1, force, pdfx }, await asAdmin(services));
  if (!result.ok) throw new Error(result.error.message);
  return result.value as ApiOutput<'export.page'>;
}

const pdfOf = (files: string[]) => files.find((f) => f.endsWith('.pdf'))!;

/** Every object of the file, with streams decoded where they can be: what a preflight walks. */
async function objects(file: string): Promise<{ dicts: PDFDict[]; contents: string[] }> {
  const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
  const dicts: PDFDict[] = [];
  const contents: string[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (object instanceof PDFDict) dicts.push(object);
    if (object instanceof PDFRawStream) {
      dicts.push(object.dict);
      const subtype = object.dict.get(PDFName.of('Subtype'));
      if ((!subtype || subtype === PDFName.of('Form')) && !object.dict.has(PDFName.of('Length1')) && !object.dict.has(PDFName.of('N')))
        contents.push(Buffer.from(decodePDFRawStream(object).decode()).toString('latin1'));
    }
  }
  return { dicts, contents };
}

/** Ghostscript's inkcov: each ink's share of the page, C M Y K. */
async function inkcov(file: string): Promise<number[]> {
  const { stdout } = await run('gs', ['-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', '-sDEVICE=inkcov', '-o', '-', file]);
  return stdout.trim().split(/\s+/u).slice(0, 4).map(Number);
}

// Each export starts Chromium and runs Ghostscript a few times: seconds, not milliseconds.
describe('press-ready PDF/X', { timeout: 120_000 }, () => {
  it('writes PDF/X-1a that poppler names, all fonts embedded, nothing in RGB, nothing transparent, the boxes kept', async () => {
    const services = open();
    // A story boxed and tinted: the tint must print as grey ink, not as black at some transparency.
    const tinted = services.archive.layoutPage(DEMO_EDITION.date, 1).page.placements[0]!;
    services.archive.place(DEMO_EDITION.date, 1, { ...tinted, style: { ...tinted.style, box: 'line', tint: 10 } });
    const call = async (input: { pdf?: boolean; pdfx?: '1a' }) => {
      const result = await services.call(
        'export.page',
        { date: DEMO_EDITION.date, page: 1, force: true, cropMarks: true, ...input },
        await asAdmin(services),
      );
      if (!result.ok) throw new Error(result.error.message);
      return result.value as ApiOutput<'export.page'>;
    };
    const plainBoxes = (await run('pdfinfo', ['-box', pdfOf((await call({ pdf: true })).files)])).stdout.match(/^(Trim|Bleed)Box:.*$/gmu)!;
    const report = await call({ pdfx: '1a' });
    const file = pdfOf(report.files);
    // The crop marks lie outside the bleed, as they should: not taken for something that strays there.
    expect(report.problems.join('\n')).not.toContain('出血');
    const info = (await run('pdfinfo', ['-box', file])).stdout;
    expect(info).toMatch(/^PDF version:\s+1\.3$/mu);
    expect(info).toMatch(/^PDF subtype:\s+PDF\/X-1:2001$/mu);
    // The trim and bleed boxes as the plain PDF has them (to the point's hundredth pdfinfo prints).
    const boxes = info.match(/^(Trim|Bleed)Box:.*$/gmu)!;
    expect(
      boxes.map((b) =>
        b
          .split(/\s+/u)
          .slice(1)
          .map((n) => Math.round(Number(n))),
      ),
    ).toEqual(
      plainBoxes.map((b) =>
        b
          .split(/\s+/u)
          .slice(1)
          .map((n) => Math.round(Number(n))),
      ),
    );
    const fonts = (await run('pdffonts', [file])).stdout.trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThanOrEqual(3);
    for (const line of fonts) expect(line).toMatch(/CID TrueType\s+Identity-H\s+yes\s+yes/u);
    const images = (await run('pdfimages', ['-list', file])).stdout.trim().split('\n').slice(2);
    expect(images).toHaveLength(2);
    for (const line of images) expect(line.trim().split(/\s+/u)[5]).toBe('cmyk');

    const { dicts, contents } = await objects(file);
    const intent = dicts.find((d) => d.get(PDFName.of('S')) === PDFName.of('GTS_PDFX'))!;
    expect(intent.lookup(PDFName.of('OutputConditionIdentifier'))?.toString()).toBe('(CGATS TR 002)');
    const profile = intent.lookup(PDFName.of('DestOutputProfile')) as PDFRawStream;
    expect((profile.dict.get(PDFName.of('N')) as PDFNumber).asNumber()).toBe(4);
    for (const d of dicts) {
      const values = [...d.values()].map((v) => v.toString());
      expect(values).not.toContain('/DeviceRGB');
      expect(values).not.toContain('/CalRGB');
      expect(d.has(PDFName.of('SMask')) && d.get(PDFName.of('SMask')) !== PDFName.of('None')).toBe(false);
      expect(d.get(PDFName.of('S')) === PDFName.of('Transparency')).toBe(false);
      const ca = d.get(PDFName.of('ca'));
      expect(ca === undefined || (ca instanceof PDFNumber && ca.asNumber() === 1)).toBe(true);
      // The only ICC profile is the output intent's, CMYK.
      const cs = d.get(PDFName.of('ColorSpace'));
      if (cs instanceof PDFArray) expect(cs.get(0)).not.toBe(PDFName.of('ICCBased'));
    }
    for (const c of contents) expect(c).not.toMatch(/(^|\s)(rg|RG)(\s|$)/u);
  });

  it('writes PDF/X-4, PDF 1.6 with the version in its XMP metadata and the newsprint output intent', async () => {
    const services = open();
    const report = await exportPdfx(services, '4');
    const file = pdfOf(report.files);
    const info = (await run('pdfinfo', [file])).stdout;
    expect(info).toMatch(/^PDF version:\s+1\.6$/mu);
    expect(info).toMatch(/^PDF subtype:\s+PDF\/X-4$/mu);
    const meta = (await run('pdfinfo', ['-meta', file])).stdout;
    expect(meta).toContain('<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>');
    expect(meta).toContain('<xmpMM:RenditionClass>default</xmpMM:RenditionClass>');
    for (const line of (await run('pdffonts', [file])).stdout.trim().split('\n').slice(2)) expect(line).toMatch(/\syes\s+yes\s/u);
    for (const line of (await run('pdfimages', ['-list', file])).stdout.trim().split('\n').slice(2))
      expect(line.trim().split(/\s+/u)[5]).toBe('cmyk');
    // The demo's photos are 166 ppi as placed: exported because forced, and said.
    expect(report.problems.join('\n')).toMatch(/图片 1 按所放尺寸只有 16\d ppi，印刷至少要 200 ppi/u);
  });

  it('prints text, rules and the masthead on the black plate alone, overprinting', async () => {
    const services = open();
    textOnly(services);
    for (const level of ['1a', '4'] as const) {
      const file = pdfOf((await exportPdfx(services, level)).files);
      const [c, m, y, k] = await inkcov(file);
      expect([c, m, y]).toEqual([0, 0, 0]);
      expect(k).toBeGreaterThan(0.01);
      // Black is set to overprint with OPM 1, so that it leaves whatever is under it alone.
      const { dicts, contents } = await objects(file);
      const overprint = dicts.filter((d) => d.get(PDFName.of('op'))?.toString() === 'true' && d.get(PDFName.of('OPM'))?.toString() === '1');
      expect(overprint.length).toBeGreaterThan(0);
      expect(contents.join('\n')).toMatch(/0 0 0 1 k/u);
    }
  });

  it('separates a dark, saturated photo within the newsprint ink limit', async () => {
    const services = open();
    darkPhoto(services);
    const report = await exportPdfx(services, '1a', false);
    expect(report.problems).toEqual([]);
    const file = pdfOf(report.files);
    expect(existsSync(file)).toBe(true);
    const dir = temp.folder();
    await run('gs', [
      '-q',
      '-dNOPAUSE',
      '-dBATCH',
      '-dSAFER',
      '-sDEVICE=bitcmyk',
      '-dGrayValues=256',
      '-r100',
      `-sOutputFile=${join(dir, 'p.cmyk')}`,
      file,
    ]);
    const raster = readFileSync(join(dir, 'p.cmyk'));
    let max = 0;
    let inked = 0;
    for (let i = 0; i < raster.length; i += 4) {
      const total = raster[i]! + raster[i + 1]! + raster[i + 2]! + raster[i + 3]!;
      if (raster[i]! > 0 && raster[i + 1]! > 0 && raster[i + 2]! > 0) inked++;
      max = Math.max(max, total);
    }
    // Black photo areas come out as four-colour black at the limit, not as 400 %.
    expect(inked).toBeGreaterThan(1000);
    expect((max / 255) * 100).toBeGreaterThan(200);
    expect((max / 255) * 100).toBeLessThanOrEqual(242);
  });

  it('refuses a page whose photos are below the press resolution, saying each, until forced or the minimum is lowered', async () => {
    const services = open();
    const refused = await exportPdfx(services, '4', false);
    expect(refused.refused).toBe(true);
    expect(refused.files).toEqual([]);
    expect(refused.problems.filter((p) => p.includes('ppi'))).toHaveLength(2);

    const dir = temp.folder();
    const out = temp.folder();
    const cli = (args: string[]) =>
      run(process.execPath, [BIN, '--data', dir, ...args], { env: { ...process.env, LANG: 'zh_CN.UTF-8' } }).then(
        (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const page = ['export', '--edition', DEMO_EDITION.date, '--page', '1', '--out', join(out, 'p1.html'), '--pdfx', '1a'];
    const first = await cli([...page, '--force']);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/按所放尺寸只有 16\d ppi/u);
    expect((await run('pdfinfo', [join(out, 'p1.pdf')])).stdout).toMatch(/PDF subtype:\s+PDF\/X-1:2001/u);
    const bad = await cli([...page.slice(0, -1), '2b']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--pdfx 2b');
  });

  it('finds ink over the limit, ink outside the bleed and fonts not embedded', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([300, 300]);
    page.setTrimBox(20, 20, 260, 260);
    page.setBleedBox(11.5, 11.5, 277, 277);
    page.drawRectangle({ x: 50, y: 50, width: 60, height: 60, color: cmyk(1, 1, 1, 1) });
    // Something lying past the bleed, in the slug where only crop marks belong.
    page.drawRectangle({ x: 120, y: 2, width: 40, height: 6, color: cmyk(0, 0, 0, 1) });
    page.drawText('Helvetica', { x: 150, y: 150, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
    const pdf = await doc.save();
    const found = await inkFindings(pdf, await separations(pdf, 72));
    expect(found.maxInk).toBe(400);
    expect(found.overLimitMm2).toBeGreaterThan(400);
    expect(found.outsideBleedMm2).toBeGreaterThan(25);
    expect(await fontsNotEmbedded(pdf)).toEqual(['Helvetica']);
  });

  it('shows a soft proof: the page as printed and each ink on its own plate', async () => {
    const services = open();
    textOnly(services);
    const result = await services.call('export.proof', { date: DEMO_EDITION.date, page: 1 }, await asAdmin(services));
    if (!result.ok) throw new Error(result.error.message);
    const proof = result.value as ApiOutput<'export.proof'>;
    expect(proof.composite).toMatch(/^data:image\/png;base64,iVBORw0KGgo/u);
    expect(proof.inks.map((i) => i.ink)).toEqual(['cyan', 'magenta', 'yellow', 'black']);
    const coverage = Object.fromEntries(proof.inks.map((i) => [i.ink, i.coverage]));
    expect([coverage.cyan, coverage.magenta, coverage.yellow]).toEqual([0, 0, 0]);
    expect(coverage.black).toBeGreaterThan(0.5);
    expect(proof.maxInk).toBe(100);
    const png = Buffer.from(proof.composite.split(',')[1]!, 'base64');
    expect(png.readUInt32BE(16)).toBe(proof.width);
  });

  it('says in the desk language when Ghostscript is missing or too old', async () => {
    const services = open();
    await expect(ghostscript({ BANMIAN_GHOSTSCRIPT: join(temp.folder(), 'no-gs') })).rejects.toMatchObject({ kind: 'missing' });
    const fake = join(temp.folder(), 'gs');
    writeFileSync(fake, '#!/bin/sh\necho 9.50\n');
    chmodSync(fake, 0o755);
    const old = await ghostscript({ BANMIAN_GHOSTSCRIPT: fake }).catch((e: unknown) => e);
    expect(old).toBeInstanceOf(GhostscriptError);
    expect(old).toMatchObject({ kind: 'old', version: '9.50' });
    expect(errorMessage(services.i18n, 'EXPORT_GHOSTSCRIPT_OLD', { version: '9.50', required: '10.0' })).toBe(
      '输出 PDF/X 需要 Ghostscript 10.0 或更高版本，这台电脑上的是 9.50，请升级',
    );
    expect(errorMessage(services.i18n, 'EXPORT_GHOSTSCRIPT_MISSING', { version: '', required: '10.0' })).toContain(
      'apt install ghostscript',
    );
  });
});

describe('black as black ink', () => {
  it('rewrites neutral RGB as black ink alone, overprints 100 % black only, and leaves colour, strings and images alone', () => {
    const out = pressContent('q 0 0 0 RG 0 0 0 rg\n0 0 10 10 re f\nBT (0 0 0 rg) Tj ET\n0.5 0.5 0.5 rg 1 0 0 rg Q 1 1 1 rg');
    expect(out).toBe(
      'q 0 0 0 1 K /BmOP10 gs 0 0 0 1 k /BmOP11 gs\n0 0 10 10 re f\nBT (0 0 0 rg) Tj ET\n0 0 0 0.5 k /BmOP10 gs 1 0 0 rg Q 0 0 0 0 k',
    );
  });
});
