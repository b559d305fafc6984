import { readFileSync } from 'node:fs';
import type { Archive } from '../archive/archive';
import { imagePath } from '../archive/images';
import { stmt } from '../archive/statements';
import { ApiError } from '../../shared/api/errors';
import type { ImageMime } from '../../shared/domain/article';
import { idOfKey, kindOfKey, type ArticleDoc, type PlacementDoc, type PushOp, type ServerRecord } from '../../shared/sync/protocol';
import { applyRecords, keepOurs, keptOffMark, noneApplied, type Applied } from './apply';
import { localRecord } from './docs';
import {
  clearOp,
  dropToken,
  outboxBatch,
  pendingCount,
  readLink,
  recordProblem,
  tokenOf,
  updateLink,
  writeState,
  type OutboxEntry,
  type SyncLink,
} from './link';
import { ServerApi } from './server-api';

const PUSH_BATCH = 200;
/** JSON bytes of documents in one push, well under the server's REQUEST_BYTES_MAX. */
const PUSH_BYTES = 8 * 1024 * 1024;

/** An op as pushed, with the outbox entry it came from. */
type PushOpOf = PushOp & { localKey: string; actor: string | null };
const PULL_BATCH = 500;

/** What one sync moved, for the command line to print and the desk to show. */
export interface SyncReport {
  pushed: number;
  pulled: number;
  conflicts: number;
  refused: number;
  /** Changes that wait for their author to sign in while online (no session of theirs here). */
  waiting: number;
  waitingFor: string[];
  pending: number;
  applied: Applied;
}

function merge(into: Applied, from: Applied): void {
  from.articles.forEach((a) => into.articles.add(a));
  from.pages.forEach((p) => into.pages.add(p));
  into.accounts ||= from.accounts;
  into.conflicts += from.conflicts;
}

export function requireLink(archive: Archive): SyncLink {
  const link = readLink(archive.db);
  if (!link) throw new ApiError('SYNC_NOT_JOINED');
  return link;
}

/**
 * One sync: push what waits in the outbox, in order, each change under the session of the
 * person who made it; then pull everything past the cursor. A change goes out with the op id
 * it was queued with, so a push whose answer was lost is recognized when sent again.
 */
export async function syncOnce(archive: Archive, options: { now?: () => Date; pullLimit?: number } = {}): Promise<SyncReport> {
  const now = () => (options.now?.() ?? new Date()).toISOString();
  const link = requireLink(archive);
  const report: SyncReport = {
    pushed: 0,
    pulled: 0,
    conflicts: 0,
    refused: 0,
    waiting: 0,
    waitingFor: [],
    pending: 0,
    applied: noneApplied(),
  };
  try {
    await push(archive, link, report, now);
    await pull(archive, link, report, now, options.pullLimit ?? PULL_BATCH);
    archive.write(() => updateLink(archive.db, { lastSyncAt: now(), lastError: null }));
  } catch (error) {
    const code = error instanceof ApiError ? error.code : 'INTERNAL';
    archive.write(() => updateLink(archive.db, { lastError: code }));
    throw error;
  }
  report.pending = pendingCount(archive.db);
  report.conflicts = report.applied.conflicts;
  return report;
}

async function push(archive: Archive, link: SyncLink, report: SyncReport, now: () => string): Promise<void> {
  const db = archive.db;
  const waitingFor = new Set<string>();
  let after = 0;
  for (;;) {
    const batch = outboxBatch(db, after, PUSH_BATCH);
    if (!batch.length) break;
    after = batch.at(-1)!.seq;
    // Consecutive changes by one person go out together under their session.
    const runs: { account: string; entries: OutboxEntry[] }[] = [];
    for (const entry of batch) {
      const account = entry.actor ?? link.account;
      if (!tokenOf(db, account)) {
        waitingFor.add(account);
        report.waiting++;
        continue;
      }
      const last = runs.at(-1);
      if (last?.account === account) last.entries.push(entry);
      else runs.push({ account, entries: [entry] });
    }
    for (const run of runs) {
      const api = new ServerApi(link.serverUrl, tokenOf(db, run.account));
      const ops: PushOpOf[] = [];
      for (const entry of run.entries) {
        const record = localRecord(db, entry.key, link.device);
        if (!record) {
          archive.write(() => clearOp(db, entry.key, entry.op));
          continue;
        }
        const base = (stmt(db, 'SELECT version FROM sync_state WHERE key = ?').pluck().get(record.key) as number | undefined) ?? 0;
        ops.push({ id: entry.op, key: record.key, base, doc: record.doc, localKey: entry.key, actor: entry.actor });
      }
      if (!ops.length) continue;
      for (const chunk of bySize(ops)) {
        if (await pushChunk(archive, link, api, run.account, chunk, report, now)) continue;
        waitingFor.add(run.account);
        report.waiting += chunk.length;
        break;
      }
    }
  }
  report.waitingFor = [...waitingFor];
}

