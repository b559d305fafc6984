import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as z from 'zod';
import { ApiError } from '../../shared/api/errors';
import { accountNameSchema, deskRoleSchema, passwordSchema } from '../../shared/domain/accounts';
import { GRANTED_BY, hasPermission } from '../../shared/domain/permissions';
import {
  accountInputSchema,
  accountPatchSchema,
  deviceIdSchema,
  IMAGE_BYTES_MAX,
  PULL_LIMIT_MAX,
  pushRequestSchema,
  REQUEST_BYTES_MAX,
  type LiveMessage,
  type SessionResponse,
} from '../../shared/sync/protocol';
import { accountByName, actorOf, addAccount, listAccounts, setup, updateAccount, verifySignIn, viewOf, type AccountRow } from './accounts';
import { readBody, readJson, sendError, sendJson } from './http';
import { loadImage, missingImages, storeImage } from './images';
import { startLive } from './live';
import { getLock, releaseLock, takeLock } from './locks';
import { migrate } from './migrate';
import { latestSeq, pull, push } from './records';
import { endSession, forgetSessions, sessionOf, startSession, type Session } from './sessions';
import { pgliteClient, postgresClient, type SqlClient } from './sql';

export interface ServerOptions {
  port: number;
  /** 127.0.0.1 unless told (0.0.0.0 to serve the newsroom's network). */
  host?: string | undefined;
  /** postgres://…; without one, PostgreSQL runs embedded (PGlite) in `dataDir/pgdata`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** PEM certificate and key: served over TLS (https, wss) when both are given. */
  cert?: string | Buffer | undefined;
  key?: string | Buffer | undefined;
}

export interface RunningServer {
  url: string;
  /** The server's id, as desktops see it in every session. */
  id: string;
  close(): Promise<void>;
}

const person = z
  .strictObject({ name: z.string().min(1).max(40), outlet: z.string().max(100) })
  .nullable()
  .optional();
/** A machine's name as it says it: its host name, printed in notices. */
const deviceNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}\p{Cf}]+$/u);
const setupSchema = z.strictObject({
  name: accountNameSchema,
  password: passwordSchema,
  roles: z.array(deskRoleSchema).optional(),
  person,
  device: deviceIdSchema.optional(),
  deviceName: deviceNameSchema.optional(),
});
const signInSchema = z.strictObject({
  name: z.string().min(1).max(100),
  password: z.string().max(200),
  device: deviceIdSchema,
  deviceName: deviceNameSchema.optional(),
});
const missingSchema = z.strictObject({ hashes: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(10_000) });
const lockSchema = z.strictObject({ articleId: z.string().min(1).max(64), takeOver: z.boolean().optional() });
const SMALL_BODY = 64 * 1024;
/** The device a set-up session is on when the set-up does not name one (a command line, a script). */
const NO_DEVICE = '00000000';

