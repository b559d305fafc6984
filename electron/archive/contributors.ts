import type { Database } from 'better-sqlite3';
import type { ContributorRow, ContributorsRequest } from '../../shared/api/contract';

/**
 * A person as the desk pays them: the name without the spaces a justified line or a typist put
 * into it (张 榕 坤, 张榕坤 and 张榕坤 with a full-width space are one person), with the outlet they write for.
 */
const key = (column: string) => `replace(replace(replace(replace(${column}, ' ', ''), char(12288), ''), char(9), ''), char(160), '')`;

/**
 * The desk's figures for 稿费 and 考核: per person, role and month, how many articles they
 * are in the byline of and those articles' characters (each contributor is credited with the
 * whole article, as the desk counts), and how many photos they are credited for.
 *
 * Contributors are paid for what was printed: a story counts once it is placed in an edition
 * or signed off, never as 草稿 or 待审 (a draft already placed on tomorrow's page is not paid
 * until it is passed), nor spiked or in the trash. The month is the edition's that printed it:
 * the earliest edition it is placed in, else the edition date an import read from the page or
 * was given with the batch, else (signed off, not yet placed) the month of the sign-off. An
 * imported story whose edition is unknown is not dated by the day it was imported: it comes
 * with an empty month, for the desk to date.
 *
 * A photo credit counts in the role printed beside it; a credit that printed no role
 * (（刘艺 摄）) comes with a null role rather than as a photographer's.
 *
 * With months asked for, only the stories that can fall in them are dated: those placed in an
 * edition of those months, dated in them, or signed off in them (a story's month is one of
 * these dates, so no other can); with a person, only the stories in their bylines and credits.
 * Every story of a million dated and grouped took 2.7 s for one month (docs/benchmarks.md).
 */
export function contributorStats(db: Database, request: ContributorsRequest): ContributorRow[] {
  const months = request.from !== undefined || request.to !== undefined;
  const range = {
    lo: request.from ?? '',
    // Every date and time of the last month (and of none after it) sorts below it followed by
    // '~', which sorts above every digit and '-'; '~' alone above every date.
    hi: `${request.to ?? ''}~`,
  };
  const person = request.person !== undefined;
  // The stories that can count: dated in the months (their month is one of these dates), and
  // in the person's bylines or credits (bylines have no index by person: one pass over them).
  const sets: string[] = [];
  if (months)
    sets.push(`SELECT pl.article_id AS id FROM editions e JOIN placements pl ON pl.edition_id = e.id WHERE e.date >= @lo AND e.date < @hi
       UNION SELECT id FROM articles WHERE edition_date >= @lo AND edition_date < @hi
       UNION SELECT article_id FROM status_changes WHERE to_status = 'approved' AND at >= @lo AND at < @hi`);
  if (person)
    sets.push(`SELECT article_id AS id FROM bylines WHERE person_id IN chosen
       UNION SELECT article_id FROM credits WHERE person_id IN chosen`);
  // A few stories asked for: read from them, and their bylines and credits by story (CROSS
  // JOIN keeps that order; left to itself the planner read every story signed off, 1.4 s at a
  // million, to find them).
  const ctes = [
    ...(person ? [`chosen AS (SELECT id FROM people WHERE ${key('name')} = ${key('@person')})`] : []),
    ...(sets.length ? [`candidates AS MATERIALIZED (${sets.map((set) => `SELECT id FROM (${set})`).join(' INTERSECT ')})`] : []),
  ];
  return db
    .prepare(
      `WITH ${ctes.map((c) => `${c}, `).join('')}paid AS ${sets.length ? 'MATERIALIZED ' : ''}(
         SELECT a.id, a.chars,
                substr(coalesce(
                  (SELECT min(e.date) FROM placements pl JOIN editions e ON e.id = pl.edition_id WHERE pl.article_id = a.id),
                  a.edition_date,
                  CASE WHEN a.import_id IS NULL AND a.status = 'approved' THEN
                    (SELECT s.at FROM status_changes s WHERE s.article_id = a.id AND s.to_status = 'approved' ORDER BY s.id DESC LIMIT 1)
                  END,
                  ''), 1, 7) AS month
           FROM ${sets.length ? 'candidates c CROSS JOIN articles a ON a.id = c.id' : 'articles a'}
          WHERE a.deleted_at IS NULL
            AND (a.status = 'approved'
                 OR (a.status = 'edited' AND EXISTS (SELECT 1 FROM placements pl WHERE pl.article_id = a.id)))
       ), work AS (
         SELECT b.person_id, b.role, w.month, w.id AS article_id, w.chars, 0 AS photos
           FROM ${sets.length ? 'paid w CROSS JOIN bylines b' : 'bylines b JOIN paid w'} ON w.id = b.article_id
         UNION ALL
         SELECT c.person_id, c.role, w.month, w.id, 0, 1
           FROM ${sets.length ? 'paid w CROSS JOIN credits c' : 'credits c JOIN paid w'} ON w.id = c.article_id
       ), named AS (
         -- one line per person, role, month and article: a name printed twice in one byline
         -- (or written two ways) is still one article of theirs
         SELECT ${key('p.name')} AS name, ${key('p.outlet')} AS outlet, w.role, w.month, w.article_id,
                max(CASE WHEN w.photos = 0 THEN 1 ELSE 0 END) AS wrote, max(w.chars) AS chars, sum(w.photos) AS photos
           FROM work w JOIN people p ON p.id = w.person_id
          GROUP BY 1, 2, w.role, w.month, w.article_id
       )
       SELECT name, outlet, role, month, sum(wrote) AS articles, sum(chars) AS chars, sum(photos) AS photos
         FROM named
        WHERE (@from IS NULL OR (month <> '' AND month >= @from)) AND (@to IS NULL OR (month <> '' AND month <= @to))
          AND (@person IS NULL OR name = ${key('@person')})
        GROUP BY name, outlet, role, month
        ORDER BY month DESC, articles DESC, chars DESC, name`,
    )
    .all({
      from: request.from ?? null,
      to: request.to ?? null,
      person: request.person ?? null,
      ...(months ? range : {}),
    }) as ContributorRow[];
}
