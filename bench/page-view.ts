// The layout desk's page view in Chromium:
//   npm run bench:page-view [-- --renderer DIR ...] [--presses N] [--resize | --type] [--profile FILE] [--trace FILE]
// Target: a story moved or resized with the arrow keys on a 12-story broadsheet page, or typed in
// a story desk beside it, is drawn again within one frame (16 ms p95). Each `--renderer` is a built renderer (dist/renderer unless told); given
// several (an older build kept aside, say), they are measured in turn in the same run, on the same
// archive and machine, so that the machine's load weighs on each alike.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { hashPassword } from '../electron/accounts/passwords';
import { importBytes } from '../electron/import/import-file';
import { startHost } from '../electron/host/server';
import { AppServices } from '../electron/services/app-services';
import { DESK_ROLES } from '../shared/domain/accounts';
import type { Placement } from '../shared/domain/layout';
import { launchChromium, SIDE_BY_SIDE_ARGS } from '../tests/support/browser';

const DATE = '2026-11-26';
const ACCOUNT = { name: '版面测试', password: 'bench-page-view-1' };
// Even: each context leaves the story where it found it (down, up, down, up …).
const PRESSES = 2 * Math.ceil(Number(argValue('--presses') ?? 60) / 2);
// --resize: the story made a line deeper and shallower again (Shift+arrow) instead of moved.
const RESIZE = process.argv.includes('--resize');
// --type: a character typed at the start of the story's body in its story desk, a second tab of
// the same browser, and taken out again (Backspace): the page sets the story again as it is typed
// (renderer/src/layout/live.ts), every line of it reflowed.
const TYPE = process.argv.includes('--type');
const WARMUP = 6;
/** The story typed in (--type): the one placed first, p0. */
let typedIn = '';
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'gpu', 'v8.execute'];

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const renderers = process.argv.flatMap((a, i) => (process.argv[i - 1] === '--renderer' ? [resolve(a)] : []));
if (!renderers.length) renderers.push(resolve(__dirname, '..', 'dist', 'renderer'));
// The host answers a missing build with 'Not found', which the page would wait on until it timed out.
for (const r of renderers)
  if (!existsSync(join(r, 'index.html'))) throw new Error(`${r}: no index.html; build the renderer first (npm run build)`);

/** A broadsheet page of 12 of the fixture pages' real stories: four rows of three (2, 2 and 4 columns), a line apart. */
function makeArchive(dir: string): { services: AppServices; typedIn: string } {
  const services = AppServices.open(dir, { demo: false });
  const { archive } = services;
  const pagesDir = join(__dirname, '..', '..', 'shared', 'fixtures', 'pages');
  const ids = readdirSync(pagesDir)
    .filter((f) => f.endsWith('.txt'))
    .flatMap((f) => importBytes(archive, readFileSync(join(pagesDir, f)), f).articleIds)
    // The longest first: every frame full.
    .sort((a, b) => bodyLength(services, b) - bodyLength(services, a));
  archive.createEdition({ date: DATE, number: 230, totalNumber: 15_001, paper: '沙市日报' });
  archive.addPage({ date: DATE, number: 1, section: '要闻', editor: '王编辑', preset: 'broadsheet' });
  for (let k = 0; k < 12; k++) {
    const wide = k % 3 === 2;
    const placement: Placement = {
      id: `p${k}`,
      articleId: ids[k % ids.length]!,
      column: (k % 3) * 2,
      span: wide ? 4 : 2,
      top: Math.floor(k / 3) * 26,
      depth: 25,
      bodySpan: wide ? 4 : 2,
      split: wide ? 5 : 2,
      headlineSize: 'medium',
      photos: [],
    };
    archive.place(DATE, 1, placement);
  }
  return { services, typedIn: ids[0]! };
}

function bodyLength(services: AppServices, id: string): number {
  return services.archive.get(id).body.reduce((n, b) => n + b.text.length, 0);
}

interface Press {
  /** From the key press to the frame after the page was drawn again. */
  answer: number;
  /**
   * The page view's own work: from the archive's answer arriving to that frame, or from the key
   * press when the page was drawn before the archive answered (the desk draws a change at once).
   */
  redraw: number;
  /** Drawn before the archive's answer came. */
  early: boolean;
  /**
   * Of `redraw`, the time the page waited, its change made, for the browser's next frame to
   * begin (frames begin at the display's pace, 60 a second): not the page view's work.
   */
  waited: number;
  /** Frames begun from the key press to the one that drew the change: 1 is the very next frame. */
  frames: number;
  /** Of `redraw`, the browser's frame that drew it: style, layout, paint (from its rAF to after it). */
  frame: number;
}

