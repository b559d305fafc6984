import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEMO_EDITION } from '../../electron/archive/demo';
import { exportPage } from '../../electron/export/export-page';
import type { Placement } from '../../shared/domain/layout';
import { storiesOf } from '../../shared/typeset/copyfit';
import { setPage, type SetPhoto } from '../../shared/typeset/frame';
import type { TestApp } from '../support/app';
import { useDesk } from '../support/desk';

const setup = useDesk({ width: 1500, height: 1100 });
let app: TestApp;
let page: Page;
let browser: Browser;
beforeEach(() => {
  ({ app, page, browser } = setup);
});

const LEAD = 'demo-lead';

function placement(): Placement {
  return app.services.archive.layoutPage(DEMO_EDITION.date, 1).page.placements.find((p) => p.id === LEAD)!;
}

/** The lead story's photo as the composer sets it, from the archive. */
function composedPhoto(): SetPhoto {
  const layout = app.services.archive.layoutPage(DEMO_EDITION.date, 1);
  return setPage(layout.page, storiesOf(layout)).find((f) => f.placementId === LEAD)!.photos[0]!;
}

interface Drawn {
  /** The frame that clips the picture, from the type area's top left; the picture, from the frame's. In ems. */
  frame: number[];
  picture: number[];
}

/** Where a page draws a photo's clipping frame and its picture, in ems of the page's body type. */
async function drawnPhoto(p: Page, sizeOf: string, area: string, clip: string): Promise<Drawn> {
  return p.evaluate(
    ([sizeSel, areaSel, clipSel]) => {
      const em = parseFloat(getComputedStyle(document.querySelector(sizeSel!)!).fontSize);
      const origin = document.querySelector(areaSel!)!.getBoundingClientRect();
      const box = document.querySelector(clipSel!)!;
      const f = box.getBoundingClientRect();
      const i = box.querySelector('img')!.getBoundingClientRect();
      return {
        frame: [f.left - origin.left, f.top - origin.top, f.width, f.height].map((n) => n / em),
        picture: [i.left - f.left, i.top - f.top, i.width, i.height].map((n) => n / em),
      };
    },
    [sizeOf, area, clip],
  );
}

const ems = (b: { x: number; y: number; width: number; height: number }) => [b.x, b.y, b.width, b.height];

function expectNear(actual: number[], expected: number[], tolerance: number, what: string): void {
  actual.forEach((n, i) => expect(Math.abs(n - expected[i]!), `${what} [${i}]: ${n} vs ${expected[i]}`).toBeLessThan(tolerance));
}

