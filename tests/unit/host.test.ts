import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../electron/host/server';
import { RENDERER_DIR, startTestApp, type TestApp } from '../support/app';

let app: TestApp;
/** The test account's session: API calls and photos need someone signed in. */
let cookie = '';
beforeAll(async () => {
  app = await startTestApp();
  cookie = await app.cookie();
});
afterAll(() => app.stop());

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Another host than the test app's (one with a small body limit). */
  port?: number;
}

/** A raw HTTP request, so the test controls every header a browser or an attacker could send. */
function send(path: string, options: SendOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: options.port ?? app.host.port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The body of a refused call, as the host answers it. */
interface Refusal {
  ok: false;
  error: { code: string; message: string; params: Record<string, string | number> };
}
const refusalIn = (reply: { body: string }) => JSON.parse(reply.body) as Refusal;

const own = () => `127.0.0.1:${app.host.port}`;
const apiCall = (method: string, input: unknown, headers: Record<string, string>) =>
  send(`/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, ...headers },
    body: JSON.stringify(input),
  });

describe('the browser host', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(app.host.url).toBe(`http://127.0.0.1:${app.host.port}/`);
  });

  it('serves its page with a strict content security policy', async () => {
    const page = await send('/', { headers: { host: own() } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('serves the views loaded on demand as JavaScript, named relative to the first chunk, kept for good under their hashed names', async () => {
    const page = await send('/', { headers: { host: own() } });
    expect(page.headers['cache-control']).toBe('no-cache');
    const entry = /<script type="module" crossorigin src="\.\/(assets\/[\w.-]+\.js)"/.exec(page.body)?.[1];
    expect(entry).toBeTruthy();
    const first = await send(`/${entry}`, { headers: { host: own() } });
    // Relative, so that they load from app://banmian/assets/ in the app as from the host here.
    const chunks = [...first.body.matchAll(/import\(`\.\/([\w.-]+\.js)`\)/g)].map((m) => m[1]!);
    expect(chunks.some((c) => c.startsWith('StoryEditor-'))).toBe(true);
    expect(first.body).not.toMatch(/import\(`\/|import\(`assets\//);
    for (const path of [entry!, ...chunks.map((c) => `assets/${c}`)]) {
      const chunk = await send(`/${path}`, { headers: { host: own() } });
      expect(chunk.status, path).toBe(200);
      expect(chunk.headers['content-type'], path).toBe('text/javascript; charset=utf-8');
      expect(chunk.headers['cache-control'], path).toBe('private, max-age=31536000, immutable');
    }
  });

  it('answers API calls from its own page', async () => {
    const reply = await apiCall('articles.list', {}, { host: own(), origin: `http://${own()}`, 'sec-fetch-site': 'same-origin' });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true });
  });

  it('refuses a name that is not its own: a DNS-rebinding page cannot reach the archive', async () => {
    for (const host of [`evil.example:${app.host.port}`, 'evil.example', `127.0.0.1:${app.host.port + 1}`]) {
      expect((await send('/', { headers: { host } })).status).toBe(421);
      const reply = await apiCall('articles.list', {}, { host, origin: `http://${host}` });
      expect(reply.status).toBe(421);
      expect(reply.body).not.toContain('"ok":true');
    }
  });

  it('refuses API calls from another web page open in the same browser', async () => {
    const attempts: Record<string, string>[] = [
      { host: own(), origin: 'https://evil.example' },
      { host: own(), origin: 'null' },
      { host: own() },
      { host: own(), origin: `http://${own()}`, 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of attempts) {
      const reply = await apiCall('articles.create', {}, headers);
      expect(reply.status).toBe(403);
      expect(refusalIn(reply).error.code).toBe('FORBIDDEN');
    }
    const articles = app.services.archive.list({});
    expect(articles.every((a) => a.headline !== '')).toBe(true);
  });

  it('turns malformed calls into coded errors', async () => {
    const headers = { host: own(), origin: `http://${own()}` };
    const bad = await send('/api/articles.get', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(bad.status).toBe(400);
    expect(refusalIn(bad).error.code).toBe('INVALID_INPUT');
    const unknown = await apiCall('archive.drop', {}, headers);
    expect(refusalIn(unknown).error.code).toBe('UNKNOWN_METHOD');
    const plain = await send('/api/articles.list', { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: '{}' });
    expect(plain.status).toBe(405);
  });

  it('serves photos by hash and nothing outside the renderer folder', async () => {
    const [photo] = app.services.archive.db.prepare('SELECT image_hash FROM photos LIMIT 1').pluck().all() as string[];
    // Photos are the archive's: no one signed in, no photo.
    expect((await send(`/photos/${photo}`, { headers: { host: own() } })).status).toBe(403);
    const image = await send(`/photos/${photo}`, { headers: { host: own(), cookie } });
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    for (const path of ['/photos/../banmian.sqlite', '/%2e%2e/%2e%2e/package.json', '/photos/' + 'f'.repeat(64)]) {
      const reply = await send(path, { headers: { host: own() } });
      expect(reply.body).not.toContain('"name": "banmian"');
      expect(reply.body).not.toContain('SQLite format');
    }
  });
});

interface RawReply {
  /** The status of the first answer, or null when the host closed the socket without one. */
  status: number | null;
  head: string;
  body: string;
  /** The host neither answered-and-closed nor closed within the time allowed. */
  hung: boolean;
}

/**
 * Bytes over a plain TCP socket, so the request line is exactly what the test says (Node's own
 * client would refuse or rewrite most of these). Resolves when the host closes the socket.
 */
function raw(bytes: string, port = app.host.port): Promise<RawReply> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let hung = false;
    socket.setTimeout(5_000, () => {
      hung = true;
      socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A reset is a closed socket too: the host refused without crashing.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const status = /^HTTP\/1\.[01] (\d{3}) /.exec(text)?.[1];
      resolve({
        status: status ? Number(status) : null,
        head: split < 0 ? text : text.slice(0, split),
        body: split < 0 ? '' : Buffer.from(text.slice(split + 4), 'latin1').toString('utf8'),
        hung,
      });
    });
    // Not end(): a half-closed socket makes Node's server drop a request it is still answering.
    socket.write(Buffer.from(bytes, 'latin1'));
  });
}

/** A request line and the host's own Host header, asking the host to close when it has answered. */
const requestLine = (line: string, headers = '') => `${line}\r\nHost: ${own()}\r\n${headers}Connection: close\r\n\r\n`;
const ownPageHeaders = () =>
  `Origin: http://${own()}\r\nSec-Fetch-Site: same-origin\r\nCookie: ${cookie}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n`;

const MALFORMED_API_PATHS = [
  '/api/%E0%A4%A',
  '/api/%',
  '/api/%zz',
  '/api/%C0%80',
  '/api/%ED%A0%80',
  '/api/%FF',
  '/api/articles.list%',
  '/api/%E0%A4',
];

describe('the browser host under hostile requests', () => {
  it('answers malformed percent-escapes in an API path from its own page with a coded, translated error', async () => {
    for (const path of MALFORMED_API_PATHS) {
      const reply = await raw(requestLine(`POST ${path} HTTP/1.1`, ownPageHeaders()) + '{}');
      expect(reply.hung, path).toBe(false);
      expect(reply.status, path).toBe(400);
      const result = refusalIn(reply);
      expect(result.ok, path).toBe(false);
      expect(result.error.code, path).toBe('BAD_REQUEST');
      expect(typeof result.error.params.issue, path).toBe('string');
      expect(result.error.message, path).toMatch(/^无法读取请求/);
    }
  });

  it('answers or closes on every malformed request target and request, and keeps serving', async () => {
    const requests = [
      ...MALFORMED_API_PATHS.map((path) => requestLine(`GET ${path} HTTP/1.1`)),
      requestLine('GET /%E0%A4%A HTTP/1.1'),
      requestLine('GET /photos/% HTTP/1.1'),
      requestLine('GET http://evil.example/api/x HTTP/1.1'),
      requestLine(`GET http://${own()}/api/articles.list HTTP/1.1`, ownPageHeaders()) + '{}',
      requestLine('GET http://[::1/ HTTP/1.1'),
      requestLine('GET http://[::1/api/%E0%A4%A HTTP/1.1'),
      requestLine('GET //evil.example/api/x HTTP/1.1'),
      requestLine('GET /\\evil.example/api/x HTTP/1.1'),
      requestLine('POST /\\\\evil.example/api/articles.list HTTP/1.1', ownPageHeaders()) + '{}',
      requestLine('OPTIONS * HTTP/1.1'),
      requestLine(`CONNECT ${own()} HTTP/1.1`),
      requestLine('GET api/x HTTP/1.1'),
      requestLine('GET /api/\xff\xfe HTTP/1.1'),
      requestLine('GET /api/x\x00y HTTP/1.1'),
      requestLine('GET /api/x HTTP/9.9'),
      requestLine('GET /api/x HTTP/1.1', 'Content-Length: abc\r\n'),
      requestLine('GET /api/x HTTP/1.1', `X-Big: ${'a'.repeat(100_000)}\r\n`),
      requestLine('GET /api/x HTTP/1.1', 'no colon here\r\n'),
      'GET /api/%E0%A4%A HTTP/1.1\r\nConnection: close\r\n\r\n',
      '\x00\x01\x02\x03\r\n\r\n',
      'GARBAGE\r\n\r\n',
    ];
    expect(requests.length).toBeGreaterThanOrEqual(15);
    for (const bytes of requests) {
      const reply = await raw(bytes);
      const what = JSON.stringify(bytes.slice(0, 80));
      expect(reply.hung, what).toBe(false);
      // Every request gets its answer; only CONNECT (a tunnel, which Node hands to a listener
      // the host does not have) is closed without one.
      if (bytes.startsWith('CONNECT ')) expect(reply.status, what).toBeNull();
      else {
        expect(reply.status, what).toBeGreaterThanOrEqual(400);
        expect(reply.status, what).toBeLessThan(500);
      }
      expect(reply.body, what).not.toContain('"ok":true');
    }
    // An API request in absolute form from our own page: its error as data, with a code.
    const absolute = await raw(requestLine(`POST http://${own()}/api/articles.list HTTP/1.1`, ownPageHeaders()) + '{}');
    expect(absolute.status).toBe(400);
    expect(JSON.parse(absolute.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', params: { issue: 'request target' } } });
    const page = await send('/', { headers: { host: own() } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    const call = await apiCall('articles.list', {}, { host: own(), origin: `http://${own()}`, 'sec-fetch-site': 'same-origin' });
    expect(call.status).toBe(200);
    expect(JSON.parse(call.body)).toMatchObject({ ok: true });
  });

  it('refuses an <img> on another site pointing at a malformed API path, and survives it', async () => {
    const reply = await send('/api/%E0%A4%A', {
      headers: { host: own(), 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'image' },
    });
    expect(reply.status).toBe(403);
    expect(refusalIn(reply).error.code).toBe('FORBIDDEN');
    expect((await send('/', { headers: { host: own() } })).status).toBe(200);
  });
});

describe('request bodies over the limit', () => {
  const LIMIT = 64 * 1024;
  let small: RunningHost;
  beforeAll(async () => {
    small = await startHost({ services: app.services, rendererDir: RENDERER_DIR, maxBodyBytes: LIMIT });
  });
  afterAll(() => small.close());

  const smallOwn = () => `127.0.0.1:${small.port}`;
  const ownPage = () => ({
    host: smallOwn(),
    origin: `http://${smallOwn()}`,
    'sec-fetch-site': 'same-origin',
    'content-type': 'application/json',
  });
  /** Valid JSON for a call that would write an article, if it were ever read. */
  const bigCreate = (bytes: number) => {
    const json = JSON.stringify({ headline: '超长' });
    return Buffer.from(json.slice(0, -1) + ' '.repeat(bytes - json.length) + '}');
  };

  it('answers 413 to a declared length over the limit, without reading the body, and the client gets the answer', async () => {
    const before = app.services.archive.list({}).length;
    const reply = await send('/api/articles.create', {
      method: 'POST',
      port: small.port,
      headers: ownPage(),
      body: bigCreate(1024 * 1024),
    });
    expect(reply.status).toBe(413);
    expect(reply.headers.connection).toBe('close');
    const result = refusalIn(reply);
    expect(result.error.code).toBe('REQUEST_TOO_LARGE');
    expect(result.error.params).toEqual({ size: '1.0', max: 0.1 });
    expect(result.error.message).toMatch(/^请求过大/);
    expect(app.services.archive.list({}).length).toBe(before);
  });

  it('answers 413 to a chunked body that grows past the limit', async () => {
    const before = app.services.archive.list({}).length;
    const reply = await new Promise<Reply>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: small.port, path: '/api/articles.create', method: 'POST', headers: ownPage() },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('error', reject);
      const body = bigCreate(4 * LIMIT);
      for (let at = 0; at < body.length; at += 8 * 1024) req.write(body.subarray(at, at + 8 * 1024));
      req.end();
    });
    expect(reply.status).toBe(413);
    expect(reply.headers.connection).toBe('close');
    const result = refusalIn(reply);
    expect(result.error.code).toBe('REQUEST_TOO_LARGE');
    expect(Number(result.error.params.size)).toBeGreaterThanOrEqual(0.1);
    expect(app.services.archive.list({}).length).toBe(before);
  });

  it('answers 413 at the real limit too, instead of resetting the connection', async () => {
    const reply = await send('/api/articles.create', {
      method: 'POST',
      headers: { host: own(), origin: `http://${own()}`, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
      body: bigCreate(81 * 1024 * 1024),
    });
    expect(reply.status).toBe(413);
    expect(refusalIn(reply).error).toMatchObject({ code: 'REQUEST_TOO_LARGE', params: { size: '81.0', max: 80 } });
  });

  it('answers at once and then stops reading a body that never ends', async () => {
    const socket = connect(small.port, '127.0.0.1');
    let text = '';
    let sent = 0;
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    const closed = new Promise<void>((resolve) => {
      socket.on('error', () => resolve());
      socket.on('close', () => resolve());
    });
    socket.write(
      `POST /api/articles.create HTTP/1.1\r\nHost: ${smallOwn()}\r\nOrigin: http://${smallOwn()}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${10 * 1024 ** 3}\r\n\r\n`,
    );
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let open = true;
    void closed.then(() => (open = false));
    // Keeps sending until the host hangs up; it must, long before 10 GB.
    while (open && sent < 256 * 1024 * 1024) {
      sent += chunk.length;
      if (!socket.write(chunk)) {
        await new Promise<void>((resolve) => {
          socket.once('drain', resolve);
          void closed.then(resolve);
        });
      }
    }
    await closed;
    socket.destroy();
    // The host reads about a megabyte past the limit; what else went out sits in socket buffers.
    expect(sent).toBeLessThan(32 * 1024 * 1024);
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).toContain('REQUEST_TOO_LARGE');
    expect((await send('/', { headers: { host: smallOwn() }, port: small.port })).status).toBe(200);
  });
});
