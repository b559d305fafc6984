import type { Database } from 'better-sqlite3';
import type { SearchRequest, SearchResponse, SearchResult } from '../../shared/api/contract';
import type { BylineEntry } from '../../shared/domain/article';
import { formatBylinePeople } from '../../shared/domain/byline';
import { normalizeForSearch, parseQuery, snippetOf } from '../../shared/search/tokens';

import { COUNT_CAP, RANK_WINDOW_SIZE as RANK_WINDOW } from '../../shared/search/limits';

interface Hit {
  id: string;
  /** bm25, negated (higher is better), where it was computed. */
  score: number | null;
}

/**
 * A relevance figure for a result found newest-first: how often the words occur, a hit in the
 * headline counting three times, damped by the article's length. Comparable within a page.
 */
function localScore(headline: string, body: string, words: string[]): number {
  const count = (text: string, word: string) => {
    const folded = normalizeForSearch(text);
    const needle = normalizeForSearch(word).replace(/\s+/gu, '');
    if (!needle) return 0;
    let n = 0;
    for (let at = folded.indexOf(needle); at >= 0; at = folded.indexOf(needle, at + needle.length)) n++;
    return n;
  };
  const hits = words.reduce((sum, w) => sum + 3 * count(headline, w) + count(body, w), 0);
  return hits / Math.sqrt(1 + body.length / 100);
}

/** The best-scored page of keyed results, newest first among equals, as article ids. */
function pageOf(db: Database, scored: { key: number; score: number }[], offset: number, limit: number): Hit[] {
  const idOf = db.prepare('SELECT article_id FROM search_keys WHERE key = ?').pluck();
  return [...scored]
    .sort((x, y) => y.score - x.score || y.key - x.key)
    .slice(offset, offset + limit)
    .map((r) => ({ id: idOf.get(r.key) as string, score: r.score }));
}

/** Filters on the article row `a`, as SQL with named parameters. */
function filterSql(f: SearchRequest['filters']): { sql: string; params: Record<string, unknown> } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (!f) return { sql: '', params };
  if (f.status) (clauses.push('a.status = @status'), (params.status = f.status));
  if (f.column) (clauses.push('a.column_label = @column'), (params.column = f.column));
  if (f.edition) (clauses.push('a.edition_date = @edition'), (params.edition = f.edition));
  if (f.page !== undefined) (clauses.push('a.page = @page'), (params.page = f.page));
  if (f.from) (clauses.push("coalesce(a.edition_date, substr(a.created_at, 1, 10)) >= @from"), (params.from = f.from));
  if (f.to) (clauses.push("coalesce(a.edition_date, substr(a.created_at, 1, 10)) <= @to"), (params.to = f.to));
  if (f.person || f.role) {
    params.person = f.person ?? null;
    params.role = f.role ?? null;
    clauses.push(`(EXISTS (SELECT 1 FROM bylines b JOIN people p ON p.id = b.person_id
                     WHERE b.article_id = a.id AND (@person IS NULL OR p.name = @person) AND (@role IS NULL OR b.role = @role))
                OR EXISTS (SELECT 1 FROM credits c JOIN people p ON p.id = c.person_id
                     WHERE c.article_id = a.id AND (@person IS NULL OR p.name = @person) AND (@role IS NULL OR c.role = @role)))`);
  }
  return { sql: clauses.length ? ` AND ${clauses.join(' AND ')}` : '', params };
}

/**
 * Searches the archive: newest first by default (FTS5 walks its date-ordered keys backwards
 * and stops at the limit), or by relevance (bm25), which for a word found in most of the
 * archive ranks the newest RANK_WINDOW matches and says so, instead of scoring everything.
 */
