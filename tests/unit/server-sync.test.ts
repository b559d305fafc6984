import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { emptyDraft } from '../../shared/domain/article';
import type { ArticleDoc, LiveMessage, OpOutcome, PlacementDoc, PullResponse, SessionResponse } from '../../shared/sync/protocol';
import { startServer, type RunningServer } from '../../electron/server/server';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { tempDir } from '../support/temp';

let pg: TestPostgres;
let server: RunningServer;
let cleanup: () => void;

const DEVICE_A = 'aaaaaaaa-0001';
const DEVICE_B = 'bbbbbbbb-0002';

async function call(method: string, path: string, body?: unknown, token?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
}

const opId = () => randomBytes(16).toString('hex');
async function pushOps(
  token: string,
  device: string,
  ops: { key: string; base: number; doc: unknown; id?: string }[],
): Promise<OpOutcome[]> {
  const res = await call('POST', '/api/sync/push', { protocol: 1, device, ops: ops.map((o) => ({ id: o.id ?? opId(), ...o })) }, token);
  expect(res.status).toBe(200);
  return res.body.results as OpOutcome[];
}

function article(id: string, over: Partial<ArticleDoc> = {}): ArticleDoc {
  return {
    id,
    status: 'draft',
    draft: { ...emptyDraft(), headline: `稿件 ${id}`, byline: [{ role: 'reporter', name: '王小明' }] },
    createdAt: '2026-05-01T08:00:00.000Z',
    updatedAt: '2026-05-01T08:00:00.000Z',
    createdBy: 'wang',
    updatedBy: 'wang',
    signedRevision: null,
    editionDate: null,
    page: null,
    origin: null,
    needsReview: false,
    ...over,
  };
}
const placement = (id: string, articleId: string, column: number, top: number): PlacementDoc => ({
  date: '2026-05-02',
  page: 1,
  placement: { id, articleId, column, span: 2, top, depth: 20, bodySpan: 2, split: 2, headlineSize: 'medium', photos: [] },
});

let admin: string;
let wang: string;
let li: string;
let zhao: string;
let sun: string;

async function signIn(name: string, device = DEVICE_A): Promise<string> {
  const res = await call('POST', '/api/session', { name, password: 'password-1', device });
  expect(res.status).toBe(200);
  return (res.body as unknown as SessionResponse).token;
}

beforeAll(async () => {
  pg = await startPostgres();
  const t = tempDir();
  cleanup = t.cleanup;
  server = await startServer({ port: 0, databaseUrl: pg.url, dataDir: t.dir });
  const setup = await call('POST', '/api/setup', { name: 'root', password: 'password-1' });
  expect(setup.status).toBe(200);
  admin = (setup.body as unknown as SessionResponse).token;
  const people: [string, string[], string | null][] = [
    ['wang', ['reporter'], '王小明'],
    ['li', ['reporter'], '李华'],
    ['zhao', ['editor'], null],
    ['sun', ['layout'], null],
  ];
  for (const [name, roles, person] of people) {
    const res = await call(
      'POST',
      '/api/accounts',
      { name, password: 'password-1', roles, person: person ? { name: person, outlet: '' } : null },
      admin,
    );
    expect(res.status).toBe(200);
  }
  [wang, li, zhao, sun] = await Promise.all([signIn('wang'), signIn('li'), signIn('zhao'), signIn('sun')]);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await pg?.stop();
  cleanup?.();
});

