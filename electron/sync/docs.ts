import type { Database } from 'better-sqlite3';
import { stmt } from '../archive/statements';
import { readArticle } from '../archive/articles';
import { readSettings } from '../archive/settings';
import { articleDraftSchema } from '../../shared/domain/article-schemas';
import { pageGeometrySchema } from '../../shared/domain/layout-schemas';
import type {
  ArticleDoc,
  AuditDoc,
  EditionDoc,
  PageDoc,
  PlacementDoc,
  RevisionDoc,
  StatusDoc,
  TemplateDoc,
} from '../../shared/sync/protocol';
import type { Status } from '../../shared/domain/status';
import type { Front } from '../../shared/domain/accounts';
import { stateByLocalKey } from './link';
import { listTemplates } from '../archive/templates';
import { furnitureOf, placementOf, type PlacementRow } from '../archive/layout';

/**
 * What this desktop holds of a record, as the newsroom names it: the outbox's key turned
 * into the record's key and its whole state now (null: it is gone, a placement taken off).
 * Rows made here get the uid `<device>.<row id>`; rows that came from elsewhere keep theirs.
 */
export interface LocalRecord {
  key: string;
  doc: unknown;
}

const LOCAL_ROW = /^(revision|status|audit)#(\d+)$/;

/** The newsroom's key of a local row (`revision#12` → `revision:<device>.12`, or the uid it came with). */
export function wireKeyOf(db: Database, localKey: string, device: string): string {
  const m = LOCAL_ROW.exec(localKey);
  if (!m) return localKey;
  return stateByLocalKey(db, localKey)?.key ?? `${m[1]}:${device}.${m[2]}`;
}

/** The uid of a local revision row, as other desktops know it. */
export function revisionUid(db: Database, id: number, device: string): string {
  return wireKeyOf(db, `revision#${id}`, device).slice('revision:'.length);
}

export function localRecord(db: Database, localKey: string, device: string): LocalRecord | null {
  const kind = localKey.slice(0, Math.max(localKey.indexOf(':'), localKey.indexOf('#')));
  const id = localKey.slice(kind.length + 1);
  const key = wireKeyOf(db, localKey, device);
  switch (kind) {
    case 'article': {
      const doc = articleDoc(db, id, device);
      return doc && { key, doc };
    }
    case 'revision': {
      const doc = revisionDoc(db, Number(id));
      return doc && { key, doc };
    }
    case 'status': {
      const doc = statusDoc(db, Number(id));
      return doc && { key, doc };
    }
    case 'audit': {
      const doc = auditDoc(db, Number(id));
      return doc && { key, doc };
    }
    case 'edition':
      return orGone(db, key, editionDoc(db, id));
    case 'page':
      return orGone(db, key, pageDoc(db, id));
    case 'placement':
      return { key, doc: placementDoc(db, id) };
    case 'template':
      return { key, doc: templateDoc(db, id) };
    case 'setting':
      return { key, doc: id === 'typefaces' ? { typefaces: readSettings(db).typefaces } : { proofreading: readSettings(db).proofreading } };
    default:
      return null;
  }
}

/**
 * An edition or page that is no longer here was deleted, renumbered or given a new date: a
 * deletion for the newsroom, if it ever had the record. One it never had (made and deleted
 * between two pushes, or the number a page waits at while pages move) is nothing to send.
 */
function orGone(db: Database, key: string, doc: EditionDoc | PageDoc | null): LocalRecord | null {
  if (doc) return { key, doc };
  return stmt(db, 'SELECT 1 FROM sync_state WHERE key = ?').get(key) ? { key, doc: null } : null;
}

export function articleDoc(db: Database, id: string, device: string): ArticleDoc | null {
  const article = readArticle(db, id);
  if (!article) return null;
  const printed = stmt(
    db,
    'SELECT i.file_hash, i.issue, i.total_issue FROM articles a JOIN imports i ON i.id = a.import_id WHERE a.id = ?',
  ).get(id) as { file_hash: string; issue: number | null; total_issue: number | null } | undefined;
  return {
    id,
    status: article.status,
    draft: articleDraftSchema.parse(article),
    createdAt: article.createdAt,
    updatedAt: article.updatedAt,
    createdBy: article.createdBy,
    updatedBy: article.updatedBy,
    signedRevision: article.signedRevision === null ? null : revisionUid(db, article.signedRevision, device),
    editionDate: article.editionDate,
    page: article.page,
    origin:
      article.origin && printed
        ? {
            ...article.origin,
            fileHash: printed.file_hash,
            ...(printed.issue !== null ? { issue: printed.issue } : {}),
            ...(printed.total_issue !== null ? { totalIssue: printed.total_issue } : {}),
          }
        : null,
    needsReview: article.needsReview,
    ...trashOf(db, id),
  };
}

