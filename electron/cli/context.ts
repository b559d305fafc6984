import type { i18n } from 'i18next';
import { ApiError, type Result } from '../../shared/api/errors';
import type { AppServices } from '../services/app-services';
import type { CliSession } from './sign-in';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Everything on standard input, as bytes. */
  input?: () => Promise<Uint8Array>;
}

interface WithServicesOptions {
  /**
   * Sign `--user` in only when the archive has accounts (the first `users add`, which makes
   * the administrator of an archive with none). Otherwise a `--user` is always checked.
   */
  signInOnlyWithAccounts?: boolean;
  /** Seed a new archive with the demo edition (default true; a desktop joining a newsroom starts empty). */
  demo?: boolean;
}

/** What the command modules share with main.ts: the language, the terminal, the archive. */
export interface CliContext {
  i18n: i18n;
  io: Io;
  env: NodeJS.ProcessEnv;
  /** The account of `--user`, if given. */
  userName: () => string | undefined;
  /** Opens the archive, signs `--user` in, runs `work`, and closes the archive again. */
  withServices: <T>(work: (services: AppServices, session: CliSession) => Promise<T> | T, options?: WithServicesOptions) => Promise<T>;
}

/** The value of an API result, or its error thrown as the ApiError it came from. */
export function unwrap(result: Result<unknown>): unknown {
  if (!result.ok) throw new ApiError(result.error.code, result.error.params ?? {});
  return result.value;
}

/** The error with a line of advice the command line prints under its message. */
export function withHint(error: ApiError, hint: string): ApiError {
  return new ApiError(error.code, error.params, { cliHint: hint });
}

export function hintOf(error: ApiError): string | undefined {
  const hint = (error.details as { cliHint?: unknown } | undefined)?.cliHint;
  return typeof hint === 'string' ? hint : undefined;
}
