import type { Database } from 'better-sqlite3';
import { stmt } from '../archive/statements';
import { dropSyncTriggers, installSyncTriggers } from '../archive/sync-triggers';

/** The newsroom this archive is joined to (migration 0080: sync_link). */
export interface SyncLink {
  serverUrl: string;
  serverId: string;
  device: string;
  account: string;
  cursor: number;
  joinedAt: string;
  lastSyncAt: string | null;
  lastError: string | null;
  keepYears: number | null;
}

interface LinkRow {
  server_url: string;
  server_id: string;
  device: string;
  account: string;
  cursor: number;
  joined_at: string;
  last_sync_at: string | null;
  last_error: string | null;
  keep_years: number | null;
}

export function readLink(db: Database): SyncLink | null {
  const row = stmt(db, 'SELECT * FROM sync_link WHERE id = 1').get() as LinkRow | undefined;
  if (!row) return null;
  return {
    serverUrl: row.server_url,
    serverId: row.server_id,
    device: row.device,
    account: row.account,
    cursor: row.cursor,
    joinedAt: row.joined_at,
    lastSyncAt: row.last_sync_at,
    lastError: row.last_error,
    keepYears: row.keep_years,
  };
}

/**
 * Joins the archive to a newsroom: from this transaction on, every write queues what it
 * changed; and everything the archive already holds is queued once, oldest first, so the
 * newsroom receives the desktop's whole archive. Joining another newsroom starts afresh.
 */
export function writeLink(db: Database, link: Pick<SyncLink, 'serverUrl' | 'serverId' | 'device' | 'account'>, now: string): void {
  const before = readLink(db);
  const sameServer = before?.serverId === link.serverId;
  stmt(
    db,
    `INSERT INTO sync_link (id, server_url, server_id, device, account, cursor, joined_at) VALUES (1, ?, ?, ?, ?, 0, ?)
     ON CONFLICT (id) DO UPDATE SET server_url = excluded.server_url, server_id = excluded.server_id, device = excluded.device,
       account = excluded.account, cursor = CASE WHEN ? THEN sync_link.cursor ELSE 0 END, last_error = NULL`,
  ).run(link.serverUrl, link.serverId, link.device, link.account, now, sameServer ? 1 : 0);
  stmt(db, 'INSERT OR IGNORE INTO sync_capture (id, actor, applying) VALUES (1, NULL, 0)').run();
  installSyncTriggers(db);
  if (sameServer) return;
  db.exec('DELETE FROM sync_state; DELETE FROM sync_outbox; DELETE FROM sync_tokens; DELETE FROM sync_problems;');
  const queue = (select: string) =>
    db.exec(`INSERT OR IGNORE INTO sync_outbox (key, op, actor, queued_at)
      SELECT k, lower(hex(randomblob(16))), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM (${select})`);
  queue(`SELECT 'edition:' || date AS k FROM editions ORDER BY date`);
  queue(`SELECT 'page:' || e.date || '/' || p.number AS k FROM pages p JOIN editions e ON e.id = p.edition_id ORDER BY e.date, p.number`);
  queue(`SELECT 'article:' || id AS k FROM articles ORDER BY created_at, id`);
  queue(`SELECT 'revision#' || id AS k FROM revisions ORDER BY id`);
  queue(`SELECT 'status#' || id AS k FROM status_changes ORDER BY id`);
  queue(`SELECT 'audit#' || id AS k FROM audit ORDER BY id`);
  queue(`SELECT 'placement:' || id AS k FROM placements ORDER BY rowid`);
  queue(`SELECT 'setting:' || key AS k FROM settings WHERE key IN ('proofreading', 'typefaces')`);
  queue(`SELECT 'template:' || name AS k FROM page_templates ORDER BY name`);
}

/** Leaves the newsroom: nothing more is queued; what waited is dropped. */
export function removeLink(db: Database): void {
  dropSyncTriggers(db);
  db.exec(
    'DELETE FROM sync_capture; DELETE FROM sync_link; DELETE FROM sync_outbox; DELETE FROM sync_state; DELETE FROM sync_tokens; DELETE FROM sync_problems;',
  );
}

export function updateLink(
  db: Database,
  patch: { cursor?: number; lastSyncAt?: string; lastError?: string | null; keepYears?: number | null },
): void {
  if (patch.cursor !== undefined) stmt(db, 'UPDATE sync_link SET cursor = ? WHERE id = 1').run(patch.cursor);
  if (patch.lastSyncAt !== undefined) stmt(db, 'UPDATE sync_link SET last_sync_at = ? WHERE id = 1').run(patch.lastSyncAt);
  if (patch.lastError !== undefined) stmt(db, 'UPDATE sync_link SET last_error = ? WHERE id = 1').run(patch.lastError);
  if (patch.keepYears !== undefined) stmt(db, 'UPDATE sync_link SET keep_years = ? WHERE id = 1').run(patch.keepYears);
}

