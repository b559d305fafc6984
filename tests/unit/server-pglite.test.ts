import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyDraft } from '../../shared/domain/article';
import type { ArticleDoc, PullResponse, SessionResponse } from '../../shared/sync/protocol';
import { startServer } from '../../electron/server/server';
import { runCli } from '../../electron/cli/main';
import { tempFolders } from '../support/temp';

const { folder, cleanupAll } = tempFolders();
afterEach(cleanupAll);

async function post(url: string, path: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

const doc: ArticleDoc = {
  id: 'emb1',
  status: 'draft',
  draft: { ...emptyDraft(), headline: '内嵌数据库' },
  createdAt: '2026-05-01T08:00:00.000Z',
  updatedAt: '2026-05-01T08:00:00.000Z',
  createdBy: 'chief',
  updatedBy: 'chief',
  signedRevision: null,
  editionDate: null,
  page: null,
  origin: null,
  needsReview: false,
};

describe('the newsroom server on embedded PostgreSQL', () => {
  it('does a round trip and keeps it across a restart on the same data folder', async () => {
    const dataDir = folder();
    let server = await startServer({ port: 0, dataDir });
    const session = (await post(server.url, '/api/setup', {
      name: 'chief',
      password: 'password-1',
      roles: ['chief'],
    })) as unknown as SessionResponse;
    expect(session.account.roles).toEqual(['chief', 'admin']);
    const pushed = await post(
      server.url,
      '/api/sync/push',
      { protocol: 1, device: 'cccccccc-0001', ops: [{ id: randomBytes(16).toString('hex'), key: 'article:emb1', base: 0, doc }] },
      session.token,
    );
    expect(pushed).toMatchObject({ results: [{ outcome: 'applied', version: 1 }] });
    const id = server.id;
    await server.close();

    server = await startServer({ port: 0, dataDir });
    try {
      expect(server.id).toBe(id);
      const res = await fetch(`${server.url}/api/sync/pull?since=0`, { headers: { Authorization: `Bearer ${session.token}` } });
      const pulled = (await res.json()) as PullResponse;
      expect(pulled.records.map((r) => r.key)).toEqual(['account:chief', 'article:emb1']);
      expect(pulled.records[1]).toMatchObject({ version: 1, doc, by: 'chief' });
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('banmian server', () => {
  it('starts, answers, and stops on a signal', async () => {
    const dataDir = folder();
    const out: string[] = [];
    const running = runCli(
      ['--data', dataDir, 'server', '--port', '0'],
      { out: (t) => out.push(t), err: (t) => out.push(t) },
      { BANMIAN_LANG: 'en' },
    );
    let url: string | undefined;
    for (let i = 0; i < 600 && !url; i++) {
      await new Promise((r) => setTimeout(r, 50));
      url = /Banmian newsroom server: (http:\/\/\S+)/.exec(out.join(''))?.[1];
    }
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/api/accounts`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'SIGN_IN_REQUIRED' } });
    process.emit('SIGTERM');
    expect(await running).toBe(0);
    expect(out.join('')).toContain('The newsroom server has stopped');
  }, 60_000);
});