describe('the newsroom server', () => {
  it('sets up once, signs in, and answers a wrong name and a wrong password alike', async () => {
    expect((await call('POST', '/api/setup', { name: 'again', password: 'password-1' })).body).toEqual({ error: { code: 'SETUP_DONE' } });
    const session = await call('POST', '/api/session', { name: 'WANG', password: 'password-1', device: DEVICE_A });
    expect(session.body).toMatchObject({ account: { name: 'wang', roles: ['reporter'] }, server: server.id });
    const wrongPassword = await call('POST', '/api/session', { name: 'wang', password: 'nope-nope', device: DEVICE_A });
    const wrongName = await call('POST', '/api/session', { name: 'nobody', password: 'nope-nope', device: DEVICE_A });
    expect(wrongPassword).toEqual({ status: 401, body: { error: { code: 'SIGN_IN_FAILED' } } });
    expect(wrongName).toEqual(wrongPassword);
    expect((await call('GET', '/api/accounts')).status).toBe(401);
    const accounts = (await call('GET', '/api/accounts', undefined, wang)).body.accounts as { name: string }[];
    expect(accounts.map((a) => a.name)).toEqual(['li', 'root', 'sun', 'wang', 'zhao']);
    expect(JSON.stringify(accounts)).not.toContain('scrypt');
    expect((await call('POST', '/api/accounts', { name: 'x', password: 'password-1', roles: ['reporter'] }, wang)).status).toBe(403);
    expect((await call('POST', '/api/accounts', { name: 'WANG', password: 'password-1', roles: ['reporter'] }, admin)).body).toMatchObject({
      error: { code: 'ACCOUNT_EXISTS' },
    });
    expect((await call('PATCH', '/api/accounts/root', { roles: ['editor'] }, admin)).body).toMatchObject({ error: { code: 'LAST_ADMIN' } });
  });

  it('pushes and pulls records, accounts among them', async () => {
    const [result] = await pushOps(wang, DEVICE_A, [{ key: 'article:rt1', base: 0, doc: article('rt1') }]);
    expect(result).toMatchObject({ outcome: 'applied', version: 1 });
    const pulled = (await call('GET', '/api/sync/pull?since=0', undefined, zhao)).body as unknown as PullResponse;
    const record = pulled.records.find((r) => r.key === 'article:rt1')!;
    expect(record).toMatchObject({ version: 1, by: 'wang', device: DEVICE_A, doc: article('rt1') });
    expect(pulled.records.find((r) => r.key === 'account:wang')?.doc).toMatchObject({ name: 'wang', roles: ['reporter'], removed: false });
    expect(pulled.next).toBe(pulled.records.at(-1)!.seq);
    const seqs = pulled.records.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const after = (await call('GET', `/api/sync/pull?since=${pulled.next}`, undefined, zhao)).body;
    expect(after).toEqual({ records: [], next: pulled.next, more: false });
    const paged = (await call('GET', '/api/sync/pull?since=0&limit=2', undefined, zhao)).body as unknown as PullResponse;
    expect(paged.records).toHaveLength(2);
    expect(paged.more).toBe(true);
  });

  it('answers a resent op with its first outcome, applying it once', async () => {
    const id = opId();
    const first = await pushOps(wang, DEVICE_A, [{ id, key: 'article:idem', base: 0, doc: article('idem') }]);
    const edited = article('idem', { draft: { ...article('idem').draft, headline: '改过的' } });
    const again = await pushOps(wang, DEVICE_A, [{ id, key: 'article:idem', base: 0, doc: edited }]);
    expect(again).toEqual(first);
    const pulled = (await call('GET', '/api/sync/pull?since=0', undefined, wang)).body as unknown as PullResponse;
    expect(pulled.records.find((r) => r.key === 'article:idem')).toMatchObject({ version: 1, doc: article('idem') });
  });

  it('takes the first of two changes from one base and answers the second with a conflict', async () => {
    await pushOps(wang, DEVICE_A, [{ key: 'article:c1', base: 0, doc: article('c1') }]);
    const mine = article('c1', { draft: { ...article('c1').draft, headline: '王的版本' } });
    const theirs = article('c1', { draft: { ...article('c1').draft, headline: '赵的版本' } });
    const [a] = await pushOps(wang, DEVICE_A, [{ key: 'article:c1', base: 1, doc: mine }]);
    const [b] = await pushOps(zhao, DEVICE_B, [{ key: 'article:c1', base: 1, doc: theirs }]);
    expect(a).toMatchObject({ outcome: 'applied', version: 2 });
    expect(b).toMatchObject({ outcome: 'conflict', current: { version: 2, doc: mine, by: 'wang' } });
  });

  it('fast-forwards a device’s own change whose answer was lost', async () => {
    await pushOps(wang, DEVICE_A, [{ key: 'article:ff', base: 0, doc: article('ff') }]);
    const v2 = article('ff', { draft: { ...article('ff').draft, headline: '二' } });
    const v3 = article('ff', { draft: { ...article('ff').draft, headline: '三' } });
    await pushOps(wang, DEVICE_A, [{ key: 'article:ff', base: 1, doc: v2 }]); // its answer "lost"
    const [again] = await pushOps(wang, DEVICE_A, [{ key: 'article:ff', base: 1, doc: v3 }]);
    expect(again).toMatchObject({ outcome: 'applied', version: 3 });
    // Another device from the same old base is a conflict.
    const [other] = await pushOps(zhao, DEVICE_B, [{ key: 'article:ff', base: 1, doc: v2 }]);
    expect(other?.outcome).toBe('conflict');
  });

  it('refuses what the pusher may not do', async () => {
    await pushOps(wang, DEVICE_A, [{ key: 'article:p1', base: 0, doc: article('p1', { status: 'submitted' }) }]);
    const [approve] = await pushOps(wang, DEVICE_A, [{ key: 'article:p1', base: 1, doc: article('p1', { status: 'approved' }) }]);
    expect(approve).toMatchObject({ outcome: 'refused', code: 'STATUS_NOT_ALLOWED', current: { version: 1 } });
    const [others] = await pushOps(li, DEVICE_B, [
      { key: 'article:p1', base: 1, doc: article('p1', { status: 'submitted', draft: { ...article('p1').draft, headline: '李改的' } }) },
    ]);
    expect(others).toMatchObject({ outcome: 'refused', code: 'PERMISSION_DENIED' });
    const [account] = await pushOps(admin, DEVICE_A, [{ key: 'account:wang', base: 0, doc: null }]);
    expect(account).toMatchObject({ outcome: 'refused', code: 'RECORD_READ_ONLY' });
    const [malformed] = await pushOps(wang, DEVICE_A, [{ key: 'article:p2', base: 0, doc: { id: 'p2' } }]);
    expect(malformed).toMatchObject({ outcome: 'refused', code: 'INVALID_INPUT' });
    const [placed] = await pushOps(zhao, DEVICE_B, [{ key: 'placement:x1', base: 0, doc: placement('x1', 'p1', 0, 0) }]);
    expect(placed).toMatchObject({ outcome: 'refused', code: 'PERMISSION_DENIED', params: { roles: 'layout' } });
  });

  it('refuses a placement overlapping another, naming its story, and goes on with the next op', async () => {
    const results = await pushOps(sun, DEVICE_A, [
      { key: 'placement:o1', base: 0, doc: placement('o1', 'rt1', 0, 0) },
      { key: 'placement:o2', base: 0, doc: placement('o2', 'c1', 1, 10) },
      { key: 'placement:o3', base: 0, doc: placement('o3', 'c1', 4, 0) },
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['applied', 'refused', 'applied']);
    expect(results[1]).toMatchObject({ code: 'PLACEMENT_OVERLAP', params: { headline: '稿件 rt1' } });
    const [twice] = await pushOps(sun, DEVICE_A, [{ key: 'placement:o4', base: 0, doc: placement('o4', 'rt1', 6, 0) }]);
    expect(twice).toMatchObject({ outcome: 'refused', code: 'ARTICLE_ALREADY_PLACED', params: { page: 1 } });
    const [off] = await pushOps(sun, DEVICE_A, [{ key: 'placement:o1', base: 1, doc: null }]);
    expect(off).toMatchObject({ outcome: 'applied', version: 2 });
  });

  it('stores images under their hash only', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(100)]);
    const hash = createHash('sha256').update(png).digest('hex');
    expect((await call('POST', '/api/images/missing', { hashes: [hash] }, wang)).body).toEqual({ missing: [hash] });
    const put = (bytes: Buffer, h: string) =>
      fetch(`${server.url}/api/images/${h}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${wang}`, 'Content-Type': 'image/png' },
        body: new Uint8Array(bytes),
      });
    const wrong = await put(png, 'f'.repeat(64));
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ error: { code: 'IMAGE_HASH_MISMATCH' } });
    const text = Buffer.from('not an image at all');
    expect((await put(text, createHash('sha256').update(text).digest('hex'))).status).toBe(400);
    expect((await put(png, hash)).status).toBe(200);
    expect((await call('POST', '/api/images/missing', { hashes: [hash] }, wang)).body).toEqual({ missing: [] });
    const got = await fetch(`${server.url}/api/images/${hash}`, { headers: { Authorization: `Bearer ${zhao}` } });
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer()).equals(png)).toBe(true);
  });

  it('checks stories out: taken, held against others, taken over, released by the holder', async () => {
    const taken = (await call('POST', '/api/locks', { articleId: 'rt1' }, wang)).body;
    expect(taken).toMatchObject({ mine: true, lock: { articleId: 'rt1', name: 'wang', device: DEVICE_A } });
    const zhaoB = await signIn('zhao', DEVICE_B);
    const held = (await call('POST', '/api/locks', { articleId: 'rt1' }, zhaoB)).body;
    expect(held).toMatchObject({ mine: false, lock: { name: 'wang' } });
    const renewed = (await call('POST', '/api/locks', { articleId: 'rt1' }, wang)).body;
    expect(renewed).toMatchObject({ mine: true, lock: { since: (taken.lock as { since: string }).since } });
    const over = (await call('POST', '/api/locks', { articleId: 'rt1', takeOver: true }, zhaoB)).body;
    expect(over).toMatchObject({ mine: true, lock: { name: 'zhao', device: DEVICE_B }, tookFrom: { name: 'wang' } });
    await call('DELETE', '/api/locks/rt1', undefined, wang); // not the holder: nothing happens
    expect((await call('GET', '/api/locks/rt1', undefined, wang)).body).toMatchObject({ lock: { name: 'zhao' } });
    await call('DELETE', '/api/locks/rt1', undefined, zhaoB);
    expect((await call('GET', '/api/locks/rt1', undefined, wang)).body).toEqual({ lock: null });
  });

  it('tells signed-in sockets when records changed', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/live`, { headers: { Authorization: `Bearer ${zhao}` } });
    const messages: LiveMessage[] = [];
    const got = (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => (messages.length >= n ? resolve() : setTimeout(check, 20));
        check();
      });
    ws.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString()) as LiveMessage));
    await got(1);
    expect(messages[0]).toMatchObject({ type: 'hello', server: server.id });
    const [applied] = await pushOps(wang, DEVICE_A, [{ key: 'article:live1', base: 0, doc: article('live1') }]);
    await got(2);
    expect(messages[1]).toEqual({ type: 'changed', seq: (applied as { seq: number }).seq });
    ws.close();

    const refused = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const bad = new WebSocket(`${server.url.replace('http', 'ws')}/api/live`, { headers });
        bad.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        bad.on('error', () => undefined);
      });
    expect(await refused({})).toBe(401);
    expect(await refused({ Authorization: `Bearer ${zhao}`, Origin: 'https://evil.example' })).toBe(403);
  });

  it('refuses any request from a page, malformed bodies and unknown routes, and stays up', async () => {
    const fromPage = await call('GET', '/api/accounts', undefined, wang, { Origin: 'https://evil.example' });
    expect(fromPage.status).toBe(403);
    const setupFromPage = await call('POST', '/api/setup', { name: 'x', password: 'password-1' }, undefined, { Origin: 'null' });
    expect(setupFromPage.status).toBe(403);
    const res = await fetch(`${server.url}/api/accounts`, { headers: { Authorization: `Bearer ${wang}` } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
    for (const body of ['{not json', '[]', '{"protocol":1}', JSON.stringify({ protocol: 1, device: DEVICE_A, ops: [{ id: 'x' }] })]) {
      const bad = await call('POST', '/api/sync/push', body, wang);
      expect(bad.status).toBe(400);
      expect((bad.body.error as { code: string }).code).toBe('INVALID_INPUT');
    }
    expect((await call('GET', '/api/sync/pull?since=-1', undefined, wang)).status).toBe(400);
    expect((await call('GET', '/api/nothing-here', undefined, wang)).status).toBe(404);
    expect((await call('GET', '/', undefined, wang)).status).toBe(404);
    expect((await call('GET', '/api/accounts', undefined, wang)).status).toBe(200);
  });

  it('ends a removed account’s sessions', async () => {
    const token = await signIn('li', randomUUID().slice(0, 8));
    expect((await call('PATCH', '/api/accounts/li', { removed: true }, admin)).status).toBe(200);
    expect((await call('GET', '/api/accounts', undefined, token)).status).toBe(401);
    expect((await call('POST', '/api/session', { name: 'li', password: 'password-1', device: DEVICE_A })).body).toEqual({
      error: { code: 'ACCOUNT_REMOVED', params: { name: 'li' } },
    });
  });

  it('serves over TLS when given a certificate and key', async () => {
    const t = tempDir();
    try {
      const [cert, key] = [join(t.dir, 'cert.pem'), join(t.dir, 'key.pem')];
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
          '-keyout',
          key,
          '-out',
          cert,
        ],
        { stdio: 'ignore' },
      );
      const tls = await startServer({ port: 0, databaseUrl: pg.url, dataDir: t.dir, cert: readFileSync(cert), key: readFileSync(key) });
      try {
        expect(tls.url).toMatch(/^https:/);
        expect(tls.id).toBe(server.id);
        const status = await new Promise<number>((resolve, reject) =>
          httpsGet(`${tls.url}/api/accounts`, { ca: readFileSync(cert) }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          }).on('error', reject),
        );
        expect(status).toBe(401);
      } finally {
        await tls.close();
      }
    } finally {
      t.cleanup();
    }
  });
});
