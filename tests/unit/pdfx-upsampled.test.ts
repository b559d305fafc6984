import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { encode as encodeJpeg } from 'jpeg-js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import demoPhotos from '../../resources/demo/photos.json';
import { DEMO_EDITION } from '../../electron/archive/demo';
import { encodePng } from '../../electron/export/png';
import { photoUpsampling, pngLuma, upsamplingFactor, type Luma } from '../../electron/export/upsampling';
import type { AppServices } from '../../electron/services/app-services';
import type { ApiOutput } from '../../shared/api/contract';
import { MIN_PHOTO_PPI, UPSAMPLED_FACTOR } from '../../shared/export/problems';
import { tempFolders } from '../support/temp';
import { asAdmin, openServices, TEST_PASSWORD } from '../support/services';

/**
 * The press's preflight on photos enlarged before they came in: measured from the pixels of
 * real PNG and JPEG files made here, then refused or forced through the exporter and the CLI.
 */
const run = promisify(execFile);
const BIN = join(__dirname, '..', '..', 'bin', 'banmian.cjs');
const temp = tempFolders();
afterEach(() => temp.cleanupAll());
const shared: AppServices[] = [];
afterAll(() => shared.forEach((s) => void s.exporter.close()));

function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));

/**
 * A picture with a photograph's statistics: detail at every scale, each octave as strong as the
 * next (a photograph's spectrum falls as 1/f), hard-edged objects, the slight softness of a lens
 * and a sensor's grain.
 */
function photoLike(width: number, height: number, seed = 7): Luma {
  const next = random(seed);
  const field = new Float64Array(width * height);
  for (let cell = 1; cell <= 64; cell *= 2) {
    const gw = Math.ceil(width / cell) + 2;
    const grid = Float64Array.from({ length: gw * (Math.ceil(height / cell) + 2) }, () => next() - 0.5);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const x0 = Math.floor(x / cell);
        const y0 = Math.floor(y / cell);
        const tx = x / cell - x0;
        const ty = y / cell - y0;
        const g = (i: number, j: number) => grid[j * gw + i]!;
        field[y * width + x]! +=
          24 * ((g(x0, y0) * (1 - tx) + g(x0 + 1, y0) * tx) * (1 - ty) + (g(x0, y0 + 1) * (1 - tx) + g(x0 + 1, y0 + 1) * tx) * ty);
      }
  }
  for (let d = 0; d < 25; d++) {
    const cx = next() * width;
    const cy = next() * height;
    const r = 5 + next() * 40;
    const shade = (next() - 0.5) * 120;
    for (let y = Math.max(0, Math.floor(cy - r)); y < Math.min(height, cy + r); y++)
      for (let x = Math.max(0, Math.floor(cx - r)); x < Math.min(width, cx + r); x++)
        if ((x - cx) ** 2 + (y - cy) ** 2 < r * r) field[y * width + x]! += shade;
  }
  const at = (x: number, y: number) => field[Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))]!;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let v = 0;
      for (let j = -1; j <= 1; j++) for (let i = -1; i <= 1; i++) v += at(x + i, y + j) * (i ? 0.25 : 1) * (j ? 0.25 : 1);
      data[y * width + x] = clamp(128 + v / 2.25 + (next() - 0.5) * 3);
    }
  return { width, height, data };
}

/** Keys's cubic (a = −0.5), the bicubic of Photoshop and most image editors. */
const cubic = (t: number) => {
  const a = -0.5;
  const u = Math.abs(t);
  return u <= 1 ? (a + 2) * u ** 3 - (a + 3) * u ** 2 + 1 : u < 2 ? a * u ** 3 - 5 * a * u ** 2 + 8 * a * u - 4 * a : 0;
};

/** The picture enlarged k times, as an image editor does it. */
function enlarge(src: Luma, k: number, kernel: 'bilinear' | 'bicubic'): Luma {
  const width = Math.round(src.width * k);
  const height = Math.round(src.height * k);
  const weight = kernel === 'bilinear' ? (t: number) => Math.max(0, 1 - Math.abs(t)) : cubic;
  const reach = kernel === 'bilinear' ? 1 : 2;
  const at = (x: number, y: number) =>
    src.data[Math.min(src.height - 1, Math.max(0, y)) * src.width + Math.min(src.width - 1, Math.max(0, x))]!;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const sy = (y + 0.5) / k - 0.5;
    for (let x = 0; x < width; x++) {
      const sx = (x + 0.5) / k - 0.5;
      let sum = 0;
      let total = 0;
      for (let j = Math.floor(sy) - reach + 1; j <= Math.floor(sy) + reach; j++)
        for (let i = Math.floor(sx) - reach + 1; i <= Math.floor(sx) + reach; i++) {
          const w = weight(sx - i) * weight(sy - j);
          sum += w * at(i, j);
          total += w;
        }
      data[y * width + x] = clamp(sum / total);
    }
  }
  return { width, height, data };
}