/** Ops in pushes of at most PUSH_BYTES of JSON (a story with a long body and its revisions is large). */
function bySize(ops: PushOpOf[]): PushOpOf[][] {
  const chunks: PushOpOf[][] = [[]];
  let bytes = 0;
  for (const op of ops) {
    const size = JSON.stringify(op.doc).length;
    if (chunks.at(-1)!.length && bytes + size > PUSH_BYTES) {
      chunks.push([]);
      bytes = 0;
    }
    chunks.at(-1)!.push(op);
    bytes += size;
  }
  return chunks;
}

/** One push; false when the account's session on the server has ended (its changes wait for it). */
async function pushChunk(
  archive: Archive,
  link: SyncLink,
  api: ServerApi,
  account: string,
  ops: PushOpOf[],
  report: SyncReport,
  now: () => string,
): Promise<boolean> {
  const images = ops.flatMap((op) =>
    kindOfKey(op.key) === 'article' ? (op.doc as ArticleDoc).draft.photos.flatMap((p) => (p.hash ? [p.hash] : [])) : [],
  );
  try {
    await sendImages(archive, api, [...new Set(images)]);
    const { results } = await api.push(
      link.device,
      ops.map(({ localKey: _l, actor: _a, ...op }) => op),
    );
    settle(archive, link, ops, results, report, now());
    return true;
  } catch (error) {
    if (
      error instanceof ApiError &&
      (error.code === 'SIGN_IN_REQUIRED' || error.code === 'SESSION_EXPIRED' || error.code === 'ACCOUNT_REMOVED')
    ) {
      // The session ended on the server (password changed, account removed): the person signs in again.
      archive.write(() => dropToken(archive.db, account));
      return false;
    }
    throw error;
  }
}

async function sendImages(archive: Archive, api: ServerApi, hashes: string[]): Promise<void> {
  for (const hash of await api.missingImages(hashes)) {
    const row = stmt(archive.db, 'SELECT mime FROM images WHERE hash = ?').get(hash) as { mime: ImageMime } | undefined;
    if (!row) continue;
    await api.uploadImage(hash, readFileSync(imagePath(archive.photosDir, hash, row.mime)), row.mime);
  }
}

function settle(
  archive: Archive,
  link: SyncLink,
  ops: PushOpOf[],
  results: Awaited<ReturnType<ServerApi['push']>>['results'],
  report: SyncReport,
  at: string,
): void {
  const db = archive.db;
  const byId = new Map(ops.map((op) => [op.id, op]));
  const replays: ServerRecord[] = [];
  archive.write(() => {
    for (const result of results) {
      const op = byId.get(result.id);
      if (!op) continue;
      if (result.outcome === 'applied') {
        report.pushed++;
        writeState(db, {
          key: op.key,
          local_key: op.localKey === op.key ? null : op.localKey,
          version: result.version,
          by_name: op.actor ?? link.account,
          device: link.device,
          at,
        });
        clearOp(db, op.localKey, op.id);
      } else if (result.outcome === 'conflict') {
        replays.push(result.current);
      } else {
        report.refused++;
        const pending = { seq: 0, key: op.localKey, op: op.id, actor: op.actor };
        const articleId = kindOfKey(op.key) === 'article' ? (op.doc as ArticleDoc).id : null;
        const problem = { code: result.code, params: result.params ?? {} };
        if (result.current) {
          keepOurs(archive, result.current, pending, at, report.applied, problem);
          replays.push(result.current);
        } else {
          clearOp(db, op.localKey, op.id);
          if (kindOfKey(op.key) === 'placement') {
            stmt(db, 'UPDATE sync_capture SET applying = 1').run();
            stmt(db, 'DELETE FROM placements WHERE id = ?').run(op.key.slice('placement:'.length));
            stmt(db, 'UPDATE sync_capture SET applying = 0').run();
            const where = op.doc as PlacementDoc;
            report.applied.pages.add(`${where.date}/${where.page}`);
          }
          recordProblem(db, { at, key: op.key, articleId, ...problem });
        }
      }
    }
  });
  if (replays.length) merge(report.applied, applyRecords(archive, replays, link.device, at, true));
}

