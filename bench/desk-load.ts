// The desk's first load in Chromium:
//   npm run bench:desk-load [-- --articles N | --archive DIR] [--renderer DIR ...] [--loads N] [--warm]
// Targets: first contentful paint under 200 ms; the list's first rows under 400 ms at a million
// articles. The archive is the demo's, plus N synthetic articles when asked
// (tests/support/archives.ts), or the archive folder DIR as it is (the bench adds its account to
// it: give it a copy). Each `--renderer` is a built renderer (dist/renderer unless told),
// measured in turn in the same run, on the same archive. Each load is in a new browser context
// (nothing cached: a first visit), or with --warm in one browser profile per build, kept on
// disk, as when a person opens the desk again (its scripts and the code Chromium compiled from
// them kept).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { hashPassword } from '../electron/accounts/passwords';
import { startHost } from '../electron/host/server';
import { AppServices } from '../electron/services/app-services';
import { DESK_ROLES } from '../shared/domain/accounts';
import { fillArchive } from '../tests/support/archives';
import { CHROMIUM as CHROMIUM_PATH, CHROMIUM_ARGS } from '../tests/support/browser';

const ACCOUNT = { name: '编辑测试', password: 'bench-desk-load-1' };
const argValue = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const ARTICLES = Number(argValue('--articles') ?? 0);
const ARCHIVE = argValue('--archive');
const LOADS = Number(argValue('--loads') ?? 15);
const WARM = process.argv.includes('--warm');
const renderers = process.argv.flatMap((a, i) => (process.argv[i - 1] === '--renderer' ? [resolve(a)] : []));
if (!renderers.length) renderers.push(resolve(__dirname, '..', 'dist', 'renderer'));
// The host answers a missing build with 'Not found', which the page would wait on until it timed out.
for (const r of renderers)
  if (!existsSync(join(r, 'index.html'))) throw new Error(`${r}: no index.html; build the renderer first (npm run build)`);

interface Load {
  fcp: number;
  /** The frame that first drew the signed-in desk's header (the app's shell, by React). */
  shell: number;
  /** The frame that first drew a row of the desk's list. */
  firstRow: number;
  /** The desk's list showing its first row, as Playwright saw it (its polling included). */
  rows: number;
}

/**
 * Runs in the page before its own scripts: notes when the shell and the first row of the list
 * are first drawn, the moment the page's thread is done with the frame that shows them (a
 * message posted from that frame's animation callback arrives once its style, layout and paint
 * have run).
 */
function watchFrames(): void {
  const frames: Record<string, number> = {};
  const watched = { shell: 'header.app-bar', firstRow: 'table.article-table tbody tr' };
  const look = () => {
    for (const [name, selector] of Object.entries(watched)) {
      if (!(name in frames) && document.querySelector(selector)) {
        frames[name] = -1;
        requestAnimationFrame(() => {
          const after = new MessageChannel();
          after.port1.onmessage = () => (frames[name] = performance.now());
          after.port2.postMessage(null);
        });
      }
    }
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true });
  Object.assign(window, { deskLoadFrames: frames });
}

const CONTEXT = { locale: 'zh-CN', viewport: { width: 1400, height: 1000 } };
const CHROMIUM = { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS };

async function signedIn(browser: Browser, origin: string): Promise<BrowserContext> {
  return signIn(await browser.newContext(CONTEXT), origin);
}

/**
 * A browser of its own with a profile on disk: Chromium keeps the code it compiled for a page
 * only in a context that has one (no `newContext` has), as a person's browser and the app do.
 */
async function profile(dir: string, origin: string): Promise<BrowserContext> {
  return signIn(await chromium.launchPersistentContext(dir, { ...CHROMIUM, ...CONTEXT }), origin);
}

async function signIn(context: BrowserContext, origin: string): Promise<BrowserContext> {
  await context.request.post(`${origin}/api/session.signIn`, { headers: { origin, 'content-type': 'application/json' }, data: ACCOUNT });
  await context.addInitScript(watchFrames);
  return context;
}

