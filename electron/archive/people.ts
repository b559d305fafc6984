import type { Database } from 'better-sqlite3';
import { stmt } from './statements';
import type { Role } from '../../shared/domain/roles';

/**
 * People already looked up in one transaction, by name and outlet: an import writes the same
 * reporters' bylines again and again. Made inside the transaction and dropped with it, never
 * kept across one: a person added in a transaction that is rolled back has no row, and the id
 * would go to the next person added.
 */
export type PeopleSeen = Map<string, number>;

/** The person row for a name (and outlet), created on first use: bylines refer to people. */
export function personId(db: Database, name: string, outlet = '', seen?: PeopleSeen): number {
  const n = name.trim();
  const o = outlet.trim();
  const key = seen ? `${o}\u0000${n}` : '';
  const known = seen?.get(key);
  if (known !== undefined) return known;
  let id = stmt(db, 'SELECT id FROM people WHERE name = ? AND outlet = ?').pluck().get(n, o) as number | undefined;
  id ??= Number(stmt(db, 'INSERT INTO people (name, outlet) VALUES (?, ?)').run(n, o).lastInsertRowid);
  seen?.set(key, id);
  return id;
}

export interface PersonSummary {
  name: string;
  outlet: string;
  role: Role | null;
  articles: number;
}

/**
 * Everyone who has a byline or a credit (outside the trash), most frequent first, with the role
 * they write in most. One pass over every byline and credit in story order, counted here: a
 * person is counted once per story however many roles they have in it (their rows in a story
 * come together), and the trash is a small set looked up, not a join per byline. Grouped in
 * SQL, the same list sorted every byline twice: 4.6 s at a million stories, and 45 s as a
 * correlated count before (2.5 s this way; docs/benchmarks.md).
 */
export function listPeople(db: Database): PersonSummary[] {
  const uses = stmt(
    db,
    `WITH trashed AS (SELECT id FROM articles WHERE deleted_at IS NOT NULL)
     SELECT article_id, person_id, role FROM bylines WHERE article_id NOT IN trashed
     UNION ALL SELECT article_id, person_id, role FROM credits WHERE article_id NOT IN trashed
     ORDER BY 1`,
  ).raw();
  const counted = new Map<number, { last: string; articles: number; roles: Map<Role | null, number> }>();
  for (const [articleId, personId, role] of uses.iterate() as Iterable<[string, number, Role | null]>) {
    let person = counted.get(personId);
    if (!person) counted.set(personId, (person = { last: '', articles: 0, roles: new Map() }));
    if (person.last !== articleId) {
      person.last = articleId;
      person.articles++;
    }
    person.roles.set(role, (person.roles.get(role) ?? 0) + 1);
  }
  const names = stmt(db, 'SELECT id, name, outlet FROM people').raw().all() as [number, string, string][];
  const people: PersonSummary[] = [];
  for (const [id, name, outlet] of names) {
    const person = counted.get(id);
    if (!person) continue;
    // The role most used; a tie goes to a role over none, then to the one named first, so the
    // list is the same every time.
    let role: Role | null = null;
    let most = 0;
    for (const [r, n] of person.roles) if (n > most || (n === most && (r ?? '\uffff') < (role ?? '\uffff'))) [role, most] = [r, n];
    people.push({ name, outlet, role, articles: person.articles });
  }
  return people.sort((a, b) => b.articles - a.articles || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