export function searchArticles(db: Database, request: SearchRequest): SearchResponse {
  const { match, rank, words } = parseQuery(request.q ?? '');
  const limit = request.limit ?? 50;
  const offset = request.offset ?? 0;
  const order = request.order ?? 'newest';
  const filters = filterSql(request.filters);
  let hits: Hit[];
  let total: number;
  let partial = false;
  let moreThanCounted = false;

  if (match && request.filters?.person) {
    // The person's articles go into a small keyed set; the index is walked newest first as
    // usual and each match is checked against the set (one lookup), stopping at the limit.
    // Probing the index once per article of the person costs far more per probe.
    db.exec('CREATE TEMP TABLE IF NOT EXISTS search_person_keys (key INTEGER PRIMARY KEY)');
    db.exec('DELETE FROM temp.search_person_keys');
    db.prepare(
      `INSERT OR IGNORE INTO temp.search_person_keys (key)
         SELECT k.key FROM people p JOIN bylines b ON b.person_id = p.id JOIN search_keys k ON k.article_id = b.article_id
           WHERE p.name = @person AND (@role IS NULL OR b.role = @role)
         UNION
         SELECT k.key FROM people p JOIN credits c ON c.person_id = p.id JOIN search_keys k ON k.article_id = c.article_id
           WHERE p.name = @person AND (@role IS NULL OR c.role = @role)`,
    ).run({ person: request.filters.person, role: request.filters.role ?? null });
    const rest = filterSql({ ...request.filters, person: undefined, role: undefined });
    const window = order === 'newest' ? offset + limit + 1 : RANK_WINDOW;
    const found = db
      .prepare(
        `SELECT k.article_id AS id, ${order === 'newest' ? 'NULL' : '-bm25(article_search)'} AS score FROM article_search s
           JOIN search_keys k ON k.key = s.rowid JOIN articles a ON a.id = k.article_id
         WHERE article_search MATCH @match AND +s.rowid IN (SELECT key FROM temp.search_person_keys)${rest.sql}
         ORDER BY s.rowid DESC LIMIT ${window}`,
      )
      .all({ match, ...rest.params }) as Hit[];
    total = found.length;
    partial = order === 'relevance' && found.length >= RANK_WINDOW;
    const ordered = order === 'newest' ? found : [...found].sort((x, y) => (y.score ?? 0) - (x.score ?? 0));
    hits = ordered.slice(offset, offset + limit);
    // Counting every match of the person would walk the whole index: say "at least".
    moreThanCounted = order === 'newest' && found.length > offset + limit;
  } else if (match) {
    // Without filters the count is the index's alone: no row of articles need be read. By
    // relevance the window found below is the count: walking the matches twice costs twice.
    const count = () =>
      db
        .prepare(
          filters.sql
            ? `SELECT count(*) FROM (SELECT 1 FROM article_search s JOIN search_keys k ON k.key = s.rowid
                 JOIN articles a ON a.id = k.article_id WHERE article_search MATCH @match${filters.sql} LIMIT ${COUNT_CAP + 1})`
            : `SELECT count(*) FROM (SELECT 1 FROM article_search WHERE article_search MATCH @match LIMIT ${COUNT_CAP + 1})`,
        )
        .pluck()
        .get({ match, ...filters.params }) as number;
    if (order === 'newest') {
      total = count();
      // No bm25 here: its statistics make FTS5 walk every match of the words, which is the
      // very cost newest-first avoids. The page's scores are computed from its own text.
      hits = db
        .prepare(
          `SELECT k.article_id AS id, NULL AS score FROM article_search s
             JOIN search_keys k ON k.key = s.rowid JOIN articles a ON a.id = k.article_id
           WHERE article_search MATCH @match${filters.sql}
           ORDER BY s.rowid DESC LIMIT @limit OFFSET @offset`,
        )
        .all({ match, limit, offset, ...filters.params }) as Hit[];
    } else {
      if (rank === match) {
        // Single terms: bm25 over the newest RANK_WINDOW matches in one pass.
        const ranked = db
          .prepare(
            `SELECT s.rowid AS key, -bm25(article_search) AS score FROM article_search s
               JOIN search_keys k ON k.key = s.rowid JOIN articles a ON a.id = k.article_id
             WHERE article_search MATCH @match${filters.sql} ORDER BY s.rowid DESC LIMIT ${RANK_WINDOW}`,
          )
          .all({ match, ...filters.params }) as { key: number; score: number }[];
        partial = ranked.length === RANK_WINDOW;
        total = ranked.length;
        hits = pageOf(db, ranked, offset, limit);
      } else {
        // Phrases and several words: the newest RANK_WINDOW matches, found without scoring.
        const window = db
          .prepare(
            filters.sql
              ? `SELECT s.rowid FROM article_search s JOIN search_keys k ON k.key = s.rowid JOIN articles a ON a.id = k.article_id
                 WHERE article_search MATCH @match${filters.sql} ORDER BY s.rowid DESC LIMIT ${RANK_WINDOW}`
              : `SELECT rowid FROM article_search WHERE article_search MATCH @match ORDER BY rowid DESC LIMIT ${RANK_WINDOW}`,
          )
          .pluck()
          .all({ match, ...filters.params }) as number[];
        partial = window.length === RANK_WINDOW;
        total = window.length;
        // A full window means common words, whose phrase statistics would make FTS5 check the
        // phrase in every document: then each word's first term is scored instead, over just
        // the window's stretch of the index. Otherwise the query itself is cheap to score.
        const inWindow = new Set(window);
        const scored = !window.length
          ? []
          : (db
              .prepare(
                `SELECT rowid AS key, -bm25(article_search) AS score FROM article_search
                 WHERE article_search MATCH @expression AND rowid BETWEEN @lo AND @hi`,
              )
              .all({ expression: partial ? (rank ?? match) : match, lo: window.at(-1), hi: window[0] }) as {
              key: number;
              score: number;
            }[]);
        hits = pageOf(
          db,
          scored.filter((r) => inWindow.has(r.key)),
          offset,
          limit,
        );
      }
    }
  } else if (filters.sql) {
    total = db
      .prepare(`SELECT count(*) FROM (SELECT 1 FROM articles a WHERE 1${filters.sql} LIMIT ${COUNT_CAP + 1})`)
      .pluck()
      .get(filters.params) as number;
    hits = db
      .prepare(
        `SELECT a.id, 0 AS score FROM articles a LEFT JOIN search_keys k ON k.article_id = a.id
         WHERE 1${filters.sql} ORDER BY k.key DESC LIMIT @limit OFFSET @offset`,
      )
      .all({ limit, offset, ...filters.params }) as Hit[];
  } else {
    return { total: 0, totalCapped: false, partial: false, results: [] };
  }

  const row = db.prepare(
    `SELECT a.id, a.headline, a.kicker, a.status, a.body_text, a.edition_date, a.page, a.created_at,
            (SELECT json_group_array(json_object('role', b.role, 'name', p.name, 'outlet', p.outlet) ORDER BY b.position)
               FROM bylines b JOIN people p ON p.id = b.person_id WHERE b.article_id = a.id) AS byline
     FROM articles a WHERE a.id = ?`,
  );
  const results = hits.map((hit): SearchResult => {
    const a = row.get(hit.id) as {
      id: string;
      headline: string;
      kicker: string;
      status: SearchResult['status'];
      body_text: string;
      edition_date: string | null;
      page: number | null;
      created_at: string;
      byline: string;
    };
    const { snippet, highlights } = snippetOf(a.body_text || a.headline, words);
    const score = hit.score ?? localScore(a.headline, a.body_text, words);
    return {
      id: a.id,
      headline: a.headline,
      kicker: a.kicker,
      status: a.status,
      date: a.edition_date ?? a.created_at.slice(0, 10),
      page: a.page,
      byline: formatBylinePeople(JSON.parse(a.byline) as BylineEntry[]),
      snippet,
      highlights,
      score: Math.round(score * 1000) / 1000,
    };
  });
  return { total: Math.min(total, COUNT_CAP), totalCapped: moreThanCounted || total > COUNT_CAP, partial, results };
}
