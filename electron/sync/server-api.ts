import { hostname } from 'node:os';
import { ApiError, ERROR_CODES, type ErrorCode } from '../../shared/api/errors';
import type { LockInfo, LockResponse, PullResponse, PushOp, PushResponse, SessionResponse } from '../../shared/sync/protocol';
import { PROTOCOL_VERSION } from '../../shared/sync/protocol';
import type { AccountSummary, DeskRole } from '../../shared/domain/accounts';

/** How long one request to the newsroom may take before the desk counts the server as away. */
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * The newsroom server as a desktop speaks to it (shared/sync/protocol.ts). Every failure is an
 * ApiError the desk can translate: the server's own code, or SYNC_OFFLINE when it cannot be
 * reached at all.
 */
export class ServerApi {
  readonly url: string;

  constructor(
    url: string,
    private readonly token: string | null = null,
    private readonly timeoutMs = REQUEST_TIMEOUT_MS,
  ) {
    this.url = normalizeServerUrl(url);
  }

  withToken(token: string): ServerApi {
    return new ServerApi(this.url, token, this.timeoutMs);
  }

  private async request(method: string, path: string, body?: unknown, raw?: { bytes: Uint8Array; type: string }): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    let payload: RequestInit['body'];
    if (raw) {
      headers['Content-Type'] = raw.type;
      // A copy on a plain ArrayBuffer: what fetch's body types accept in every lib setting.
      payload = new Uint8Array(raw.bytes);
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    let response: Response;
    try {
      response = await fetch(new URL(path, this.url), { method, headers, body: payload, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw new ApiError('SYNC_OFFLINE', {
        server: this.url,
        reason: (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message,
      });
    }
    if (response.ok) return response;
    let code: ErrorCode = 'SYNC_SERVER_ERROR';
    let params: Record<string, string | number> = { status: response.status, server: this.url };
    try {
      const answer = (await response.json()) as { error?: { code?: string; params?: Record<string, string | number> } };
      const found = answer.error?.code;
      if (found && (ERROR_CODES as readonly string[]).includes(found)) {
        code = found as ErrorCode;
        params = answer.error?.params ?? {};
      }
    } catch {
      // not JSON: a proxy's page, or no newsroom server at this address
    }
    throw new ApiError(code, params);
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await (await this.request(method, path, body)).json()) as T;
  }

  setup(name: string, password: string, device: string): Promise<SessionResponse> {
    return this.json('POST', '/api/setup', { name, password, device });
  }

  /** Signs in from this machine, named by its host name (so others read "王丙全 on desk-3"). */
  signIn(name: string, password: string, device: string, deviceName: string | null = machineName()): Promise<SessionResponse> {
    return this.json('POST', '/api/session', { name, password, device, ...(deviceName ? { deviceName } : {}) });
  }

  async signOut(): Promise<void> {
    await this.request('DELETE', '/api/session');
  }

  async accounts(): Promise<AccountSummary[]> {
    return (await this.json<{ accounts: AccountSummary[] }>('GET', '/api/accounts')).accounts;
  }

  async addAccount(input: {
    name: string;
    password: string;
    roles: DeskRole[];
    person?: { name: string; outlet: string } | null;
  }): Promise<unknown> {
    return (await this.json<{ account: unknown }>('POST', '/api/accounts', input)).account;
  }

  async updateAccount(
    name: string,
    patch: { password?: string; roles?: DeskRole[]; person?: { name: string; outlet: string } | null; removed?: boolean },
  ): Promise<unknown> {
    return (await this.json<{ account: unknown }>('PATCH', `/api/accounts/${encodeURIComponent(name)}`, patch)).account;
  }

  push(device: string, ops: PushOp[]): Promise<PushResponse> {
    return this.json('POST', '/api/sync/push', { protocol: PROTOCOL_VERSION, device, ops });
  }

  pull(since: number, limit: number): Promise<PullResponse> {
    return this.json('GET', `/api/sync/pull?since=${since}&limit=${limit}`);
  }

  async missingImages(hashes: string[]): Promise<string[]> {
    if (!hashes.length) return [];
    return (await this.json<{ missing: string[] }>('POST', '/api/images/missing', { hashes })).missing;
  }

  async uploadImage(hash: string, bytes: Uint8Array, type: string): Promise<void> {
    await this.request('PUT', `/api/images/${hash}`, undefined, { bytes, type });
  }

  async downloadImage(hash: string): Promise<Uint8Array> {
    return new Uint8Array(await (await this.request('GET', `/api/images/${hash}`)).arrayBuffer());
  }

  lock(articleId: string, takeOver = false): Promise<LockResponse> {
    return this.json('POST', '/api/locks', { articleId, takeOver });
  }

  async release(articleId: string): Promise<void> {
    await this.request('DELETE', `/api/locks/${encodeURIComponent(articleId)}`);
  }

  async lockOf(articleId: string): Promise<LockInfo | null> {
    return (await this.json<{ lock: LockInfo | null }>('GET', `/api/locks/${encodeURIComponent(articleId)}`)).lock;
  }

  /** The WebSocket address of the live feed. */
  liveUrl(): string {
    const url = new URL('/api/live', this.url);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.toString();
  }

  get bearer(): string | null {
    return this.token;
  }
}

/** This computer's name as the newsroom shows it: its host name, without control characters. */
export function machineName(): string | null {
  const name = hostname()
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim()
    .slice(0, 100);
  return name || null;
}

/** `newsroom.example:7443` → `https://newsroom.example:7443/`; only http(s) addresses. */
export function normalizeServerUrl(text: string): string {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`);
  } catch {
    throw new ApiError('SYNC_BAD_URL', { url: text });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ApiError('SYNC_BAD_URL', { url: text });
  return `${url.origin}/`;
}