/** A grey picture as a colour PNG or JPEG file's bytes. */
function png(l: Luma): Uint8Array {
  const rgb = new Uint8Array(l.width * l.height * 3);
  for (let p = 0; p < l.data.length; p++) rgb.fill(l.data[p]!, p * 3, p * 3 + 3);
  return encodePng(l.width, l.height, rgb);
}
function jpeg(l: Luma, quality = 85): Uint8Array {
  const rgba = new Uint8Array(l.width * l.height * 4);
  for (let p = 0; p < l.data.length; p++) rgba.set([l.data[p]!, l.data[p]!, l.data[p]!, 255], p * 4);
  return new Uint8Array(encodeJpeg({ width: l.width, height: l.height, data: rgba }, quality).data);
}

async function measure(bytes: Uint8Array, mime: 'image/png' | 'image/jpeg'): Promise<number | null> {
  const file = join(temp.folder(), mime === 'image/png' ? 'p.png' : 'p.jpg');
  writeFileSync(file, bytes);
  return photoUpsampling(file, mime);
}

describe('upsampled photos', { timeout: 60_000 }, () => {
  it('measures a photo-like picture at its own size as not enlarged, and the same enlarged twice as about 2×, PNG or JPEG', async () => {
    const native = photoLike(480, 320);
    expect(upsamplingFactor(native)).toBeLessThanOrEqual(1.3);
    for (const kernel of ['bilinear', 'bicubic'] as const) {
      const factor = upsamplingFactor(enlarge(native, 2, kernel));
      expect(factor, kernel).toBeGreaterThanOrEqual(UPSAMPLED_FACTOR);
      expect(factor, kernel).toBeLessThanOrEqual(3);
    }
    // The files as the archive keeps them: PNG decoded here, JPEG by Ghostscript, same verdicts.
    const twice = enlarge(native, 2, 'bicubic');
    expect(await measure(png(native), 'image/png')).toBe(upsamplingFactor(native));
    expect(await measure(png(twice), 'image/png')).toBe(upsamplingFactor(twice));
    expect(await measure(jpeg(native), 'image/jpeg')).toBeLessThan(UPSAMPLED_FACTOR);
    expect(await measure(jpeg(twice), 'image/jpeg')).toBeGreaterThanOrEqual(UPSAMPLED_FACTOR);
    // Three and four times: more, up to the 4 the measure tells at most.
    expect(upsamplingFactor(enlarge(native, 3, 'bilinear'))).toBeGreaterThan(upsamplingFactor(twice)!);
    expect(upsamplingFactor(enlarge(native, 4, 'bicubic'))).toBeLessThanOrEqual(4);
  });

  it('does not call the demo photos, a flat graphic or a smooth one enlarged', () => {
    for (const [name, base64] of Object.entries(demoPhotos)) {
      const factor = upsamplingFactor(pngLuma(Buffer.from(base64, 'base64'))!);
      expect(factor === null || factor < UPSAMPLED_FACTOR, `${name}: ${factor}`).toBe(true);
    }
    const width = 800;
    const height = 600;
    const draw = (f: (x: number, y: number) => number): Luma => {
      const data = new Uint8Array(width * height);
      for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = clamp(f(x, y));
      return { width, height, data };
    };
    // Flat colours with hard edges: the edges are sharp to the pixel.
    const boxes = draw(
      (x, y) => (Math.floor(x / 90) % 2 === Math.floor(y / 70) % 2 ? 40 : 200) + ((x - 400) ** 2 + (y - 300) ** 2 < 150 ** 2 ? 30 : 0),
    );
    expect(upsamplingFactor(boxes)).toBeLessThan(UPSAMPLED_FACTOR);
    // Smooth: no fine detail at all, as in an enlarged photo, but no coarse texture either, so not judged.
    expect(upsamplingFactor(draw((x, y) => Math.hypot(x - 400, y - 300) / 2))).toBeNull();
    expect(upsamplingFactor(draw((x, y) => 128 + 100 * Math.sin(x / 120) * Math.cos(y / 90)))).toBeNull();
    // A plain picture: nothing to judge.
    expect(upsamplingFactor(draw(() => 128))).toBeNull();
  });
});

function approveAll(services: AppServices): void {
  const { archive } = services;
  for (const s of archive.layoutPage(DEMO_EDITION.date, 1).stories) {
    const steps = { draft: ['submit', 'edit', 'approve'], submitted: ['edit', 'approve'], edited: ['approve'], approved: [], spiked: [] }[
      s.status
    ];
    for (const step of steps) archive.setStatus(s.articleId, step as 'submit');
  }
}

