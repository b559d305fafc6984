import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ARCHIVE_FILE, Archive } from '../../electron/archive/archive';
import { migrate } from '../../electron/archive/migrate';
import { MIGRATIONS } from '../../electron/archive/migrations';
import type { Result } from '../../shared/api/errors';
import type { DeskRole } from '../../shared/domain/accounts';
import { startTestApp, type TestApp } from '../support/app';
import { fullDraft } from '../support/drafts';
import { checkRules, roleAccounts, servicesCall, type Call } from '../support/rules';
import { openServices, signedIn, TEST_PASSWORD } from '../support/services';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());

describe('who may do what', () => {
  it('holds for every role and action through the services, refusing in words and changing nothing', async () => {
    const services = openServices(temp);
    const actors = await roleAccounts(services);
    await checkRules(services, actors, (role) => {
      const actor = actors.get(role)!;
      return Promise.resolve(servicesCall(services, { front: 'host', token: services.authority.sessions.start(actor.accountId, 'host') }));
    });
  }, 120_000);

  describe('through the browser host, signed in by cookie', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp();
    });
    afterAll(() => app.stop());

    it('holds for every role and action', async () => {
      const actors = await roleAccounts(app.services);
      const origin = app.host.url.replace(/\/$/u, '');
      await checkRules(app.services, actors, async (role: DeskRole): Promise<Call> => {
        const cookie = await app.cookie(actors.get(role)!.name, TEST_PASSWORD);
        return async (method, input) =>
          (await (
            await fetch(`${origin}/api/${method}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', origin, cookie },
              body: JSON.stringify(input),
            })
          ).json()) as Result<unknown>;
      });
    }, 120_000);

    it('answers nothing but the sign-in to a browser that has not signed in', async () => {
      const origin = app.host.url.replace(/\/$/u, '');
      const post = async (method: string, cookie = '') =>
        (await (
          await fetch(`${origin}/api/${method}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin, cookie },
            body: '{}',
          })
        ).json()) as Result<unknown>;
      for (const method of ['articles.list', 'articles.get', 'search.query', 'layout.editions', 'accounts.list', 'audit.list']) {
        const result = await post(method);
        expect(result.ok ? 'ok' : result.error.code, method).toBe('SIGN_IN_REQUIRED');
      }
      expect(await post('session.status')).toMatchObject({ ok: true, value: { setupNeeded: false, account: null } });
      expect(await post('articles.list', 'banmian_session=forged-token')).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED' } });
    });

    it('sets the session cookie HttpOnly and SameSite=Strict, and ends it on sign-out', async () => {
      const origin = app.host.url.replace(/\/$/u, '');
      const response = await fetch(`${origin}/api/session.signIn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify(app.account),
      });
      const setCookie = response.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^banmian_session=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Strict$/u);
      const cookie = setCookie.split(';')[0]!;
      const call = (method: string) =>
        fetch(`${origin}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', origin, cookie }, body: '{}' });
      expect(((await (await call('articles.list')).json()) as Result<unknown>).ok).toBe(true);
      const out = await call('session.signOut');
      expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/u);
      expect(await (await call('articles.list')).json()).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED' } });
    });
  });
});

describe('the command line without a user', () => {
  it('reads an archive with accounts, and changes nothing in it', async () => {
    const services = openServices(temp);
    await signedIn(services);
    const story = services.archive.create(fullDraft());
    const nobody = { front: 'cli' as const, account: null };
    expect((await services.call('articles.list', {}, nobody)).ok).toBe(true);
    for (const [method, input] of [
      ['articles.setStatus', { id: story.id, action: 'submit' }],
      ['accounts.setPassword', { name: '测试管理员', password: 'taken-over-1' }],
      ['settings.set', { idleMinutes: 600 }],
      ['articles.save', { id: story.id, baseVersion: story.version, draft: fullDraft({ headline: '偷改' }) }],
      ['layout.unplace', { date: '2025-03-19', page: 1, id: 'x' }],
    ] as const) {
      expect(await services.call(method, input, nobody), method).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED' } });
    }
    expect(services.archive.get(story.id).status).toBe('draft');
    expect(services.archive.settings().idleMinutes).toBe(30);
  });
});

