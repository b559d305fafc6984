import type { Database } from 'better-sqlite3';
import type { ContributorRow, ContributorsRequest } from '../../shared/api/contract';

/**
 * The desk's figures for 稿费 and 考核: per person, role and month, how many articles they
 * are in the byline of and those articles' characters (each contributor is credited with the
 * whole article, as the desk counts), and how many photos they are credited for. Spiked
 * articles and those in the trash do not count.
 */
export function contributorStats(db: Database, request: ContributorsRequest): ContributorRow[] {
  const month = 'substr(coalesce(a.edition_date, a.created_at), 1, 7)';
  return db
    .prepare(
      `WITH work AS (
         SELECT b.person_id, b.role, ${month} AS month, a.id AS article_id, a.chars, 0 AS photos
           FROM bylines b JOIN articles a ON a.id = b.article_id WHERE a.status <> 'spiked' AND a.deleted_at IS NULL
         UNION ALL
         SELECT c.person_id, coalesce(c.role, 'photographer'), ${month}, a.id, 0, 1
           FROM credits c JOIN articles a ON a.id = c.article_id WHERE a.status <> 'spiked' AND a.deleted_at IS NULL
       )
       SELECT p.name, p.outlet, w.role, w.month,
              count(DISTINCT CASE WHEN w.photos = 0 THEN w.article_id END) AS articles,
              sum(w.chars) AS chars,
              sum(w.photos) AS photos
       FROM work w JOIN people p ON p.id = w.person_id
       WHERE (@from IS NULL OR w.month >= @from) AND (@to IS NULL OR w.month <= @to)
         AND (@person IS NULL OR p.name = @person)
       GROUP BY p.id, w.role, w.month
       ORDER BY w.month DESC, articles DESC, chars DESC, p.name`,
    )
    .all({ from: request.from ?? null, to: request.to ?? null, person: request.person ?? null }) as ContributorRow[];
}
