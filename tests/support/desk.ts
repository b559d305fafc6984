import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { startTestApp, type TestApp } from './app';
import { launchChromium, watchProblems } from './browser';

/** What each end-to-end test works with, fresh for every test. */
export interface Desk {
  browser: Browser;
  app: TestApp;
  /** The test's own browser context: its tabs share BroadcastChannel, as the app's windows do. */
  context: BrowserContext;
  page: Page;
}

/**
 * The hooks every end-to-end file needs: one Chromium for the file, and for each test a fresh
 * app on a new archive, a Chinese-language tab of the given size, and at the end the check
 * that the page logged no error (a CSP violation included).
 */
export function useDesk(viewport: { width: number; height: number }): Desk {
  const desk = {} as Desk;
  let problems: string[] = [];
  beforeAll(async () => {
    desk.browser = await launchChromium();
  });
  afterAll(async () => {
    await desk.browser?.close();
  });
  beforeEach(async () => {
    desk.app = await startTestApp();
    desk.context = await desk.browser.newContext({ locale: 'zh-CN', viewport });
    // Signed in as the test's administrator (every role): the context's tabs share the cookie.
    const origin = desk.app.host.url.replace(/\/$/u, '');
    const signIn = await desk.context.request.post(`${origin}/api/session.signIn`, {
      headers: { origin, 'content-type': 'application/json' },
      data: desk.app.account,
    });
    expect((await signIn.json()) as unknown).toMatchObject({ ok: true });
    desk.page = await desk.context.newPage();
    problems = watchProblems(desk.page);
  });
  afterEach(async () => {
    await desk.context.close();
    await desk.app.stop();
    expect(problems).toEqual([]);
  });
  return desk;
}
