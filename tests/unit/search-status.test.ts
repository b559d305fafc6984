import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/archive/archive';
import { statusLimits } from '../../electron/archive/search';
import { parseQuery } from '../../shared/search/tokens';
import { fillArchive } from '../support/archives';
import { tempDir } from '../support/temp';
import { drawWords } from '../support/words';

// A status filter nearly every article passes (approved, in an archive of printed stories):
// the few in other statuses are left out by their search keys (electron/archive/search.ts),
// held against SQL on every article's status.
const folder = tempDir();
let archive: Archive;
const before = { ...statusLimits };

beforeAll(() => {
  archive = Archive.open(folder.dir);
  fillArchive(archive, 800, 31);
}, 120_000);
afterAll(() => {
  archive.close();
  folder.cleanup();
});

/** Every match of `q` in `status`, by SQL on each article's row: newest first, and by bm25 (best first). */
function reference(q: string, status: string): { newest: string[]; ranked: { id: string; score: number }[] } {
  const match = parseQuery(q).match!;
  const rows = archive.db
    .prepare(
      `SELECT k.article_id AS id, s.rowid AS key, -bm25(article_search) AS score FROM article_search s
       JOIN search_keys k ON k.key = s.rowid JOIN articles a ON a.id = k.article_id
       WHERE article_search MATCH ? AND a.status = ?`,
    )
    .all(match, status) as { id: string; key: number; score: number }[];
  return {
    newest: [...rows].sort((x, y) => y.key - x.key).map((r) => r.id),
    ranked: [...rows].sort((x, y) => y.score - x.score || y.key - x.key),
  };
}

function expectAsReference(q: string, label: string) {
  const ref = reference(q, 'approved');
  const newest = archive.search({ q, filters: { status: 'approved' }, limit: 20 });
  expect(
    newest.results.map((r) => r.id),
    `${label} ${q}`,
  ).toEqual(ref.newest.slice(0, 20));
  expect(newest.total, `${label} ${q}`).toBe(Math.min(ref.newest.length, 1000));
  const ranked = archive.search({ q, filters: { status: 'approved' }, limit: 20, order: 'relevance' });
  expect(ranked.results, `${label} ${q}`).toHaveLength(Math.min(20, ref.ranked.length));
  const score = new Map(ref.ranked.map((r) => [r.id, r.score]));
  const cut = ref.ranked[Math.min(20, ref.ranked.length) - 1]?.score ?? 0;
  for (const r of ranked.results) {
    expect(score.has(r.id), `${label} ${q}: ${r.id} is in another status`).toBe(true);
    if (!ranked.partial) expect(score.get(r.id)! >= cut - 1e-9, `${label} ${q}`).toBe(true);
  }
}

describe('a status nearly every article is in', () => {
  afterEach(() => Object.assign(statusLimits, before));

  it('finds what SQL on every article finds, with the few in other statuses left out, and past `few` as before', () => {
    const words = [...drawWords(archive, 2, 4, 3), ...drawWords(archive, 1, 2, 4)];
    const queries = [...words, `${words[0]} ${words[1]}`, `${words[4]} ${words[5]}`];
    // Every article approved: the filter is no filter. (Here, as at a million, approved articles
    // are more than `few`, and the others no more.)
    statusLimits.few = 100;
    for (const q of queries) expectAsReference(q, 'all approved');
    // With no words (or none the index holds), the filter alone lists every article.
    for (const q of ['', '。']) {
      const all = archive.search({ q, filters: { status: 'approved' }, limit: 5 });
      expect(all.total, q).toBe(800);
      expect(all.results, q).toHaveLength(5);
    }
    // The newest matches of each query, and some more, moved to other statuses.
    const keyOf = archive.db.prepare('SELECT article_id FROM search_keys WHERE key = ?').pluck();
    const moved = new Set<string>();
    for (const q of queries) {
      const keys = archive.db
        .prepare('SELECT rowid FROM article_search WHERE article_search MATCH ? ORDER BY rowid DESC LIMIT 10')
        .pluck()
        .all(parseQuery(q).match!) as number[];
      for (const key of keys) moved.add(keyOf.get(key) as string);
    }
    const statuses = ['draft', 'submitted', 'edited', 'spiked'];
    [...moved].forEach((id, i) => archive.db.prepare('UPDATE articles SET status = ? WHERE id = ?').run(statuses[i % 4], id));
    expect(moved.size).toBeGreaterThan(10);
    expect(moved.size).toBeLessThanOrEqual(statusLimits.few);
    for (const q of queries) expectAsReference(q, 'few others');
    // More in other statuses than are left out by their keys: each article's status checked.
    statusLimits.few = 5;
    for (const q of queries) expectAsReference(q, 'many others');
  });
});

describe('a column', () => {
  it('is searched by what each search key says, which follows the article as it is edited', () => {
    const story = archive.create({ headline: '城区举行消防演练', column: '平安 一线' });
    const inColumn = (q: string, order: 'newest' | 'relevance' = 'newest') =>
      archive.search({ q, filters: { column: '平安 一线' }, order }).results.map((r) => r.id);
    expect(inColumn('消防演练')).toEqual([story.id]);
    expect(inColumn('消防演练', 'relevance')).toEqual([story.id]);
    const saved = archive.get(story.id);
    archive.save(story.id, saved.version, { ...saved, column: '城市 简讯' });
    expect(
      archive.db
        .prepare('SELECT f.label FROM search_keys k JOIN search_facts f ON f.key = k.key WHERE k.article_id = ?')
        .pluck()
        .get(story.id),
    ).toBe('城市 简讯');
    expect(inColumn('消防演练')).toEqual([]);
    expect(archive.search({ q: '消防演练', filters: { column: '城市 简讯' } }).results.map((r) => r.id)).toEqual([story.id]);
    // With no words, the articles of the column, newest first.
    expect(archive.search({ q: '', filters: { column: '城市 简讯' } }).results.map((r) => r.id)).toEqual([story.id]);
  });
});