export function tokenOf(db: Database, account: string): string | null {
  return (stmt(db, 'SELECT token FROM sync_tokens WHERE account = ?').pluck().get(account) as string | undefined) ?? null;
}

export function storeToken(db: Database, account: string, token: string, now: string): void {
  stmt(
    db,
    'INSERT INTO sync_tokens (account, token, obtained_at) VALUES (?, ?, ?) ON CONFLICT (account) DO UPDATE SET token = excluded.token, obtained_at = excluded.obtained_at',
  ).run(account, token, now);
}

export function dropToken(db: Database, account: string): void {
  stmt(db, 'DELETE FROM sync_tokens WHERE account = ?').run(account);
}

export interface OutboxEntry {
  seq: number;
  key: string;
  op: string;
  actor: string | null;
}

export function pendingCount(db: Database): number {
  return stmt(db, 'SELECT count(*) FROM sync_outbox').pluck().get() as number;
}

export function outboxBatch(db: Database, afterSeq: number, limit: number): OutboxEntry[] {
  return stmt(db, 'SELECT seq, key, op, actor FROM sync_outbox WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as OutboxEntry[];
}

/** Done with an op: removed unless the key was queued again meanwhile (then it has a new op id). */
export function clearOp(db: Database, key: string, op: string): void {
  stmt(db, 'DELETE FROM sync_outbox WHERE key = ? AND op = ?').run(key, op);
}

export function hasPending(db: Database, localKey: string): OutboxEntry | undefined {
  return stmt(db, 'SELECT seq, key, op, actor FROM sync_outbox WHERE key = ?').get(localKey) as OutboxEntry | undefined;
}

/** Writes that apply what the server sent are not queued back to it. */
export function applying<T>(db: Database, work: () => T): T {
  stmt(db, 'UPDATE sync_capture SET applying = 1').run();
  try {
    return work();
  } finally {
    stmt(db, 'UPDATE sync_capture SET applying = 0').run();
  }
}

export interface SyncStateRow {
  key: string;
  local_key: string | null;
  version: number;
  by_name: string | null;
  device: string | null;
  at: string | null;
}

export function stateOf(db: Database, key: string): SyncStateRow | undefined {
  return stmt(db, 'SELECT * FROM sync_state WHERE key = ?').get(key) as SyncStateRow | undefined;
}

export function stateByLocalKey(db: Database, localKey: string): SyncStateRow | undefined {
  return stmt(db, 'SELECT * FROM sync_state WHERE local_key = ?').get(localKey) as SyncStateRow | undefined;
}

export function writeState(db: Database, row: SyncStateRow): void {
  stmt(
    db,
    `INSERT INTO sync_state (key, local_key, version, by_name, device, at) VALUES (@key, @local_key, @version, @by_name, @device, @at)
     ON CONFLICT (key) DO UPDATE SET local_key = coalesce(excluded.local_key, sync_state.local_key), version = excluded.version,
       by_name = excluded.by_name, device = excluded.device, at = excluded.at`,
  ).run(row);
}

export interface SyncProblem {
  id: number;
  at: string;
  key: string;
  articleId: string | null;
  code: string;
  params: Record<string, string | number>;
}

export function recordProblem(db: Database, problem: Omit<SyncProblem, 'id'>): void {
  stmt(db, 'INSERT INTO sync_problems (at, key, article_id, code, params) VALUES (?, ?, ?, ?, ?)').run(
    problem.at,
    problem.key,
    problem.articleId,
    problem.code,
    JSON.stringify(problem.params),
  );
}

export function listProblems(db: Database, limit = 20): SyncProblem[] {
  const rows = stmt(db, 'SELECT id, at, key, article_id, code, params FROM sync_problems WHERE seen = 0 ORDER BY id DESC LIMIT ?').all(
    limit,
  ) as { id: number; at: string; key: string; article_id: string | null; code: string; params: string }[];
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    key: r.key,
    articleId: r.article_id,
    code: r.code,
    params: JSON.parse(r.params) as SyncProblem['params'],
  }));
}

export function dismissProblems(db: Database, upTo: number): void {
  stmt(db, 'UPDATE sync_problems SET seen = 1 WHERE id <= ?').run(upTo);
}
