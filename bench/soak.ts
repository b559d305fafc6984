// The archive tried as an unlucky or hostile user would, many times over: crashes (kill -9)
// during saves, imports and restores, several programs writing at once, backups under a
// stream of saves, malformed requests to the browser host. Prints what was tried, how often,
// and what was lost. docs/reliability.md holds the latest figures.
//   npm run bench:soak -- [--crashes 40] [--import-crashes 10] [--restores 32] [--files 2400] [--articles 50000]
//                         [--only autosave|import|restore|writers|backup|host]
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ARCHIVE_FILE, Archive } from '../electron/archive/archive';
import { backupArchive } from '../electron/archive/backup';
import { AppServices } from '../electron/services/app-services';
import type { Article } from '../shared/domain/article';
import { emptyDraft } from '../shared/domain/article';
import { generator } from './synthetic';
import { hashPassword } from '../electron/accounts/passwords';
import { DESK_ROLES } from '../shared/domain/accounts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const CRASHES = arg('crashes', 40);
const IMPORT_CRASHES = arg('import-crashes', 10);
const RESTORES = arg('restores', 32);
const FILES = arg('files', 2400);
const ARTICLES = arg('articles', 50_000);

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'bin', 'banmian.cjs');
const PAGES = join(ROOT, '..', 'shared', 'fixtures', 'pages');
if (!existsSync(join(ROOT, 'dist', 'electron', 'cli.mjs')))
  throw new Error('run `npm run build` first: the soak starts the built command line');
const work = mkdtempSync(join(tmpdir(), 'banmian-soak-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const folder = (name: string) => mkdtempSync(join(work, `${name}-`));

function start(args: string[]): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, BANMIAN_LANG: 'en' } });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out, exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

async function hostUrl(host: { output: () => string }): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const m = /http:\/\/127\.0\.0\.1:\d+/u.exec(host.output());
    if (m) return m[0];
    await sleep(10);
  }
  throw new Error(`host did not start: ${host.output()}`);
}

/** The soak's account on each archive it makes (the desk signs in as it). */
const ACCOUNT = { name: '值班编辑', password: 'soak-password-1' };

async function addAccount(archive: Archive): Promise<void> {
  archive.addAccount({ name: ACCOUNT.name, roles: DESK_ROLES, passwordHash: await hashPassword(ACCOUNT.password) }, null, 'cli');
}

async function post(
  url: string,
  method: string,
  input: unknown,
  cookie = '',
): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> {
  const response = await fetch(`${url}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, 'sec-fetch-site': 'same-origin', cookie },
    body: JSON.stringify(input),
  });
  return (await response.json()) as { ok: boolean; value?: unknown; error?: { code: string } };
}

/** Signs in to a host as the soak's account: the session cookie. */
async function signIn(url: string): Promise<string> {
  const response = await fetch(`${url}/api/session.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify(ACCOUNT),
  });
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}

function pageFiles(count: number): string[] {
  const dir = folder('pages');
  const texts = readdirSync(PAGES).map((f) => readFileSync(join(PAGES, f), 'utf8'));
  return Array.from({ length: count }, (_, i) => {
    const path = join(dir, `page-${i}.txt`);
    writeFileSync(path, `${texts[i % texts.length]}\n本版编辑 第${i}号\n`);
    return path;
  });
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
};
const report: string[] = [];
const say = (line: string) => {
  console.log(line);
  report.push(line);
};

/** kill -9 of a browser host while the desk autosaves through it: is every acknowledged save there? */
async function crashDuringAutosave(): Promise<void> {
  const dir = folder('autosave');
  const setup = Archive.open(dir);
  const story = setup.create({ headline: '崩溃测试' });
  await addAccount(setup);
  setup.close();
  let lost = 0;
  let acknowledged = 0;
  let version = story.version;
  for (let cycle = 0; cycle < CRASHES; cycle++) {
    const host = start(['--data', dir, 'host', '--port', '0']);
    const url = await hostUrl(host);
    const cookie = await signIn(url);
    const sent = new Map<number, string>();
    let last: { version: number; headline: string } | undefined;
    const killAt = Date.now() + 100 + Math.random() * 500;
    const killer = (async () => {
      await sleep(Math.max(0, killAt - Date.now()));
      host.child.kill('SIGKILL');
    })();
    for (let n = 0; Date.now() < killAt + 50; n++) {
      const headline = `第${cycle}轮 第${n}次保存`;
      sent.set(version + 1, headline);
      try {
        const r = await post(url, 'articles.save', { id: story.id, baseVersion: version, draft: { ...emptyDraft(), headline } }, cookie);
        if (!r.ok) break;
        version = (r.value as Article).version;
        last = { version, headline };
        acknowledged++;
      } catch {
        break; // the host is gone
      }
    }
    await killer;
    await host.exit;
    const archive = Archive.open(dir);
    const now = archive.get(story.id);
    archive.close();
    if (last && (now.version < last.version || (now.version === last.version && now.headline !== last.headline))) lost++;
    if (now.version > version && now.headline !== sent.get(now.version)) lost++;
    // A save that committed without its answer: the editor sends it again (no conflict now).
    version = now.version;
  }
  say(`kill -9 of the browser host during autosave: ${CRASHES} crashes, ${acknowledged} acknowledged saves, ${lost} lost`);
}

