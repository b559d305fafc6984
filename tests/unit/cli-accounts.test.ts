import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../electron/accounts/passwords';
import { AppServices } from '../../electron/services/app-services';
import type { AccountSummary, DeskRole } from '../../shared/domain/accounts';
import type { PlainArticle } from '../../shared/domain/plain-article';
import type { AuditEntry, StatusChange } from '../../shared/api/contract';
import { banmian } from '../support/cli';
import { PAGES_DIR } from '../support/fixtures';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());
const folder = temp.folder;

/** The desk of the tests: each person with their roles and password. */
const PEOPLE = {
  admin: { name: '系统管理员', roles: ['admin'], password: 'admin-password-1' },
  chief: { name: '值班总编老周', roles: ['chief'], password: 'chief-password-1' },
  editor: { name: '编辑小李', roles: ['editor'], password: 'editor-password-1' },
  reporter: { name: '记者小王', roles: ['reporter'], password: 'reporter-password-1' },
} as const satisfies Record<string, { name: string; roles: DeskRole[]; password: string }>;
type Who = keyof typeof PEOPLE;

/** The demo archive with the desk's accounts, made in this process and closed again. */
async function archiveWithAccounts(): Promise<string> {
  const dir = folder();
  const services = AppServices.open(dir);
  try {
    for (const p of Object.values(PEOPLE)) {
      services.archive.addAccount({ name: p.name, roles: p.roles, passwordHash: await hashPassword(p.password) }, null, 'cli');
    }
  } finally {
    services.close();
  }
  return dir;
}

/** `banmian --data DIR --user NAME ARGS` with that person's password, in Chinese unless told. */
function as(who: Who, dir: string, args: string[], env: Record<string, string> = {}) {
  const p = PEOPLE[who];
  return banmian(['--data', dir, '--user', p.name, ...args], { BANMIAN_LANG: 'zh-CN', BANMIAN_PASSWORD: p.password, ...env });
}

/** `banmian --data DIR ARGS` with no one signed in. */
function anonymous(dir: string, args: string[], env: Record<string, string> = {}) {
  return banmian(['--data', dir, ...args], { BANMIAN_LANG: 'zh-CN', ...env });
}

type ListedArticle = PlainArticle & { statusLog: StatusChange[] };

async function articles(dir: string): Promise<ListedArticle[]> {
  const { code, stdout } = await anonymous(dir, ['articles', '--json']);
  expect(code).toBe(0);
  return JSON.parse(stdout) as ListedArticle[];
}

async function articleIn(dir: string, status: string): Promise<ListedArticle> {
  return (await articles(dir)).find((a) => a.status === status)!;
}

