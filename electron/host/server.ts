import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, type Result } from '../../shared/api/errors';
import { errorMessage } from '../../shared/i18n/setup';
import type { AppServices } from '../services/app-services';
import { loadAsset, SECURITY_HEADERS } from '../serve/assets';

/** A 50 MB photo as base64 in JSON, with room to spare; larger bodies are refused unread. */
const MAX_BODY_BYTES = 80 * 1024 * 1024;

export interface HostOptions {
  services: AppServices;
  rendererDir: string;
  port?: number;
}

export interface RunningHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The browser host: the same handler table the Electron main process serves, over HTTP on
 * 127.0.0.1, plus the built renderer. It answers only requests addressed to itself (Host) and
 * API calls only from its own page (Origin), so neither another site in the same browser nor a
 * DNS-rebinding name can reach the archive.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const { services, rendererDir } = options;
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  const send = (res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer | string) => {
    res.writeHead(status, headers);
    res.end(body);
  };
  const sendResult = (res: ServerResponse, status: number, result: Result<unknown>) =>
    send(
      res,
      status,
      { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
      JSON.stringify(result),
    );
  const refuse = (res: ServerResponse, status: number, error: ApiError) =>
    sendResult(res, status, {
      ok: false,
      error: { code: error.code, message: errorMessage(services.i18n, error.code, error.params), params: error.params },
    });

  const readBody = (req: IncomingMessage): Promise<Buffer | null> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          resolve(null);
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });

  const handleApi = async (req: IncomingMessage, res: ServerResponse, method: string) => {
    const origin = req.headers.origin;
    const site = req.headers['sec-fetch-site'];
    if (!origin || !allowedOrigins.has(origin) || (site !== undefined && site !== 'same-origin')) {
      return refuse(res, 403, new ApiError('FORBIDDEN'));
    }
    if (req.method !== 'POST' || !(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return refuse(res, 405, new ApiError('INVALID_INPUT', { issue: 'POST application/json' }));
    }
    const body = await readBody(req);
    if (body === null) return refuse(res, 413, new ApiError('INVALID_INPUT', { issue: 'request too large' }));
    let input: unknown;
    try {
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      return refuse(res, 400, new ApiError('INVALID_INPUT', { issue: 'JSON' }));
    }
    sendResult(res, 200, await services.call(method, input));
  };

  const server: Server = createServer((req, res) => {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      return send(res, 421, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Misdirected request');
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) {
      handleApi(req, res, decodeURIComponent(url.pathname.slice('/api/'.length))).catch((error: unknown) => {
        console.error('[banmian host]', error);
        if (!res.headersSent) refuse(res, 500, new ApiError('INTERNAL', { reason: String(error) }));
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, {}, '');
    const asset = loadAsset(rendererDir, services.archive, url.pathname);
    send(res, asset.status, asset.headers, req.method === 'HEAD' ? '' : asset.body);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
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
