import { hostname } from 'node:os';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../shared/domain/article';
import { bodyJsonFromBlocks } from '../../shared/editor/body';
import { AppServices } from '../../electron/services/app-services';
import { startHost, type RunningHost } from '../../electron/host/server';
import type { Caller } from '../../electron/accounts/authority';
import { launchChromium, watchProblems } from '../support/browser';
import { RENDERER_DIR } from '../support/app';
import { tempFolders } from '../support/temp';
import { startNewsroom, type TestNewsroom } from '../support/newsroom';
import { TEST_PASSWORD } from '../support/services';

/**
 * A newsroom end to end: one server on a real PostgreSQL, two browser hosts on two data
 * folders (a reporter's desk and a layout desk), each joined to it and kept in step by its
 * own agent. What the reporter types reaches the layout desk's page as set lines.
 */
const temp = tempFolders();
let newsroom: TestNewsroom;
let browser: Browser;
const opened: { services: AppServices; host: RunningHost }[] = [];

interface HostDesk {
  services: AppServices;
  host: RunningHost;
  context: BrowserContext;
  page: Page;
  problems: string[];
  as: (name: string) => Caller;
}

async function hostDesk(name: string): Promise<HostDesk> {
  const services = AppServices.open(temp.folder(), {
    demo: false,
    liveSync: true,
    waitForWrites: 'async',
    holder: { program: 'host', detail: name },
  });
  await services.sync.join(newsroom.url, name, TEST_PASSWORD);
  const host = await startHost({ services, rendererDir: RENDERER_DIR });
  opened.push({ services, host });
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1360, height: 900 } });
  const origin = host.url.replace(/\/$/u, '');
  const signIn = await context.request.post(`${origin}/api/session.signIn`, {
    headers: { origin, 'content-type': 'application/json' },
    data: { name, password: TEST_PASSWORD },
  });
  expect((await signIn.json()) as unknown).toMatchObject({ ok: true });
  const page = await context.newPage();
  const as = (who: string): Caller => ({
    front: 'host',
    token: services.authority.sessions.start(services.archive.accountByName(who)!.id, 'host'),
  });
  return { services, host, context, page, problems: watchProblems(page), as };
}

beforeAll(async () => {
  browser = await launchChromium();
  newsroom = await startNewsroom(temp);
  await newsroom.account('王丙全', ['reporter']);
  await newsroom.account('钱版面', ['layout']);
}, 60_000);

afterAll(async () => {
  for (const { services, host } of opened) {
    await host.close();
    services.close();
  }
  await browser?.close();
  await newsroom?.close();
  temp.cleanupAll();
});

describe('a newsroom of two desks', () => {
  it('a story typed at the reporter’s desk appears, set in its columns, on the layout desk’s page; an editor finds it checked out', async () => {
    const reporter = await hostDesk('王丙全');
    const layout = await hostDesk('钱版面');

    // The reporter files a story; the layout desk puts it on page 1 of tomorrow's edition.
    const story = (await reporter.services.call(
      'articles.create',
      {
        draft: {
          headline: '沙市区开展防汛应急演练',
          bodyJson: bodyJsonFromBlocks([{ type: 'paragraph', text: '7月3日上午，沙市区举行防汛应急演练。' }]),
        },
      },
      reporter.as('王丙全'),
    )) as { ok: true; value: Article };
    await expect.poll(() => layout.services.archive.list({}).some((a) => a.id === story.value.id), { timeout: 5000 }).toBe(true);
    const asLayout = layout.as('钱版面');
    for (const [method, input] of [
      ['layout.createEdition', { date: '2026-12-05', number: 240, totalNumber: 15001, paper: '沙市日报' }],
      ['layout.addPage', { date: '2026-12-05', number: 1, section: '要闻', editor: '钱版面' }],
      [
        'layout.place',
        {
          date: '2026-12-05',
          page: 1,
          placement: {
            id: 'lead',
            articleId: story.value.id,
            column: 0,
            span: 4,
            top: 0,
            depth: 60,
            bodySpan: 4,
            split: 2,
            headlineSize: 'large',
            photos: [],
          },
        },
      ],
    ] as const) {
      expect(await layout.services.call(method, input, asLayout)).toMatchObject({ ok: true });
    }

    await layout.page.goto(`${layout.host.url}#/layout/2026-12-05/1`);
    const frame = layout.page.getByRole('group', { name: /沙市区开展防汛应急演练/ });
    await frame.waitFor();
    // Set lines draw each character in a span of its own: the text is read without the breaks.
    const setText = async () => (await frame.innerText()).replace(/\s+/gu, '');
    await expect.poll(setText).toContain('7月3日上午，沙市区举行防汛应急演练。');

    // The reporter opens the story and types a sentence at the end of the body.
    await reporter.page.goto(`${reporter.host.url}#/article/${story.value.id}`);
    const body = reporter.page.getByRole('textbox', { name: '正文' });
    await body.click();
    await reporter.page.keyboard.press('Control+End');
    await reporter.page.keyboard.type('参演人员共计三百余人。');
    const typed = Date.now();

    // Without anyone reloading, the layout desk's page sets the new sentence in its lines.
    await expect.poll(setText, { timeout: 10_000, interval: 100 }).toContain('参演人员共计三百余人');
    const seen = Date.now() - typed;
    // From the last keystroke: the editor's autosave pause, the push, the live feed, the pull, the redraw.
    expect(seen).toBeLessThan(6000);
    console.log(`typed → set on the other desk: ${seen} ms`);
    expect(layout.services.archive.get(story.value.id).body[0]?.text).toContain('参演人员共计三百余人。');

    // The header says where each desk stands.
    await layout.page.getByText('编辑部：已连接').first().waitFor();
    expect(reporter.problems).toEqual([]);
    expect(layout.problems).toEqual([]);

    // An editor opening the story meanwhile finds it checked out by the reporter: read-only,
    // with who and since when, and a way to take it over.
    await newsroom.account('李编辑', ['editor']);
    const editor = await hostDesk('李编辑');
    await editor.page.goto(`${editor.host.url}#/article/${story.value.id}`);
    await editor.page.getByText(new RegExp(`王丙全 正在 ${hostname()} 上编辑（自 .* 起）`, 'u')).waitFor();
    expect(await editor.page.getByLabel('主题').isEditable()).toBe(false);
    await editor.page.getByRole('button', { name: '接管编辑' }).click();
    await expect.poll(() => editor.page.getByLabel('主题').isEditable()).toBe(true);
    // The reporter's desk is told, and its editor turns read-only.
    await reporter.page.getByText(new RegExp(`李编辑 正在 ${hostname()} 上编辑`, 'u')).waitFor({ timeout: 10_000 });
    expect(await reporter.page.getByLabel('主题').isEditable()).toBe(false);
    expect(editor.problems).toEqual([]);
  });
});
