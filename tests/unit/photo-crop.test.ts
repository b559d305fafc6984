import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_EDITION } from '../../electron/archive/demo';
import { imagePath } from '../../electron/archive/images';
import { exportPage } from '../../electron/export/export-page';
import { type Placement } from '../../shared/domain/layout';
import { placementSchema } from '../../shared/domain/layout-schemas';
import { placementDocSchema } from '../../shared/sync/protocol';
import { storiesOf } from '../../shared/typeset/copyfit';
import { pannedCrop, pannedPicture, pictureBox, zoomedCrop } from '../../shared/typeset/crop';
import { setPage } from '../../shared/typeset/frame';
import { openServices } from '../support/services';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());

describe('a photo’s crop, computed once for the desk and the export', () => {
  const frame = { width: 10, height: 10 };
  const wide = { width: 400, height: 200 };

  it('covers the frame uncropped, as object-fit: cover did, and zooms about the crop’s point without baring an edge', () => {
    expect(pictureBox(frame, wide, undefined)).toEqual({ x: -5, y: 0, width: 20, height: 10 });
    // A tall picture fills the frame's width instead.
    expect(pictureBox(frame, { width: 100, height: 400 }, undefined)).toEqual({ x: 0, y: -15, width: 10, height: 40 });
    // Twice as large, the picture's left quarter at the frame's centre.
    expect(pictureBox(frame, wide, { zoom: 2, x: 0.25, y: 0.5 })).toEqual({ x: -5, y: -5, width: 40, height: 20 });
    // A point too near an edge stops where the picture's edge meets the frame's.
    expect(pictureBox(frame, wide, { zoom: 2, x: 0, y: 1 })).toEqual({ x: 0, y: -10, width: 40, height: 20 });
    // No size known (a photo known by its caption only): the frame's proportions stand in.
    expect(pictureBox(frame, { width: null, height: null }, { zoom: 2, x: 0.5, y: 0.5 })).toEqual({ x: -5, y: -5, width: 20, height: 20 });
  });

  it('reads the crop off the picture as dragged, dropping a crop that crops nothing', () => {
    const picture = pictureBox(frame, wide, undefined);
    expect(pannedPicture(frame, picture, 3, 3)).toEqual({ x: -2, y: 0, width: 20, height: 10 });
    expect(pannedCrop(frame, picture, 1, 3, 3)).toEqual({ zoom: 1, x: 0.35, y: 0.5 });
    expect(pannedCrop(frame, picture, 1, 100, 0)).toEqual({ zoom: 1, x: 0.25, y: 0.5 });
    expect(pannedCrop(frame, picture, 1, 0, 5)).toBeUndefined();
    expect(zoomedCrop(frame, picture, 1, 3)).toEqual({ zoom: 3, x: 0.5, y: 0.5 });
    expect(zoomedCrop(frame, pictureBox(frame, wide, { zoom: 3, x: 0.5, y: 0.5 }), 3, 1)).toBeUndefined();
  });

  it('is optional in the placement, as older desks and the newsroom server read it', () => {
    const base: Placement = {
      id: 'p',
      articleId: 'a',
      column: 0,
      span: 2,
      top: 0,
      depth: 20,
      bodySpan: 2,
      split: 2,
      headlineSize: 'medium',
      photos: [{ photo: 0, column: 0, span: 2, top: 0, depth: 6 }],
    };
    expect(placementSchema.parse(base)).toEqual(base);
    const cropped = { ...base, photos: [{ ...base.photos[0]!, crop: { zoom: 1.5, x: 0.3, y: 0.6 } }] };
    expect(placementDocSchema.parse({ date: DEMO_EDITION.date, page: 1, placement: cropped }).placement).toEqual(cropped);
    for (const crop of [
      { zoom: 0.5, x: 0.5, y: 0.5 },
      { zoom: 2, x: 1.5, y: 0.5 },
      { zoom: 2, x: 0.5, y: 0.5, w: 1 },
    ]) {
      expect(placementSchema.safeParse({ ...base, photos: [{ ...base.photos[0]!, crop }] }).success, JSON.stringify(crop)).toBe(false);
    }
  });

  it('is drawn by the export where the desk draws it: the frame clips the whole picture, placed as the composer set it', async () => {
    const services = openServices(temp);
    const { archive } = services;
    const lead = archive.layoutPage(DEMO_EDITION.date, 1).page.placements.find((p) => p.id === 'demo-lead')!;
    const crop = { zoom: 2.5, x: 0.3, y: 0.7 };
    archive.place(DEMO_EDITION.date, 1, { ...lead, photos: [{ ...lead.photos[0]!, crop }] });
    const layout = archive.layoutPage(DEMO_EDITION.date, 1);
    expect(layout.page.placements.find((p) => p.id === 'demo-lead')!.photos[0]!.crop).toEqual(crop);
    const photo = setPage(layout.page, storiesOf(layout)).find((f) => f.placementId === 'demo-lead')!.photos[0]!;
    expect(photo.picture.width).toBeGreaterThan(photo.image.width * 2.5 - 1e-9);

    const { html } = await exportPage(archive, services.i18n, DEMO_EDITION.date, 1, { force: true, bleed: false, cropMarks: false });
    const em = (b: { x: number; y: number; width: number; height: number }) =>
      [b.x, b.y, b.width, b.height].map((n) => Math.round(n * 10000) / 10000);
    const drawn = [
      ...html.matchAll(/<div class="crop" style="([^"]+)"><img class="photo" alt="" src="data:image\/png;base64,[^"]+" style="([^"]+)">/gu),
    ];
    expect(drawn).toHaveLength(2);
    const boxes = drawn.map((m) => [m[1]!, m[2]!].map((style) => [...style.matchAll(/(-?[\d.]+)em/gu)].map((n) => Number(n[1]))));
    expect(boxes).toContainEqual([em(photo.image), em(photo.picture)]);
    // The image goes in whole, as stored: the crop is the frame's, not the file's.
    const image = archive.image(photo.hash!)!;
    expect(html).toContain(
      `src="data:image/png;base64,${readFileSync(imagePath(archive.photosDir, image.hash, image.mime)).toString('base64')}"`,
    );
  });
});
