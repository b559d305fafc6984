import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ApiError, type Result } from '../../shared/api/errors';
import { errorMessage } from '../../shared/i18n/setup';
import type { AppServices } from '../services/app-services';
import { loadAsset, SECURITY_HEADERS } from '../serve/assets';

const MB = 1024 * 1024;

/** A 50 MB photo as base64 in JSON, with room to spare; larger bodies are refused unread. */
const MAX_BODY_BYTES = 80 * MB;

/** Relative request targets are resolved against this; a target naming any other origin is refused. */
const TARGET_BASE = 'http://127.0.0.1';

export interface HostOptions {
  services: AppServices;
  rendererDir: string;
  port?: number;
  /** The largest request body read; larger ones get 413. */
  maxBodyBytes?: number;
}

export interface RunningHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

const JSON_HEADERS: Readonly<Record<string, string>> = {
  ...SECURITY_HEADERS,
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
};
const TEXT_HEADERS: Readonly<Record<string, string>> = { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' };

/**
 * The path of an origin-form request target ("/path?query"), or null. Absolute-form
 * ("http://evil.example/…") and asterisk-form targets are for proxies; "//evil.example/…"
 * and "/\evil.example/…" parse as another host; none of them is a path of ours.
 */
function pathOf(target: string): string | null {
  if (!target.startsWith('/')) return null;
  let url: URL;
  try {
    url = new URL(target, TARGET_BASE);
  } catch {
    return null;
  }
  return url.origin === TARGET_BASE ? url.pathname : null;
}

/** decodeURIComponent without the throw: a malformed or overlong escape is null. */
function decodePath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

const megabytes = (bytes: number) => Number((bytes / MB).toFixed(1));

const SESSION_COOKIE = 'banmian_session';

/** The session token a request's cookie carries, if any. */
function sessionOf(req: IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=') || null;
  }
  return null;
}

/** What Node's parser could not read gets the status Node itself would answer with. */
function clientErrorStatus(error: NodeJS.ErrnoException): string {
  if (error.code === 'HPE_HEADER_OVERFLOW') return '431 Request Header Fields Too Large';
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return '408 Request Timeout';
  return '400 Bad Request';
}