/** The page's record of the archive's answers to placements: when each was asked and when it came. */
interface Answers {
  /** `at`: the answer's headers came (the fetch resolved); `read`: its whole body had come too. */
  __answers: { sent: number; at: number; read?: number }[];
  __pressed?: number;
}

/** Watches the next change of the moved frame and times it; resolves once the frame after it is drawn. */
function armPress(p: Page, id: string): Promise<void> {
  return p.evaluate((placement) => {
    const w = window as unknown as Answers & { __press?: Promise<Press> };
    const frame = document.querySelector(`[data-placement="${placement}"]`)!;
    let pressed = 0;
    let begun = 0;
    let counting = true;
    const count = () => {
      begun++;
      if (counting) requestAnimationFrame(count);
    };
    document.addEventListener(
      'keydown',
      () => {
        w.__pressed = pressed = performance.now();
        requestAnimationFrame(count);
      },
      { capture: true, once: true },
    );
    w.__press = new Promise((done) => {
      const seen = new MutationObserver(() => {
        seen.disconnect();
        const changed = performance.now();
        // rAF runs before the frame's style, layout and paint; a message posted there runs after them.
        requestAnimationFrame(() => {
          const begins = performance.now();
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            const drawn = performance.now();
            counting = false;
            // The answer to this press: the first asked for after it, if it came before the page was drawn.
            const answered = w.__answers.find((a) => a.sent >= pressed)?.at;
            const from = answered ?? pressed;
            done({
              answer: drawn - pressed,
              redraw: drawn - from,
              early: answered === undefined,
              waited: Math.max(0, begins - Math.max(changed, from)),
              frames: begun,
              frame: drawn - begins,
            });
          };
          channel.port2.postMessage(null);
        });
      });
      seen.observe(frame, { attributes: true, attributeFilter: ['style'] });
    });
  }, id);
}

/** What the layout tab saw of one keystroke, on the clock both tabs share (the epoch, in ms). */
interface Typed {
  /** The story desk's draft arrived (BroadcastChannel). */
  heard: number;
  /** The frame's lines changed in the document. */
  changed: number;
  /** The browser's next frame began (its rAF). */
  begins: number;
  /** That frame was drawn (style, layout and paint done). */
  drawn: number;
  /** Frames begun from the draft's arrival to the one that drew it: 1 is the very next frame. */
  frames: number;
}

/**
 * Arms the layout tab to time the next change of the frame that shows the typed story: resolves
 * once the frame after it is drawn. The draft's arrival is read by a channel of the bench's own,
 * made before the page's (addInitScript in measure), so that it hears each message first.
 */
function armTyped(p: Page, id: string): Promise<void> {
  return p.evaluate((placement) => {
    const w = window as unknown as { __typed?: Promise<Typed>; __heard?: number; __begun?: number };
    const at = () => performance.timeOrigin + performance.now();
    const frame = document.querySelector(`[data-placement="${placement}"]`)!;
    w.__heard = undefined;
    w.__typed = new Promise((done) => {
      const seen = new MutationObserver(() => {
        seen.disconnect();
        const changed = at();
        requestAnimationFrame(() => {
          const begins = at();
          const channel = new MessageChannel();
          channel.port1.onmessage = () => done({ heard: w.__heard ?? changed, changed, begins, drawn: at(), frames: w.__begun ?? 1 });
          channel.port2.postMessage(null);
        });
      });
      seen.observe(frame, { subtree: true, childList: true, characterData: true, attributes: true });
    });
  }, id);
}

