import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so the test controls every header a browser or an attacker could send. */
function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: app.host.port, path, method: options.method ?? 'GET', headers: options.headers },
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

const own = () => `127.0.0.1:${app.host.port}`;
const apiCall = (method: string, input: unknown, headers: Record<string, string>) =>
  send(`/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(input) });

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
      expect(JSON.parse(reply.body).error.code).toBe('FORBIDDEN');
    }
    const articles = app.services.archive.list({});
    expect(articles.every((a) => a.headline !== '')).toBe(true);
  });

  it('turns malformed calls into coded errors', async () => {
    const headers = { host: own(), origin: `http://${own()}` };
    const bad = await send('/api/articles.get', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{not json' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe('INVALID_INPUT');
    const unknown = await apiCall('archive.drop', {}, headers);
    expect(JSON.parse(unknown.body).error.code).toBe('UNKNOWN_METHOD');
    const plain = await send('/api/articles.list', { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: '{}' });
    expect(plain.status).toBe(405);
  });

  it('serves photos by hash and nothing outside the renderer folder', async () => {
    const [photo] = app.services.archive.db.prepare('SELECT image_hash FROM photos LIMIT 1').pluck().all() as string[];
    const image = await send(`/photos/${photo}`, { headers: { host: own() } });
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    for (const path of ['/photos/../banmian.sqlite', '/%2e%2e/%2e%2e/package.json', '/photos/' + 'f'.repeat(64)]) {
      const reply = await send(path, { headers: { host: own() } });
      expect(reply.body).not.toContain('"name": "banmian"');
      expect(reply.body).not.toContain('SQLite format');
    }
  });
});
