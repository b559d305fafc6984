import type { Database } from 'better-sqlite3';
import { ApiError } from '../../shared/api/errors';
import { type Furniture, type PageGeometry } from '../../shared/domain/layout';
import { checkedGeometry, furnitureIn } from './stored-shapes';
import { stmt } from './statements';

export interface PageTemplate {
  name: string;
  section: string;
  geometry: PageGeometry;
  /** The page's fixed furniture (报头, rules, standing text), set again on every page made from it. */
  furniture: Furniture[];
  createdAt: string;
}

interface TemplateRow {
  name: string;
  section: string;
  geometry: string;
  furniture: string;
  created_at: string;
}

const templateOf = (r: TemplateRow): PageTemplate => ({
  name: r.name,
  section: r.section,
  geometry: checkedGeometry(JSON.parse(r.geometry)),
  furniture: furnitureIn(JSON.parse(r.furniture)) ?? [],
  createdAt: r.created_at,
});

export function listTemplates(db: Database): PageTemplate[] {
  return (stmt(db, 'SELECT name, section, geometry, furniture, created_at FROM page_templates ORDER BY name').all() as TemplateRow[]).map(
    templateOf,
  );
}

export function templateByName(db: Database, name: string): PageTemplate {
  const row = stmt(db, 'SELECT name, section, geometry, furniture, created_at FROM page_templates WHERE name = ?').get(name) as
    TemplateRow | undefined;
  if (!row) throw new ApiError('TEMPLATE_NOT_FOUND', { name });
  return templateOf(row);
}

/** Keeps a page's grid, 版名 and furniture under a name; a template of that name is replaced. */
export function saveTemplate(
  db: Database,
  template: { name: string; section: string; geometry: PageGeometry; furniture: readonly Furniture[] },
  now: string,
  by: number | null,
): PageTemplate {
  stmt(
    db,
    `INSERT INTO page_templates (name, section, geometry, furniture, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET section = excluded.section, geometry = excluded.geometry, furniture = excluded.furniture,
       created_at = excluded.created_at, created_by = excluded.created_by`,
  ).run(template.name, template.section, JSON.stringify(template.geometry), JSON.stringify(template.furniture), now, by);
  return templateByName(db, template.name);
}

export function removeTemplate(db: Database, name: string): void {
  if (!stmt(db, 'DELETE FROM page_templates WHERE name = ?').run(name).changes) throw new ApiError('TEMPLATE_NOT_FOUND', { name });
}
