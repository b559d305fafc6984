import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountSummary } from '../../shared/domain/accounts';
import type { PlainArticle } from '../../shared/domain/plain-article';
import { banmian } from '../support/cli';
import { tempFolders } from '../support/temp';
import { startNewsroom, type TestNewsroom } from '../support/newsroom';
import { TEST_PASSWORD } from '../support/services';
import { PAGES_DIR } from '../support/fixtures';
import { join } from 'node:path';
import { readdirSync } from 'node:fs';

const temp = tempFolders();
let newsroom: TestNewsroom;

beforeAll(async () => {
  newsroom = await startNewsroom(temp);
}, 60_000);

afterAll(async () => {
  await newsroom.close();
  temp.cleanupAll();
});

const asAdmin = { BANMIAN_PASSWORD: TEST_PASSWORD, BANMIAN_LANG: 'en' };

describe('the newsroom from the command line', () => {
  it('keeps the server’s accounts with the same users commands given --server', async () => {
    const added = await banmian(['users', 'add', '周记者', '--role', 'reporter', '--server', newsroom.url, '--user', '系统管理员'], {
      ...asAdmin,
      BANMIAN_NEW_PASSWORD: 'reporter-pass-1',
    });
    expect(added.stderr).toBe('');
    expect(added.stdout).toContain('周记者');
    const listed = await banmian(['users', 'list', '--json', '--server', newsroom.url, '--user', '系统管理员'], asAdmin);
    const accounts = JSON.parse(listed.stdout) as AccountSummary[];
    expect(accounts.find((a) => a.name === '周记者')?.roles).toEqual(['reporter']);
    const wrong = await banmian(['users', 'list', '--server', newsroom.url, '--user', '系统管理员'], {
      ...asAdmin,
      BANMIAN_PASSWORD: 'not-the-password',
    });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/name or the password is not right/i);
    // A reporter may not add accounts on the server.
    const refused = await banmian(['users', 'add', '冒名者', '--role', 'admin', '--server', newsroom.url, '--user', '周记者'], {
      BANMIAN_PASSWORD: 'reporter-pass-1',
      BANMIAN_NEW_PASSWORD: 'whatever-pass-1',
      BANMIAN_LANG: 'en',
    });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/admin/i);
  });

  it('connect joins a desktop, sync moves what changed, and a second desktop receives it', async () => {
    await newsroom.account('吴编辑', ['editor']);
    const one = temp.folder();
    const two = temp.folder();
    const editor = { BANMIAN_PASSWORD: TEST_PASSWORD, BANMIAN_LANG: 'en' };
    const joined = await banmian(['--data', one, 'connect', newsroom.url, '--user', '吴编辑', '--json'], editor);
    expect(joined.stderr).toBe('');
    expect(joined.stdout).toContain(newsroom.url);
    // A fresh desktop that joins starts empty: no demo edition goes to the newsroom.
    expect(JSON.parse((await banmian(['--data', one, 'articles', '--json'])).stdout)).toEqual([]);

    const page = readdirSync(PAGES_DIR).find((f) => f.endsWith('.txt'))!;
    const imported = await banmian(['--data', one, '--user', '吴编辑', 'import', join(PAGES_DIR, page)], editor);
    expect(imported.code).toBe(0);
    const sent = await banmian(['--data', one, 'sync', '--json'], editor);
    const report = JSON.parse(sent.stdout) as { pushed: number; pending: number };
    expect(report.pushed).toBeGreaterThan(0);
    expect(report.pending).toBe(0);

    expect((await banmian(['--data', two, 'connect', newsroom.url, '--user', '吴编辑'], editor)).code).toBe(0);
    const there = JSON.parse((await banmian(['--data', two, 'articles', '--json'])).stdout) as PlainArticle[];
    const here = JSON.parse((await banmian(['--data', one, 'articles', '--json'])).stdout) as PlainArticle[];
    expect(there.map((a) => a.headline).sort()).toEqual(here.map((a) => a.headline).sort());
    expect(there.length).toBeGreaterThan(0);
    // The same page file imported on the second desktop is a duplicate there too.
    const again = await banmian(['--data', two, '--user', '吴编辑', 'import', join(PAGES_DIR, page)], editor);
    expect(again.stdout + again.stderr).toMatch(/imported before/i);

    const status = await banmian(['--data', two, 'sync-status', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ joined: true, pending: 0 });
  });

  it('says in words when the server cannot be reached or the archive has not joined', async () => {
    const dir = temp.folder();
    const notJoined = await banmian(['--data', dir, 'sync'], { BANMIAN_LANG: 'en' });
    expect(notJoined.code).not.toBe(0);
    expect(notJoined.stderr).toMatch(/not joined a newsroom/);
    const away = await banmian(['--data', dir, 'connect', 'http://127.0.0.1:9', '--user', '吴编辑'], {
      BANMIAN_PASSWORD: TEST_PASSWORD,
      BANMIAN_LANG: 'en',
    });
    expect(away.code).not.toBe(0);
    expect(away.stderr).toMatch(/cannot be reached/);
  });
});
