import { METHOD_PERMISSION, PASSIVE_METHODS } from '../../shared/api/access';
import type { HandlerContext } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { ApiMethod } from '../../shared/api/methods';
import { DESK_ROLES, type Actor, type DeskRole, type Front } from '../../shared/domain/account-basics';
import { decide } from '../../shared/domain/permissions';
import type { AccountRow } from '../archive/accounts';
import type { Archive } from '../archive/archive';
import { decoyHash, hashPassword, verifyPassword } from './passwords';
import { Sessions } from './sessions';

/**
 * A call as a front end hands it in: where it came from, and who it says it is. The app and
 * the browser host pass the token of their session; the command line passes the account it
 * signed in itself (with the user's password) for this one command.
 */
export interface Caller {
  front: Front;
  token?: string | null;
  /** The command line's account, already signed in; null when it runs without one. */
  account?: Actor | null;
  /** Hears the session a sign-in started or a sign-out ended. */
  onSession?: (token: string | null) => void;
}

/** After this many failed sign-ins in a row, each try waits: 1, 2, 4… seconds, at most 30. */
const FREE_FAILURES = 3;
const MAX_DELAY_MS = 30_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function actorOf(account: AccountRow, front: Front): Actor {
  return { accountId: account.id, name: account.name, roles: account.roles, personId: account.personId, front };
}

/**
 * Who may call what: the gate every call of every front end passes. Once an archive has
 * accounts, the app and the browser host serve only signed-in sessions, and the command line
 * changes nothing without its user; each call then needs the permission its method names
 * (shared/api/access.ts). What depends on the story itself is checked where it is written.
 */
export class Authority {
  readonly sessions: Sessions;
  /** Failed sign-ins under names no account has, so guessing names is slowed the same. */
  private readonly unknownFailures = new Map<string, { failures: number; at: number }>();

  constructor(
    private readonly archive: Archive,
    private readonly clock: () => number = () => Date.now(),
  ) {
    this.sessions = new Sessions(clock);
  }

  private idleMs(): number {
    return this.archive.settings().idleMinutes * 60_000;
  }

  /** The account behind a session, if it is still signed in (without counting the look as activity). */
  current(token: string | null | undefined): AccountRow | null {
    const session = this.sessions.peek(token, this.idleMs());
    if (!session) return null;
    const account = this.archive.account(session.accountId);
    return account && !account.removed ? account : null;
  }

  /** The context a handler runs in, or the refusal: not signed in, idle too long, not allowed. */
  contextFor(method: ApiMethod, caller: Caller): HandlerContext {
    const token = caller.token ?? null;
    const context = (actor: Actor | null): HandlerContext => ({
      actor,
      front: caller.front,
      token,
      setSession: (t) => caller.onSession?.(t),
    });
    const permission = METHOD_PERMISSION[method];
    if (permission === 'public') return context(this.actorFor(caller, false, true));
    const hasAccounts = this.archive.hasAccounts();
    let actor: Actor | null;
    if (caller.front === 'cli') {
      actor = caller.account ?? null;
      // The command line may read any archive; it changes one with accounts only as someone.
      if (!actor && hasAccounts && permission !== 'read') throw new ApiError('SIGN_IN_REQUIRED');
      if (!actor) return context(null);
    } else {
      if (!hasAccounts) throw new ApiError('SETUP_REQUIRED');
      actor = this.actorFor(caller, true, !PASSIVE_METHODS.has(method));
      if (!actor) throw new ApiError('SIGN_IN_REQUIRED');
    }
    if (permission === 'signed-in') return context(actor);
    const decision = decide(actor, permission);
    if (!decision.ok) throw new ApiError('PERMISSION_DENIED', { roles: decision.needs.join(',') });
    return context(actor);
  }

  /** The caller's actor; with `strict`, an ended or removed session is an error in words. */
  private actorFor(caller: Caller, strict: boolean, activity: boolean): Actor | null {
    if (caller.front === 'cli') return caller.account ?? null;
    const session = this.sessions.touch(caller.token, this.idleMs(), activity);
    if (session === 'expired') {
      if (strict) throw new ApiError('SESSION_EXPIRED', { minutes: this.archive.settings().idleMinutes });
      return null;
    }
    if (!session) return null;
    const account = this.archive.account(session.accountId);
    if (!account || account.removed) {
      this.sessions.endAllOf(session.accountId);
      if (strict) throw new ApiError('ACCOUNT_REMOVED', { name: account?.name ?? '' });
      return null;
    }
    return actorOf(account, caller.front);
  }

  /**
   * Checks a name and password. Wrong either way says the same, after the same work (an
   * unknown name is checked against a decoy hash); after a few failures in a row each try
   * waits longer, whoever tries.
   */
  async verify(name: string, password: string): Promise<AccountRow> {
    const account = this.archive.accountByName(name);
    const key = name.trim().toLowerCase();
    const failures = account ? account.failures : (this.unknownFailures.get(key)?.failures ?? 0);
    const lastAt = account ? (account.failedAt ? Date.parse(account.failedAt) : 0) : (this.unknownFailures.get(key)?.at ?? 0);
    if (failures >= FREE_FAILURES) {
      const delay = Math.min(2 ** (failures - FREE_FAILURES) * 1000, MAX_DELAY_MS);
      const wait = lastAt + delay - this.clock();
      if (wait > 0) await sleep(wait);
    }
    const ok = await verifyPassword(password, account?.password ?? (await decoyHash()));
    if (!account || !ok) {
      if (account) this.archive.recordSignIn(account.id, false);
      else this.unknownFailures.set(key, { failures: failures + 1, at: this.clock() });
      throw new ApiError('SIGN_IN_FAILED');
    }
    if (account.removed) throw new ApiError('ACCOUNT_REMOVED', { name: account.name });
    this.archive.recordSignIn(account.id, true);
    return account;
  }

  /** Signs in: a new session for the front end to keep. */
  async signIn(name: string, password: string, front: Front): Promise<{ account: AccountRow; token: string }> {
    const account = await this.verify(name, password);
    return { account, token: this.sessions.start(account.id, front) };
  }

  /** The archive's first account: its administrator (with any other roles asked for). */
  async setup(input: { name: string; password: string; roles?: readonly DeskRole[]; person?: string }, by: Front): Promise<AccountRow> {
    if (this.archive.hasAccounts()) throw new ApiError('SETUP_DONE');
    const roles = DESK_ROLES.filter((r) => r === 'admin' || input.roles?.includes(r));
    const passwordHash = await hashPassword(input.password);
    return this.archive.addAccount({ name: input.name, roles, person: input.person, passwordHash }, null, by, { onlyIfFirst: true });
  }
}
