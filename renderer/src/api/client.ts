import type { BanmianApi } from '../../../shared/api/contract';
import type { ApiErrorData, ErrorCode, ErrorParams, Result } from '../../../shared/api/errors';
import { API_METHODS, type ApiMethod, type AppCommand } from '../../../shared/api/methods';

/**
 * The renderer's one seam to the archive. In the app it calls the preload's named methods; in
 * a plain browser it posts to the loopback host. Nothing else in the renderer knows which.
 */
type BridgeCall = (input?: unknown) => Promise<Result<unknown>>;
interface Bridge {
  [group: string]: unknown;
  app: {
    onCommand(listener: (command: AppCommand) => void): () => void;
    onBeforeClose(listener: () => Promise<void>): void;
  };
}

declare global {
  interface Window {
    banmian?: Bridge;
  }
}

/** A failed call, with the code the UI translates and the payload some errors carry. */
export class ClientError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  readonly details: unknown;

  constructor(data: ApiErrorData) {
    super(data.message);
    this.name = 'ClientError';
    this.code = data.code;
    this.params = data.params ?? {};
    this.details = data.details;
  }
}

const bridge = typeof window !== 'undefined' ? window.banmian : undefined;

/** Saves small enough for it survive the page going away (fetch keepalive caps at 64 KB). */
const KEEPALIVE_LIMIT = 60_000;

async function callHost(method: ApiMethod, input: unknown): Promise<Result<unknown>> {
  const body = JSON.stringify(input ?? {});
  let response: Response;
  try {
    response = await fetch(`api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
      keepalive: body.length < KEEPALIVE_LIMIT,
    });
  } catch (error) {
    return { ok: false, error: { code: 'INTERNAL', message: String(error), params: { reason: String(error) } } };
  }
  try {
    return (await response.json()) as Result<unknown>;
  } catch {
    const reason = `HTTP ${response.status}`;
    return { ok: false, error: { code: 'INTERNAL', message: reason, params: { reason } } };
  }
}

function callBridge(method: ApiMethod, input: unknown): Promise<Result<unknown>> {
  const [group, name] = method.split('.') as [string, string];
  const fn = (bridge?.[group] as Record<string, BridgeCall> | undefined)?.[name];
  if (!fn) {
    const message = `missing ${method}`;
    return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_METHOD', message, params: { method } } });
  }
  return fn(input);
}

/** Hears every failed call (the session controller locks the desk on a lost session). */
type FailureListener = (method: ApiMethod, error: ClientError) => void;
const failureListeners = new Set<FailureListener>();

export function onCallFailed(listener: FailureListener): () => void {
  failureListeners.add(listener);
  return () => failureListeners.delete(listener);
}

async function call(method: ApiMethod, input: unknown): Promise<unknown> {
  const result = bridge ? await callBridge(method, input) : await callHost(method, input);
  if (!result.ok) {
    const error = new ClientError(result.error);
    for (const listener of [...failureListeners]) listener(method, error);
    throw error;
  }
  return result.value;
}

function buildApi(): BanmianApi {
  const groups: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const method of API_METHODS) {
    const [group, name] = method.split('.') as [string, string];
    (groups[group] ??= {})[name] = (input: unknown) => call(method, input);
  }
  return groups as unknown as BanmianApi;
}

export const api: BanmianApi = buildApi();

/** Commands from the app's menu; a browser has no menu, so nothing arrives there. */
export function onAppCommand(listener: (command: AppCommand) => void): () => void {
  return bridge ? bridge.app.onCommand(listener) : () => undefined;
}

/**
 * Runs `flush` before the page goes: in the app, when the window is about to close (it waits
 * for the save); in a browser, when the page is hidden (the save travels with keepalive).
 */
export function onBeforeLeave(flush: () => Promise<void>): void {
  if (bridge) bridge.app.onBeforeClose(flush);
  window.addEventListener('pagehide', () => void flush());
}
