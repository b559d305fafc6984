import { nodeCrypto } from '../node-crypto';
import { accountById, type AccountRow } from './accounts';
import type { SqlQuery } from './sql';

/**
 * Sessions: a random token (32 bytes, base64url) handed to the desktop once; the server keeps
 * only its SHA-256, so its database leaks no usable session.
 */
const hashOf = (token: string): string => nodeCrypto().createHash('sha256').update(token).digest('hex');

export async function startSession(db: SqlQuery, account: AccountRow, device: string): Promise<string> {
  const token = nodeCrypto().randomBytes(32).toString('base64url');
  await db.query('INSERT INTO sessions (token_hash, account_id, device) VALUES ($1, $2, $3)', [hashOf(token), account.id, device]);
  return token;
}

export interface Session {
  account: AccountRow;
  device: string;
  tokenHash: string;
}

/**
 * Sessions seen in the last few seconds: every pull and push names its session, and 200
 * desktops pulling after each change would otherwise read (and write) the sessions table
 * thousands of times a second. Forgotten whenever an account changes or a session ends here.
 */
const SEEN_MS = 10_000;
const seen = new Map<string, { session: Session; until: number }>();

export function forgetSessions(): void {
  seen.clear();
}

/** The signed-in account behind a token, or null (unknown, ended, or the account removed). */
export async function sessionOf(db: SqlQuery, token: string): Promise<Session | null> {
  const tokenHash = hashOf(token);
  const known = seen.get(tokenHash);
  if (known && known.until > Date.now()) return known.session;
  // When it was last used, to the minute: a write per session a minute, not per request.
  const [row] = await db.query<{ account_id: number | string; device: string; stale: boolean }>(
    `SELECT account_id, device, last_used_at < now() - interval '1 minute' AS stale FROM sessions WHERE token_hash = $1`,
    [tokenHash],
  );
  if (!row) {
    seen.delete(tokenHash);
    return null;
  }
  if (row.stale) await db.query('UPDATE sessions SET last_used_at = now() WHERE token_hash = $1', [tokenHash]);
  const account = await accountById(db, Number(row.account_id));
  if (!account || account.removed) return null;
  const session = { account, device: row.device, tokenHash };
  if (seen.size > 10_000) seen.clear();
  seen.set(tokenHash, { session, until: Date.now() + SEEN_MS });
  return session;
}

export async function endSession(db: SqlQuery, tokenHash: string): Promise<void> {
  seen.delete(tokenHash);
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
}
