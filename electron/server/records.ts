import { ZodError } from 'zod';
import {
  idOfKey,
  kindOfKey,
  parseDoc,
  PULL_LIMIT_MAX,
  type ArticleDoc,
  type OpOutcome,
  type PlacementDoc,
  type PullResponse,
  type PushOp,
  type PushRequest,
  type RecordKind,
  type ServerRecord,
} from '../../shared/sync/protocol';
import { checkChange, sameJson, type ChangeContext, type SyncActor } from '../../shared/sync/rules';
import type { SqlClient, SqlQuery } from './sql';
import { STATUSES, type Status } from '../../shared/domain/status';

/**
 * Records: what desktops push and pull. Every write of a record (a push, an account changed)
 * takes one lock for its whole transaction, so records get their `seq` in the order their
 * transactions commit: a pull that has seen seq N has seen everything before it, and its
 * cursor never skips a record committed later with a smaller number.
 */
const RECORDS_LOCK = 4_242_002;

export async function serializeWrites(tx: SqlQuery): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [RECORDS_LOCK]);
}

interface RecordRow {
  key: string;
  version: number | string;
  seq: number | string;
  doc: unknown;
  by_name: string | null;
  device: string | null;
  device_name?: string | null;
  at: Date | string;
}

const iso = (at: Date | string): string => (at instanceof Date ? at : new Date(at)).toISOString();

function toRecord(row: RecordRow): ServerRecord {
  return {
    key: row.key,
    version: Number(row.version),
    seq: Number(row.seq),
    doc: row.doc ?? null,
    by: row.by_name,
    device: row.device,
    deviceName: row.device_name ?? null,
    at: iso(row.at),
  };
}

const COLUMNS = 'key, version, seq, doc, by_name, device, at, (SELECT d.name FROM devices d WHERE d.id = records.device) AS device_name';

async function load(tx: SqlQuery, key: string): Promise<ServerRecord | null> {
  const [row] = await tx.query<RecordRow>(`SELECT ${COLUMNS} FROM records WHERE key = $1`, [key]);
  return row ? toRecord(row) : null;
}

/** Writes a record's new state: its version bumped, a new place in the sequence. Call under serializeWrites. */
export async function writeRecord(
  tx: SqlQuery,
  key: string,
  kind: RecordKind,
  doc: unknown,
  by: string | null,
  device: string | null,
): Promise<{ version: number; seq: number }> {
  const [row] = await tx.query<{ version: number | string; seq: number | string }>(
    `INSERT INTO records (key, kind, version, seq, doc, by_name, device, at)
     VALUES ($1, $2, 1, nextval('record_seq'), ($3::text)::jsonb, $4, $5, now())
     ON CONFLICT (key) DO UPDATE SET version = records.version + 1, seq = EXCLUDED.seq, doc = EXCLUDED.doc,
       by_name = EXCLUDED.by_name, device = EXCLUDED.device, at = EXCLUDED.at
     RETURNING version, seq`,
    [key, kind, doc === null ? null : JSON.stringify(doc), by, device],
  );
  return { version: Number(row!.version), seq: Number(row!.seq) };
}

/** The sequence number of the newest record (0 when there is none). */
export async function latestSeq(db: SqlQuery): Promise<number> {
  const [row] = await db.query<{ seq: number | string | null }>('SELECT max(seq) AS seq FROM records');
  return Number(row?.seq ?? 0);
}

/**
 * Were all versions of `key` after `base` made by `device`? Then a push from `base` is that
 * device's own change again, sent on after it lost the answer to the one before: not a conflict.
 */