// Each test runs the command line a dozen times or so, each a process of its own.
describe('accounts on the command line', { timeout: 60_000 }, () => {
  it('makes the first account of a fresh archive its administrator without --user, then adds others only as an administrator', async () => {
    const dir = folder();
    const first = await anonymous(dir, ['users', 'add', '张主任', '--role', 'chief'], { BANMIAN_NEW_PASSWORD: 'first-password-1' });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('已建立稿库的管理员账号“张主任”（值班总编、管理员）');

    const second = await anonymous(dir, ['users', 'add', '王子瑶', '--role', 'reporter'], { BANMIAN_NEW_PASSWORD: 'second-password-1' });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('请先登录');
    expect(second.stderr).toContain('--user');

    const added = await banmian(['--data', dir, '--user', '张主任', 'users', 'add', '王子瑶', '--role', 'reporter,editor'], {
      BANMIAN_LANG: 'en',
      BANMIAN_PASSWORD: 'first-password-1',
      BANMIAN_NEW_PASSWORD: 'second-password-1',
    });
    expect(added.stderr).toBe('');
    expect(added.stdout).toContain('Added the account “王子瑶” (Reporter, Editor)');

    const list = await anonymous(dir, ['users', 'list', '--json']);
    const accounts = JSON.parse(list.stdout) as AccountSummary[];
    expect(accounts).toHaveLength(2);
    expect(accounts).toMatchObject([
      { name: '张主任', roles: ['chief', 'admin'], person: '张主任', removed: false },
      { name: '王子瑶', roles: ['reporter', 'editor'], person: '王子瑶', removed: false },
    ]);
    const table = await anonymous(dir, ['users', 'list']);
    expect(table.stdout).toContain('张主任  值班总编、管理员  张主任');

    // A reporter adds no one, and a role that does not exist is named with the ones that do.
    const byReporter = await banmian(['--data', dir, '--user', '王子瑶', 'users', 'add', '刘一诺', '--role', 'reporter'], {
      BANMIAN_LANG: 'zh-CN',
      BANMIAN_PASSWORD: 'second-password-1',
      BANMIAN_NEW_PASSWORD: 'third-password-1',
    });
    expect(byReporter.code).toBe(1);
    expect(byReporter.stderr).toContain('只有管理员可以这样做');
    const unknownRole = await anonymous(dir, ['users', 'add', '刘一诺', '--role', 'intern']);
    expect(unknownRole.code).toBe(1);
    expect(unknownRole.stderr).toContain('没有“intern”这个岗位');
    expect(unknownRole.stderr).toContain('chief（值班总编）');
    expect(JSON.parse((await anonymous(dir, ['users', 'list', '--json'])).stdout)).toHaveLength(2);
  });

  it('refuses a wrong password in words that do not say which part was wrong, and slows repeated tries', async () => {
    const dir = await archiveWithAccounts();
    const tries: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = Date.now();
      const language = i === 0 ? 'en' : 'zh-CN';
      const { code, stderr } = await as('editor', dir, ['users', 'list'], { BANMIAN_PASSWORD: 'not-the-password', BANMIAN_LANG: language });
      tries.push(Date.now() - started);
      expect(code).toBe(1);
      expect(stderr).toContain(i === 0 ? 'The name or the password is not right' : '用户名或密码不正确');
    }
    // Three tries are free; the fourth waits a second after the third, the fifth two seconds
    // after the fourth (however long the command line takes to start, it cannot answer sooner).
    // (Its process exits a moment after it counts the failure, so a little less than two.)
    expect(tries[4]!, tries.join(' ')).toBeGreaterThanOrEqual(1500);
    expect(tries[4]!, tries.join(' ')).toBeGreaterThan(Math.min(...tries.slice(0, 3)));
    // A name no account has gets the very same answer.
    const nobody = await banmian(['--data', dir, '--user', '无此人', 'articles'], {
      BANMIAN_LANG: 'zh-CN',
      BANMIAN_PASSWORD: 'whatever-1',
    });
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('用户名或密码不正确');
  });

  it('says to set BANMIAN_PASSWORD when there is no terminal to ask at', async () => {
    const dir = await archiveWithAccounts();
    const zh = await banmian(['--data', dir, '--user', PEOPLE.editor.name, 'articles'], { BANMIAN_LANG: 'zh-CN' });
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain('无法在终端输入密码（标准输入不是终端）。请设置环境变量 BANMIAN_PASSWORD');
    const en = await as('admin', dir, ['users', 'add', '刘一诺', '--role', 'reporter'], { BANMIAN_LANG: 'en' });
    expect(en.code).toBe(1);
    expect(en.stderr).toContain('standard input is not a terminal. Set the environment variable BANMIAN_NEW_PASSWORD');
  });

  it('lets someone set their own password with the old one, after which the old one fails', async () => {
    const dir = await archiveWithAccounts();
    const changed = await as('reporter', dir, ['users', 'passwd', PEOPLE.reporter.name], { BANMIAN_NEW_PASSWORD: 'reporter-password-2' });
    expect(changed.stderr).toBe('');
    expect(changed.stdout).toContain('已设置“记者小王”的新密码');
    const old = await as('reporter', dir, ['users', 'list']);
    expect(old.code).toBe(1);
    expect(old.stderr).toContain('用户名或密码不正确');
    expect((await as('reporter', dir, ['users', 'list'], { BANMIAN_PASSWORD: 'reporter-password-2' })).code).toBe(0);

    // Not someone else's, and not without signing in; an administrator sets anyone's.
    const others = await as('editor', dir, ['users', 'passwd', PEOPLE.chief.name], { BANMIAN_NEW_PASSWORD: 'chief-password-2' });
    expect(others.stderr).toContain('只有管理员可以这样做');
    const nobody = await anonymous(dir, ['users', 'passwd', PEOPLE.chief.name], { BANMIAN_NEW_PASSWORD: 'chief-password-2' });
    expect(nobody.stderr).toContain('请先登录');
    expect((await as('chief', dir, ['users', 'list'])).code).toBe(0);
    const reset = await as('admin', dir, ['users', 'passwd', PEOPLE.chief.name], { BANMIAN_NEW_PASSWORD: 'chief-password-3' });
    expect(reset.code).toBe(0);
    expect((await as('chief', dir, ['users', 'list'], { BANMIAN_PASSWORD: 'chief-password-3' })).code).toBe(0);
    // Too short, refused before anything is written.
    const short = await as('admin', dir, ['users', 'passwd', PEOPLE.editor.name], { BANMIAN_NEW_PASSWORD: 'short' });
    expect(short.stderr).toContain('密码至少要 8 个字符');
    expect((await as('editor', dir, ['users', 'list'])).code).toBe(0);
  });

  it('changes roles and removes accounts as an administrator, but never the last administrator', async () => {
    const dir = await archiveWithAccounts();
    const roles = await as('admin', dir, ['users', 'roles', PEOPLE.editor.name, '--role', 'editor,layout']);
    expect(roles.stdout).toContain('“编辑小李”的岗位现在是：编辑、版面编辑');
    const last = await as('admin', dir, ['users', 'remove', PEOPLE.admin.name]);
    expect(last.code).toBe(1);
    expect(last.stderr).toContain('“系统管理员”是稿库唯一的管理员');
    const removed = await as('admin', dir, ['users', 'remove', PEOPLE.reporter.name]);
    expect(removed.stdout).toContain('已停用账号“记者小王”');
    expect((await anonymous(dir, ['users', 'list'])).stdout).toContain('记者小王  记者  记者小王  （已停用）');
    const signIn = await as('reporter', dir, ['users', 'list']);
    expect(signIn.code).toBe(1);
    expect(signIn.stderr).toContain('账号“记者小王”已被停用');
  });
});

