import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ARCHIVE_FILE, Archive } from '../../electron/archive/archive';
import { AppServices } from '../../electron/services/app-services';
import type { Article } from '../../shared/domain/article';
import type { Result } from '../../shared/api/errors';
import { fullDraft } from '../support/drafts';
import { PAGE_FILES, pageText } from '../support/fixtures';
import { BIN } from '../support/cli';
import { tempFolders } from '../support/temp';
import { asAdmin, TEST_PASSWORD } from '../support/services';
import { makePng } from '../support/images';
import { DEMO_EDITION } from '../../electron/archive/demo';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());
const folder = temp.folder;

/** As the app and `banmian host` open the archive: waiting for the write lock without blocking. */
function desk(dir: string, options: { writeWaitMs?: number } = {}): AppServices {
  const services = AppServices.open(dir, { holder: { program: 'host', detail: 'test' }, waitForWrites: 'async', ...options });
  temp.onCleanup(() => services.close());
  return services;
}

/** `count` different page files (the fixture pages, each with a line of its own). */
function pageFiles(count: number): string[] {
  const dir = folder();
  return Array.from({ length: count }, (_, i) => {
    const path = join(dir, `page-${i}.txt`);
    writeFileSync(path, `${pageText(PAGE_FILES[i % PAGE_FILES.length]!)}\n本版编辑 第${i}号\n`);
    return path;
  });
}

function start(args: string[]): { child: ChildProcessWithoutNullStreams; stdout: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, BANMIAN_LANG: 'en', BANMIAN_PASSWORD: TEST_PASSWORD } });
  temp.onCleanup(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, stdout: () => out, exit };
}

/**
 * Saves a story over and over through `call` until `until` settles; each save builds on the
 * last one's version. Returns every refusal with its message.
 */
async function keepSaving(
  call: (method: string, input: unknown) => Promise<Result<unknown>>,
  article: Article,
  until: Promise<unknown>,
  label: string,
) {
  let done = false;
  void until.finally(() => (done = true));
  let version = article.version;
  const refused: string[] = [];
  let saves = 0;
  while (!done) {
    const result = await call('articles.save', {
      id: article.id,
      baseVersion: version,
      draft: fullDraft({ headline: `${label} ${saves + 1}` }),
    });
    if (result.ok) {
      version = (result.value as Article).version;
      saves++;
    } else refused.push(`${result.error.code}: ${result.error.message}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return { saves, refused, lastHeadline: `${label} ${saves}` };
}

/** POSTs to a browser host from its own page, as the desk's fetch sends them, signed in as the test account. */
async function hostCall(url: string) {
  const origin = url.replace(/\/$/u, '');
  const post = (method: string, input: unknown, cookie = '') =>
    fetch(`${origin}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, 'sec-fetch-site': 'same-origin', cookie },
      body: JSON.stringify(input),
    });
  const signIn = await post('session.signIn', { name: '测试管理员', password: TEST_PASSWORD });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  return async (method: string, input: unknown): Promise<Result<unknown>> =>
    (await (await post(method, input, cookie)).json()) as Result<unknown>;
}