describe('accounts and sessions', () => {
  const open = (clock?: () => number) => {
    const dir = temp.folder();
    const services = clock ? openServices(temp, { clock }) : openServices(temp);
    return { dir, services };
  };

  it('makes the first account of an archive its administrator, once', async () => {
    const { services } = open();
    const app = (method: string, input: unknown, token: string | null = null) => services.call(method, input, { front: 'app', token });
    expect(await app('session.status', {})).toMatchObject({ ok: true, value: { setupNeeded: true, account: null } });
    expect(await app('articles.list', {})).toMatchObject({ ok: false, error: { code: 'SETUP_REQUIRED' } });
    let token: string | null = null;
    const setup = await services.call(
      'session.setup',
      { name: '王丙全', password: TEST_PASSWORD, roles: ['chief'] },
      {
        front: 'app',
        onSession: (t) => (token = t),
      },
    );
    expect(setup).toMatchObject({
      ok: true,
      value: { setupNeeded: false, account: { name: '王丙全', roles: ['chief', 'admin'], person: '王丙全' } },
    });
    expect(await app('articles.list', {}, token)).toMatchObject({ ok: true });
    const again = await app('session.setup', { name: '闯入者', password: TEST_PASSWORD });
    expect(again).toMatchObject({ ok: false, error: { code: 'SETUP_DONE' } });
    expect(services.archive.listAccounts().map((a) => a.name)).toEqual(['王丙全']);
  });

  it('stores passwords as memory-hard hashes, never in the clear', async () => {
    const { services } = open();
    await signedIn(services, { name: '李记者', roles: ['reporter'] });
    const stored = services.archive.db.prepare("SELECT password FROM accounts WHERE name = '李记者'").pluck().get() as string;
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{20,}\$[A-Za-z0-9+/=]{40,}$/u);
    expect(stored).not.toContain(TEST_PASSWORD);
  });

  it('says the same for a wrong name and a wrong password, and slows repeated failures', async () => {
    const { services } = open();
    await signedIn(services, { name: '李记者', roles: ['reporter'] });
    const signIn = (name: string, password: string) => services.call('session.signIn', { name, password }, { front: 'host' });
    const wrongName = await signIn('没有这个人', TEST_PASSWORD);
    const wrongPassword = await signIn('李记者', 'not-the-password');
    expect(wrongName).toEqual(wrongPassword);
    expect(wrongPassword).toMatchObject({ ok: false, error: { code: 'SIGN_IN_FAILED', message: '用户名或密码不正确' } });
    await signIn('李记者', 'wrong-2');
    await signIn('李记者', 'wrong-3');
    const started = Date.now();
    await signIn('李记者', 'wrong-4');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    // The right password, after the wait, still signs in and clears the count.
    expect(await signIn('李记者', TEST_PASSWORD)).toMatchObject({ ok: true, value: { account: { name: '李记者' } } });
    expect(services.archive.accountByName('李记者')!.failures).toBe(0);
  });

  it('ends a session after the idle time, and when its account is removed', async () => {
    let now = Date.now();
    const { services } = open(() => now);
    const admin = await signedIn(services);
    const reporter = await signedIn(services, { name: '李记者', roles: ['reporter'] });
    expect((await services.call('articles.list', {}, reporter)).ok).toBe(true);
    now += 31 * 60_000;
    expect(await services.call('articles.list', {}, reporter)).toMatchObject({
      ok: false,
      error: { code: 'SESSION_EXPIRED', message: expect.stringContaining('30 分钟') as string },
    });
    const again = await signedIn(services, { name: '李记者' });
    now += 60_000;
    const adminNow = await signedIn(services);
    expect(await services.call('accounts.update', { name: '李记者', removed: true }, adminNow)).toMatchObject({ ok: true });
    expect(await services.call('articles.list', {}, again)).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED' } });
    expect(await services.call('session.signIn', { name: '李记者', password: TEST_PASSWORD }, { front: 'host' })).toMatchObject({
      ok: false,
      error: { code: 'ACCOUNT_REMOVED' },
    });
    void admin;
  });

  it('locks an idle desk even while it asks after the newsroom by itself', async () => {
    let now = Date.now();
    const { services } = open(() => now);
    const reporter = await signedIn(services, { name: '李记者', roles: ['reporter'] });
    // The desk polls the newsroom's state every few seconds for half an hour; no one works.
    for (let minute = 0; minute < 31; minute++) {
      now += 60_000;
      if (minute < 29) expect((await services.call('sync.status', {}, reporter)).ok).toBe(true);
    }
    expect(await services.call('sync.status', {}, reporter)).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' } });
  });

  it('keeps the last administrator', async () => {
    const { services } = open();
    const admin = await signedIn(services, { name: '管理员' });
    expect(await services.call('accounts.update', { name: '管理员', roles: ['editor'] }, admin)).toMatchObject({
      ok: false,
      error: { code: 'LAST_ADMIN' },
    });
    expect(await services.call('accounts.update', { name: '管理员', removed: true }, admin)).toMatchObject({
      ok: false,
      error: { code: 'LAST_ADMIN' },
    });
  });

  it('links an account to its byline person, so the contributor figures and the bylines name one person', async () => {
    const { services } = open();
    const reporter = await signedIn(services, { name: '王子瑶', roles: ['reporter'] });
    const created = await services.call(
      'articles.create',
      { draft: fullDraft({ byline: [{ role: 'reporter', name: '王子瑶' }] }) },
      reporter,
    );
    expect(created.ok).toBe(true);
    const people = services.archive.db.prepare("SELECT count(*) FROM people WHERE name = '王子瑶'").pluck().get();
    expect(people).toBe(1);
    const mine = await services.call('articles.list', { mine: true }, reporter);
    expect(mine.ok && (mine.value as unknown[]).length).toBe(1);
  });
});

