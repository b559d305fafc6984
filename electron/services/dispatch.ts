import type { i18n } from 'i18next';
import type { z } from 'zod';
import type { HandlerContext, Handlers } from '../../shared/api/contract';
import { ApiError, type Result } from '../../shared/api/errors';
import { API_METHODS, type ApiMethod } from '../../shared/api/methods';
import { errorMessage } from '../../shared/i18n/setup';

export function isApiMethod(value: unknown): value is ApiMethod {
  return typeof value === 'string' && (API_METHODS as readonly string[]).includes(value);
}

/** The first problem zod found, as a short path-and-message for the INVALID_INPUT text. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return '?';
  const path = issue.path.length ? issue.path.join('.') : '(input)';
  return `${path}: ${issue.message}`;
}

/**
 * Runs one API call at the boundary: checks the method, validates the input against the
 * contract, calls the handler, and wraps whatever happens in a result envelope whose error
 * message is already in the archive's language.
 */
export async function dispatch(
  handlers: Handlers,
  i18n: () => i18n,
  method: unknown,
  rawInput: unknown,
  authorize: (method: ApiMethod) => HandlerContext,
): Promise<Result<unknown>> {
  const fail = (error: ApiError): Result<unknown> => ({
    ok: false,
    error: {
      code: error.code,
      message: errorMessage(i18n(), error.code, error.params),
      params: error.params,
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  });
  if (!isApiMethod(method)) return fail(new ApiError('UNKNOWN_METHOD', { method: String(method).slice(0, 80) }));
  // Who is calling comes first: someone not signed in learns nothing, not even what input is valid.
  let context: HandlerContext;
  try {
    context = authorize(method);
  } catch (error) {
    if (error instanceof ApiError) return fail(error);
    throw error;
  }
  // The contract (with zod) is read on the first call: a command that makes none never loads it.
  const { contract } = await import('../../shared/api/contract');
  const parsed = contract[method].input.safeParse(rawInput ?? {});
  if (!parsed.success) return fail(new ApiError('INVALID_INPUT', { issue: describeIssue(parsed.error) }));
  try {
    const handler = handlers[method] as (input: unknown, context: HandlerContext) => unknown;
    return { ok: true, value: await handler(parsed.data, context) };
  } catch (error) {
    if (error instanceof ApiError) return fail(error);
    console.error(`[banmian] ${method} failed`, error);
    return fail(new ApiError('INTERNAL', { reason: error instanceof Error ? error.message : String(error) }));
  }
}