/** Keystrokes in the story desk (a second tab), each timed to the layout tab's page drawn again. */
async function measureTyping(layout: Page, editor: Page, articleId: string, origin: string, label: string): Promise<Press[]> {
  await editor.goto(`${origin}/#/article/${articleId}`);
  const body = editor.getByRole('textbox', { name: '正文' });
  await body.waitFor();
  await body.click();
  // At the start of the body: every line of the story after it is set again.
  await editor.keyboard.press('Control+Home');
  // The page in front, drawn at the display's pace (a headless tab behind is drawn once a
  // second); the keys still go to the story desk, whose document keeps its focus.
  await layout.bringToFront();
  const presses: Press[] = [];
  const editorSide: number[] = [];
  for (let i = 0; i < PRESSES + WARMUP; i++) {
    await armTyped(layout, 'p0');
    await editor.evaluate(() => {
      const w = window as unknown as { __down?: number };
      w.__down = undefined;
      // The keystroke's first event, on the clock both tabs share: keydown for a key, beforeinput
      // for text an input method commits (as 新 is typed).
      const mark = () => (w.__down ??= performance.timeOrigin + performance.now());
      document.addEventListener('keydown', mark, { capture: true, once: true });
      document.addEventListener('beforeinput', mark, { capture: true, once: true });
    });
    if (i % 2) await editor.keyboard.press('Backspace');
    else await editor.keyboard.type('新');
    const typed = await layout.evaluate(() => (window as unknown as { __typed: Promise<Typed> }).__typed);
    const down = await editor.evaluate(() => (window as unknown as { __down: number }).__down);
    if (i >= WARMUP) {
      presses.push({
        answer: typed.drawn - down,
        redraw: typed.drawn - typed.heard,
        early: true,
        waited: Math.max(0, typed.begins - typed.changed),
        frames: typed.frames,
        frame: typed.drawn - typed.begins,
      });
      editorSide.push(typed.heard - down);
    }
    // The page drawn, and both desks at rest, before the next key, as between a person's keys.
    await layout.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 30)))));
  }
  console.log(
    `  ${label}: ${presses.length} keystrokes; from the key to the draft heard in the layout tab (the story desk's work and the message) p50 ${q(editorSide, 0.5)} ms, p95 ${q(editorSide, 0.95)} ms`,
  );
  return presses;
}

async function measure(browser: Browser, url: string, cookieOrigin: string, label: string, round: number): Promise<Press[]> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1500, height: 1100 } });
  const signIn = await context.request.post(`${cookieOrigin}/api/session.signIn`, {
    headers: { origin: cookieOrigin, 'content-type': 'application/json' },
    data: ACCOUNT,
  });
  if (!((await signIn.json()) as { ok?: boolean }).ok) throw new Error('sign-in failed');
  const p = await context.newPage();
  // When the archive's answer to a placement arrives: what follows is the page view's work.
  await p.addInitScript(() => {
    const w = window as unknown as Answers;
    w.__answers = [];
    const original = window.fetch.bind(window);
    window.fetch = async (...args: Parameters<typeof fetch>) => {
      const sent = performance.now();
      const response = await original(...args);
      if ((args[0] instanceof Request ? args[0].url : String(args[0])).includes('layout.place')) {
        const answer: Answers['__answers'][number] = { sent, at: performance.now() };
        w.__answers.push(answer);
        void response
          .clone()
          .arrayBuffer()
          .then(() => (answer.read = performance.now()));
      }
      return response;
    };
  });
  // --type: when each draft from the story desk arrives, heard before the page's own channel
  // hears it (made first, so told first), and the frames begun from then to the page drawn.
  if (TYPE)
    await p.addInitScript(() => {
      const w = window as unknown as { __heard?: number; __begun?: number };
      new BroadcastChannel('banmian-live').onmessage = () => {
        if (w.__heard !== undefined) return;
        w.__heard = performance.timeOrigin + performance.now();
        w.__begun = 0;
        const count = () => {
          w.__begun!++;
          if (w.__heard !== undefined) requestAnimationFrame(count);
        };
        requestAnimationFrame(count);
      };
    });
  // Frames over 50 ms, as Chromium reports them: how much of each was script and how much style, layout and paint.
  await p.addInitScript(() => {
    const w = window as unknown as { __slow?: { script: number; layout: number }[] };
    w.__slow = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as {
        startTime: number;
        duration: number;
        renderStart: number;
        styleAndLayoutStart: number;
      }[]) {
        const end = e.startTime + e.duration;
        w.__slow!.push({ script: (e.renderStart || end) - e.startTime, layout: end - (e.styleAndLayoutStart || end) });
      }
    }).observe({ type: 'long-animation-frame' });
  });
  await p.goto(url);
  await p.waitForFunction(() => document.querySelectorAll('.frame').length === 12, null, { timeout: 30_000 });
  const spans = await p.evaluate(() => document.querySelectorAll('.set-line span').length);
  if (TYPE) {
    const editor = await context.newPage();
    const presses = await measureTyping(p, editor, typedIn, cookieOrigin, label);
    await context.close();
    return presses;
  }
  const frame = p.locator('[data-placement="p0"]');
  await frame.focus();
  const presses: Press[] = [];
  // --profile FILE: the renderer's CPU profile over the counted presses, for Chromium's DevTools.
  const profile = argValue('--profile') ? await context.newCDPSession(p) : null;
  // --trace FILE: Chromium's performance trace over the counted presses (style, layout, paint and
  // script by event), one file per build and round (FILE-<build>-<round>.json), for DevTools.
  const trace = argValue('--trace')?.replace(/(\.json)?$/u, `-${basename(label)}-${round}.json`);
  for (let i = 0; i < PRESSES + WARMUP; i++) {
    if (i === WARMUP && profile) {
      await profile.send('Profiler.enable');
      await profile.send('Profiler.start');
    }
    if (i === WARMUP && trace) await browser.startTracing(p, { path: trace, categories: TRACE_CATEGORIES });
    await armPress(p, 'p0');
    await p.keyboard.press(`${RESIZE ? 'Shift+' : ''}${i % 2 ? 'ArrowUp' : 'ArrowDown'}`);
    const press = await p.evaluate(() => (window as unknown as { __press: Promise<Press> }).__press);
    if (i >= WARMUP) presses.push(press);
    // The archive's answer in, and the page drawn after it, before the next press, as it would
    // be between a person's presses.
    await p.waitForFunction(() => {
      const w = window as unknown as Answers;
      return w.__answers.some((a) => a.sent >= w.__pressed! && a.read !== undefined);
    });
    await p.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0)))));
  }
  if (profile) writeFileSync(argValue('--profile')!, JSON.stringify((await profile.send('Profiler.stop')).profile));
  if (trace) await browser.stopTracing();
  const slow = await p.evaluate(() => (window as unknown as { __slow: { script: number; layout: number }[] }).__slow);
  if (slow.length)
    console.log(
      `  ${label}: ${slow.length} frames over 50 ms; their script p50 ${q(
        slow.map((x) => x.script),
        0.5,
      )} ms, style, layout and paint p50 ${q(
        slow.map((x) => x.layout),
        0.5,
      )} ms`,
    );
  await context.close();
  console.log(`  ${label}: ${spans.toLocaleString()} spans drawn in the page's lines`);
  return presses;
}

