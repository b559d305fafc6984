import type { Database } from 'better-sqlite3';
import { ApiError } from '../../shared/api/errors';
import type { EditionHeader, Slot } from '../../shared/api/contract';
import {
  furnitureProblems,
  type Furniture,
  PAGE_PRESETS,
  placementProblems,
  type Edition,
  type Page,
  type PageGeometry,
  type PagePreset,
  type Placement,
} from '../../shared/domain/layout';
import { checkedGeometry, furnitureIn, placementStyleIn } from './stored-shapes';
import { stmt } from './statements';

/** Editions, pages and placements in the archive. */

interface EditionRow {
  id: number;
  date: string;
  number: number;
  total_number: number;
  paper: string;
}

interface PageRow {
  id: number;
  number: number;
  section: string;
  editor: string;
  geometry: string;
  furniture: string;
}

/** Stored furniture; none (absent) for a page without, as pages read before furniture. */
export function furnitureOf(json: string): Pick<Page, 'furniture'> {
  const furniture = furnitureIn(JSON.parse(json));
  return furniture?.length ? { furniture } : {};
}

export interface PlacementRow {
  id: string;
  article_id: string;
  first_column: number;
  span: number;
  top: number;
  depth: number;
  body_span: number;
  split: number;
  headline_size: Placement['headlineSize'];
  photos: string;
  style: string;
  headline_pt: number | null;
  headline_shape: 'long' | 'flat' | null;
  continues: 0 | 1;
}

export function editionRow(db: Database, date: string): EditionRow {
  const row = stmt(db, 'SELECT id, date, number, total_number, paper FROM editions WHERE date = ?').get(date) as EditionRow | undefined;
  if (!row) throw new ApiError('NOT_FOUND', { what: 'edition', id: date });
  return row;
}

export function pageRow(db: Database, editionId: number, number: number, date: string): PageRow {
  const row = stmt(db, 'SELECT id, number, section, editor, geometry, furniture FROM pages WHERE edition_id = ? AND number = ?').get(
    editionId,
    number,
  ) as PageRow | undefined;
  if (!row) throw new ApiError('NOT_FOUND', { what: 'page', id: `${date} ${number}` });
  return row;
}

export function placementOf(r: PlacementRow): Placement {
  return {
    id: r.id,
    articleId: r.article_id,
    column: r.first_column,
    span: r.span,
    top: r.top,
    depth: r.depth,
    bodySpan: r.body_span,
    split: r.split,
    headlineSize: r.headline_size,
    ...(r.headline_pt !== null ? { headlinePt: r.headline_pt } : {}),
    ...(r.headline_shape !== null ? { headlineShape: r.headline_shape } : {}),
    photos: JSON.parse(r.photos) as Placement['photos'],
    ...styleOf(r.style),
    ...(r.continues ? { continues: true as const } : {}),
  };
}

/** A stored style, or none for a plain placement (so plain ones read exactly as before styles). */
function styleOf(json: string): Pick<Placement, 'style'> {
  const style = placementStyleIn(JSON.parse(json));
  return style && Object.keys(style).length ? { style } : {};
}

/** The style column's value for a placement. */
export const storedStyle = (p: Placement): string => JSON.stringify(p.style ?? {});

/** The headline type columns' values for a placement (null: as before, by large/medium/small, normal shape). */
export const storedHeadlineType = (p: Placement): { headlinePt: number | null; headlineShape: 'long' | 'flat' | null } => ({
  headlinePt: p.headlinePt ?? null,
  headlineShape: p.headlineShape && p.headlineShape !== 'normal' ? p.headlineShape : null,
});

function readPage(db: Database, row: PageRow): Page {
  const placements = (
    stmt(
      db,
      `SELECT id, article_id, first_column, span, top, depth, body_span, split, headline_size, photos, style, headline_pt, headline_shape,
              continues
       FROM placements WHERE page_id = ? ORDER BY top, first_column`,
    ).all(row.id) as PlacementRow[]
  ).map(placementOf);
  return {
    number: row.number,
    section: row.section,
    editor: row.editor,
    geometry: checkedGeometry(JSON.parse(row.geometry)),
    ...furnitureOf(row.furniture),
    placements,
  };
}

const header = (r: EditionRow): EditionHeader => ({ date: r.date, number: r.number, totalNumber: r.total_number, paper: r.paper });

export function getEdition(db: Database, date: string): Edition {
  const e = editionRow(db, date);
  const pages = (
    stmt(db, 'SELECT id, number, section, editor, geometry, furniture FROM pages WHERE edition_id = ? ORDER BY number').all(
      e.id,
    ) as PageRow[]
  ).map((r) => readPage(db, r));
  return { ...header(e), pages };
}