/** kill -9 of `banmian import` of 300 files: is any file half imported? */
async function crashDuringImport(): Promise<void> {
  const files = pageFiles(300);
  let half = 0;
  let importedFiles = 0;
  for (let cycle = 0; cycle < IMPORT_CRASHES; cycle++) {
    const dir = folder('import');
    Archive.open(dir).close();
    const run = start(['--data', dir, 'import', ...files]);
    await sleep(300 + Math.random() * 4000);
    run.child.kill('SIGKILL');
    await run.exit;
    const archive = Archive.open(dir);
    const rows = archive.db
      .prepare('SELECT i.articles AS expected, (SELECT count(*) FROM articles a WHERE a.import_id = i.id) AS found FROM imports i')
      .all() as { expected: number; found: number }[];
    half += rows.filter((r) => r.expected !== r.found).length;
    importedFiles += rows.length;
    archive.close();
  }
  say(`kill -9 of an import of 300 page files: ${IMPORT_CRASHES} crashes, ${importedFiles} files found imported, ${half} half imported`);
}

/** A program crashes, then the archive is restored from a backup: does the kept copy hold the last save? */
async function crashThenRestore(): Promise<void> {
  const backupDir = folder('backup');
  const b = Archive.open(backupDir);
  b.create({ headline: '备份里的稿' });
  b.close();
  const dir = folder('restore');
  const a = Archive.open(dir);
  const story = a.create({ headline: '原来的稿' });
  a.close();
  const script = join(work, 'crash-writer.cjs');
  writeFileSync(
    script,
    `const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
const [file, id, headline] = process.argv.slice(2);
const db = new Database(file); db.pragma('journal_mode = WAL'); db.pragma('wal_autocheckpoint = 0');
db.prepare('UPDATE articles SET headline = ? WHERE id = ?').run(headline, id);
process.kill(process.pid, 'SIGKILL');`,
  );
  let lost = 0;
  let corrupt = 0;
  const keptBefore = new Set<string>();
  for (let cycle = 0; cycle < RESTORES; cycle++) {
    const headline = `崩溃前最后一次保存 ${cycle}`;
    const crash = spawn(process.execPath, [script, join(dir, ARCHIVE_FILE), story.id, headline]);
    await new Promise((r) => crash.on('exit', r));
    const restore = start(['--data', dir, 'restore', join(backupDir, ARCHIVE_FILE)]);
    await restore.exit;
    const previous = /kept at (.+)$/mu.exec(restore.output())?.[1];
    if (!previous) {
      lost++;
      continue;
    }
    const db = new Database(previous, { readonly: true });
    if (db.pragma('integrity_check', { simple: true }) !== 'ok') corrupt++;
    const kept = db.prepare('SELECT headline FROM articles WHERE id = ?').pluck().get(story.id);
    db.close();
    if (kept !== headline) lost++;
    keptBefore.add(previous);
    // Back to the original for the next cycle (itself a restore, keeping what it replaces).
    await start(['--data', dir, 'restore', previous]).exit;
  }
  const stillThere = [...keptBefore].filter((f) => existsSync(f)).length;
  say(
    `crash, then restore: ${RESTORES} cycles, newest save missing from the kept copy ${lost} times, kept copy corrupt ${corrupt} times, kept copies deleted by later restores ${keptBefore.size - stillThere}`,
  );
}

/** The desk (a host) saves every 10 ms while the command line imports page files. */
async function savesDuringImport(): Promise<void> {
  // The same import with no one else writing, for comparison in the same run.
  const alone = folder('alone');
  Archive.open(alone).close();
  const aloneStarted = performance.now();
  await start(['--data', alone, 'import', ...pageFiles(FILES)]).exit;
  say(`\`banmian import\` of ${FILES} files with no one else writing: ${((performance.now() - aloneStarted) / 1000).toFixed(1)} s`);
  const dir = folder('writers');
  const desk = AppServices.open(dir, { demo: false, holder: { program: 'host', detail: 'soak' }, waitForWrites: 'async' });
  const story = desk.archive.create({ headline: '导入时保存' });
  const files = pageFiles(FILES);
  const importStarted = performance.now();
  const importing = start(['--data', dir, 'import', '--json', ...files]);
  let done = false;
  void importing.exit.then(() => (done = true));
  const latencies: number[] = [];
  let refused = 0;
  let version = story.version;
  while (!done) {
    const t = performance.now();
    // An archive without accounts: the desk acts as no one (as the command line does on one).
    const r = await desk.call(
      'articles.save',
      { id: story.id, baseVersion: version, draft: { ...emptyDraft(), headline: `第${latencies.length}次` } },
      { front: 'cli', account: null },
    );
    latencies.push(performance.now() - t);
    if (r.ok) version = (r.value as Article).version;
    else refused++;
    await sleep(10);
  }
  const code = await importing.exit;
  const importSeconds = (performance.now() - importStarted) / 1000;
  const json = importing.output().slice(importing.output().indexOf('['));
  const reports = JSON.parse(json) as { ok: boolean }[];
  desk.close();
  say(
    `host saves every 10 ms during \`banmian import\` of ${FILES} files (exit ${code}, ${importSeconds.toFixed(1)} s): ${latencies.length} saves, ${refused} refused; ` +
      `save p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p95 ${quantile(latencies, 0.95).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(0)} ms; ` +
      `files refused ${reports.filter((r) => !r.ok).length} of ${reports.length}`,
  );
}

