import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { ApiError, type ErrorCode } from '../../shared/api/errors';

/** The HTTP side of the server: bodies read within limits, answers in JSON, errors as `{error: {code, params}}`. */

/** The HTTP status of an error code; anything not listed is a bad request. */
const STATUS: Partial<Record<ErrorCode, number>> = {
  SIGN_IN_REQUIRED: 401,
  SESSION_EXPIRED: 401,
  SIGN_IN_FAILED: 401,
  ACCOUNT_REMOVED: 401,
  FORBIDDEN: 403,
  PERMISSION_DENIED: 403,
  LAST_ADMIN: 409,
  SETUP_DONE: 409,
  ACCOUNT_EXISTS: 409,
  NOT_FOUND: 404,
  REQUEST_TOO_LARGE: 413,
  IMAGE_TOO_LARGE: 413,
  ARCHIVE_TOO_NEW: 500,
  INTERNAL: 500,
};

/** The whole body, refused past `max` bytes (before reading, when the request says its length). */
export async function readBody(req: IncomingMessage, max: number, tooLarge: ErrorCode = 'REQUEST_TOO_LARGE'): Promise<Buffer> {
  const refuse = (size: number) =>
    new ApiError(tooLarge, { size: (size / 1024 / 1024).toFixed(1), max: Math.round(max / 1024 / 1024), fileName: '' });
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) throw refuse(declared);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw refuse(size);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A JSON body of the schema's shape; anything else is INVALID_INPUT. */
export async function readJson<S extends z.ZodType>(req: IncomingMessage, schema: S, max: number): Promise<z.infer<S>> {
  const body = await readBody(req, max);
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ApiError('INVALID_INPUT', { issue: 'JSON' });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw new ApiError('INVALID_INPUT', { issue: issue.slice(0, 300) });
  }
  return parsed.data;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof ApiError) {
    const params = Object.keys(error.params).length ? { params: error.params } : {};
    sendJson(res, STATUS[error.code] ?? 400, { error: { code: error.code, ...params } });
    return;
  }
  process.stderr.write(`banmian server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  sendJson(res, 500, { error: { code: 'INTERNAL', params: { reason: 'server' } } });
}