describe('the sign-off', () => {
  it('freezes the exact signed text in a revision no autosave touches, until a chief editor withdraws it with a reason', async () => {
    const services = openServices(temp);
    const reporter = await signedIn(services, { name: '李记者', roles: ['reporter'] });
    const editor = await signedIn(services, { name: '张编辑', roles: ['editor'] });
    const chief = await signedIn(services, { name: '值班总编', roles: ['chief'] });
    const call = async <T>(caller: typeof chief, method: string, input: unknown): Promise<T> => {
      const r = await services.call(method, input, caller);
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
      return r.value as T;
    };
    let a = await call<{ id: string; version: number }>(reporter, 'articles.create', { draft: fullDraft({ headline: '签发前的主题' }) });
    a = await call(reporter, 'articles.save', { id: a.id, baseVersion: a.version, draft: fullDraft({ headline: '记者写的主题' }) });
    await call(reporter, 'articles.setStatus', { id: a.id, action: 'submit' });
    a = await call(editor, 'articles.save', { id: a.id, baseVersion: a.version, draft: fullDraft({ headline: '编辑改的主题' }) });
    await call(editor, 'articles.setStatus', { id: a.id, action: 'edit' });
    const signed = await call<{ signedRevision: number; status: string; version: number }>(chief, 'articles.setStatus', {
      id: a.id,
      action: 'approve',
    });
    expect(signed.status).toBe('approved');
    const revision = await call<{ revision: { reason: string; by: string }; draft: { headline: string } }>(chief, 'revisions.get', {
      id: signed.signedRevision,
    });
    expect(revision).toMatchObject({ revision: { reason: 'signed', by: '值班总编' }, draft: { headline: '编辑改的主题' } });

    // Frozen, for everyone: the chief editor too, until the sign-off is withdrawn.
    for (const who of [reporter, editor, chief]) {
      const r = await services.call(
        'articles.save',
        { id: a.id, baseVersion: signed.version, draft: fullDraft({ headline: '签发后偷改' }) },
        who,
      );
      expect(r).toMatchObject({ ok: false, error: { code: 'ARTICLE_SIGNED', message: expect.stringContaining('撤销签发') as string } });
    }
    expect(await services.call('articles.setStatus', { id: a.id, action: 'revoke' }, chief)).toMatchObject({
      ok: false,
      error: { code: 'REASON_REQUIRED' },
    });
    expect(await services.call('articles.setStatus', { id: a.id, action: 'revoke', reason: '数字有误' }, editor)).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED', message: '只有值班总编可以这样做，未作任何改动' },
    });
    await call(chief, 'articles.setStatus', { id: a.id, action: 'revoke', reason: '数字有误' });
    const withdrawn = await call<{ version: number; signedRevision: number }>(editor, 'articles.get', { id: a.id });
    await call(editor, 'articles.save', { id: a.id, baseVersion: withdrawn.version, draft: fullDraft({ headline: '撤销签发后改的主题' }) });
    // The signed text stays as it was signed, and the article still points at it.
    expect(withdrawn.signedRevision).toBe(signed.signedRevision);
    const still = await call<{ draft: { headline: string } }>(chief, 'revisions.get', { id: signed.signedRevision });
    expect(still.draft.headline).toBe('编辑改的主题');

    const log = await call<{ to: string; by: string | null; front: string; reason: string | null }[]>(chief, 'articles.statusLog', {
      id: a.id,
    });
    expect(log.map((l) => [l.to, l.by, l.front, l.reason])).toEqual([
      ['draft', '李记者', 'host', null],
      ['submitted', '李记者', 'host', null],
      ['edited', '张编辑', 'host', null],
      ['approved', '值班总编', 'host', null],
      ['edited', '值班总编', 'host', '数字有误'],
    ]);
    const trail = await call<{ action: string; by: string }[]>(chief, 'audit.list', { articleId: a.id });
    expect(trail.map((t) => `${t.action} ${t.by}`).reverse()).toEqual([
      'status.submit 李记者',
      'status.edit 张编辑',
      'status.approve 值班总编',
      'status.revoke 值班总编',
    ]);
  });

  it('returns a restored story to 草稿 unless the one restoring may sign off', async () => {
    const services = openServices(temp);
    const editor = await signedIn(services, { name: '张编辑', roles: ['editor'] });
    const chief = await signedIn(services, { name: '值班总编', roles: ['chief'] });
    const run = async (who: typeof editor) => {
      const a = services.archive.create(fullDraft({ headline: '初稿' }));
      const edited = services.archive.save(a.id, a.version, fullDraft({ headline: '改稿' }));
      services.archive.setStatus(a.id, 'submit');
      services.archive.setStatus(a.id, 'edit');
      const first = services.archive.revisions(a.id).at(-1)!;
      const r = await services.call('revisions.restore', { articleId: a.id, revisionId: first.id, baseVersion: edited.version }, who);
      expect(r.ok).toBe(true);
      return services.archive.get(a.id).status;
    };
    expect(await run(editor)).toBe('draft');
    expect(await run(chief)).toBe('edited');
  });

  it('names the other person when two edit the same story', async () => {
    const services = openServices(temp);
    const one = await signedIn(services, { name: '王丙全', roles: ['editor'] });
    const two = await signedIn(services, { name: '杨婕', roles: ['editor'] });
    const a = services.archive.create(fullDraft());
    expect((await services.call('articles.save', { id: a.id, baseVersion: a.version, draft: fullDraft({ headline: '甲' }) }, one)).ok).toBe(
      true,
    );
    const stale = await services.call('articles.save', { id: a.id, baseVersion: a.version, draft: fullDraft({ headline: '乙' }) }, two);
    expect(stale).toMatchObject({
      ok: false,
      error: { code: 'ARTICLE_STALE', message: expect.stringMatching(/^这篇稿件已由王丙全于 .+ 修改/u) as string },
    });
  });
});