async function pull(archive: Archive, link: SyncLink, report: SyncReport, now: () => string, limit: number): Promise<void> {
  const db = archive.db;
  const api = new ServerApi(link.serverUrl, tokenOf(db, link.account) ?? anyToken(archive));
  let cursor = readLink(db)?.cursor ?? 0;
  const cutoff = link.keepYears ? new Date(Date.now() - link.keepYears * 365.25 * 86_400_000).toISOString() : null;
  for (;;) {
    const answer = await api.pull(cursor, limit);
    // A laptop that keeps the newest years only: older stories stay on the server, marked so
    // that their history and placements are not kept waiting for them.
    const old = (r: ServerRecord) =>
      cutoff !== null &&
      kindOfKey(r.key) === 'article' &&
      !stmt(db, 'SELECT 1 FROM articles WHERE id = ?').get(idOfKey(r.key)) &&
      (r.doc as ArticleDoc | null)?.createdAt !== undefined &&
      (r.doc as ArticleDoc).createdAt < cutoff;
    const keptOff = answer.records.filter(old);
    if (keptOff.length)
      archive.write(() => {
        for (const r of keptOff)
          writeState(db, {
            key: r.key,
            local_key: keptOffMark(idOfKey(r.key)),
            version: r.version,
            by_name: r.by,
            device: r.device,
            at: r.at,
          });
      });
    const records = answer.records.filter((r) => !old(r));
    const unavailable = await fetchImages(archive, api, records, now());
    merge(report.applied, applyRecords(archive, records, link.device, now(), false, unavailable));
    report.pulled += answer.records.length;
    cursor = answer.next;
    archive.write(() => updateLink(db, { cursor }));
    if (!answer.more) break;
  }
  // The newsroom's accounts are the ones that sign in here: an account this desktop had of its
  // own before it joined is removed (its name stays in the trail), once the server's are here.
  archive.write(() =>
    stmt(
      db,
      `UPDATE accounts SET removed_at = ? WHERE removed_at IS NULL
         AND EXISTS (SELECT 1 FROM sync_state WHERE key LIKE 'account:%')
         AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'account:' || accounts.name)`,
    ).run(now()),
  );
}

/** Any session this desktop holds: pulling needs only someone signed in to the newsroom. */
function anyToken(archive: Archive): string | null {
  return (stmt(archive.db, 'SELECT token FROM sync_tokens ORDER BY obtained_at DESC LIMIT 1').pluck().get() as string | undefined) ?? null;
}

/** Downloads the photos pulled stories show; the hashes the server could not send (reported to the desk). */
async function fetchImages(archive: Archive, api: ServerApi, records: ServerRecord[], at: string): Promise<Set<string>> {
  const unavailable = new Set<string>();
  const wanted = new Set<string>();
  for (const r of records) {
    if (kindOfKey(r.key) !== 'article' || !r.doc) continue;
    for (const photo of (r.doc as ArticleDoc).draft.photos) if (photo.hash) wanted.add(photo.hash);
  }
  for (const hash of wanted) {
    if (stmt(archive.db, 'SELECT 1 FROM images WHERE hash = ?').get(hash)) continue;
    try {
      archive.importImage(await api.downloadImage(hash), hash);
    } catch (error) {
      // The server lost it, or it is not an image this desk takes: the rest goes on.
      if (error instanceof ApiError && (error.code === 'SYNC_OFFLINE' || error.code === 'ARCHIVE_BUSY')) throw error;
      unavailable.add(hash);
      archive.write(() =>
        recordProblem(archive.db, {
          at,
          key: `image:${hash}`,
          articleId: null,
          code: 'SYNC_IMAGE_MISSING',
          params: { hash: hash.slice(0, 12) },
        }),
      );
    }
  }
  return unavailable;
}