describe('the command line acts as someone', { timeout: 60_000 }, () => {
  it('refuses every command that changes the archive without --user, and reads without one', async () => {
    const dir = await archiveWithAccounts();
    const before = await articles(dir);
    const trail = (await anonymous(dir, ['audit', '--json'])).stdout;
    const backup = join(folder(), 'backup.sqlite');
    expect((await anonymous(dir, ['backup', '--out', backup])).code).toBe(0);
    const edited = before.find((a) => a.status === 'edited')!;
    const refused = [
      ['import', join(PAGES_DIR, 'jingzhou-2023-11.txt')],
      ['status', edited.id, '--to', 'approved'],
      ['reindex'],
      ['restore', backup],
      ['export', '--edition', '2025-03-19', '--page', '1', '--out', join(folder(), 'p1.html')],
      ['users', 'remove', PEOPLE.reporter.name],
      ['users', 'roles', PEOPLE.reporter.name, '--role', 'editor'],
    ];
    const refusals = await Promise.all(refused.map((args) => anonymous(dir, args)));
    refusals.forEach(({ code, stderr }, i) => {
      expect(code, refused[i]!.join(' ')).toBe(1);
      expect(stderr, refused[i]!.join(' ')).toContain('错误: 请先登录');
    });
    expect(await articles(dir)).toEqual(before);
    expect((await anonymous(dir, ['audit', '--json'])).stdout).toBe(trail);
    expect(JSON.parse((await anonymous(dir, ['users', 'list', '--json'])).stdout)).toHaveLength(4);
    const reads = [['search', '江城'], ['people'], ['editions'], ['articles'], ['audit'], ['export-article', before[0]!.id]];
    const answers = await Promise.all(reads.map((args) => anonymous(dir, args)));
    answers.forEach(({ code }, i) => expect(code, reads[i]!.join(' ')).toBe(0));
  });

  it('imports as someone who may, refuses a reporter, and records who imported what', async () => {
    const dir = await archiveWithAccounts();
    const file = join(PAGES_DIR, 'jingzhou-2023-11.txt');
    const count = (await articles(dir)).length;
    const reporter = await as('reporter', dir, ['import', file]);
    expect(reporter.code).toBe(1);
    expect(reporter.stderr).toContain('只有编辑、值班总编、管理员可以这样做');
    expect(await articles(dir)).toHaveLength(count);
    const editor = await as('editor', dir, ['import', '--edition', '2023-11-28', file]);
    expect(editor.code).toBe(0);
    const imported = (await articles(dir)).length - count;
    expect(imported).toBeGreaterThan(5);
    const [entry] = JSON.parse((await anonymous(dir, ['audit', '--json'])).stdout) as AuditEntry[];
    expect(entry).toMatchObject({ action: 'import.files', by: PEOPLE.editor.name, front: 'cli', editionDate: '2023-11-28' });
    expect(entry!.detail).toEqual({ files: 1, articles: imported });
  });

  it('lets a chief editor sign a story off and refuses a reporter, naming the chief editor', async () => {
    const dir = await archiveWithAccounts();
    const story = await articleIn(dir, 'edited');
    expect(story.signedRevision).toBeNull();
    const reporter = await as('reporter', dir, ['status', story.id, '--to', 'approved']);
    expect(reporter.code).toBe(1);
    expect(reporter.stderr).toContain('只有值班总编可以这样做，未作任何改动');
    expect((await articles(dir)).find((a) => a.id === story.id)!.status).toBe('edited');

    const chief = await as('chief', dir, ['status', story.id, '--to', 'approved']);
    expect(chief.stderr).toBe('');
    expect(chief.stdout).toBe(`《${story.headline}》：已审 → 签发\n`);
    const signed = (await articles(dir)).find((a) => a.id === story.id)!;
    expect(signed.status).toBe('approved');
    expect(signed.signedRevision).toEqual(expect.any(Number));
    expect(signed.statusLog.at(-1)).toMatchObject({ from: 'edited', to: 'approved', by: PEOPLE.chief.name, front: 'cli', reason: null });
    // The demo's own history was written before anyone had an account.
    expect(signed.statusLog[0]).toMatchObject({ from: null, to: 'draft', by: null });
  });

  it('withdraws a sign-off only with a reason, and keeps the reason in the status log', async () => {
    const dir = await archiveWithAccounts();
    const story = await articleIn(dir, 'approved');
    const bare = await as('chief', dir, ['status', story.id, '--to', 'edited'], { BANMIAN_LANG: 'en' });
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain('Say why the sign-off is withdrawn; nothing was changed');
    const withReason = await as('chief', dir, ['status', story.id, '--to', 'edited', '--reason', '标题数字有误']);
    expect(withReason.code).toBe(0);
    expect(withReason.stdout).toContain('签发 → 已审');
    const after = (await articles(dir)).find((a) => a.id === story.id)!;
    expect(after.statusLog.at(-1)).toMatchObject({
      from: 'approved',
      to: 'edited',
      by: PEOPLE.chief.name,
      front: 'cli',
      reason: '标题数字有误',
    });
  });

  it('refuses a status no single step reaches, saying where the story can go', async () => {
    const dir = await archiveWithAccounts();
    const draft = await articleIn(dir, 'draft');
    const { code, stderr } = await as('chief', dir, ['status', draft.id, '--to', 'approved']);
    expect(code).toBe(1);
    expect(stderr).toContain('稿件处于“草稿”状态，不能执行此操作');
    expect(stderr).toContain('从当前状态可改为：待审 (submitted)、撤稿 (spiked)');
    const bad = await as('chief', dir, ['status', draft.id, '--to', 'published'], { BANMIAN_LANG: 'en' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--to published');
    // A spiked story comes back to where it was.
    const spiked = await articleIn(dir, 'spiked');
    const back = await as('editor', dir, ['status', spiked.id, '--to', 'draft']);
    expect(back.stdout).toContain('撤稿 → 草稿');
  });

  it('lists the status changes in the audit trail with who and from where, as JSON and as CSV', async () => {
    const dir = await archiveWithAccounts();
    const story = await articleIn(dir, 'submitted');
    expect((await as('editor', dir, ['status', story.id, '--to', 'edited'])).code).toBe(0);
    expect((await as('chief', dir, ['status', story.id, '--to', 'approved'])).code).toBe(0);
    const trail = JSON.parse((await anonymous(dir, ['audit', '--article', story.id, '--json'])).stdout) as AuditEntry[];
    expect(trail.slice(0, 2)).toMatchObject([
      { action: 'status.approve', by: PEOPLE.chief.name, front: 'cli', articleId: story.id, detail: { from: 'edited', to: 'approved' } },
      { action: 'status.edit', by: PEOPLE.editor.name, front: 'cli', articleId: story.id, detail: { from: 'submitted', to: 'edited' } },
    ]);
    // The demo's submit, from before accounts: no one recorded.
    expect(trail.at(-1)).toMatchObject({ action: 'status.submit', by: null, front: null });

    const csv = join(folder(), 'audit.csv');
    const written = await anonymous(dir, ['audit', '--article', story.id, '--csv', csv]);
    expect(written.stdout).toContain(`已写出 ${trail.length} 行`);
    const lines = readFileSync(csv, 'utf8').split('\r\n');
    expect(lines[0]).toBe('\ufeffat,by,front,action,article,edition,page,detail');
    expect(lines[1]).toMatch(new RegExp(`^[^,]+,值班总编老周,命令行,status\\.approve,${story.id},,,"\\{""from"":""edited""`, 'u'));
    expect(lines.at(-2)).toContain(',未知,,status.submit,');

    const today = new Date().toISOString().slice(0, 10);
    expect((JSON.parse((await anonymous(dir, ['audit', '--from', today, '--json'])).stdout) as AuditEntry[]).length).toBeGreaterThan(2);
    expect(JSON.parse((await anonymous(dir, ['audit', '--to', '2000-01-01', '--json'])).stdout)).toEqual([]);
    const badDay = await anonymous(dir, ['audit', '--from', '3月1日']);
    expect(badDay.code).toBe(1);
  });

  it('reindexes, exports and restores only as someone holding the role, and records the export', async () => {
    const dir = await archiveWithAccounts();
    const reindex = await as('editor', dir, ['reindex']);
    expect(reindex.stderr).toContain('只有管理员可以这样做');
    expect((await as('admin', dir, ['reindex'])).code).toBe(0);

    const out = join(folder(), 'p1.html');
    const byEditor = await as('editor', dir, ['export', '--edition', '2025-03-19', '--page', '1', '--out', out]);
    expect(byEditor.stderr).toContain('只有输出人员、值班总编可以这样做');
    // The demo page holds stories not signed off: refused, and the refusal is in the trail too.
    const byChief = await as('chief', dir, ['export', '--edition', '2025-03-19', '--page', '1', '--out', out]);
    expect(byChief.code).toBe(1);
    const [entry] = JSON.parse((await anonymous(dir, ['audit', '--json'])).stdout) as AuditEntry[];
    expect(entry).toMatchObject({ action: 'export.page', by: PEOPLE.chief.name, front: 'cli', editionDate: '2025-03-19', page: 1 });
    expect(entry!.detail).toMatchObject({ refused: true, forced: false });

    const backup = join(folder(), 'backup.sqlite');
    expect((await anonymous(dir, ['backup', '--out', backup])).code).toBe(0);
    const byChiefRestore = await as('chief', dir, ['restore', backup]);
    expect(byChiefRestore.stderr).toContain('只有管理员可以这样做');
    const wrong = await as('admin', dir, ['restore', backup], { BANMIAN_PASSWORD: 'not-the-password' });
    expect(wrong.stderr).toContain('用户名或密码不正确');
    const restored = await as('admin', dir, ['restore', backup], { BANMIAN_LANG: 'en' });
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toMatch(/^restored \d+ articles; the previous archive is kept at /u);
  });
});