describe('a photo cropped in its frame, in Chromium', () => {
  it('pans the crop with a drag inside the frame and zooms it, draws it as the export prints it, and keeps it after a reload', async () => {
    await page.goto(`${app.host.url}#/layout/${DEMO_EDITION.date}/1`);
    const frame = page.locator(`[data-placement="${LEAD}"] .photo-frame`);
    await frame.waitFor();
    const start = placement();
    const headline = app.services.archive.get(start.articleId).headline;
    await page.getByRole('group', { name: `《${headline}》` }).focus();
    const zoom = page.getByLabel('图片 1 缩放（%）');
    expect(await zoom.inputValue()).toBe('100');
    const reset = page.getByRole('button', { name: '复原裁切（图片 1）' });
    expect(await reset.isDisabled()).toBe(true);
    await zoom.fill('200');
    await zoom.press('Enter');
    await expect.poll(() => placement().photos[0]!.crop).toEqual({ zoom: 2, x: 0.5, y: 0.5 });

    // A drag inside the frame moves the picture, not the story.
    await frame.scrollIntoViewIfNeeded();
    const box = (await frame.boundingBox())!;
    const em = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.page-sheet')!).fontSize));
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 2 * em, box.y + box.height / 2 - em, { steps: 6 });
    // Drawn as it goes, before the drag is let go.
    const img = frame.locator('img');
    await expect.poll(async () => (await img.boundingBox())!.x - box.x).toBeLessThan(ems(composedPhoto().picture)[0]! * em - 1.5 * em);
    await page.mouse.up();
    await expect.poll(() => placement().photos[0]!.crop?.x ?? 0.5).toBeGreaterThan(0.5);
    const cropped = placement();
    expect(cropped.photos[0]!.crop!.y).toBeGreaterThan(0.5);
    expect({ ...cropped, photos: [] }).toEqual({ ...start, photos: [] });
    expect(await reset.isDisabled()).toBe(false);

    // Drawn where the composer put it, clipped by the frame.
    const photo = composedPhoto();
    const clip = `[data-placement="${LEAD}"] .photo-frame`;
    // Once the desk has the saved page back.
    await expect.poll(async () => (await drawnPhoto(page, '.page-sheet', '.type-area', clip)).picture[0]).toBeCloseTo(photo.picture.x, 1);
    const preview = await drawnPhoto(page, '.page-sheet', '.type-area', clip);
    expectNear(preview.frame, ems(photo.image), 0.05, 'frame');
    expectNear(preview.picture, ems(photo.picture), 0.05, 'picture');

    // After a reload, the same crop.
    await page.reload();
    await frame.waitFor();
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete)).toBe(true);
    const reloaded = await drawnPhoto(page, '.page-sheet', '.type-area', clip);
    expectNear(reloaded.picture, preview.picture, 0.02, 'reloaded');

    // The export prints the same crop: the same frame and picture, in the same ems.
    const { html } = await exportPage(app.services.archive, app.services.i18n, DEMO_EDITION.date, 1, {
      force: true,
      bleed: false,
      cropMarks: false,
    });
    const exported = await browser.newPage();
    await exported.setContent(html, { waitUntil: 'load' });
    const printed = await drawnPhoto(exported, '.trim', '.area', `[data-placement="${LEAD}"] .crop`);
    expectNear(printed.frame, preview.frame, 0.02, 'printed frame');
    expectNear(printed.picture, preview.picture, 0.02, 'printed picture');
    // The PDF holds each photo once, whole, at its own pixels: the crop is the frame's, not the file's.
    const pdf = join(app.dir, 'cropped.pdf');
    writeFileSync(pdf, await exported.pdf({ preferCSSPageSize: true, printBackground: true }));
    await exported.close();
    const image = app.services.archive.image(photo.hash!)!;
    const images = execFileSync('pdfimages', ['-list', pdf])
      .toString()
      .trim()
      .split('\n')
      .slice(2)
      .map((line) => line.trim().split(/\s+/u))
      .filter((cols) => cols[2] === 'image');
    expect(images).toHaveLength(composedPhotos());
    expect(images.filter((cols) => cols[3] === String(image.width) && cols[4] === String(image.height)).length).toBeGreaterThanOrEqual(1);

    // The arrow keys on the photo move the picture too, an em a press; the story stays.
    const before = placement().photos[0]!.crop!;
    await page
      .getByRole('group', { name: `《${headline}》` })
      .getByRole('group', { name: /^图片 1 的裁切/u })
      .press('ArrowRight');
    await expect.poll(() => placement().photos[0]!.crop!.x).toBeLessThan(before.x);
    expect(placement().photos[0]!.crop!.y).toBe(before.y);
    expect(placement().column).toBe(start.column);

    // Reset: the frame filled again, nothing stored.
    await page.getByRole('group', { name: `《${headline}》` }).focus();
    await page.getByRole('button', { name: '复原裁切（图片 1）' }).click();
    await expect.poll(() => placement()).toEqual(start);
    await expect
      .poll(async () => (await drawnPhoto(page, '.page-sheet', '.type-area', clip)).picture[0])
      .toBeCloseTo(composedPhoto().picture.x, 1);
  });
});

/** Photos framed on the demo page. */
function composedPhotos(): number {
  const layout = app.services.archive.layoutPage(DEMO_EDITION.date, 1);
  return setPage(layout.page, storiesOf(layout)).reduce((n, f) => n + f.photos.filter((ph) => ph.hash).length, 0);
}