/**
 * The browser host: the same handler table the Electron main process serves, over HTTP on
 * 127.0.0.1, plus the built renderer. It answers only requests addressed to itself (Host) and
 * API calls only from its own page (Origin), so neither another site in the same browser nor a
 * DNS-rebinding name can reach the archive. Any page can still send it requests (an <img> is
 * enough), so no request, however malformed, may bring it down: every one is answered with an
 * error or has its connection closed.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const { services, rendererDir } = options;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  /**
   * A refused body is read and dropped up to this much in all, so that a client still sending
   * it reads our 413 rather than a reset; past that the connection is cut.
   */
  const discardBytes = Math.max(2 * maxBodyBytes, maxBodyBytes + MB);
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  const send = (res: ServerResponse, status: number, headers: Readonly<Record<string, string>>, body: Buffer | string) => {
    res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
    res.end(body);
  };
  const sendResult = (res: ServerResponse, status: number, result: Result<unknown>) =>
    send(res, status, JSON_HEADERS, JSON.stringify(result));
  const failure = (error: ApiError): Result<never> => ({
    ok: false,
    error: { code: error.code, message: errorMessage(services.i18n, error.code, error.params), params: error.params },
  });
  const refuse = (res: ServerResponse, status: number, error: ApiError) => sendResult(res, status, failure(error));
  const badRequest = (res: ServerResponse) => send(res, 400, TEXT_HEADERS, 'Bad request');

  /**
   * 413 for a body of `size` bytes (so far). The answer goes out at once; the connection
   * closes only once the rest of the body has been read and dropped (up to `discardBytes`):
   * closing on unread data would reset the connection, and the client would never see the 413.
   */
  const refuseTooLarge = (req: IncomingMessage, res: ServerResponse, size: number) => {
    const body = JSON.stringify(failure(new ApiError('REQUEST_TOO_LARGE', { size: (size / MB).toFixed(1), max: megabytes(maxBodyBytes) })));
    res.writeHead(413, { ...JSON_HEADERS, 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' });
    res.write(body);
    let read = size;
    const close = () => {
      req.off('data', drop);
      if (!res.writableEnded) res.end();
    };
    const drop = (chunk: Buffer) => {
      read += chunk.length;
      if (read > discardBytes) close();
    };
    req.on('data', drop);
    req.once('end', close);
    req.once('error', close);
    req.once('close', close);
    req.resume();
  };

  /** The body, or its size so far once it passes the limit (the rest is left unread). */
  const readBody = (req: IncomingMessage): Promise<Buffer | { tooLarge: number }> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBodyBytes) {
          req.off('data', onData);
          req.off('end', onEnd);
          req.pause();
          resolve({ tooLarge: size });
          return;
        }
        chunks.push(chunk);
      };
      const onEnd = () => resolve(Buffer.concat(chunks));
      req.on('data', onData);
      req.on('end', onEnd);
      req.once('error', reject);
    });

  const handleApi = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const origin = req.headers.origin;
    const site = req.headers['sec-fetch-site'];
    if (!origin || !allowedOrigins.has(origin) || (site !== undefined && site !== 'same-origin')) {
      return refuse(res, 403, new ApiError('FORBIDDEN'));
    }
    const method = decodePath(path.slice('/api/'.length));
    if (method === null) return refuse(res, 400, new ApiError('BAD_REQUEST', { issue: 'percent-encoding' }));
    if (req.method !== 'POST' || !(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return refuse(res, 405, new ApiError('INVALID_INPUT', { issue: 'POST application/json' }));
    }
    // Node's parser has checked that a Content-Length is digits only.
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) return refuseTooLarge(req, res, declared);
    const body = await readBody(req);
    if (!Buffer.isBuffer(body)) return refuseTooLarge(req, res, body.tooLarge);
    let input: unknown;
    try {
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      return refuse(res, 400, new ApiError('INVALID_INPUT', { issue: 'JSON' }));
    }
    // The session travels in a cookie the page's script cannot read (HttpOnly) and other
    // sites' pages cannot send (SameSite=Strict), one per browser.
    let cookie: string | undefined;
    const result = await services.call(method, input, {
      front: 'host',
      token: sessionOf(req),
      onSession: (token) => {
        cookie = token
          ? `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`
          : `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
      },
    });
    send(res, 200, cookie ? { ...JSON_HEADERS, 'Set-Cookie': cookie } : JSON_HEADERS, JSON.stringify(result));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // Before anything else: a name that is not ours (DNS rebinding) learns nothing more.
    if (!allowedHosts.has(req.headers.host ?? '')) return send(res, 421, TEXT_HEADERS, 'Misdirected request');
    const path = pathOf(req.url ?? '');
    // A request for the API in a form we do not serve (absolute-form, //host/…) still gets its error as data.
    if (path === null)
      return /\/api\//u.test(req.url ?? '') ? refuse(res, 400, new ApiError('BAD_REQUEST', { issue: 'request target' })) : badRequest(res);
    if (path.startsWith('/api/')) return handleApi(req, res, path);
    if (decodePath(path) === null) return badRequest(res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, TEXT_HEADERS, '');
    // The page itself is public (it shows the sign-in); the archive's photos are not.
    if (path.startsWith('/photos/') && services.archive.hasAccounts() && !services.authority.current(sessionOf(req))) {
      return send(res, 403, TEXT_HEADERS, 'Sign in first');
    }
    const asset = loadAsset(rendererDir, services.archive, path);
    send(res, asset.status, asset.headers, req.method === 'HEAD' ? '' : asset.body);
  };

  /** The last resort for a throw anywhere in handling: a 500 if nothing was sent yet, else a cut. */
  const fail = (req: IncomingMessage, res: ServerResponse, error: unknown) => {
    console.error('[banmian host]', error);
    try {
      if (res.headersSent) res.destroy();
      else if ((req.url ?? '').startsWith('/api/')) refuse(res, 500, new ApiError('INTERNAL', { reason: String(error) }));
      else send(res, 500, TEXT_HEADERS, 'Internal error');
    } catch {
      res.destroy();
    }
  };

  /** Responses under way per connection: a parse error then must not write into one of them. */
  const answering = new WeakMap<Duplex, number>();
  const track = (socket: Duplex, res: ServerResponse) => {
    answering.set(socket, (answering.get(socket) ?? 0) + 1);
    res.once('close', () => answering.set(socket, (answering.get(socket) ?? 1) - 1));
  };

  const server: Server = createServer((req, res) => {
    track(req.socket, res);
    // `handle` is async, so a synchronous throw in it is a rejection too.
    handle(req, res).catch((error: unknown) => fail(req, res, error));
  });
  // A request Node cannot parse never reaches the handler; with this listener the socket is ours to close.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (socket.writable && !answering.get(socket)) {
      socket.end(`HTTP/1.1 ${clientErrorStatus(error)}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    } else {
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  // Once listening, an error (say, out of file descriptors on accept) is logged, not fatal.
  server.on('error', (error) => console.error('[banmian host]', error));
  const port = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