const bearer = (req: IncomingMessage): string | null => {
  const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(req.headers.authorization ?? '');
  return match?.[1] ?? null;
};

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const db: SqlClient = options.databaseUrl ? postgresClient(options.databaseUrl) : await pgliteClient(join(options.dataDir, 'pgdata'));
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  const [info] = await db.query<{ id: string }>('SELECT id::text AS id FROM server_info LIMIT 1');
  const serverId = info!.id;

  const sessionResponse = async (account: AccountRow, device: string, deviceName?: string): Promise<SessionResponse> => {
    if (deviceName)
      await db.query(
        'INSERT INTO devices (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, seen_at = now()',
        [device, deviceName],
      );
    return sessionAnswer(account, device);
  };
  const sessionAnswer = async (account: AccountRow, device: string): Promise<SessionResponse> => ({
    token: await startSession(db, account, device),
    account: { name: account.name, roles: account.roles },
    server: serverId,
  });

  const authenticate = async (req: IncomingMessage): Promise<Session> => {
    const token = bearer(req);
    const session = token ? await sessionOf(db, token) : null;
    if (!session) throw new ApiError('SIGN_IN_REQUIRED');
    return session;
  };
  const needs = (session: Session, permission: Parameters<typeof hasPermission>[1]) => {
    if (!hasPermission(session.account, permission)) throw new ApiError('PERMISSION_DENIED', { roles: GRANTED_BY[permission].join(',') });
  };

  // Used only while serving requests, after `live` below is set up.
  const broadcast = (message: LiveMessage) => live.broadcast(message);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Desktops send no Origin; a browser always does on what it sends across sites.
    if (req.headers.origin !== undefined) throw new ApiError('FORBIDDEN');
    const url = new URL(req.url ?? '/', 'http://server');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const at = (m: string, p: string | RegExp): RegExpExecArray | null => {
      if (method !== m) return null;
      if (typeof p === 'string') return path === p ? ([p] as unknown as RegExpExecArray) : null;
      return p.exec(path);
    };
    let m: RegExpExecArray | null;

    if (at('POST', '/api/setup')) {
      const input = await readJson(req, setupSchema, SMALL_BODY);
      const account = await setup(db, { name: input.name, password: input.password, roles: input.roles ?? [], person: input.person });
      return sendJson(res, 200, await sessionResponse(account, input.device ?? NO_DEVICE, input.deviceName));
    }
    if (at('POST', '/api/session')) {
      const input = await readJson(req, signInSchema, SMALL_BODY);
      const account = await verifySignIn(db, input.name, input.password);
      return sendJson(res, 200, await sessionResponse(account, input.device, input.deviceName));
    }
    if (!path.startsWith('/api/')) throw new ApiError('NOT_FOUND', { what: 'route', id: path });
    const session = await authenticate(req);

    if (at('DELETE', '/api/session')) {
      await endSession(db, session.tokenHash);
      return sendJson(res, 200, {});
    }
    if (at('GET', '/api/accounts')) return sendJson(res, 200, { accounts: await listAccounts(db) });
    if (at('POST', '/api/accounts')) {
      needs(session, 'accounts');
      const input = await readJson(req, accountInputSchema, SMALL_BODY);
      const account = await addAccount(db, input, session.account.name);
      forgetSessions();
      broadcast({ type: 'changed', seq: await latestSeq(db) });
      return sendJson(res, 200, { account: viewOf(account) });
    }
    if ((m = at('PATCH', /^\/api\/accounts\/([^/]+)$/))) {
      const name = decodeURIComponent(m[1]!);
      const patch = await readJson(req, accountPatchSchema, SMALL_BODY);
      // Anyone may set their own password; everything else is the administrator's.
      const own = (await accountByName(db, name))?.id === session.account.id && Object.keys(patch).every((k) => k === 'password');
      if (!own) needs(session, 'accounts');
      const account = await updateAccount(db, name, patch, session.account.name);
      forgetSessions();
      broadcast({ type: 'changed', seq: await latestSeq(db) });
      return sendJson(res, 200, { account: viewOf(account) });
    }
    if (at('POST', '/api/sync/push')) {
      const request = await readJson(req, pushRequestSchema, REQUEST_BYTES_MAX);
      const { results, changed } = await push(db, actorOf(session.account), request);
      if (changed) broadcast({ type: 'changed', seq: await latestSeq(db) });
      return sendJson(res, 200, { results });
    }
    if (at('GET', '/api/sync/pull')) {
      const since = Number(url.searchParams.get('since') ?? '0');
      const limit = Number(url.searchParams.get('limit') ?? String(PULL_LIMIT_MAX));
      if (!Number.isSafeInteger(since) || since < 0) throw new ApiError('INVALID_INPUT', { issue: 'since' });
      if (!Number.isSafeInteger(limit) || limit < 1) throw new ApiError('INVALID_INPUT', { issue: 'limit' });
      return sendJson(res, 200, await pull(db, since, limit));
    }
    if (at('POST', '/api/images/missing')) {
      const { hashes } = await readJson(req, missingSchema, 2 * 1024 * 1024);
      return sendJson(res, 200, { missing: await missingImages(db, hashes) });
    }
    if ((m = at('PUT', /^\/api\/images\/([0-9a-f]{64})$/))) {
      if (!(req.headers['content-type'] ?? '').startsWith('image/')) throw new ApiError('IMAGE_NOT_IMAGE', { fileName: m[1]! });
      const bytes = await readBody(req, IMAGE_BYTES_MAX, 'IMAGE_TOO_LARGE');
      await storeImage(db, m[1]!, bytes);
      return sendJson(res, 200, {});
    }
    if ((m = at('GET', /^\/api\/images\/([0-9a-f]{64})$/))) {
      const image = await loadImage(db, m[1]!);
      if (!image) throw new ApiError('NOT_FOUND', { what: 'image', id: m[1]! });
      res.writeHead(200, { 'Content-Type': image.mime, 'Content-Length': image.bytes.length });
      res.end(image.bytes);
      return;
    }
    if (at('POST', '/api/locks')) {
      const input = await readJson(req, lockSchema, SMALL_BODY);
      const answer = await takeLock(db, input.articleId, session.account.name, session.device, input.takeOver ?? false);
      const fresh = answer.mine && (answer.tookFrom !== undefined || answer.lock.since === answer.lock.renewedAt);
      if (fresh)
        broadcast({
          type: 'lock',
          articleId: input.articleId,
          lock: answer.lock,
          ...(answer.tookFrom ? { tookFrom: answer.tookFrom } : {}),
        });
      return sendJson(res, 200, answer);
    }
    if ((m = at('DELETE', /^\/api\/locks\/([^/]+)$/))) {
      const articleId = decodeURIComponent(m[1]!);
      if (await releaseLock(db, articleId, session.account.name, session.device)) broadcast({ type: 'lock', articleId, lock: null });
      return sendJson(res, 200, {});
    }
    if ((m = at('GET', /^\/api\/locks\/([^/]+)$/))) return sendJson(res, 200, { lock: await getLock(db, decodeURIComponent(m[1]!)) });
    throw new ApiError('NOT_FOUND', { what: 'route', id: path });
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    route(req, res).catch((error: unknown) => {
      // A body left unread (too large, refused early) is not read: the connection closes.
      if (!req.complete) res.setHeader('Connection', 'close');
      sendError(res, error);
    });
  };
  const tls = options.cert !== undefined && options.key !== undefined;
  const server = tls ? createHttpsServer({ cert: options.cert, key: options.key }, handler) : createHttpServer(handler);
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const live = startLive(server, async (req) => {
    if (req.headers.origin !== undefined) return { ok: false, status: 403 };
    const token = bearer(req);
    const session = token ? await sessionOf(db, token) : null;
    if (!session) return { ok: false, status: 401 };
    return { ok: true, hello: async () => ({ type: 'hello', seq: await latestSeq(db), server: serverId }) };
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `${tls ? 'https' : 'http'}://${shownHost}:${port}`,
    id: serverId,
    close() {
      closing ??= (async () => {
        live.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await db.close();
      })();
      return closing;
    },
  };
}
