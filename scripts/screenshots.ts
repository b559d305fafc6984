// Screenshots of the desk, the story editor and the layout desk in both languages, for docs/: run
// `npm run screenshots` after `npm run build`.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp } from '../tests/support/app';
import { launchChromium } from '../tests/support/browser';

const out = join(__dirname, '..', 'docs', 'screenshots');
mkdirSync(out, { recursive: true });

async function main(): Promise<void> {
  const app = await startTestApp();
  const browser = await launchChromium();
  try {
    for (const language of ['zh-CN', 'en'] as const) {
      app.services.archive.updateSettings({ language });
      const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
      if (language === 'zh-CN') {
        // The sign-in form first, then signed in as the test's administrator.
        await page.goto(app.host.url);
        await page.getByRole('button', { name: '登录', exact: true }).waitFor();
        await page.screenshot({ path: join(out, 'sign-in-zh-CN.png') });
      }
      const origin = app.host.url.replace(/\/$/u, '');
      await page
        .context()
        .request.post(`${origin}/api/session.signIn`, { headers: { origin, 'content-type': 'application/json' }, data: app.account });
      await page.goto(app.host.url);
      await page.locator('table.article-table tbody tr').first().waitFor();
      await page.screenshot({ path: join(out, `desk-${language}.png`) });
      const withPhotos = app.services.archive.list({}).find((a) => a.photos > 1) ?? app.services.archive.list({})[0]!;
      await page.goto(`${app.host.url}#/article/${withPhotos.id}`);
      await page.locator('.body-editable').waitFor();
      await page.locator('img.thumbnail').first().waitFor();
      await page.waitForTimeout(200);
      await page.screenshot({ path: join(out, `story-${language}.png`), fullPage: true });
      await page.goto(`${app.host.url}#/`);
      await page.locator('input[type="search"]').fill('江城');
      await page.locator('.search-results li').first().waitFor();
      await page.screenshot({ path: join(out, `search-${language}.png`) });
      await page.goto(`${app.host.url}#/layout`);
      await page.locator('.frame').first().waitFor();
      await page.locator('.frame').first().focus();
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(out, `layout-${language}.png`) });
      await page.goto(`${app.host.url}#/people`);
      await page.locator('.people table').waitFor();
      await page.screenshot({ path: join(out, `contributors-${language}.png`) });
      await page.close();
    }
  } finally {
    await browser.close();
    await app.stop();
  }
}

void main();
