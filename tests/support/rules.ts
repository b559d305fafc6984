import { expect } from 'vitest';
import type { Caller } from '../../electron/accounts/authority';
import { hashPassword } from '../../electron/accounts/passwords';
import type { AppServices } from '../../electron/services/app-services';
import type { ApiMethod } from '../../shared/api/methods';
import type { Result } from '../../shared/api/errors';
import { DESK_ROLES, type Actor, type DeskRole } from '../../shared/domain/accounts';
import { DEMO_EDITION } from '../../electron/archive/demo';
import { fullDraft } from './drafts';
import { pageText } from './fixtures';
import { TEST_PASSWORD } from './services';

/**
 * The newsroom's rules as a table a test runs through a front end: for each desk role, each
 * action either goes through or is refused with the error that says why, and a refused one
 * changes nothing. The same table runs through the services, the browser host and the app's
 * IPC, so a front end that forgot a check fails it.
 */
export type Call = (method: ApiMethod, input: unknown) => Promise<Result<unknown>>;

let days = 0;
/** A date no edition of the test has yet (one a call). */
const freshDate = () => new Date(Date.UTC(2030, 0, 1 + days++)).toISOString().slice(0, 10);

/** An edition of two pages, made by the archive's own hand for one rule's call; its date. */
function freshEdition(services: AppServices): string {
  const date = freshDate();
  services.archive.createEdition({ date, number: 1, totalNumber: 1, paper: '沙市日报' });
  for (const number of [1, 2]) services.archive.addPage({ date, number, section: '', editor: '' });
  return date;
}

interface Rule {
  what: string;
  /** Who may: everyone else is refused. */
  allowed: readonly DeskRole[];
  /** Refused even for them, with this code (a signed-off story is frozen for everyone). */
  frozen?: boolean;
  /** Makes what the action acts on (as no one: the archive's own hand), for the acting account. */
  act(services: AppServices, me: Actor): [ApiMethod, unknown];
}

const story = (
  services: AppServices,
  by: Actor | null,
  status: 'draft' | 'submitted' | 'edited' | 'approved' = 'draft',
  byline: string[] = [],
) => {
  const a = services.archive.create(
    fullDraft({
      headline: `规则测试 ${Math.random().toString(36).slice(2, 8)}`,
      byline: byline.map((name) => ({ role: 'reporter' as const, name })),
    }),
    by,
  );
  const steps = { draft: [], submitted: ['submit'], edited: ['submit', 'edit'], approved: ['submit', 'edit', 'approve'] }[status];
  for (const step of steps) services.archive.setStatus(a.id, step as 'submit');
  return services.archive.get(a.id);
};

const save = (id: string, version: number) => ({ id, baseVersion: version, draft: fullDraft({ headline: '改过的主题' }) });

export const RULES: readonly Rule[] = [
  { what: 'reads the archive', allowed: DESK_ROLES, act: () => ['articles.list', {}] },
  { what: 'writes a new story', allowed: ['reporter', 'editor', 'chief'], act: () => ['articles.create', {}] },
  {
    what: 'edits their own draft',
    allowed: ['reporter', 'editor', 'chief'],
    act: (s, me) => {
      const a = story(s, me);
      return ['articles.save', save(a.id, a.version)];
    },
  },
  {
    what: 'edits a draft whose byline names them',
    allowed: ['reporter', 'editor', 'chief'],
    act: (s, me) => {
      const a = story(s, null, 'draft', [me.name]);
      return ['articles.save', save(a.id, a.version)];
    },
  },
  {
    what: "edits someone else's draft",
    allowed: ['editor', 'chief'],
    act: (s) => {
      const a = story(s, null);
      return ['articles.save', save(a.id, a.version)];
    },
  },
  {
    what: 'submits their own draft (待审)',
    allowed: ['reporter', 'editor', 'chief'],
    act: (s, me) => ['articles.setStatus', { id: story(s, me).id, action: 'submit' }],
  },
  {
    what: "submits someone else's draft",
    allowed: ['editor', 'chief'],
    act: (s) => ['articles.setStatus', { id: story(s, null).id, action: 'submit' }],
  },
  {
    what: 'passes a story as edited (已审)',
    allowed: ['editor', 'chief'],
    act: (s) => ['articles.setStatus', { id: story(s, null, 'submitted').id, action: 'edit' }],
  },
  {
    what: 'signs a story off (签发)',
    allowed: ['chief'],
    act: (s) => ['articles.setStatus', { id: story(s, null, 'edited').id, action: 'approve' }],
  },
  {
    what: 'withdraws a sign-off (撤销签发) with a reason',
    allowed: ['chief'],
    act: (s) => ['articles.setStatus', { id: story(s, null, 'approved').id, action: 'revoke', reason: '数字有误' }],
  },
  {
    what: 'edits a signed-off story',
    allowed: [],
    frozen: true,
    act: (s, me) => {
      const a = story(s, me, 'approved');
      return ['articles.save', save(a.id, a.version)];
    },
  },
  {
    what: 'spikes a story (撤稿)',
    allowed: ['editor', 'chief'],
    act: (s) => ['articles.setStatus', { id: story(s, null, 'submitted').id, action: 'spike' }],
  },
  {
    what: 'moves their own draft to the trash (回收站)',
    allowed: ['reporter', 'editor', 'chief'],
    act: (s, me) => ['articles.trash', { id: story(s, me).id }],
  },
  {
    what: "moves someone else's story to the trash",
    allowed: ['editor', 'chief'],
    act: (s) => ['articles.trash', { id: story(s, null, 'submitted').id }],
  },
  {
    what: 'empties the trash',
    allowed: ['chief', 'admin'],
    act: () => ['articles.emptyTrash', {}],
  },
  {
    what: 'moves a story on a page',
    allowed: ['layout'],
    act: (s) => {
      const page = s.archive.layoutPage(DEMO_EDITION.date, 1).page;
      // One line shorter: a move that stays on the grid and over no other story.
      const placement = page.placements.find((p) => p.depth > 1)!;
      return ['layout.place', { date: DEMO_EDITION.date, page: 1, placement: { ...placement, depth: placement.depth - 1 } }];
    },
  },
  {
    what: 'changes a page',
    allowed: ['layout'],
    act: () => ['layout.updatePage', { date: DEMO_EDITION.date, number: 1, section: '要闻' }],
  },
  {
    what: 'deletes a page of an edition',
    allowed: ['layout'],
    act: (s) => {
      const date = freshEdition(s);
      return ['layout.removePage', { date, number: 1, force: true }];
    },
  },
  {
    what: 'gives an edition a new date and moves its pages',
    allowed: ['layout'],
    act: (s) => {
      const date = freshEdition(s);
      return ['layout.updateEdition', { date, newDate: freshDate(), paper: '新报名' }];
    },
  },
  {
    what: 'exports a page for print',
    allowed: ['exporter', 'chief'],
    act: () => ['export.page', { date: DEMO_EDITION.date, page: 1, force: true }],
  },
  {
    what: 'imports printed page text',
    allowed: ['editor', 'chief', 'admin'],
    act: () => [
      'pages.import',
      {
        files: [
          {
            fileName: `p-${Math.random()}.txt`,
            dataBase64: Buffer.from(`${pageText('shashi-2024-06.txt')}\n${Math.random()}\n`).toString('base64'),
          },
        ],
      },
    ],
  },
  {
    what: 'adds an account',
    allowed: ['admin'],
    act: () => ['accounts.add', { name: `新人${Math.random().toString(36).slice(2, 6)}`, password: TEST_PASSWORD, roles: ['reporter'] }],
  },
  {
    what: 'sets how long a desk may sit idle',
    allowed: ['admin'],
    act: () => ['settings.set', { idleMinutes: 45 }],
  },
];