/** The lead story's photo replaced by this file; the second story's photo off the page. */
function leadPhoto(services: AppServices, bytes: Uint8Array, name: string): void {
  const { archive } = services;
  const lead = archive.layoutPage(DEMO_EDITION.date, 1).page.placements.find((p) => p.id === 'demo-lead')!;
  archive.setStatus(lead.articleId, 'revoke', null, '测试：换图');
  const article = archive.get(lead.articleId);
  const image = archive.importImage(bytes, name);
  archive.save(article.id, article.version, {
    ...article,
    photos: article.photos.map((p, i) =>
      i === 0 ? { ...p, hash: image.hash, mime: image.mime, width: image.width, height: image.height } : p,
    ),
  });
  archive.setStatus(article.id, 'approve');
  const second = archive.layoutPage(DEMO_EDITION.date, 1).page.placements.find((p) => p.id === 'demo-second')!;
  archive.place(DEMO_EDITION.date, 1, { ...second, photos: [] });
}

describe('the press refuses an upsampled photo', { timeout: 120_000 }, () => {
  it('says the factor and the detail left, refuses the page unless forced, in the app and in banmian export', async () => {
    const services = openServices(temp);
    shared.push(services);
    approveAll(services);
    const render = (minPpi = MIN_PHOTO_PPI) =>
      services.exporter.render(DEMO_EDITION.date, 1, { force: false, bleed: false, cropMarks: false, pdfx: '4', minPpi });
    // The demo's lead photo, 480 pixels wide, is below 200 ppi in its frame: one just wide enough instead.
    const measured = (await render(1000)).problems.find((p) => p.code === 'photoLowResolution' && p.photo === 1);
    const demoPpi = measured && 'ppi' in measured ? measured.ppi : 0;
    expect(demoPpi).toBeGreaterThan(100);
    const width = Math.ceil((480 * (MIN_PHOTO_PPI + 2)) / demoPpi);
    const native = photoLike(width, Math.round((width * 2) / 3));
    leadPhoto(services, png(native), 'native.png');
    // At its own size the photo makes the minimum.
    expect((await render()).problems).toEqual([]);
    const ppi = MIN_PHOTO_PPI;

    // The same enlarged twice has twice the ppi, but no more detail than before: refused.
    for (const [file, bytes] of [
      ['twice.png', png(enlarge(native, 2, 'bicubic'))],
      ['twice.jpg', jpeg(enlarge(native, 2, 'bilinear'))],
    ] as const) {
      leadPhoto(services, bytes, file);
      const page = await render();
      expect(page.refused, file).toBe(true);
      const problem = page.problems.find((p) => p.code === 'photoUpsampled');
      expect(problem, file).toMatchObject({ code: 'photoUpsampled', photo: 1, min: ppi });
      if (problem?.code !== 'photoUpsampled') continue;
      expect(problem.ppi).toBeGreaterThanOrEqual(2 * ppi - 2);
      expect(problem.factor).toBeGreaterThanOrEqual(UPSAMPLED_FACTOR);
      expect(problem.effectivePpi).toBe(Math.floor(problem.ppi / problem.factor));
      expect(problem.effectivePpi).toBeLessThan(ppi);
    }

    const call = async (force: boolean) => {
      const result = await services.call('export.page', { date: DEMO_EDITION.date, page: 1, force, pdfx: '4' }, await asAdmin(services));
      if (!result.ok) throw new Error(result.error.message);
      return result.value as ApiOutput<'export.page'>;
    };
    const refused = await call(false);
    expect(refused.refused).toBe(true);
    expect(refused.files).toEqual([]);
    expect(refused.problems.join('\n')).toMatch(
      new RegExp(`图片 1 是放大过的（约 \\d\\.\\d 倍）：按所放尺寸 \\d+ ppi，实际细节只相当于 1\\d\\d ppi，印刷至少要 ${ppi} ppi`, 'u'),
    );
    const forced = await call(true);
    expect(forced.refused).toBe(false);
    expect(forced.files.some((f) => f.endsWith('.pdf'))).toBe(true);

    // The command line on the same archive: refused with the reason, exit code 1.
    const out = temp.folder();
    const cli = await run(
      process.execPath,
      [
        BIN,
        '--data',
        services.archive.dir,
        '--user',
        '测试管理员',
        'export',
        '--edition',
        DEMO_EDITION.date,
        '--page',
        '1',
        '--out',
        join(out, 'p1.html'),
      ].concat(['--pdfx', '4']),
      { env: { ...process.env, BANMIAN_LANG: 'en', BANMIAN_PASSWORD: TEST_PASSWORD } },
    ).then(
      (r) => ({ code: 0, stderr: r.stderr }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(
      /Photo 1 of “.+” was enlarged \(about \d\.\d×\) before it came in: \d+ ppi at its placed size, but only the detail of 1\d\d ppi/u,
    );
  });
});
