import type { BrowserContext, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { countChars } from '../../shared/text/count';
import type { TestApp } from '../support/app';
import { useDesk } from '../support/desk';
import { expectCount, expectText } from '../support/expect';

const setup = useDesk({ width: 1400, height: 1000 });
let context: BrowserContext;
let app: TestApp;
let page: Page;
beforeEach(async () => {
  ({ context, app, page } = setup);
  await page.goto(app.host.url);
});

async function waitSaved(): Promise<void> {
  await page.getByTestId('save-state').and(page.locator('[data-state="saved"]')).waitFor();
}

async function newArticle(): Promise<string> {
  await page.getByRole('button', { name: '新建稿件' }).click();
  await page.getByLabel('主题').waitFor();
  const id = /#\/article\/([\w-]+)/.exec(page.url())?.[1];
  expect(id).toBeTruthy();
  return id!;
}

/**
 * Selects characters [start, end) of the body's text as the page shows it (a caret when end is
 * left out), as a click or a drag would: through the DOM selection, which Lexical follows.
 */
async function selectBody(start: number, end = start): Promise<void> {
  await page.getByRole('textbox', { name: '正文' }).focus();
  await page.evaluate(
    async ({ from, to }) => {
      const root = document.querySelector('.body-editable')!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const found = new Map<number, [Node, number]>();
      let at = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const length = node.textContent!.length;
        for (const want of [from, to]) if (!found.has(want) && want <= at + length) found.set(want, [node, want - at]);
        at += length;
      }
      const [a, f] = [found.get(from)!, found.get(to)!];
      window.getSelection()!.setBaseAndExtent(a[0], a[1], f[0], f[1]);
      // Lexical takes the selection up on selectionchange, a task queued by the change: wait
      // for it (a task after it), then for the frame in which Lexical settles the selection.
      // Under load a frame alone came first, and the keys then acted at the old caret.
      await new Promise((resolve) => setTimeout(resolve, 0));
      await new Promise(requestAnimationFrame);
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    { from: start, to: end },
  );
}

/** The copyfit count the editor shows equals the count of the text as it would print. */
async function expectCountOf(printed: string): Promise<void> {
  await expectText(page.getByTestId('chars'), String(countChars([printed]).chars));
}

const body = () => page.locator('.body-editable');
const insertions = () => body().locator('ins.track-insertion');
const deletions = () => body().locator('del.track-deletion');

describe('tracked changes and notes in Chromium', () => {
  it('marks typing and deleting, keeps the marks through a save and a reload, accepts, rejects and notes', async () => {
    const id = await newArticle();
    await page.getByLabel('主题').fill('防汛演练');
    await page.getByRole('textbox', { name: '正文' }).click();
    await page.keyboard.type('沙市区举行防汛演练。');
    await waitSaved();

    const toggle = page.getByRole('button', { name: '修订', exact: true });
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.getByRole('region', { name: '修订与批注' }).isVisible()).toBe(true);

    // Typed: committed text as an IME gives it, then key by key.
    await selectBody(3);
    await page.keyboard.insertText('今天');
    await page.keyboard.type('上午');
    await expectText(insertions(), '今天上午');
    // Backspace twice over 举行 (after 今天上午, before 防汛).
    await selectBody(9);
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await expectText(deletions(), '举行');
    await expectText(body(), '沙市区今天上午举行防汛演练。');
    const printed = '沙市区今天上午防汛演练。';
    await expectCountOf(printed);
    // The author's colour, by name.
    await expect.poll(() => insertions().first().getAttribute('class')).toMatch(/track-colour-\d/);
    await expect.poll(() => insertions().first().getAttribute('title')).toContain('测试管理员');

    await waitSaved();
    expect(app.services.archive.get(id).body).toEqual([{ type: 'paragraph', text: printed }]);
    await page.reload();
    await page.getByRole('textbox', { name: '正文' }).waitFor();
    // Tracking is the story's: still on when it is opened again.
    await expect.poll(() => page.getByRole('button', { name: '修订', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await expectText(insertions(), '今天上午');
    await expectText(deletions(), '举行');
    await expectCountOf(printed);
    const panel = page.getByRole('region', { name: '修订与批注' });
    await expectCount(panel.locator('li.track-change'), 2);
    await expect.poll(() => panel.locator('li.track-change').first().innerText()).toContain('测试管理员 插入');

    await panel.getByRole('button', { name: '接受插入“今天上午”' }).click();
    await expectCount(insertions(), 0);
    await expectText(body(), '沙市区今天上午举行防汛演练。');
    await expectCountOf(printed);
    await page.getByRole('button', { name: '拒绝全部' }).click();
    await expectCount(deletions(), 0);
    await expectCountOf('沙市区今天上午举行防汛演练。');
    await waitSaved();
    expect(app.services.archive.get(id).body).toEqual([{ type: 'paragraph', text: '沙市区今天上午举行防汛演练。' }]);

    // A note on 防汛: added, answered, resolved; never part of the text.
    await selectBody(9, 11);
    await page.getByRole('button', { name: '添加批注' }).click();
    const form = page.getByRole('form', { name: '新批注' });
    await form.getByLabel('批注内容').fill('是否应为“防汛抗旱”？');
    await form.getByRole('button', { name: '保存批注' }).click();
    await expectText(body().locator('mark.track-note'), '防汛');
    const note = panel.locator('li.track-note-item');
    await expect.poll(() => note.innerText()).toContain('是否应为“防汛抗旱”？');
    await note.getByLabel('回复测试管理员的批注').fill('原文无误');
    await note.getByRole('button', { name: '回复', exact: true }).click();
    await expect.poll(() => note.innerText()).toContain('原文无误');
    await expect.poll(() => page.locator('mark.track-note').getAttribute('class')).not.toContain('track-note-resolved');
    await note.getByRole('button', { name: '解决' }).click();
    await expect.poll(() => note.innerText()).toContain('已解决');
    // Resolved, the span stays (it can be reopened) but no longer asks for attention.
    await expect.poll(() => page.locator('mark.track-note').getAttribute('class')).toContain('track-note-resolved');
    await expectCountOf('沙市区今天上午举行防汛演练。');
    await waitSaved();
    const saved = app.services.archive.get(id);
    expect(saved.body).toEqual([{ type: 'paragraph', text: '沙市区今天上午举行防汛演练。' }]);
    expect(saved.bodyJson).toContain('原文无误');
    await page.reload();
    await expectText(page.locator('mark.track-note'), '防汛');
    await expect.poll(() => page.locator('li.track-note-item').innerText()).toContain('已解决');
    await expect.poll(() => page.locator('mark.track-note').getAttribute('class')).toContain('track-note-resolved');
  });

  it('takes a composition from an input method, and a cut, as tracked changes', async () => {
    await newArticle();
    await page.getByLabel('主题').fill('输入法');
    await page.getByRole('textbox', { name: '正文' }).click();
    await page.keyboard.type('市民参加。');
    await page.getByRole('button', { name: '修订', exact: true }).click();
    await selectBody(2);
    // Pinyin composed, then the candidate chosen: what a Chinese input method sends.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: 'ji', selectionStart: 2, selectionEnd: 2 });
    await cdp.send('Input.imeSetComposition', { text: 'jiji', selectionStart: 4, selectionEnd: 4 });
    await cdp.send('Input.insertText', { text: '积极' });
    await expectText(insertions(), '积极');
    await expectText(body(), '市民积极参加。');
    await expectCountOf('市民积极参加。');
    // Typing on goes into the same insertion.
    await page.keyboard.type('地');
    await expectText(insertions(), '积极地');

    // Cut 参加: struck out, not removed.
    await selectBody(5, 7);
    await page.keyboard.press('Control+X');
    await expectText(deletions(), '参加');
    await expectCountOf('市民积极地。');
    // Deleting one's own insertion really removes it.
    await selectBody(5);
    await page.keyboard.press('Backspace');
    await expectText(insertions(), '积极');
    await expectText(body(), '市民积极参加。');
  });
});