/** The newest edition's date, numbers and paper, without its pages. */
export function newestEditionHeader(db: Database): EditionHeader | undefined {
  const row = stmt(db, 'SELECT id, date, number, total_number, paper FROM editions ORDER BY date DESC LIMIT 1').get() as
    EditionRow | undefined;
  return row ? header(row) : undefined;
}

export function listEditions(db: Database): Edition[] {
  const dates = stmt(db, 'SELECT date FROM editions ORDER BY date DESC').pluck().all() as string[];
  return dates.map((d) => getEdition(db, d));
}

export function createEdition(db: Database, e: EditionHeader, now: string): Edition {
  if (stmt(db, 'SELECT 1 FROM editions WHERE date = ?').get(e.date)) throw new ApiError('EDITION_EXISTS', { date: e.date });
  stmt(db, 'INSERT INTO editions (date, number, total_number, paper, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    e.date,
    e.number,
    e.totalNumber,
    e.paper,
    now,
    now,
  );
  return getEdition(db, e.date);
}

export function editionHeader(db: Database, date: string): EditionHeader {
  return header(editionRow(db, date));
}

export function getPage(db: Database, date: string, number: number): Page {
  const e = editionRow(db, date);
  return readPage(db, pageRow(db, e.id, number, date));
}

export function addPage(
  db: Database,
  input: {
    date: string;
    number: number;
    section: string;
    editor: string;
    preset?: PagePreset;
    geometry?: PageGeometry;
    furniture?: readonly Furniture[];
  },
  now: string,
): Page {
  const e = editionRow(db, input.date);
  if (stmt(db, 'SELECT 1 FROM pages WHERE edition_id = ? AND number = ?').get(e.id, input.number)) {
    throw new ApiError('PAGE_EXISTS', { date: input.date, page: input.number });
  }
  const geometry: PageGeometry = input.geometry ?? PAGE_PRESETS[input.preset ?? 'broadsheet'];
  stmt(db, 'INSERT INTO pages (edition_id, number, section, editor, geometry, furniture, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    e.id,
    input.number,
    input.section,
    input.editor,
    JSON.stringify(geometry),
    JSON.stringify(input.furniture ?? []),
    now,
  );
  return getPage(db, input.date, input.number);
}

/** A placement refused, with the reason the desk reads. */
function refuse(db: Database, page: Page, p: Placement): void {
  const problems = placementProblems(page, p);
  const first = problems[0];
  if (!first) return;
  if (first.code === 'OUTSIDE_GRID') throw new ApiError('PLACEMENT_OUTSIDE_GRID', { columns: page.geometry.columns });
  if (first.code === 'OVERLAP') {
    const other = page.placements.find((o) => o.id === first.other);
    const headline = other
      ? ((stmt(db, 'SELECT headline FROM articles WHERE id = ?').pluck().get(other.articleId) as string | undefined) ?? '')
      : '';
    throw new ApiError('PLACEMENT_OVERLAP', { headline: headline || first.other });
  }
  if (first.code === 'OVER_FURNITURE') throw new ApiError('PLACEMENT_OVER_FURNITURE');
  throw new ApiError('PLACEMENT_INVALID', { reason: first.code });
}

function refuseFurniture(db: Database, page: Page, f: Furniture): void {
  const first = furnitureProblems(page, f)[0];
  if (!first) return;
  if (first.code === 'OVERLAP') {
    const other = page.placements.find((o) => o.id === first.other);
    const headline = other
      ? ((stmt(db, 'SELECT headline FROM articles WHERE id = ?').pluck().get(other.articleId) as string | undefined) ?? '')
      : '';
    throw new ApiError('FURNITURE_OVERLAP', { headline: headline || first.other });
  }
  throw new ApiError('PLACEMENT_OUTSIDE_GRID', { columns: page.geometry.columns });
}

export function updatePage(
  db: Database,
  input: { date: string; number: number; section?: string; editor?: string; geometry?: PageGeometry; furniture?: readonly Furniture[] },
  now: string,
): Page {
  const e = editionRow(db, input.date);
  const row = pageRow(db, e.id, input.number, input.date);
  const page = readPage(db, row);
  const furniture = input.furniture ?? page.furniture ?? [];
  const next: Page = {
    ...page,
    section: input.section ?? page.section,
    editor: input.editor ?? page.editor,
    geometry: input.geometry ?? page.geometry,
    ...(furniture.length ? { furniture: [...furniture] } : {}),
  };
  if (!furniture.length) delete next.furniture;
  // A new grid must still hold every placement and every piece of furniture, clear of each other.
  for (const f of furniture) refuseFurniture(db, next, f);
  for (const p of next.placements) refuse(db, next, p);
  stmt(db, 'UPDATE pages SET section = ?, editor = ?, geometry = ?, updated_at = ? WHERE id = ?').run(
    next.section,
    next.editor,
    JSON.stringify(next.geometry),
    now,
    row.id,
  );
  // Only a change of furniture touches its column: the newsroom hears of the page once.
  if (input.furniture) stmt(db, 'UPDATE pages SET furniture = ? WHERE id = ?').run(JSON.stringify(input.furniture), row.id);
  return next;
}