describe('several programs writing one archive', () => {
  it('two hosts save every few milliseconds while the command line imports: no save and no file refused', async () => {
    const dir = folder();
    const a = desk(dir);
    const storyA = a.archive.create({ headline: '甲主机的稿' });
    const storyB = a.archive.create({ headline: '乙主机的稿' });
    const hostB = start(['--data', dir, 'host', '--port', '0']);
    for (let i = 0; i < 400 && !/http:\/\/\S+/u.test(hostB.stdout()); i++) await new Promise((r) => setTimeout(r, 25));
    const urlB = /http:\/\/\S+/u.exec(hostB.stdout())![0];

    const callA = await asAdmin(a);
    const callB = await hostCall(urlB);
    const files = pageFiles(150);
    const importing = start(['--data', dir, '--user', '测试管理员', 'import', '--json', ...files]);
    const imported = importing.exit;
    const [fromA, fromB, code] = await Promise.all([
      keepSaving((m, i) => a.call(m, i, callA), storyA, imported, '甲'),
      keepSaving(callB, storyB, imported, '乙'),
      imported,
    ]);
    expect(code).toBe(0);
    const reports = JSON.parse(importing.stdout()) as { ok: boolean; articleIds: string[] }[];
    expect(reports.filter((r) => !r.ok)).toEqual([]);
    expect(reports).toHaveLength(150);
    expect(fromA.refused).toEqual([]);
    expect(fromB.refused).toEqual([]);
    expect(fromA.saves).toBeGreaterThan(5);
    expect(fromB.saves).toBeGreaterThan(5);
    // Every save acknowledged is there, and every imported article.
    expect(a.archive.get(storyA.id).headline).toBe(fromA.lastHeadline);
    expect(a.archive.get(storyB.id).headline).toBe(fromB.lastHeadline);
    const ids = reports.flatMap((r) => r.articleIds);
    expect(new Set(ids).size).toBe(ids.length);
    expect(a.archive.db.prepare('SELECT count(*) FROM articles WHERE import_id IS NOT NULL').pluck().get()).toBe(ids.length);
  }, 120_000);

  it('the desk saves while the app imports in its worker thread: no save refused', async () => {
    const dir = folder();
    const app = desk(dir);
    const story = app.archive.create({ headline: '导入时写的稿' });
    const files = pageFiles(120).map((path, i) => ({
      fileName: `page-${i}.txt`,
      dataBase64: Buffer.from(pageText(PAGE_FILES[i % 3]!) + `\n第${i}号\n`).toString('base64'),
    }));
    const caller = await asAdmin(app);
    const importing = app.call('pages.import', { files }, caller);
    const [saving, result] = await Promise.all([keepSaving((m, i) => app.call(m, i, caller), story, importing, '稿'), importing]);
    expect(result.ok).toBe(true);
    expect((result as { value: { ok: boolean }[] }).value.every((r) => r.ok)).toBe(true);
    expect(saving.refused).toEqual([]);
    expect(saving.saves).toBeGreaterThan(3);
    expect(app.archive.get(story.id).headline).toBe(saving.lastHeadline);
  }, 120_000);

  it('every kind of write waits its turn behind another program’s transaction instead of failing', async () => {
    const dir = folder();
    const app = desk(dir);
    const caller = await asAdmin(app);
    const { archive } = app;
    const story = archive.create({ headline: '待审的稿' });
    const other = archive.create({ headline: '另一篇稿' });
    const edited = archive.save(other.id, other.version, fullDraft({ headline: '改过的稿' }));
    const firstRevision = archive.revisions(other.id).at(-1)!;
    const page = archive.layoutPage(DEMO_EDITION.date, 1).page;
    const shorter = page.placements.find((p) => p.depth > 1)!;
    const gone = page.placements.find((p) => p.id !== shorter.id)!;
    // Another program holds the write lock for 300 ms.
    const lock = new Database(join(dir, ARCHIVE_FILE));
    temp.onCleanup(() => lock.close());
    lock.exec('BEGIN IMMEDIATE');
    const release = setTimeout(() => lock.exec('COMMIT'), 300);
    temp.onCleanup(() => clearTimeout(release));
    const started = Date.now();
    const calls: [string, unknown][] = [
      ['articles.save', { id: story.id, baseVersion: story.version, draft: fullDraft({ headline: '等锁时保存' }) }],
      ['articles.create', {}],
      ['articles.setStatus', { id: other.id, action: 'submit' }],
      ['revisions.restore', { articleId: other.id, revisionId: firstRevision.id, baseVersion: edited.version }],
      ['photos.import', { fileName: 'p.png', dataBase64: makePng(12, 8).toString('base64') }],
      ['layout.createEdition', { date: '2026-12-05', number: 1, totalNumber: 100, paper: '沙市日报' }],
      ['layout.updatePage', { date: DEMO_EDITION.date, number: 1, section: '要闻' }],
      ['layout.place', { date: DEMO_EDITION.date, page: 1, placement: { ...shorter, depth: shorter.depth - 1 } }],
      ['layout.unplace', { date: DEMO_EDITION.date, page: 1, id: gone.id }],
      ['settings.set', { language: 'en' }],
      ['accounts.add', { name: '等锁的新人', password: TEST_PASSWORD, roles: ['reporter'] }],
    ];
    const results = await Promise.all(calls.map(([method, input]) => app.call(method, input, caller)));
    expect(results.map((r, i) => `${calls[i]![0]} ${r.ok ? 'ok' : r.error.code}`)).toEqual(calls.map(([m]) => `${m} ok`));
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);

    // The command line's own connection blocks and waits instead (it has no window to keep free).
    lock.exec('BEGIN IMMEDIATE');
    const held = Date.now();
    const second = setTimeout(() => lock.exec('COMMIT'), 1500);
    temp.onCleanup(() => clearTimeout(second));
    const child = start(['--data', dir, '--user', '测试管理员', 'import', pageFiles(1)[0]!]);
    expect(await child.exit).toBe(0);
    expect(Date.now() - held).toBeGreaterThanOrEqual(1400);
    expect(archive.db.prepare('SELECT count(*) FROM imports').pluck().get()).toBe(1);
  });

  it('a save that cannot be written in time says so in words, changes nothing, and goes through once the archive is free', async () => {
    const dir = folder();
    const app = desk(dir, { writeWaitMs: 400 });
    const story = app.archive.create({ headline: '原来的主题' });
    const caller = await asAdmin(app);
    const other = new Database(join(dir, ARCHIVE_FILE));
    temp.onCleanup(() => other.close());
    other.exec('BEGIN IMMEDIATE');
    const draft = fullDraft({ headline: '稿库忙时写的主题' });
    const refused = await app.call('articles.save', { id: story.id, baseVersion: story.version, draft }, caller);
    expect(refused).toMatchObject({ ok: false, error: { code: 'ARCHIVE_BUSY' } });
    expect(!refused.ok && refused.error.message).toMatch(/^稿库正忙：另一程序已连续写入 \d+ 秒。内容没有丢失/u);
    other.exec('COMMIT');
    expect(app.archive.get(story.id).headline).toBe('原来的主题');
    const saved = await app.call('articles.save', { id: story.id, baseVersion: story.version, draft }, caller);
    expect(saved.ok).toBe(true);
    expect(app.archive.get(story.id).headline).toBe('稿库忙时写的主题');
  });
});

describe('a save sent again', () => {
  it('after its answer was lost (the host died after the commit) is no conflict', () => {
    const dir = folder();
    const archive = Archive.open(dir);
    temp.onCleanup(() => archive.close());
    const a = archive.create();
    const draft = fullDraft({ headline: '崩溃前已保存' });
    const first = archive.save(a.id, a.version, draft);
    const again = archive.save(a.id, a.version, draft);
    expect(again.version).toBe(first.version);
    expect(archive.revisions(a.id).filter((r) => r.reason === 'conflict')).toEqual([]);
    // Other text over an old version is still a conflict, kept as such.
    expect(() => archive.save(a.id, a.version, fullDraft({ headline: '别人的稿' }))).toThrow(
      expect.objectContaining({ code: 'ARTICLE_STALE' }),
    );
    expect(archive.revisions(a.id).filter((r) => r.reason === 'conflict')).toHaveLength(1);
  });
});