describe('the audit trail', () => {
  it('is append-only: the archive itself refuses to change or delete an entry', async () => {
    const services = openServices(temp);
    const chief = await signedIn(services, { name: '值班总编', roles: ['chief', 'editor'] });
    const a = services.archive.create(fullDraft());
    await services.call('articles.setStatus', { id: a.id, action: 'submit' }, chief);
    expect(() => services.archive.db.prepare("UPDATE audit SET action = 'forged'").run()).toThrow(/append-only/u);
    expect(() => services.archive.db.prepare('DELETE FROM audit').run()).toThrow(/append-only/u);
    expect(services.archive.audit({}).some((e) => e.action === 'status.submit' && e.by === '值班总编')).toBe(true);
  });
});

describe('an archive from before accounts', () => {
  it('is migrated keeping every story: old status changes by no one, a story signed off before frozen on what it holds', () => {
    const dir = temp.folder();
    const db = new Database(join(dir, ARCHIVE_FILE));
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 60),
    );
    const insert = db.prepare(
      "INSERT INTO articles (id, status, version, headline, created_at, updated_at) VALUES (?, ?, 2, ?, '2026-11-01T08:00:00Z', '2026-11-01T09:00:00Z')",
    );
    insert.run('draft-1', 'draft', '草稿一篇');
    insert.run('signed-1', 'approved', '签发过的稿');
    const change = db.prepare('INSERT INTO status_changes (article_id, from_status, to_status, at) VALUES (?, ?, ?, ?)');
    change.run('signed-1', null, 'draft', '2026-11-01T08:00:00Z');
    change.run('signed-1', 'edited', 'approved', '2026-11-01T09:00:00Z');
    const revision = db.prepare(
      "INSERT INTO revisions (article_id, reason, open, headline, chars, snapshot, created_at, updated_at) VALUES ('signed-1', 'edit', 1, '签发过的稿', 0, ?, '2026-11-01T08:30:00Z', '2026-11-01T08:30:00Z')",
    );
    revision.run(JSON.stringify({ ...fullDraft({ headline: '签发过的稿' }) }));
    db.close();

    const archive = Archive.open(dir);
    temp.onCleanup(() => archive.close());
    expect(archive.hasAccounts()).toBe(false);
    expect(
      archive
        .list({ limit: 10 })
        .map((a) => a.headline)
        .sort(),
    ).toEqual(['签发过的稿', '草稿一篇']);
    expect(archive.statusLog('signed-1').map((l) => [l.to, l.by, l.front])).toEqual([
      ['draft', null, null],
      ['approved', null, null],
    ]);
    const signed = archive.get('signed-1');
    expect(signed.signedRevision).not.toBeNull();
    expect(() => archive.save('signed-1', signed.version, fullDraft({ headline: '偷改' }))).toThrow(
      expect.objectContaining({ code: 'ARTICLE_SIGNED' }),
    );
    expect(archive.revisions('signed-1').every((r) => r.by === null)).toBe(true);
    expect(() => archive.save('draft-1', 2, fullDraft({ headline: '继续写' }))).not.toThrow();
  });
});
