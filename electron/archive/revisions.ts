import type { Database } from 'better-sqlite3';
import { stmt } from './statements';
import type { RevisionSummary } from '../../shared/api/contract';
import { type ArticleDraft } from '../../shared/domain/article';
import { checkedDraft } from './stored-shapes';
import type { Actor } from '../../shared/domain/accounts';

export type RevisionReason = RevisionSummary['reason'];

/**
 * An editing burst is a run of saves with no pause longer than BURST_GAP, capped at BURST_MAX:
 * autosaves within a burst rewrite one revision, so the history lists bursts, not keystrokes.
 */
export const BURST_GAP_MS = 2 * 60_000;
export const BURST_MAX_MS = 15 * 60_000;

interface OpenRevision {
  id: number;
  created_at: string;
  updated_at: string;
}

/**
 * Records the state after an edit: into the open burst's revision if the burst goes on, else
 * as a new revision. `checkpoint` (an explicit save) closes the burst after this state.
 */
export function recordEdit(
  db: Database,
  articleId: string,
  draft: ArticleDraft,
  chars: number,
  now: Date,
  checkpoint: boolean,
  by: Actor | null = null,
): void {
  // A burst is one person's: someone else's save starts a revision of its own.
  const open = stmt(
    db,
    'SELECT id, created_at, updated_at FROM revisions WHERE article_id = ? AND open = 1 AND by_account IS ? ORDER BY id DESC LIMIT 1',
  ).get(articleId, by?.accountId ?? null) as OpenRevision | undefined;
  const t = now.getTime();
  const continues = open && t - Date.parse(open.updated_at) <= BURST_GAP_MS && t - Date.parse(open.created_at) <= BURST_MAX_MS;
  if (open && continues) {
    stmt(db, 'UPDATE revisions SET snapshot = ?, headline = ?, chars = ?, updated_at = ?, open = ? WHERE id = ?').run(
      JSON.stringify(draft),
      draft.headline,
      chars,
      now.toISOString(),
      checkpoint ? 0 : 1,
      open.id,
    );
    return;
  }
  closeBurst(db, articleId);
  insertRevision(db, articleId, draft, chars, now, 'edit', !checkpoint, by);
}

export function closeBurst(db: Database, articleId: string): void {
  stmt(db, 'UPDATE revisions SET open = 0 WHERE article_id = ? AND open = 1').run(articleId);
}

export function insertRevision(
  db: Database,
  articleId: string,
  draft: ArticleDraft,
  chars: number,
  now: Date,
  reason: RevisionReason,
  open = false,
  by: Actor | null = null,
): number {
  const at = now.toISOString();
  const result = stmt(
    db,
    `INSERT INTO revisions (article_id, reason, open, headline, chars, snapshot, created_at, updated_at, by_account)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(articleId, reason, open ? 1 : 0, draft.headline, chars, JSON.stringify(draft), at, at, by?.accountId ?? null);
  return Number(result.lastInsertRowid);
}

const SELECT = 'SELECT r.*, a.name AS by FROM revisions r LEFT JOIN accounts a ON a.id = r.by_account';

interface RevisionRow {
  id: number;
  article_id: string;
  reason: RevisionReason;
  headline: string;
  chars: number;
  snapshot: string;
  created_at: string;
  updated_at: string;
  by: string | null;
}

function summary(row: RevisionRow): RevisionSummary {
  return {
    id: row.id,
    articleId: row.article_id,
    reason: row.reason,
    headline: row.headline,
    chars: row.chars,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    by: row.by,
  };
}

export function listRevisions(db: Database, articleId: string): RevisionSummary[] {
  const rows = stmt(db, `${SELECT} WHERE r.article_id = ? ORDER BY r.id DESC`).all(articleId) as RevisionRow[];
  return rows.map(summary);
}

export function readRevision(db: Database, id: number): { revision: RevisionSummary; draft: ArticleDraft } | undefined {
  const row = stmt(db, `${SELECT} WHERE r.id = ?`).get(id) as RevisionRow | undefined;
  if (!row) return undefined;
  // Snapshots are parsed through the draft schema so an old snapshot gains fields added since.
  return { revision: summary(row), draft: checkedDraft(JSON.parse(row.snapshot)) };
}
