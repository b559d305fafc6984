// The desk's first load in Chromium: `npm run bench:desk-load [-- --articles N] [--renderer DIR ...]`.
// Target: first contentful paint under 200 ms. The archive is the demo's, plus N synthetic
// articles when asked (tests/support/archives.ts). Each `--renderer` is a built renderer
// (dist/renderer unless told), measured in turn in the same run, on the same archive.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { hashPassword } from '../electron/accounts/passwords';
import { startHost } from '../electron/host/server';
import { AppServices } from '../electron/services/app-services';
import { DESK_ROLES } from '../shared/domain/accounts';
import { fillArchive } from '../tests/support/archives';

const ACCOUNT = { name: '编辑测试', password: 'bench-desk-load-1' };
const argValue = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const ARTICLES = Number(argValue('--articles') ?? 0);
const LOADS = Number(argValue('--loads') ?? 15);
const renderers = process.argv.flatMap((a, i) => (process.argv[i - 1] === '--renderer' ? [resolve(a)] : []));
if (!renderers.length) renderers.push(resolve(__dirname, '..', '..', 'dist', 'renderer'));

interface Load {
  fcp: number;
  /** The desk's list showing its first row. */
  rows: number;
}

async function load(browser: Browser, origin: string): Promise<Load> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
  await context.request.post(`${origin}/api/session.signIn`, { headers: { origin, 'content-type': 'application/json' }, data: ACCOUNT });
  const p = await context.newPage();
  await p.goto(`${origin}/#/`);
  await p.locator('tbody tr').first().waitFor({ timeout: 60_000 });
  const rows = await p.evaluate(() => performance.now());
  const fcp = await p.evaluate(
    () =>
      new Promise<number>((done) =>
        new PerformanceObserver((list) => {
          const entry = list.getEntriesByName('first-contentful-paint')[0];
          if (entry) done(entry.startTime);
        }).observe({ type: 'paint', buffered: true }),
      ),
  );
  await context.close();
  return { fcp, rows };
}

const q = (xs: number[], at: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(at * s.length))]!);
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'banmian-bench-desk-'));
  const services = AppServices.open(dir);
  if (ARTICLES) fillArchive(services.archive, ARTICLES);
  services.archive.addAccount({ name: ACCOUNT.name, roles: DESK_ROLES, passwordHash: await hashPassword(ACCOUNT.password) }, null, 'host');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const hosts = await Promise.all(renderers.map((rendererDir) => startHost({ services, rendererDir })));
  try {
    console.log(
      `desk first load, Chromium ${browser.version()}, the demo archive${ARTICLES ? ` and ${ARTICLES.toLocaleString()} articles` : ''}, ${LOADS} loads each`,
    );
    console.log(
      `load average at the start ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const results = new Map<string, Load[]>(renderers.map((r) => [r, []]));
    // One load of each build in turn, and a first one not counted (Chromium's own start).
    for (let i = 0; i <= LOADS; i++) {
      for (const [k, renderer] of renderers.entries()) {
        const result = await load(browser, hosts[k]!.url.replace(/\/$/u, ''));
        if (i > 0) results.get(renderer)!.push(result);
      }
    }
    for (const [renderer, loads] of results) {
      const fcp = loads.map((l) => l.fcp);
      const rows = loads.map((l) => l.rows);
      console.log(`${renderer}:
  first contentful paint: p50 ${q(fcp, 0.5)} ms, p95 ${q(fcp, 0.95)} ms (target < 200 ms)
  the list's first row shown: p50 ${q(rows, 0.5)} ms, p95 ${q(rows, 0.95)} ms`);
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
