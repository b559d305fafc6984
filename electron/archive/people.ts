import type { Database } from 'better-sqlite3';
import { stmt } from './statements';
import type { Role } from '../../shared/domain/roles';

/** The person row for a name (and outlet), created on first use: bylines refer to people. */
export function personId(db: Database, name: string, outlet = ''): number {
  const n = name.trim();
  const o = outlet.trim();
  const found = stmt(db, 'SELECT id FROM people WHERE name = ? AND outlet = ?').pluck().get(n, o) as number | undefined;
  if (found !== undefined) return found;
  return Number(stmt(db, 'INSERT INTO people (name, outlet) VALUES (?, ?)').run(n, o).lastInsertRowid);
}

export interface PersonSummary {
  name: string;
  outlet: string;
  role: Role | null;
  articles: number;
}

/** Everyone who has a byline or a credit (outside the trash), most frequent first, with the role they write in most. */
export function listPeople(db: Database): PersonSummary[] {
  return stmt(
    db,
    `WITH uses AS (
         SELECT * FROM (SELECT person_id, role, article_id FROM bylines
                        UNION ALL SELECT person_id, role, article_id FROM credits) u
         WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = u.article_id AND a.deleted_at IS NOT NULL)
       ), roles AS (
         SELECT person_id, role, count(*) AS n,
                row_number() OVER (PARTITION BY person_id ORDER BY count(*) DESC) AS rank
         FROM uses GROUP BY person_id, role
       )
       SELECT p.name, p.outlet, r.role,
              (SELECT count(DISTINCT article_id) FROM uses u WHERE u.person_id = p.id) AS articles
       FROM people p JOIN roles r ON r.person_id = p.id AND r.rank = 1
       ORDER BY articles DESC, p.name`,
  ).all() as PersonSummary[];
}
