import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ROLES } from '../../shared/domain/roles';
import { tempFolders } from '../support/temp';
import { splitPageText } from '../../shared/import/page-text';
import { pageText } from '../support/fixtures';

const run = promisify(execFile);
const BIN = join(__dirname, '..', '..', 'bin', 'banmian.cjs');
const temp = tempFolders();
afterEach(() => temp.cleanupAll());
const folder = temp.folder;

async function banmian(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the banmian command line', () => {
  it('prints its help', async () => {
    const { code, stdout } = await banmian(['--help'], { LANG: 'en_US.UTF-8' });
    expect(code).toBe(0);
    expect(stdout).toContain('articles');
    expect(stdout).toContain('--data');
  });

  it('lists every article of an archive as JSON, with bylines as people in roles', async () => {
    const dir = folder();
    const { code, stdout } = await banmian(['--data', dir, 'articles', '--json']);
    expect(code).toBe(0);
    const articles = JSON.parse(stdout) as Record<string, unknown>[];
    expect(articles.length).toBeGreaterThanOrEqual(4);
    for (const a of articles) {
      for (const key of [
        'id',
        'status',
        'column',
        'kicker',
        'headline',
        'deck',
        'dateline',
        'byline',
        'body',
        'photos',
        'jump',
        'source',
        'chars',
        'createdAt',
        'updatedAt',
        'statusLog',
        'signedRevision',
      ]) {
        expect(a).toHaveProperty(key);
      }
      // Its history, first step first: on an archive without accounts no one is recorded.
      const log = a.statusLog as { from: string | null; to: string; at: string; by: string | null; front: string | null }[];
      expect(log[0]).toMatchObject({ from: null, to: 'draft', by: null, front: null, reason: null });
      expect(log.at(-1)!.to).toBe(a.status);
      expect(a.signedRevision === null).toBe(a.status !== 'approved');
      for (const entry of a.byline as { role: string; name: string }[]) expect(ROLES).toContain(entry.role);
      expect((a.body as unknown[]).every((p) => typeof p === 'string')).toBe(true);
    }
    const outside = articles.find((a) => (a.byline as { outlet?: string }[]).some((b) => b.outlet));
    expect(outside?.byline).toContainEqual(expect.objectContaining({ role: 'reporter', outlet: '湖北日报' }));
    const withPhotos = articles.find((a) => (a.photos as unknown[]).length > 0)!;
    const credit = (withPhotos.photos as { credit: { kind: string; names: string[] } }[])[0]!.credit;
    expect(credit.kind).toMatch(/^(photo|courtesy)$/);
    expect(credit.names).toBeInstanceOf(Array);
  });

  it('lists articles as text for a person at a terminal', async () => {
    const dir = folder();
    const { code, stdout } = await banmian(['--data', dir, 'articles'], { LANG: 'zh_CN.UTF-8' });
    expect(code).toBe(0);
    expect(stdout.trim().split('\n').length).toBeGreaterThanOrEqual(4);
    expect(stdout).toMatch(/\[签发\]/);
  });

  it('refuses an archive from a newer version with a translated message, and exits non-zero', async () => {
    const dir = folder();
    const db = new Database(join(dir, 'banmian.sqlite'));
    db.pragma('user_version = 9990');
    db.close();
    const zh = await banmian(['--data', dir, 'articles'], { LANG: 'zh_CN.UTF-8' });
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain('这个稿库由更新版本的版面建立');
    const en = await banmian(['--data', dir, 'articles'], { LANG: 'en_GB.UTF-8' });
    expect(en.stderr).toContain('was written by a newer Banmian');
  });

  it('says what is wrong with an unknown command', async () => {
    const { code, stderr } = await banmian(['--data', folder(), 'frobnicate']);
    expect(code).not.toBe(0);
    expect(stderr).toContain('frobnicate');
  });
});

/** Runs the command line with bytes on its standard input. */
function banmianWithInput(args: string[], input: Uint8Array | string, env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('banmian typeset and editions', () => {
  it('sets paragraphs from standard input the way the printed page did', async () => {
    // Two paragraphs of the jingzhou page, printed on a measure of 16.5 ems.
    const text = pageText('jingzhou-2023-11.txt');
    const paragraphs = splitPageText(text)
      .flatMap((a) => a.body.map((b) => b.text))
      .filter((p) => p.startsWith('张国庆指出') || p.startsWith('本次培训邀请多位'));
    expect(paragraphs).toHaveLength(2);
    const { code, stdout } = await banmianWithInput(['typeset', '--width', '16.5'], paragraphs.join('\n'));
    expect(code).toBe(0);
    const printed = new Set(text.split('\n').map((l) => l.replace(/\s+/gu, '')));
    const blocks = stdout.trimEnd().split('\n\n');
    expect(blocks).toHaveLength(2);
    for (const block of blocks) for (const line of block.split('\n')) expect(printed.has(line.replace(/\s+/gu, '')), line).toBe(true);
    expect(blocks.map((b) => b.split('\n').length)).toEqual([10, 8]);
  });

  it('takes the indent, and refuses a bad width or bytes that are not UTF-8 with a message', async () => {
    const ok = await banmianWithInput(['typeset', '--width', '5', '--indent', '0'], '一二三四五六七八\n');
    expect(ok.stdout).toBe('一二三四五\n六七八\n');
    const bad = await banmianWithInput(['typeset', '--width', 'abc'], '一二三', { LANG: 'en_US.UTF-8' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--width abc');
    const gbk = await banmianWithInput(['typeset', '--width', '10'], Buffer.from([0xc9, 0xb3, 0xca, 0xd0, 0xff]), { LANG: 'en_US.UTF-8' });
    expect(gbk.code).toBe(1);
    expect(gbk.stderr).toContain('stdin');
  });

  it('lists editions with their pages and placements, as JSON and as text', async () => {
    const dir = folder();
    const { code, stdout } = await banmian(['--data', dir, 'editions', '--json']);
    expect(code).toBe(0);
    const editions = JSON.parse(stdout) as {
      date: string;
      number: number;
      pages: { number: number; section: string; placements: { articleId: string; copyfit: { state: string } }[] }[];
    }[];
    expect(editions).toHaveLength(1);
    expect(editions[0]).toMatchObject({ date: '2025-03-19', number: 58 });
    const page = editions[0]!.pages[0]!;
    expect(page).toMatchObject({ number: 1, section: '要闻' });
    expect(page.placements.length).toBeGreaterThanOrEqual(4);
    const articles = JSON.parse((await banmian(['--data', dir, 'articles', '--json'])).stdout) as { id: string }[];
    for (const p of page.placements) {
      expect(articles.map((a) => a.id)).toContain(p.articleId);
      expect(['fits', 'short']).toContain(p.copyfit.state);
    }
    const text = await banmian(['--data', dir, 'editions'], { LANG: 'zh_CN.UTF-8' });
    expect(text.stdout).toContain('第58期');
    expect(text.stdout).toContain('第1版 要闻');
  });
});
