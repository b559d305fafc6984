import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/archive/archive';
import { hashPassword } from '../../electron/accounts/passwords';
import type { Result } from '../../shared/api/errors';
import { DESK_ROLES } from '../../shared/domain/accounts';
import type { Article } from '../../shared/domain/article';
import { BIN } from '../support/cli';
import { fullDraft } from '../support/drafts';
import { TEST_PASSWORD } from '../support/services';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());

/** `banmian host` as its own process, signed in as the test account: its API, and a way to kill it. */
async function host(dir: string) {
  const child = spawn(process.execPath, [BIN, '--data', dir, 'host', '--port', '0'], { env: { ...process.env, BANMIAN_LANG: 'en' } });
  temp.onCleanup(() => child.kill('SIGKILL'));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const origin = await new Promise<string>((resolve) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+/u.exec(out)?.[0];
      if (url) resolve(url);
    });
  });
  const post = (method: string, input: unknown, cookie = '') =>
    fetch(`${origin}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, cookie },
      body: JSON.stringify(input),
    });
  const cookie = ((await post('session.signIn', { name: '编辑', password: TEST_PASSWORD })).headers.get('set-cookie') ?? '').split(';')[0]!;
  return {
    call: async (method: string, input: unknown) => (await (await post(method, input, cookie)).json()) as Result<unknown>,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

async function archiveWithStory(): Promise<{ dir: string; story: Article }> {
  const dir = temp.folder();
  const archive = Archive.open(dir);
  archive.addAccount({ name: '编辑', roles: DESK_ROLES, passwordHash: await hashPassword(TEST_PASSWORD) }, null, 'cli');
  const story = archive.create(fullDraft({ headline: '崩溃测试' }));
  archive.close();
  return { dir, story };
}

describe('the browser host killed with kill -9', () => {
  it('loses no save it acknowledged, crash after crash', async () => {
    const { dir, story } = await archiveWithStory();
    let version = story.version;
    for (let crash = 0; crash < 5; crash++) {
      const h = await host(dir);
      let acknowledged: { version: number; headline: string } | undefined;
      const until = Date.now() + 100 + Math.random() * 300;
      const killer = new Promise<void>((resolve) => setTimeout(() => void h.kill().then(resolve), until - Date.now()));
      for (let n = 0; Date.now() < until + 50; n++) {
        const headline = `第${crash}次崩溃前 第${n}次保存`;
        const result = await h
          .call('articles.save', { id: story.id, baseVersion: version, draft: fullDraft({ headline }) })
          .catch(() => null);
        if (!result?.ok) break;
        version = (result.value as Article).version;
        acknowledged = { version, headline };
      }
      await killer;
      const archive = Archive.open(dir);
      const now = archive.get(story.id);
      archive.close();
      if (acknowledged) {
        expect(now.version).toBeGreaterThanOrEqual(acknowledged.version);
        if (now.version === acknowledged.version) expect(now.headline).toBe(acknowledged.headline);
      }
      version = now.version;
    }
  }, 60_000);

  it('takes a save sent again after its answer was lost as done, not as a conflict with itself', async () => {
    const { dir, story } = await archiveWithStory();
    const first = await host(dir);
    const save = { id: story.id, baseVersion: story.version, draft: fullDraft({ headline: '崩溃前已写入' }) };
    const done = await first.call('articles.save', save);
    if (!done.ok) throw new Error(done.error.message);
    // The host dies before the editor hears the answer; the editor sends the same save again.
    await first.kill();
    const second = await host(dir);
    const again = await second.call('articles.save', save);
    expect(again).toMatchObject({ ok: true, value: { version: (done.value as Article).version, headline: '崩溃前已写入' } });
    const revisions = (await second.call('revisions.list', { articleId: story.id })) as Result<{ reason: string }[]>;
    expect(revisions.ok && revisions.value.filter((r) => r.reason === 'conflict')).toEqual([]);
    await second.kill();
  }, 30_000);
});