async function load(context: BrowserContext, origin: string): Promise<Load> {
  const p = await context.newPage();
  await p.goto(`${origin}/#/`);
  await p.locator('tbody tr').first().waitFor({ timeout: 60_000 });
  const rows = await p.evaluate(() => performance.now());
  const frames = (await p
    .waitForFunction(() => {
      const seen = (window as unknown as { deskLoadFrames: Record<string, number> }).deskLoadFrames;
      return (seen.shell ?? -1) > 0 && (seen.firstRow ?? -1) > 0 && seen;
    })
    .then((handle) => handle.jsonValue())) as { shell: number; firstRow: number };
  const fcp = await p.evaluate(
    () =>
      new Promise<number>((done) =>
        new PerformanceObserver((list) => {
          const entry = list.getEntriesByName('first-contentful-paint')[0];
          if (entry) done(entry.startTime);
        }).observe({ type: 'paint', buffered: true }),
      ),
  );
  await p.close();
  return { fcp, shell: frames.shell, firstRow: frames.firstRow, rows };
}

const q = (xs: number[], at: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(at * s.length))]!);
};

async function main(): Promise<void> {
  const dir = ARCHIVE ?? mkdtempSync(join(tmpdir(), 'banmian-bench-desk-'));
  const services = AppServices.open(dir);
  if (ARTICLES && !ARCHIVE) fillArchive(services.archive, ARTICLES);
  // An archive given by --archive may have it from an earlier run.
  if (!services.archive.listAccounts().some((a) => a.name === ACCOUNT.name)) {
    services.archive.addAccount(
      { name: ACCOUNT.name, roles: DESK_ROLES, passwordHash: await hashPassword(ACCOUNT.password) },
      null,
      'host',
    );
  }
  const browser = await chromium.launch(CHROMIUM);
  const hosts = await Promise.all(renderers.map((rendererDir) => startHost({ services, rendererDir })));
  try {
    console.log(
      `desk first load, Chromium ${browser.version()}, ${ARCHIVE ? `the archive in ${ARCHIVE}` : `the demo archive${ARTICLES ? ` and ${ARTICLES.toLocaleString()} articles` : ''}`}, ${LOADS} loads each${WARM ? ', warm (a browser profile per build, kept on disk)' : ''}`,
    );
    console.log(
      `load average at the start ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const results = new Map<string, Load[]>(renderers.map((r) => [r, []]));
    const origins = hosts.map((h) => h.url.replace(/\/$/u, ''));
    const profiles = WARM ? origins.map(() => mkdtempSync(join(tmpdir(), 'banmian-bench-profile-'))) : [];
    const warm = WARM ? await Promise.all(origins.map((origin, k) => profile(profiles[k]!, origin))) : null;
    // One load of each build in turn, and a first one not counted (Chromium's own start; warm: the visit that fills the cache).
    for (let i = 0; i <= LOADS; i++) {
      for (const [k, renderer] of renderers.entries()) {
        const context = warm?.[k] ?? (await signedIn(browser, origins[k]!));
        const result = await load(context, origins[k]!);
        if (!warm) await context.close();
        if (i > 0) results.get(renderer)!.push(result);
      }
    }
    await Promise.all((warm ?? []).map((context) => context.close()));
    for (const folder of profiles) rmSync(folder, { recursive: true, force: true });
    for (const [renderer, loads] of results) {
      const figure = (pick: (l: Load) => number) => {
        const xs = loads.map(pick);
        return `p50 ${q(xs, 0.5)} ms, p95 ${q(xs, 0.95)} ms`;
      };
      console.log(`${renderer}:
  first contentful paint: ${figure((l) => l.fcp)} (target < 200 ms)
  the desk's shell drawn (header, list frame): ${figure((l) => l.shell)}
  the list's first row drawn: ${figure((l) => l.firstRow)} (target < 400 ms at a million)
  the list's first row seen by Playwright: ${figure((l) => l.rows)}`);
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
    if (!ARCHIVE) rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
