import { LOCK_TTL_MS, type LockInfo, type LockResponse } from '../../shared/sync/protocol';
import type { SqlClient, SqlQuery } from './sql';

/**
 * Check-outs: one desk edits a story at a time. A lock lasts LOCK_TTL_MS unless renewed; an
 * expired one is free. Someone else's lock is reported, not taken, unless asked to take it over.
 */
interface LockRow {
  article_id: string;
  account: string;
  device: string;
  since: Date | string;
  renewed_at: Date | string;
  device_name?: string | null;
}

const iso = (at: Date | string): string => (at instanceof Date ? at : new Date(at)).toISOString();
const toLock = (r: LockRow): LockInfo => ({
  articleId: r.article_id,
  name: r.account,
  device: r.device,
  deviceName: r.device_name ?? null,
  since: iso(r.since),
  renewedAt: iso(r.renewed_at),
});
const isMine = (lock: LockInfo, name: string, device: string): boolean =>
  lock.name.toLowerCase() === name.toLowerCase() && lock.device === device;
const expired = (lock: LockInfo, now: number): boolean => Date.parse(lock.renewedAt) + LOCK_TTL_MS <= now;

export async function getLock(db: SqlQuery, articleId: string): Promise<LockInfo | null> {
  const [row] = await db.query<LockRow>(
    `SELECT l.*, d.name AS device_name FROM locks l LEFT JOIN devices d ON d.id = l.device WHERE l.article_id = $1`,
    [articleId],
  );
  if (!row) return null;
  const lock = toLock(row);
  return expired(lock, Date.now()) ? null : lock;
}

export async function takeLock(db: SqlClient, articleId: string, name: string, device: string, takeOver: boolean): Promise<LockResponse> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<LockRow>(
      `SELECT l.*, (SELECT d.name FROM devices d WHERE d.id = l.device) AS device_name FROM locks l WHERE l.article_id = $1 FOR UPDATE`,
      [articleId],
    );
    const held = row ? toLock(row) : null;
    const now = Date.now();
    const free = held === null || expired(held, now);
    const mine = held !== null && isMine(held, name, device);
    if (!free && !mine && !takeOver) return { lock: held, mine: false };
    const since = mine && !expired(held, now) ? held.since : new Date(now).toISOString();
    const [taken] = await tx.query<LockRow>(
      `INSERT INTO locks (article_id, account, device, since, renewed_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (article_id) DO UPDATE SET account = EXCLUDED.account, device = EXCLUDED.device, since = EXCLUDED.since, renewed_at = EXCLUDED.renewed_at
       RETURNING *, (SELECT d.name FROM devices d WHERE d.id = locks.device) AS device_name`,
      [articleId, name, device, since, new Date(now).toISOString()],
    );
    const lock = toLock(taken!);
    return !free && !mine ? { lock, mine: true, tookFrom: held } : { lock, mine: true };
  });
}

/** Releases the caller's lock; false when it was not theirs (nothing changed). */
export async function releaseLock(db: SqlQuery, articleId: string, name: string, device: string): Promise<boolean> {
  const rows = await db.query(
    'DELETE FROM locks WHERE article_id = $1 AND lower(account) = lower($2) AND device = $3 RETURNING article_id',
    [articleId, name, device],
  );
  return rows.length > 0;
}