/** A backup of an archive of ARTICLES while someone saves every 100 ms (and every 5 ms). */
async function backupUnderSaves(): Promise<void> {
  const dir = folder('backup-load');
  const archive = Archive.open(dir);
  const gen = generator(3);
  for (let done = 0; done < ARTICLES; done += 2000) {
    const batch = Array.from({ length: Math.min(2000, ARTICLES - done) }, (_, k) => gen.article(done + k));
    archive.importFiles([
      {
        source: { fileName: `s${done}`, fileHash: `s${done}`, encoding: 'utf-8', bytes: 0, editionDate: batch[0]!.editionDate, page: 1 },
        articles: batch,
      },
    ]);
  }
  const story = archive.create({ headline: '备份时保存' });
  let version = story.version;
  for (const every of [100, 5]) {
    let saves = 0;
    const timer = setInterval(() => {
      version = archive.save(story.id, version, { ...emptyDraft(), headline: `第${++saves}次` }).version;
    }, every);
    const out = join(folder('backups'), 'b.sqlite');
    const t = performance.now();
    await backupArchive(dir, out);
    clearInterval(timer);
    const seconds = (performance.now() - t) / 1000;
    const left = readdirSync(join(out, '..')).filter((f) => f.endsWith('.partial')).length;
    say(
      `backup of ${ARTICLES.toLocaleString()} articles with a save every ${every} ms: finished in ${seconds.toFixed(1)} s, ${saves} saves meanwhile, ${left} partial files left`,
    );
  }
  // The way it was done before, for comparison: SQLite's online backup, page by page from a
  // connection of its own, which starts again whenever another connection writes.
  const source = new Database(join(dir, ARCHIVE_FILE));
  const timer = setInterval(() => {
    version = archive.save(story.id, version, { ...emptyDraft(), headline: `在线备份时 ${version}` }).version;
  }, 100);
  const t = performance.now();
  const outcome = await Promise.race([
    source.backup(join(folder('online'), 'b.sqlite')).then(() => 'finished'),
    sleep(30_000).then(() => 'still running'),
  ]);
  clearInterval(timer);
  say(
    `for comparison, SQLite's online backup (the old way) with a save every 100 ms: ${outcome} after ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  archive.close();
  // An online backup still running keeps its connection: the process ends it (main).
}

/** Malformed request targets sent to a running host: does it survive them all? */
async function malformedRequests(): Promise<void> {
  const dir = folder('host');
  Archive.open(dir).close();
  const host = start(['--data', dir, 'host', '--port', '0']);
  const url = await hostUrl(host);
  const port = Number(url.split(':').at(-1));
  const targets = [
    '/api/%E0%A4%A',
    '/api/%',
    '/api/%zz',
    '/api/%C0%80',
    'http://evil.example/api/x',
    'http://[::1/',
    '//evil/api',
    '/api/%ED%A0%80',
    '*',
    '/api/%%',
    '/api/%E0',
    '/%',
    '/api/a%2',
    'HTTP://127.0.0.1/api/%',
    '/api/%F0%90%80',
  ];
  let sent = 0;
  for (let round = 0; round < 20; round++) {
    for (const target of targets) {
      await new Promise<void>((resolve) => {
        const socket = connect(port, '127.0.0.1', () =>
          socket.end(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nSec-Fetch-Site: cross-site\r\n\r\n`),
        );
        socket.on('data', () => undefined);
        socket.on('close', () => resolve());
        socket.on('error', () => resolve());
      });
      sent++;
    }
  }
  const alive = (await fetch(`${url}/`)).status === 200 && host.child.exitCode === null;
  host.child.kill();
  await host.exit;
  say(`malformed request targets sent to the browser host: ${sent} (${targets.length} kinds), host ${alive ? 'still serving' : 'DEAD'}`);
}

async function main(): Promise<void> {
  const started = new Date();
  console.log(
    `Soak on ${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, ${started.toISOString()}, Node ${process.version}\n`,
  );
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  const parts: [string, () => Promise<void>][] = [
    ['autosave', crashDuringAutosave],
    ['import', crashDuringImport],
    ['restore', crashThenRestore],
    ['writers', savesDuringImport],
    ['backup', backupUnderSaves],
    ['host', malformedRequests],
  ];
  try {
    for (const [name, part] of parts) if (!only || only === name) await part();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`\n${((Date.now() - started.getTime()) / 1000).toFixed(0)} s in all`);
  process.exit(0);
}

void main();
