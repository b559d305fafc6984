import type { Database } from 'better-sqlite3';
import type { Actor, Front } from '../../shared/domain/accounts';
import { stmt } from './statements';

/**
 * The audit trail: who did what, when and from where. Append-only: the table refuses updates
 * and deletes itself (triggers of migration 0070), so no code path, mistaken or not, can
 * rewrite what happened.
 */
export interface AuditEntry {
  id: number;
  at: string;
  /** The account's name; null before accounts, or from the command line on an archive with none. */
  by: string | null;
  front: Front | null;
  action: string;
  articleId: string | null;
  editionDate: string | null;
  page: number | null;
  detail: Record<string, string | number | boolean | null>;
}

export interface AuditRecord {
  action: string;
  articleId?: string | null;
  editionDate?: string | null;
  page?: number | null;
  detail?: AuditEntry['detail'];
}

export function recordAudit(db: Database, by: Actor | null | undefined, record: AuditRecord, at: string): void {
  stmt(db, 'INSERT INTO audit (at, account_id, front, action, article_id, edition_date, page, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    at,
    by?.accountId ?? null,
    by?.front ?? null,
    record.action,
    record.articleId ?? null,
    record.editionDate ?? null,
    record.page ?? null,
    JSON.stringify(record.detail ?? {}),
  );
}

export interface AuditQuery {
  articleId?: string | undefined;
  editionDate?: string | undefined;
  page?: number | undefined;
  /** ISO days, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  limit?: number | undefined;
}

interface Row {
  id: number;
  at: string;
  name: string | null;
  front: Front | null;
  action: string;
  article_id: string | null;
  edition_date: string | null;
  page: number | null;
  detail: string;
}

/** Entries, newest first. */
export function listAudit(db: Database, q: AuditQuery): AuditEntry[] {
  const rows = stmt(
    db,
    `SELECT t.id, t.at, a.name, t.front, t.action, t.article_id, t.edition_date, t.page, t.detail
     FROM audit t LEFT JOIN accounts a ON a.id = t.account_id
     WHERE (@article IS NULL OR t.article_id = @article)
       AND (@edition IS NULL OR t.edition_date = @edition)
       AND (@page IS NULL OR t.page = @page)
       AND (@from IS NULL OR t.at >= @from)
       AND (@to IS NULL OR t.at < @to)
     ORDER BY t.id DESC LIMIT @limit`,
  ).all({
    article: q.articleId ?? null,
    edition: q.editionDate ?? null,
    page: q.page ?? null,
    from: q.from ?? null,
    // `to` is a day, inclusive: everything before the next day.
    to: q.to ? `${q.to}\uffff` : null,
    limit: q.limit ?? 500,
  }) as Row[];
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    by: r.name,
    front: r.front,
    action: r.action,
    articleId: r.article_id,
    editionDate: r.edition_date,
    page: r.page,
    detail: JSON.parse(r.detail) as AuditEntry['detail'],
  }));
}