async function onlyDeviceSince(tx: SqlQuery, key: string, base: number, version: number, device: string): Promise<boolean> {
  const [row] = await tx.query<{ n: number; others: number }>(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE device <> $3)::int AS others FROM record_ops WHERE key = $1 AND version > $2`,
    [key, base, device],
  );
  return row !== undefined && row.others === 0 && row.n === version - base;
}

/** The other placements of an edition, with their articles' headlines. */
async function placementContext(tx: SqlQuery, key: string, doc: PlacementDoc): Promise<ChangeContext> {
  const rows = await tx.query<{ doc: PlacementDoc; headline: string | null }>(
    `SELECT p.doc, a.doc->'draft'->>'headline' AS headline
       FROM records p LEFT JOIN records a ON a.key = 'article:' || (p.doc->'placement'->>'articleId')
      WHERE p.kind = 'placement' AND p.key <> $1 AND p.doc IS NOT NULL AND p.doc->>'date' = $2`,
    [key, doc.date],
  );
  return { others: rows };
}

/** The status an article was last spiked from, by the newest status change to spiked; null when none is known. */
async function spikedFrom(tx: SqlQuery, articleId: string): Promise<Status | null> {
  const [row] = await tx.query<{ from: string | null }>(
    `SELECT doc->>'from' AS from FROM records
      WHERE kind = 'status' AND doc->>'articleId' = $1 AND doc->>'to' = 'spiked'
      ORDER BY doc->>'at' DESC LIMIT 1`,
    [articleId],
  );
  const from = STATUSES.find((s) => s === row?.from);
  return from && from !== 'spiked' ? from : null;
}

/** What an article's change is judged by: where a spiked one was spiked from, where one going to the trash is placed. */
async function articleContext(
  tx: SqlQuery,
  articleId: string,
  current: ArticleDoc | null,
  next: ArticleDoc | null,
): Promise<ChangeContext> {
  const context: ChangeContext = {};
  if (current?.status === 'spiked') context.spikedFrom = await spikedFrom(tx, articleId);
  if (next?.deletedAt !== undefined && current?.deletedAt === undefined) {
    const [row] = await tx.query<{ date: string; page: number | string }>(
      `SELECT doc->>'date' AS date, doc->>'page' AS page FROM records
        WHERE kind = 'placement' AND doc IS NOT NULL AND doc->'placement'->>'articleId' = $1
        ORDER BY doc->>'date' DESC LIMIT 1`,
      [articleId],
    );
    context.placed = row ? { date: row.date, page: Number(row.page) } : null;
  }
  return context;
}

function issueOf(error: unknown): string {
  if (error instanceof ZodError)
    return error.issues
      .map((i) => `${i.path.join('.') || 'doc'}: ${i.message}`)
      .join('; ')
      .slice(0, 300);
  return error instanceof Error ? error.message.slice(0, 300) : 'doc';
}

async function pushOne(tx: SqlQuery, actor: SyncActor, device: string, op: PushOp): Promise<OpOutcome> {
  const [done] = await tx.query<{ outcome: OpOutcome }>('SELECT outcome FROM record_ops WHERE op_id = $1', [op.id]);
  if (done) return done.outcome;
  const kind = kindOfKey(op.key);
  if (kind === null) return { id: op.id, key: op.key, outcome: 'refused', code: 'INVALID_INPUT', params: { issue: 'key' }, current: null };
  if (kind === 'account') return { id: op.id, key: op.key, outcome: 'refused', code: 'RECORD_READ_ONLY', current: await load(tx, op.key) };
  let next: ReturnType<typeof parseDoc>;
  try {
    next = parseDoc(op.key, op.doc);
  } catch (error) {
    return { id: op.id, key: op.key, outcome: 'refused', code: 'INVALID_INPUT', params: { issue: issueOf(error) }, current: null };
  }
  const current = await load(tx, op.key);
  if (current && sameJson(current.doc, next)) {
    // Nothing to change: the record already holds this (a resend, or two desks agreeing).
    return { id: op.id, key: op.key, outcome: 'applied', version: current.version, seq: current.seq };
  }
  if (current && op.base !== current.version) {
    const fastForward = op.base < current.version && (await onlyDeviceSince(tx, op.key, op.base, current.version, device));
    if (!fastForward) return { id: op.id, key: op.key, outcome: 'conflict', current };
  }
  const context =
    kind === 'placement' && next !== null
      ? await placementContext(tx, op.key, next as PlacementDoc)
      : kind === 'article'
        ? await articleContext(tx, idOfKey(op.key), current?.doc as ArticleDoc | null, next as ArticleDoc | null)
        : undefined;
  const verdict = checkChange(actor, op.key, (current?.doc ?? null) as typeof next, next, context);
  if (!verdict.ok) {
    return {
      id: op.id,
      key: op.key,
      outcome: 'refused',
      code: verdict.code,
      ...(verdict.params ? { params: verdict.params } : {}),
      current,
    };
  }
  const { version, seq } = await writeRecord(tx, op.key, kind, next, actor.name, device);
  const outcome: OpOutcome = { id: op.id, key: op.key, outcome: 'applied', version, seq };
  await tx.query(`INSERT INTO record_ops (op_id, key, version, device, by_name, outcome) VALUES ($1, $2, $3, $4, $5, ($6::text)::jsonb)`, [
    op.id,
    op.key,
    version,
    device,
    actor.name,
    JSON.stringify(outcome),
  ]);
  return outcome;
}

/**
 * One push: its ops in order, in one transaction, while no other write of records runs. An op
 * refused or in conflict does not stop the ones after it. `applied`: whether anything changed.
 */
export async function push(db: SqlClient, actor: SyncActor, request: PushRequest): Promise<{ results: OpOutcome[]; changed: boolean }> {
  return db.transaction(async (tx) => {
    await serializeWrites(tx);
    const before = await latestSeq(tx);
    const results: OpOutcome[] = [];
    for (const op of request.ops) results.push(await pushOne(tx, actor, request.device, op));
    return { results, changed: results.some((r) => r.outcome === 'applied' && r.seq > before) };
  });
}

/** Records past `since`, oldest first. */
export async function pull(db: SqlQuery, since: number, limit: number): Promise<PullResponse> {
  const n = Math.max(1, Math.min(limit, PULL_LIMIT_MAX));
  const rows = await db.query<RecordRow>(`SELECT ${COLUMNS} FROM records WHERE seq > $1 ORDER BY seq LIMIT $2`, [since, n + 1]);
  const records = rows.slice(0, n).map(toRecord);
  return { records, next: records.at(-1)?.seq ?? since, more: rows.length > n };
}
