import { nodeCrypto } from '../node-crypto';
import type { Front } from '../../shared/domain/accounts';

/**
 * Who is signed in, in this process: a random token per session (the app's one window set,
 * each browser of the host), kept in memory only, so a session never outlives the program
 * that made it and no token lies in the archive. A session ends on sign-out, after the
 * archive's idle time without a call, or when its account is removed.
 */
export interface Session {
  accountId: number;
  front: Front;
  lastSeen: number;
}

export class Sessions {
  private readonly byToken = new Map<string, Session>();

  constructor(private readonly clock: () => number = () => Date.now()) {}

  start(accountId: number, front: Front): string {
    const token = nodeCrypto().randomBytes(32).toString('base64url');
    this.byToken.set(token, { accountId, front, lastSeen: this.clock() });
    return token;
  }

  end(token: string | null | undefined): void {
    if (token) this.byToken.delete(token);
  }

  endAllOf(accountId: number): void {
    for (const [token, session] of this.byToken) if (session.accountId === accountId) this.byToken.delete(token);
  }

  /**
   * The session of a token, seen now; 'expired' (and ended) when it sat idle longer than
   * `idleMs`; undefined when there is none. Without `activity` (a call the desk makes by
   * itself), the session is checked but not kept alive.
   */
  touch(token: string | null | undefined, idleMs: number, activity = true): Session | 'expired' | undefined {
    if (!token) return undefined;
    const session = this.byToken.get(token);
    if (!session) return undefined;
    const now = this.clock();
    if (now - session.lastSeen > idleMs) {
      this.byToken.delete(token);
      return 'expired';
    }
    if (activity) session.lastSeen = now;
    return session;
  }

  /** The session without counting it as activity (the desk asking who is signed in). */
  peek(token: string | null | undefined, idleMs: number): Session | undefined {
    const session = token ? this.byToken.get(token) : undefined;
    return session && this.clock() - session.lastSeen <= idleMs ? session : undefined;
  }
}
