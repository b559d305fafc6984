import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ROLES } from '../../shared/domain/roles';
import { tempFolders } from '../support/temp';

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
      for (const key of ['id', 'status', 'column', 'kicker', 'headline', 'deck', 'dateline', 'byline', 'body', 'photos', 'jump', 'source', 'chars', 'createdAt', 'updatedAt']) {
        expect(a).toHaveProperty(key);
      }
      for (const entry of a.byline as { role: string; name: string }[]) expect(ROLES).toContain(entry.role);
      expect((a.body as unknown[]).every((p) => typeof p === 'string')).toBe(true);
    }
    const outside = articles.find((a) => (a.byline as { outlet?: string }[]).some((b) => b.outlet));
    expect(outside?.byline).toContainEqual(expect.objectContaining({ role: 'reporter', outlet: '湖北日报' }));
    const withPhotos = articles.find((a) => (a.photos as unknown[]).length > 0)!;
    expect((withPhotos.photos as { credit: { kind: string; names: string[] } }[])[0]!.credit).toEqual(
      expect.objectContaining({ kind: expect.stringMatching(/^(photo|courtesy)$/), names: expect.any(Array) }),
    );
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
