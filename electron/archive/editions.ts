import type { Database } from 'better-sqlite3';
import { ApiError } from '../../shared/api/errors';
import { editionRow, pageRow, startOrphanedParts } from './layout';
import { stmt } from './statements';

/**
 * An edition and its pages changed whole: renamed, renumbered, moved, deleted. Stories are never
 * deleted with a page: their placements go, and they wait on the desk to be placed again.
 *
 * Deleting goes child first (placements, pages, the edition) rather than leaning on the
 * foreign keys' cascade, so that each row's own sync trigger queues its deletion for the
 * newsroom while the rows it names (the page's edition) are still there to name it by.
 */

export interface EditionPatch {
  newDate?: string | undefined;
  number?: number | undefined;
  totalNumber?: number | undefined;
  paper?: string | undefined;
}

/** A story taken off a page that went away. */
export interface Unplaced {
  placementId: string;
  articleId: string;
}

export function updateEdition(db: Database, date: string, patch: EditionPatch, now: string): string {
  const e = editionRow(db, date);
  const newDate = patch.newDate ?? e.date;
  if (newDate !== e.date && stmt(db, 'SELECT 1 FROM editions WHERE date = ?').get(newDate))
    throw new ApiError('EDITION_EXISTS', { date: newDate });
  stmt(db, 'UPDATE editions SET date = ?, number = ?, total_number = ?, paper = ?, updated_at = ? WHERE id = ?').run(
    newDate,
    patch.number ?? e.number,
    patch.totalNumber ?? e.total_number,
    patch.paper ?? e.paper,
    now,
    e.id,
  );
  return newDate;
}

function placedOn(db: Database, column: 'page_id' | 'edition_id', id: number): Unplaced[] {
  return (
    stmt(db, `SELECT id, article_id FROM placements WHERE ${column} = ? ORDER BY page_id, top, first_column`).all(id) as {
      id: string;
      article_id: string;
    }[]
  ).map((r) => ({ placementId: r.id, articleId: r.article_id }));
}

export function removePage(db: Database, date: string, number: number, force: boolean): Unplaced[] {
  const e = editionRow(db, date);
  const page = pageRow(db, e.id, number, date);
  const placed = placedOn(db, 'page_id', page.id);
  if (placed.length && !force) throw new ApiError('PAGE_HAS_STORIES', { date, page: number, count: placed.length });
  stmt(db, 'DELETE FROM placements WHERE page_id = ?').run(page.id);
  stmt(db, 'DELETE FROM pages WHERE id = ?').run(page.id);
  startOrphanedParts(db, e.id);
  return placed;
}

export function removeEdition(db: Database, date: string, force: boolean): { pages: number; unplaced: Unplaced[] } {
  const e = editionRow(db, date);
  const placed = placedOn(db, 'edition_id', e.id);
  if (placed.length && !force) throw new ApiError('EDITION_HAS_STORIES', { date, count: placed.length });
  stmt(db, 'DELETE FROM placements WHERE edition_id = ?').run(e.id);
  const pages = stmt(db, 'DELETE FROM pages WHERE edition_id = ?').run(e.id).changes;
  stmt(db, 'DELETE FROM editions WHERE id = ?').run(e.id);
  return { pages, unplaced: placed };
}

/** Gives a page a free number; its placements stay on it. */
export function renumberPage(db: Database, date: string, number: number, to: number, now: string): void {
  if (to === number) return;
  const e = editionRow(db, date);
  const page = pageRow(db, e.id, number, date);
  if (stmt(db, 'SELECT 1 FROM pages WHERE edition_id = ? AND number = ?').get(e.id, to))
    throw new ApiError('PAGE_EXISTS', { date, page: to });
  stmt(db, 'UPDATE pages SET number = ?, updated_at = ? WHERE id = ?').run(to, now, page.id);
}

/**
 * Moves a page to number `to`, the pages from there to its old place moving one along to
 * make room. Page numbers are unique at every step (SQLite checks UNIQUE row by row), so
 * the page waits at 0, a number no page has, while the others shift, each into the place the
 * one before it left.
 */
export function movePage(db: Database, date: string, number: number, to: number, now: string): void {
  if (to === number) return;
  const e = editionRow(db, date);
  const page = pageRow(db, e.id, number, date);
  const setNumber = stmt(db, 'UPDATE pages SET number = ?, updated_at = ? WHERE id = ?');
  setNumber.run(0, now, page.id);
  const up = to < number;
  const between = stmt(
    db,
    up
      ? 'SELECT id, number FROM pages WHERE edition_id = ? AND number >= ? AND number < ? ORDER BY number DESC'
      : 'SELECT id, number FROM pages WHERE edition_id = ? AND number > ? AND number <= ? ORDER BY number ASC',
  ).all(e.id, up ? to : number, up ? number : to) as { id: number; number: number }[];
  for (const other of between) setNumber.run(other.number + (up ? 1 : -1), now, other.id);
  setNumber.run(to, now, page.id);
}
