import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../electron/accounts/passwords';
import { AppServices } from '../../electron/services/app-services';
import type { TrashEntry } from '../../shared/api/contract';
import type { DeskRole } from '../../shared/domain/accounts';
import { banmian } from '../support/cli';
import { fullDraft } from '../support/drafts';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());

const PEOPLE = {
  chief: { name: '值班总编老周', roles: ['chief'], password: 'chief-password-1' },
  editor: { name: '编辑小李', roles: ['editor'], password: 'editor-password-1' },
} as const satisfies Record<string, { name: string; roles: DeskRole[]; password: string }>;

/** An archive with the desk's accounts and two stories, made in this process and closed again. */
async function archive(): Promise<{ dir: string; ids: string[] }> {
  const dir = temp.folder();
  const services = AppServices.open(dir, { demo: false });
  try {
    for (const p of Object.values(PEOPLE))
      services.archive.addAccount({ name: p.name, roles: p.roles, passwordHash: await hashPassword(p.password) }, null, 'cli');
    const ids = ['要删除的稿件', '留下的稿件'].map((headline) => services.archive.create(fullDraft({ headline })).id);
    return { dir, ids };
  } finally {
    services.close();
  }
}

function as(who: keyof typeof PEOPLE, dir: string, args: string[], lang = 'zh-CN') {
  const p = PEOPLE[who];
  return banmian(['--data', dir, '--user', p.name, ...args], { BANMIAN_LANG: lang, BANMIAN_PASSWORD: p.password });
}

describe('banmian trash', () => {
  it('moves a story to the trash and back, lists the trash, and empties it only for a chief editor', async () => {
    const { dir, ids } = await archive();
    const [gone, kept] = ids as [string, string];

    const anonymous = await banmian(['--data', dir, 'trash', 'add', '--article', gone], { BANMIAN_LANG: 'zh-CN' });
    expect(anonymous.code).not.toBe(0);
    expect(anonymous.stderr).toContain('--user');

    const added = await as('editor', dir, ['trash', 'add', '--article', gone]);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/《要删除的稿件》已移入回收站，\d{4}-\d{2}-\d{2} 起彻底清除/);

    const listed = await banmian(['--data', dir, 'trash', 'list'], { BANMIAN_LANG: 'zh-CN' });
    expect(listed.stdout).toContain(gone);
    expect(listed.stdout).toContain('编辑小李');
    expect(listed.stdout).toContain('剩 30 天清除');
    const json = JSON.parse((await banmian(['--data', dir, 'trash', 'list', '--json'])).stdout) as TrashEntry[];
    expect(json.map((e) => [e.id, e.headline, e.deletedBy])).toEqual([[gone, '要删除的稿件', '编辑小李']]);
    const articles = JSON.parse((await banmian(['--data', dir, 'articles', '--json'])).stdout) as { id: string }[];
    expect(articles.map((a) => a.id)).toEqual([kept]);

    const again = await as('editor', dir, ['trash', 'add', '--article', gone]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('稿件在回收站中');

    const restored = await as('editor', dir, ['trash', 'restore', '--article', gone], 'en');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('“要删除的稿件” restored from the trash');
    expect((await banmian(['--data', dir, 'trash', 'list'], { BANMIAN_LANG: 'en' })).stdout).toContain('The trash is empty');

    await as('editor', dir, ['trash', 'add', '--article', gone]);
    const refused = await as('editor', dir, ['trash', 'empty']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('只有');
    const emptied = await as('chief', dir, ['trash', 'empty']);
    expect(emptied.code).toBe(0);
    expect(emptied.stdout).toContain('已彻底清除 1 篇稿件');
    const audit = JSON.parse((await banmian(['--data', dir, 'audit', '--json'])).stdout) as { action: string; by: string; front: string }[];
    expect(audit.filter((e) => e.action.startsWith('trash.')).map((e) => [e.action, e.by, e.front])).toEqual([
      ['trash.empty', '值班总编老周', 'cli'],
      ['trash.add', '编辑小李', 'cli'],
      ['trash.restore', '编辑小李', 'cli'],
      ['trash.add', '编辑小李', 'cli'],
    ]);
  });
});
