import type { Database } from 'better-sqlite3';
import { stmt } from './statements';

/**
 * The people of an article as its search key holds them (`search_people`, migration 0280):
 * every byline's and credit's person, by id, with the role they were named in, as
 * `,role:id,role:id,` (a credit may have no role: `,:id,`); a key of no one's has no row. A
 * search by person or role then reads that row, not the article's and its bylines and credits
 * (some 58 µs a match at a million, against 5). People are named by id, not by name: ids are
 * digits and roles are a fixed set, so no name can hold what separates them, and a name found
 * in several outlets is every one of its ids. A table of their own, not the key's facts: the
 * facts are read row after row for common characters, and a fifth more bytes a row cost that.
 */

/** A byline's or a credit's person. */
export interface NamedPerson {
  role: string | null;
  id: number;
}

/** An article's people, as its search key holds them ('' for none). */
export function peopleFact(people: readonly NamedPerson[]): string {
  return people.length ? `,${people.map((p) => `${p.role ?? ''}:${p.id}`).join(',')},` : '';
}

/**
 * The same, made from the archive's bylines and credits of the article `@id` (SQLite writes an
 * INTEGER as its digits). The same entries as peopleFact's, maybe in another order (a group credit
 * may come before a photo's): a search looks for each alone, and a test holds the two together.
 */
export const PEOPLE_FACT_SQL = `coalesce(',' || (SELECT group_concat(e, ',') FROM (
    SELECT coalesce(role, '') || ':' || person_id AS e FROM bylines WHERE article_id = @id
    UNION ALL SELECT coalesce(role, '') || ':' || person_id FROM credits WHERE article_id = @id)) || ',', '')`;

/** An article's people, read from its bylines and credits. */
export function peopleFactOf(db: Database, articleId: string): string {
  return stmt(db, `SELECT ${PEOPLE_FACT_SQL}`).pluck().get({ id: articleId }) as string;
}

/** A name held by more people than this (as many outlets) is filtered by the bylines themselves. */
const MOST_IDS = 16;

/**
 * A person or role filter as a clause on the search key `k`'s people, with its parameters, or
 * undefined where the name is held by too many people to list. Each person of the name is
 * one needle: `:id,` (any role), `,role:id,` (that role); a role alone is `,role:`.
 */
export function peopleClause(
  db: Database,
  person: string | undefined,
  role: string | undefined,
): { sql: string; params: Record<string, string> } | undefined {
  let needles: string[];
  if (person === undefined) needles = [`,${role}:`];
  else {
    const ids = stmt(db, `SELECT id FROM people WHERE name = ? LIMIT ${MOST_IDS + 1}`)
      .pluck()
      .all(person) as number[];
    if (ids.length > MOST_IDS) return undefined;
    // No one of the name: nothing matches.
    if (!ids.length) return { sql: '0', params: {} };
    needles = ids.map((id) => (role === undefined ? `:${id},` : `,${role}:${id},`));
  }
  const params = Object.fromEntries(needles.map((n, i) => [`peopleNeedle${i}`, n]));
  const found = needles.map((_, i) => `instr(pf.people, @peopleNeedle${i}) > 0`).join(' OR ');
  return { sql: `EXISTS (SELECT 1 FROM search_people pf WHERE pf.key = k.key AND (${found}))`, params };
}