export function place(db: Database, date: string, pageNumber: number, p: Placement, now: string): Page {
  const e = editionRow(db, date);
  const row = pageRow(db, e.id, pageNumber, date);
  const page = readPage(db, row);
  if (!stmt(db, 'SELECT 1 FROM articles WHERE id = ?').get(p.articleId))
    throw new ApiError('NOT_FOUND', { what: 'article', id: p.articleId });
  // A story stands once in an edition, unless the placement goes on with it (转版); a part that
  // goes on needs the story begun somewhere else first.
  const others = stmt(
    db,
    `SELECT p.number, x.continues FROM placements x JOIN pages p ON p.id = x.page_id
     WHERE x.edition_id = ? AND x.article_id = ? AND x.id <> ? ORDER BY x.continues, p.number`,
  ).all(e.id, p.articleId, p.id) as { number: number; continues: 0 | 1 }[];
  const begun = others.find((o) => !o.continues);
  if (!p.continues && others.length) throw new ApiError('ARTICLE_ALREADY_PLACED', { page: (begun ?? others[0]!).number });
  if (p.continues && !begun) throw new ApiError('CONTINUATION_WITHOUT_START');
  refuse(db, page, p);
  stmt(
    db,
    `INSERT INTO placements (id, page_id, edition_id, article_id, first_column, span, top, depth, body_span, split, headline_size, photos, style,
       headline_pt, headline_shape, continues)
     VALUES (@id, @pageId, @editionId, @articleId, @column, @span, @top, @depth, @bodySpan, @split, @headlineSize, @photos, @style,
       @headlinePt, @headlineShape, @continues)
     ON CONFLICT (id) DO UPDATE SET page_id = excluded.page_id, article_id = excluded.article_id, first_column = excluded.first_column,
       span = excluded.span, top = excluded.top, depth = excluded.depth, body_span = excluded.body_span, split = excluded.split,
       headline_size = excluded.headline_size, photos = excluded.photos, style = excluded.style,
       headline_pt = excluded.headline_pt, headline_shape = excluded.headline_shape, continues = excluded.continues`,
  ).run({
    ...p,
    pageId: row.id,
    editionId: e.id,
    photos: JSON.stringify(p.photos),
    style: storedStyle(p),
    ...storedHeadlineType(p),
    continues: p.continues ? 1 : 0,
  });
  stmt(db, 'UPDATE pages SET updated_at = ? WHERE id = ?').run(now, row.id);
  return readPage(db, row);
}

export function unplace(db: Database, date: string, pageNumber: number, id: string, now: string): Page {
  const e = editionRow(db, date);
  const row = pageRow(db, e.id, pageNumber, date);
  const removed = stmt(db, 'DELETE FROM placements WHERE id = ? AND page_id = ?').run(id, row.id).changes;
  if (!removed) throw new ApiError('NOT_FOUND', { what: 'placement', id });
  startOrphanedParts(db, e.id);
  stmt(db, 'UPDATE pages SET updated_at = ? WHERE id = ?').run(now, row.id);
  return readPage(db, row);
}

/**
 * A story whose first part was taken off begins in its earliest part left (by page, from the
 * top, from the left), which then carries the headlines: no part waits for a start that is gone.
 */
export function startOrphanedParts(db: Database, editionId: number): void {
  stmt(
    db,
    `UPDATE placements SET continues = 0 WHERE id IN (
       SELECT (SELECT x.id FROM placements x JOIN pages p ON p.id = x.page_id
               WHERE x.edition_id = o.edition_id AND x.article_id = o.article_id
               ORDER BY p.number, x.top, x.first_column LIMIT 1)
       FROM placements o WHERE o.edition_id = ?
       GROUP BY o.article_id HAVING min(o.continues) = 1)`,
  ).run(editionId);
}

/** Every place an article is set, newest edition first. */
export function slotsOf(db: Database, articleId: string): Slot[] {
  const rows = stmt(
    db,
    `SELECT e.date, p.number AS page, p.section, p.geometry, x.id, x.article_id, x.first_column, x.span, x.top, x.depth,
            x.body_span, x.split, x.headline_size, x.photos, x.style, x.headline_pt, x.headline_shape, x.continues
     FROM placements x JOIN pages p ON p.id = x.page_id JOIN editions e ON e.id = x.edition_id
     WHERE x.article_id = ? ORDER BY e.date DESC`,
  ).all(articleId) as (PlacementRow & { date: string; page: number; section: string; geometry: string })[];
  return rows.map((r) => ({
    date: r.date,
    page: r.page,
    section: r.section,
    geometry: checkedGeometry(JSON.parse(r.geometry)),
    placement: placementOf(r),
  }));
}