const q = (xs: number[], at: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(at * s.length))]! * 10) / 10;
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'banmian-bench-page-view-'));
  const made = makeArchive(dir);
  const services = made.services;
  typedIn = made.typedIn;
  services.archive.addAccount({ name: ACCOUNT.name, roles: DESK_ROLES, passwordHash: await hashPassword(ACCOUNT.password) }, null, 'host');
  const browser = await launchChromium(TYPE ? SIDE_BY_SIDE_ARGS : []);
  const hosts = await Promise.all(renderers.map((rendererDir) => startHost({ services, rendererDir })));
  try {
    console.log(
      `page view, Chromium ${browser.version()}, ${PRESSES} ${TYPE ? 'keystrokes in a story desk beside' : `arrow-key ${RESIZE ? 'resizes' : 'moves'} of`} one story on a 12-story broadsheet page;`,
    );
    console.log(
      `load average at the start ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const results = new Map<string, Press[]>(renderers.map((r) => [r, []]));
    // Builds in turn, twice over, so that a change in the machine's load falls on each.
    for (let round = 0; round < 2; round++) {
      for (const [k, renderer] of renderers.entries()) {
        const origin = hosts[k]!.url.replace(/\/$/u, '');
        results.get(renderer)!.push(...(await measure(browser, `${origin}/#/layout/${DATE}/1`, origin, renderer, round)));
      }
    }
    for (const [renderer, presses] of results) {
      const answer = presses.map((x) => x.answer);
      const redraw = presses.map((x) => x.redraw);
      const busy = presses.map((x) => x.redraw - x.waited);
      const early = presses.filter((x) => x.early).length;
      const next = presses.filter((x) => x.frames <= 1).length;
      console.log(`${renderer}:
  key press to the page drawn again: p50 ${q(answer, 0.5)} ms, p95 ${q(answer, 0.95)} ms; ${next} of ${presses.length} drawn in the next frame
  the page view's work (${
    TYPE ? "from the story desk's draft heard in the layout tab" : "from the archive's answer, or the key press when drawn before it"
  }): p50 ${q(redraw, 0.5)} ms, p95 ${q(redraw, 0.95)} ms (target < 16 ms)${
    TYPE ? '' : `; ${early} of ${presses.length} drawn before the archive answered`
  }
  the same less the wait for the browser's next frame to begin: p50 ${q(busy, 0.5)} ms, p95 ${q(busy, 0.95)} ms; of it the frame (style, layout, paint) p50 ${q(
    presses.map((x) => x.frame),
    0.5,
  )} ms, p95 ${q(
    presses.map((x) => x.frame),
    0.95,
  )} ms`);
    }
    console.log(
      `load average at the end ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await browser.close();
    await Promise.all(hosts.map((h) => h.close()));
    services.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
