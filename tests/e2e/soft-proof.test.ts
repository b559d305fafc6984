import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEMO_EDITION } from '../../electron/archive/demo';
import { useDesk } from '../support/desk';

const setup = useDesk({ width: 1500, height: 1100 });
let page: Page;
beforeEach(() => {
  ({ page } = setup);
});

/** Where a line of body text lies on the page, as fractions of the page's width and height. */
async function lineOnPage(p: Page): Promise<{ x: number; y: number; w: number; h: number; text: string }> {
  return p.evaluate(() => {
    const sheet = document.querySelector('.page-sheet')!.getBoundingClientRect();
    const line = document.querySelector<HTMLElement>('[data-placement="demo-third"] [data-line]')!;
    const box = line.getBoundingClientRect();
    return {
      x: (box.left - sheet.left) / sheet.width,
      y: (box.top - sheet.top) / sheet.height,
      w: box.width / sheet.width,
      h: box.height / sheet.height,
      text: line.dataset.line!,
    };
  });
}

/** How many pixels of the shown proof image, in that part of the page, carry ink (are not paper white). */
async function inkedPixels(
  p: Page,
  alt: string,
  at: { x: number; y: number; w: number; h: number },
): Promise<{ inked: number; all: number }> {
  return p.evaluate(
    async ([alt, at]) => {
      const img = [...document.querySelectorAll('img')].find((i) => i.alt === alt)!;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const x = Math.floor(at.x * canvas.width);
      const y = Math.floor(at.y * canvas.height);
      const w = Math.max(1, Math.ceil(at.w * canvas.width));
      const h = Math.max(1, Math.ceil(at.h * canvas.height));
      const data = ctx.getImageData(x, y, w, h).data;
      let inked = 0;
      for (let i = 0; i < data.length; i += 4) if (Math.min(data[i]!, data[i + 1]!, data[i + 2]!) < 200) inked++;
      return { inked, all: w * h };
    },
    [alt, at] as const,
  );
}

describe('soft proof in the layout desk', () => {
  it('shows the page as printed and each ink plate with its coverage, black text on the black plate alone', async () => {
    await page.goto(`${setup.app.host.url}#/layout/${DEMO_EDITION.date}/1`);
    await page.locator('.frame').first().waitFor();
    const proof = page.getByRole('region', { name: '软打样' });
    await proof.getByRole('button', { name: '生成第1版的软打样' }).click();
    // Chromium prints the page and Ghostscript separates and draws it: seconds.
    const composite = proof.getByRole('img', { name: '第1版软打样：印刷效果（模拟新闻纸 CMYK）' });
    await composite.waitFor({ timeout: 60_000 });
    expect(await composite.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBeGreaterThan(300);

    // One choice per view, each plate named with its coverage of the page.
    const views = proof.getByRole('group', { name: '显示' }).getByRole('radio');
    const names = await views.evaluateAll((inputs) => inputs.map((i) => i.parentElement!.textContent.trim()));
    expect(names[0]).toBe('印刷效果（模拟新闻纸 CMYK）');
    const plates = ['青版 C', '品红版 M', '黄版 Y', '黑版 K'];
    const coverage: Record<string, number> = {};
    for (const [i, plate] of plates.entries()) {
      const m = new RegExp(`^${plate}：覆盖 ([\\d.]+)%$`, 'u').exec(names[i + 1]!);
      expect(m, names[i + 1]).not.toBeNull();
      coverage[plate] = Number(m![1]);
    }
    expect(names).toHaveLength(5);
    // The demo page has photos (all four inks) and black text: black covers most.
    expect(coverage['黑版 K']).toBeGreaterThan(1);
    expect(coverage['青版 C']).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('proof-max-ink').innerText()).toMatch(/^最大总墨量 \d+%（新闻纸上限 240%）$/u);

    // Each plate shown on its own, named for what it shows.
    const line = await lineOnPage(page);
    expect(line.text.length).toBeGreaterThan(3);
    const inked: Record<string, number> = {};
    for (const plate of plates) {
      await proof.getByRole('radio', { name: new RegExp(`^${plate}：`, 'u') }).check();
      const img = proof.getByRole('img', { name: `第1版软打样：${plate}` });
      await img.waitFor();
      const found = await inkedPixels(page, `第1版软打样：${plate}`, line);
      inked[plate] = found.inked / found.all;
    }
    // Where the desk shows a line of body text, the black plate carries ink, and no other plate does.
    expect(inked['黑版 K']).toBeGreaterThan(0.1);
    expect([inked['青版 C'], inked['品红版 M'], inked['黄版 Y']]).toEqual([0, 0, 0]);

    // Back to the page as printed.
    await proof.getByRole('radio', { name: '印刷效果（模拟新闻纸 CMYK）' }).check();
    await expect.poll(() => composite.isVisible()).toBe(true);
  });
});
