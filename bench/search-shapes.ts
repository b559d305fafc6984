// Search latency by query shape, beside an FTS5 trigram index and a LIKE scan of the same text,
// and how often relevance's top 20 agrees with bm25 computed exactly over every match.
// Part of bench:archive; see docs/benchmarks.md.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Archive } from '../electron/archive/archive';
import { parseQuery } from '../shared/search/tokens';
import { random } from './synthetic';

type Filter = 'none' | 'person' | 'year' | 'column' | 'status';

interface Shape {
  words: number;
  chars: number;
  filter: Filter;
}

interface Query extends Shape {
  q: string;
  filters: Record<string, string>;
  /** SQL on the article `a` for the exact reference (bm25 over every match). */
  where: string;
}

function quantile(samples: number[], q: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]! * 10) / 10;
}

/** Words drawn from the archive's own text: 1 to 4 words of 1 to 4 characters. */
function drawQueries(archive: Archive, perShape: number, seed: number): Query[] {
  const db = archive.db;
  const rnd = random(seed);
  const maxRow = db.prepare('SELECT max(rowid) FROM articles').pluck().get() as number;
  const sample = db.prepare('SELECT body_text FROM articles WHERE rowid = ?').pluck();
  const drawWord = (chars: number): string => {
    for (;;) {
      const text = (sample.get(1 + Math.floor(rnd() * maxRow)) as string | undefined) ?? '';
      const runs = (text.match(/\p{Script=Han}+/gu) ?? []).filter((r) => r.length >= chars);
      const run = runs[Math.floor(rnd() * runs.length)];
      if (!run) continue;
      const at = Math.floor(rnd() * (run.length - chars + 1));
      return run.slice(at, at + chars);
    }
  };
  const person = db
    .prepare('SELECT p.name FROM bylines b JOIN people p ON p.id = b.person_id GROUP BY p.id ORDER BY count(*) DESC LIMIT 1 OFFSET 20')
    .pluck()
    .get() as string;
  const year =
    (db
      .prepare('SELECT substr(edition_date, 1, 4) FROM articles WHERE rowid = ?')
      .pluck()
      .get(Math.ceil(maxRow / 2)) as string) ?? '2020';
  const column =
    (db
      .prepare("SELECT column_label FROM articles WHERE column_label != '' GROUP BY column_label ORDER BY count(*) DESC LIMIT 1")
      .pluck()
      .get() as string | undefined) ?? '';
  const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const filterOf = (f: Filter): [Record<string, string>, string] => {
    switch (f) {
      case 'person':
        return [
          { person },
          `EXISTS (SELECT 1 FROM bylines b JOIN people p ON p.id = b.person_id WHERE b.article_id = a.id AND p.name = ${quote(person)})`,
        ];
      case 'year':
        return [{ from: `${year}-01-01`, to: `${year}-12-31` }, `a.edition_date BETWEEN '${year}-01-01' AND '${year}-12-31'`];
      case 'column':
        return [{ column }, `a.column_label = ${quote(column)}`];
      case 'status':
        return [{ status: 'approved' }, `a.status = 'approved'`];
      default:
        return [{}, '1'];
    }
  };
  const shapes: Shape[] = [];
  for (let words = 1; words <= 4; words++) for (let chars = 1; chars <= 4; chars++) shapes.push({ words, chars, filter: 'none' });
  for (const filter of ['person', 'year', 'column', 'status'] as const) {
    shapes.push({ words: 1, chars: 2, filter }, { words: 2, chars: 2, filter });
  }
  const queries: Query[] = [];
  for (const shape of shapes) {
    for (let i = 0; i < perShape; i++) {
      const q = Array.from({ length: shape.words }, () => drawWord(shape.chars)).join(' ');
      const [filters, where] = filterOf(shape.filter);
      queries.push({ ...shape, q, filters, where });
    }
  }
  return queries;
}

const labelOf = (query: Query): string => `${query.words} × ${query.chars}${query.filter === 'none' ? '' : ` + ${query.filter}`}`;

/**
 * Runs every query shape: newest first and by relevance through the archive (as the desk asks),
 * bm25 over all matches as a bare FTS5 statement (the reference), a trigram FTS5 index of the
 * same text where one is given (`trigramFile`), and a LIKE scan.
 */
