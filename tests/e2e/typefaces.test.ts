import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEMO_EDITION } from '../../electron/archive/demo';
import { FAMILY } from '../../shared/typeset/typefaces';
import type { TestApp } from '../support/app';
import { useDesk } from '../support/desk';

const setup = useDesk({ width: 1500, height: 1100 });
let app: TestApp;
let page: Page;
beforeEach(() => {
  ({ app, page } = setup);
});

/** A whole CJK font (10 to 15 MB) is read before its first line is drawn in it. */
const FONT_LOAD = { timeout: 20_000 };

/** The family a line's characters are drawn in, as the browser resolved it for the first line of a role. */
async function drawnIn(p: Page, role: string): Promise<{ family: string; weight: string; loaded: boolean }> {
  return p.evaluate(async (r) => {
    const line = document.querySelector<HTMLElement>(`.page-sheet .set-line.role-${r}`)!;
    const style = getComputedStyle(line);
    const first = style.fontFamily.split(',')[0]!.trim();
    await document.fonts.ready;
    const loaded = [...document.fonts].some((f) => f.family === first && f.status === 'loaded' && f.weight === style.fontWeight);
    return { family: first, weight: style.fontWeight, loaded };
  }, role);
}

describe('the house’s typefaces in the layout desk', () => {
  it('draws captions in 楷 from the font the export embeds, and in 黑 once the 字体 section says so', async () => {
    await page.goto(`${app.host.url}#/layout/${DEMO_EDITION.date}/1`);
    await page.locator('.page-sheet .set-line.role-caption').first().waitFor({ state: 'attached' });
    await expect.poll(() => drawnIn(page, 'caption'), FONT_LOAD).toEqual({ family: FAMILY.kai, weight: '400', loaded: true });
    await expect.poll(() => drawnIn(page, 'headline'), FONT_LOAD).toEqual({ family: FAMILY.hei, weight: '700', loaded: true });
    await expect.poll(() => drawnIn(page, 'body'), FONT_LOAD).toEqual({ family: FAMILY.song, weight: '400', loaded: true });

    await page.getByText('字体', { exact: true }).click();
    await page.getByLabel('图片说明').selectOption('hei');
    await page.getByRole('button', { name: '保存字体' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '字体已保存' }).count()).toBe(1);
    await expect.poll(() => drawnIn(page, 'caption'), FONT_LOAD).toEqual({ family: FAMILY.hei, weight: '400', loaded: true });
    expect(app.services.archive.settings().typefaces.caption).toEqual({ face: 'hei', weight: 400 });
  });
});
