import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { i18n } from 'i18next';
import { ApiError } from '../../shared/api/errors';
import type { Actor } from '../../shared/domain/accounts';
import { PASSWORD_MIN } from '../../shared/domain/account-basics';
import { decide, type Permission } from '../../shared/domain/permissions';
import type { Caller } from '../accounts/authority';
import type { Archive } from '../archive/archive';
import type { AppServices } from '../services/app-services';

/** Who a command runs as: the account of `--user`, signed in for this one command, or no one. */
export interface CliSession {
  actor: Actor | null;
  /** The password `--user` signed in with (a user setting their own password gives it again). */
  password: string | null;
  /** What `services.call` is handed. */
  caller: Caller;
}

export const NO_ONE: CliSession = { actor: null, password: null, caller: { front: 'cli', account: null } };

/** Ctrl+C at a password prompt: the command stops, having done nothing. */
export class PromptStopped extends Error {
  constructor() {
    super('stopped at the password prompt');
  }
}

/** A terminal's own sequences (arrow keys, bracketed paste marks): never part of a password. */
// eslint-disable-next-line no-control-regex -- terminal sequences start with ESC
const ESCAPE_SEQUENCE = /\u001b(?:\[[0-9;?]*[ -/]*[@-~]|O.|.)?/gu;

/**
 * Asks for a secret at the terminal without echoing it: the prompt on standard error, the
 * characters read from standard input in raw mode. Backspace takes back one character, Enter
 * ends, Ctrl+C stops the command.
 */
function readSecret(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let value: string[] = [];
    const finish = (error: Error | null) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value.join(''));
    };
    const onData = (chunk: string) => {
      for (const ch of chunk.replace(ESCAPE_SEQUENCE, '')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish(null);
        if (ch === '\u0003') return finish(new PromptStopped());
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch === '\u0015') value = [];
        else if (ch >= ' ') value.push(ch);
      }
    };
    // Echo off before the prompt shows: nothing typed after it reaches the screen.
    stdin.setEncoding('utf8');
    stdin.setRawMode(true);
    process.stderr.write(prompt);
    stdin.on('data', onData);
    stdin.resume();
  });
}

/**
 * A secret from the environment variable `variable`, else asked at the terminal. With no
 * terminal to ask at (a script, a pipe) and no variable, the command stops and says which
 * variable to set.
 */
async function secret(env: NodeJS.ProcessEnv, variable: string, prompt: string, i18n: i18n): Promise<string> {
  const given = env[variable];
  if (given !== undefined) return given;
  if (!process.stdin.isTTY) throw new Error(i18n.t('cli:signIn.noTerminal', { variable }));
  return readSecret(prompt);
}

/** The password of `name`: BANMIAN_PASSWORD, else asked at the terminal. */
export function askPassword(env: NodeJS.ProcessEnv, name: string, i18n: i18n): Promise<string> {
  return secret(env, 'BANMIAN_PASSWORD', i18n.t('cli:signIn.prompt', { name }), i18n);
}

/** Signs in `name` with the password of BANMIAN_PASSWORD or the prompt: SIGN_IN_FAILED when wrong. */
export async function signIn(services: AppServices, name: string, env: NodeJS.ProcessEnv, i18n: i18n): Promise<CliSession> {
  const password = await secret(env, 'BANMIAN_PASSWORD', i18n.t('cli:signIn.prompt', { name }), i18n);
  const { actorOf } = await import('./services');
  const actor = actorOf(await services.authority.verify(name, password), 'cli');
  return { actor, password, caller: { front: 'cli', account: actor } };
}

/**
 * A new password (for `users add` and `users passwd`): BANMIAN_NEW_PASSWORD, or asked twice at
 * the terminal, both the same. Too short a password is refused here, in words.
 */
export async function newPassword(env: NodeJS.ProcessEnv, name: string, i18n: i18n): Promise<string> {
  const variable = 'BANMIAN_NEW_PASSWORD';
  const fromEnv = env[variable] !== undefined;
  const password = await secret(env, variable, i18n.t('cli:signIn.newPrompt', { name }), i18n);
  if ([...password].length < PASSWORD_MIN) throw new Error(i18n.t('cli:signIn.tooShort', { min: PASSWORD_MIN }));
  if (!fromEnv && (await readSecret(i18n.t('cli:signIn.againPrompt'))) !== password) throw new Error(i18n.t('cli:signIn.mismatch'));
  return password;
}

/**
 * Refuses a command that changes the archive unless it may: on an archive with accounts, only
 * as someone (SIGN_IN_REQUIRED), and that someone holding `permission` (PERMISSION_DENIED,
 * naming the roles that would). An archive without accounts lets anyone, as before.
 */
export function mayChange(archive: Archive, actor: Actor | null, permission?: Permission): void {
  if (!actor) {
    if (archive.hasAccounts()) throw new ApiError('SIGN_IN_REQUIRED');
    return;
  }
  if (!permission) return;
  const decision = decide(actor, permission);
  if (!decision.ok) throw new ApiError('PERMISSION_DENIED', { roles: decision.needs.join(',') });
}

/**
 * Does the archive in `dir` have accounts? Read without opening it as the programs do (no note
 * in its locks folder, no migration, nothing written), for a restore that must not disturb the
 * archive it may replace. False when there is no archive, or none that can be read: a restore
 * is then the way back, and there is no one to ask.
 */
export async function archiveHasAccounts(dir: string): Promise<boolean> {
  const { ARCHIVE_FILE, openDatabase } = await import('./services');
  const file = join(dir, ARCHIVE_FILE);
  if (!existsSync(file)) return false;
  let db: ReturnType<typeof openDatabase> | undefined;
  try {
    db = openDatabase(file, { readonly: true, fileMustExist: true });
    const table = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'accounts'").get();
    return table !== undefined && (db.prepare('SELECT count(*) FROM accounts WHERE removed_at IS NULL').pluck().get() as number) > 0;
  } catch {
    return false;
  } finally {
    db?.close();
  }
}