export function searchShapes(
  archive: Archive,
  options: { perShape: number; runs: number; trigramFile?: string; only?: string; each?: boolean; seed?: number },
): string {
  const db = archive.db;
  // --only TEXT: the shapes whose label holds it (`person`, `2 × 2`), drawn as in a whole run.
  const queries = drawQueries(archive, options.perShape, options.seed ?? 11).filter(
    (q) => !options.only || labelOf(q).includes(options.only),
  );
  const trigram = options.trigramFile && existsSync(options.trigramFile);
  if (trigram) db.exec(`ATTACH ${`'${options.trigramFile!.replace(/'/g, "''")}'`} AS tri`);
  interface Row {
    shape: string;
    newest: number[];
    relevance: number[];
    exact: number[];
    trigram: number[];
    like: number[];
    matches: number[];
    agree: number;
    proven: number;
    n: number;
  }
  const rows = new Map<string, Row>();
  const timeOf = (fn: () => unknown): number => {
    const t = performance.now();
    fn();
    return performance.now() - t;
  };
  for (const query of queries) {
    const label = labelOf(query);
    const row =
      rows.get(label) ??
      rows
        .set(label, { shape: label, newest: [], relevance: [], exact: [], trigram: [], like: [], matches: [], agree: 0, proven: 0, n: 0 })
        .get(label)!;
    row.n++;
    const request = { q: query.q, filters: query.filters, limit: 20 };
    archive.search(request);
    for (let i = 0; i < options.runs; i++) row.newest.push(timeOf(() => archive.search(request)));
    let answer = archive.search({ ...request, order: 'relevance' });
    for (let i = 0; i < options.runs; i++) row.relevance.push(timeOf(() => (answer = archive.search({ ...request, order: 'relevance' }))));
    row.matches.push(answer.total);
    if (!answer.partial) row.proven++;

    // The reference: bm25 over every match of the words, filters applied to the articles.
    const match = parseQuery(query.q).match!;
    const reference = db.prepare(
      `SELECT k.article_id AS id, bm25(article_search) AS rank FROM article_search s JOIN search_keys k ON k.key = s.rowid
       JOIN articles a ON a.id = k.article_id WHERE article_search MATCH ? AND ${query.where} ORDER BY rank LIMIT 20`,
    );
    let exact: { id: string; rank: number }[] = [];
    row.exact.push(timeOf(() => (exact = reference.all(match) as typeof exact)));
    // Agreement allows ties: each of ours scores at least the reference's 20th (bm25 is
    // negative in FTS5, lower is better), and as many are returned.
    const ours = answer.results.map((r) => r.id);
    let agrees = ours.length === exact.length;
    if (agrees && exact.length) {
      const cut = exact.at(-1)!.rank;
      const scores = db
        .prepare(
          `SELECT bm25(article_search) FROM article_search s JOIN search_keys k ON k.key = s.rowid
           WHERE article_search MATCH ? AND k.article_id IN (${ours.map(() => '?').join(',')})`,
        )
        .pluck()
        .all(match, ...ours) as number[];
      agrees = scores.length === ours.length && scores.every((s) => s <= cut + 1e-9);
    }
    if (agrees) row.agree++;
    // --each: a line per query, to see which disagree and why.
    if (options.each)
      console.log(
        `${label}\t${query.q}\t${answer.partial ? `partial (${answer.rankedBy ?? 'newest'} ${answer.ranked ?? ''})` : 'proven'}\t${agrees ? 'agrees' : 'differs'}\trelevance p50 ${quantile(row.relevance.slice(-options.runs), 0.5)} ms`,
      );

    const longest = Math.max(...query.q.split(' ').map((w) => w.length));
    if (trigram && longest >= 3 && query.filter === 'none') {
      // A trigram index finds words of three characters or more; ranked by its own bm25.
      const words = query.q
        .split(' ')
        .map((w) => `"${w}"`)
        .join(' AND ');
      row.trigram.push(timeOf(() => db.prepare('SELECT rowid FROM tri.tri WHERE tri MATCH ? ORDER BY rank LIMIT 20').all(words)));
    }
    if (row.like.length < 2) {
      const likes = query.q.split(' ').map(() => 'a.body_text LIKE ?');
      const like = db.prepare(
        `SELECT a.id FROM articles a WHERE ${likes.join(' AND ')} AND ${query.where} ORDER BY coalesce(a.edition_date, a.created_at) DESC LIMIT 20`,
      );
      row.like.push(timeOf(() => like.all(...query.q.split(' ').map((w) => `%${w}%`))));
    }
  }
  const cell = (s: number[]) => (s.length ? `${quantile(s, 0.5)} / ${quantile(s, 0.95)}` : '—');
  const lines = [
    '| words × characters | queries | matches (median) | newest p50 / p95 | relevance p50 / p95 | top 20 as bm25 (proven) | bm25 over all matches p50 / p95 | trigram FTS5 p50 / p95 | LIKE scan p50 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  let agree = 0;
  let total = 0;
  for (const r of rows.values()) {
    agree += r.agree;
    total += r.n;
    lines.push(
      `| ${r.shape} | ${r.n} | ${quantile(r.matches, 0.5)} | ${cell(r.newest)} | ${cell(r.relevance)} | ${r.agree}/${r.n} (${r.proven}) | ${cell(r.exact)} | ${
        r.trigram.length ? cell(r.trigram) : 'cannot (< 3 characters or filtered)'
      } | ${r.like.length ? quantile(r.like, 0.5) : '—'} |`,
    );
  }
  const worst = (key: 'newest' | 'relevance') => Math.max(...[...rows.values()].map((r) => quantile(r[key], 0.95)));
  return `${lines.join('\n')}

relevance's top 20 agrees with bm25 over all matches on ${agree} of ${total} queries (${Math.round((100 * agree) / total)} %)
worst shape p95: newest ${worst('newest')} ms, relevance ${worst('relevance')} ms${trigram ? '' : `\n(no trigram index: pass --trigram to build one beside the archive, ${join('DIR', 'trigram.sqlite')})`}`;
}