/** Everything a refused call could have changed, counted. */
function footprint(services: AppServices): string {
  const db = services.archive.db;
  return JSON.stringify(
    ['articles', 'revisions', 'status_changes', 'audit', 'accounts', 'placements', 'pages', 'settings', 'imports'].map((t) => [
      t,
      db.prepare(`SELECT count(*) FROM ${t}`).pluck().get(),
      t === 'articles' ? db.prepare('SELECT sum(version) FROM articles').pluck().get() : null,
      t === 'placements' ? db.prepare('SELECT sum(depth) FROM placements').pluck().get() : null,
      t === 'pages' ? db.prepare('SELECT group_concat(section) FROM pages').pluck().get() : null,
      t === 'settings' ? db.prepare('SELECT group_concat(value) FROM settings').pluck().get() : null,
    ]),
  );
}

/** An account for each desk role (holding only that role), made once per archive. */
export async function roleAccounts(services: AppServices): Promise<Map<DeskRole, Actor>> {
  const hash = await hashPassword(TEST_PASSWORD);
  const actors = new Map<DeskRole, Actor>();
  for (const role of DESK_ROLES) {
    const name = `规则${role}`;
    const account =
      services.archive.accountByName(name) ?? services.archive.addAccount({ name, roles: [role], passwordHash: hash }, null, 'host');
    actors.set(role, { accountId: account.id, name: account.name, roles: account.roles, personId: account.personId, front: 'host' });
  }
  return actors;
}

/**
 * Runs every rule for every role through `callAs` (a front end's way of calling as that
 * account) and checks the outcome: done, or refused in words naming who may, with nothing
 * changed.
 */
export async function checkRules(
  services: AppServices,
  actors: Map<DeskRole, Actor>,
  callAs: (role: DeskRole) => Promise<Call>,
): Promise<void> {
  for (const role of DESK_ROLES) {
    const call = await callAs(role);
    const me = actors.get(role)!;
    for (const rule of RULES) {
      const [method, input] = rule.act(services, me);
      const before = footprint(services);
      const result = await call(method, input);
      const label = `${role} ${rule.what}`;
      if (rule.allowed.includes(role) && !rule.frozen) {
        expect(result.ok ? 'ok' : `${result.error.code}: ${result.error.message}`, label).toBe('ok');
        continue;
      }
      expect(result.ok, label).toBe(false);
      if (result.ok) continue;
      const passesTheGate = rule.frozen && ['reporter', 'editor', 'chief'].includes(role);
      expect(result.error.code, label).toBe(passesTheGate ? 'ARTICLE_SIGNED' : 'PERMISSION_DENIED');
      if (result.error.code === 'PERMISSION_DENIED') expect(result.error.message, label).toMatch(/^只有.+可以这样做，未作任何改动$/u);
      expect(footprint(services), `${label} changed nothing`).toBe(before);
    }
  }
}

/** The services' own way in, as the browser host and the app call them. */
export function servicesCall(services: AppServices, caller: Caller): Call {
  return (method, input) => services.call(method, input, caller);
}