/** The article's place in the trash, as the record carries it: nothing at all when it is not there. */
function trashOf(db: Database, id: string): Pick<ArticleDoc, 'deletedAt' | 'deletedBy'> {
  const row = stmt(db, 'SELECT a.deleted_at, ac.name FROM articles a LEFT JOIN accounts ac ON ac.id = a.deleted_by WHERE a.id = ?').get(
    id,
  ) as { deleted_at: string | null; name: string | null } | undefined;
  return row?.deleted_at ? { deletedAt: row.deleted_at, deletedBy: row.name } : {};
}

function revisionDoc(db: Database, id: number): RevisionDoc | null {
  const row = stmt(
    db,
    `SELECT r.article_id, r.reason, r.open, r.headline, r.chars, r.snapshot, r.created_at, r.updated_at, a.name AS by
     FROM revisions r LEFT JOIN accounts a ON a.id = r.by_account WHERE r.id = ?`,
  ).get(id) as
    | {
        article_id: string;
        reason: RevisionDoc['reason'];
        open: number;
        headline: string;
        chars: number;
        snapshot: string;
        created_at: string;
        updated_at: string;
        by: string | null;
      }
    | undefined;
  if (!row) return null;
  return {
    articleId: row.article_id,
    reason: row.reason,
    open: row.open === 1,
    headline: row.headline,
    chars: row.chars,
    draft: articleDraftSchema.parse(JSON.parse(row.snapshot)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    by: row.by,
  };
}

function statusDoc(db: Database, id: number): StatusDoc | null {
  const row = stmt(
    db,
    `SELECT s.article_id, s.from_status, s.to_status, s.at, s.front, s.reason, a.name AS by
     FROM status_changes s LEFT JOIN accounts a ON a.id = s.by_account WHERE s.id = ?`,
  ).get(id) as
    | {
        article_id: string;
        from_status: Status | null;
        to_status: Status;
        at: string;
        front: Front | null;
        reason: string | null;
        by: string | null;
      }
    | undefined;
  if (!row) return null;
  return {
    articleId: row.article_id,
    from: row.from_status,
    to: row.to_status,
    at: row.at,
    by: row.by,
    front: row.front,
    reason: row.reason,
  };
}

function auditDoc(db: Database, id: number): AuditDoc | null {
  const row = stmt(
    db,
    `SELECT u.at, u.front, u.action, u.article_id, u.edition_date, u.page, u.detail, a.name AS by
     FROM audit u LEFT JOIN accounts a ON a.id = u.account_id WHERE u.id = ?`,
  ).get(id) as
    | {
        at: string;
        front: Front | null;
        action: string;
        article_id: string | null;
        edition_date: string | null;
        page: number | null;
        detail: string;
        by: string | null;
      }
    | undefined;
  if (!row) return null;
  return {
    at: row.at,
    by: row.by,
    front: row.front,
    action: row.action,
    articleId: row.article_id,
    editionDate: row.edition_date,
    page: row.page,
    detail: JSON.parse(row.detail) as AuditDoc['detail'],
  };
}

function editionDoc(db: Database, date: string): EditionDoc | null {
  const row = stmt(db, 'SELECT date, number, total_number, paper, created_at, updated_at FROM editions WHERE date = ?').get(date) as
    { date: string; number: number; total_number: number; paper: string; created_at: string; updated_at: string } | undefined;
  if (!row) return null;
  return {
    date: row.date,
    number: row.number,
    totalNumber: row.total_number,
    paper: row.paper,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function pageDoc(db: Database, id: string): PageDoc | null {
  const [date = '', number = '0'] = id.split('/');
  const row = stmt(
    db,
    `SELECT p.number, p.section, p.editor, p.geometry, p.furniture, p.updated_at FROM pages p JOIN editions e ON e.id = p.edition_id
     WHERE e.date = ? AND p.number = ?`,
  ).get(date, Number(number)) as
    { number: number; section: string; editor: string; geometry: string; furniture: string; updated_at: string } | undefined;
  if (!row) return null;
  return {
    date,
    number: row.number,
    section: row.section,
    editor: row.editor,
    geometry: pageGeometrySchema.parse(JSON.parse(row.geometry)),
    ...furnitureOf(row.furniture),
    updatedAt: row.updated_at,
  };
}

function placementDoc(db: Database, id: string): PlacementDoc | null {
  const row = stmt(
    db,
    `SELECT pl.*, e.date, p.number AS page_number FROM placements pl JOIN pages p ON p.id = pl.page_id
     JOIN editions e ON e.id = pl.edition_id WHERE pl.id = ?`,
  ).get(id) as (PlacementRow & { date: string; page_number: number }) | undefined;
  return row ? { date: row.date, page: row.page_number, placement: placementOf(row) } : null;
}

/** A template as the newsroom holds it; null when it is no longer here (removed). */
function templateDoc(db: Database, name: string): TemplateDoc | null {
  const t = listTemplates(db).find((x) => x.name.toLowerCase() === name.toLowerCase());
  return t ? { name: t.name, section: t.section, geometry: t.geometry, furniture: t.furniture, createdAt: t.createdAt } : null;
}
