import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/archive/archive';
import { exactLimits } from '../../electron/archive/search-exact';
import { keyLimits } from '../../electron/archive/search-narrow';
import { indexTerms, parseQuery } from '../../shared/search/tokens';
import { fillArchive } from '../support/archives';
import { tempDir } from '../support/temp';
import { drawWords } from '../support/words';

// Several common words ranked by FTS5's own bm25 over every match, where that is cheap
// (electron/archive/search-exact.ts), held against FTS5's bm25 read here.
const folder = tempDir();
let archive: Archive;
const before = { ...exactLimits };

beforeAll(() => {
  archive = Archive.open(folder.dir);
  fillArchive(archive, 3000, 17);
  // Matches of a few hundred are "many" here, as tens of thousands are at a million.
  exactLimits.fewest = 100;
}, 120_000);
afterAll(() => {
  Object.assign(exactLimits, before);
  archive.close();
  folder.cleanup();
});

/** Every match of `q` with FTS5's bm25 (negated: higher is better), by article id, best first. */
function fts5(q: string): { id: string; score: number }[] {
  return archive.db
    .prepare(
      `SELECT k.article_id AS id, -bm25(article_search) AS score FROM article_search s JOIN search_keys k ON k.key = s.rowid
       WHERE article_search MATCH ? ORDER BY score DESC, s.rowid DESC`,
    )
    .all(parseQuery(q).match!) as { id: string; score: number }[];
}

/** Two words found together in more articles than `fewest`, drawn from the archive's own text. */
function commonPairs(count: number): string[] {
  const words = drawWords(archive, 2, 80, 5);
  const pairs: string[] = [];
  for (let i = 0; i + 1 < words.length && pairs.length < count; i += 2) {
    const q = `${words[i]} ${words[i + 1]}`;
    if (words[i] !== words[i + 1] && fts5(q).length > 300) pairs.push(q);
  }
  return pairs;
}

describe('several common words ranked by FTS5 itself', () => {
  it('ranks every match as bm25 does, pages through them, and counts them all', () => {
    const queries = commonPairs(4);
    expect(queries.length).toBeGreaterThanOrEqual(3);
    for (const q of queries) {
      const all = fts5(q);
      const answer = archive.search({ q, order: 'relevance', limit: 20 });
      expect(answer.partial, q).toBe(false);
      expect(answer.total, q).toBe(Math.min(all.length, 1000));
      const score = new Map(all.map((m) => [m.id, m.score]));
      const cut = all[19]!.score;
      expect(answer.results, q).toHaveLength(20);
      for (const r of answer.results) {
        expect(score.get(r.id)! >= cut - 1e-9, q).toBe(true);
        expect(r.score).toBeCloseTo(score.get(r.id)!, 3);
      }
      // The second page goes on from the first, every article once.
      const forty = archive.search({ q, order: 'relevance', limit: 40 }).results.map((r) => r.id);
      const second = archive.search({ q, order: 'relevance', limit: 20, offset: 20 }).results.map((r) => r.id);
      expect(second, q).toEqual(forty.slice(20));
      expect(new Set(forty).size).toBe(40);
    }
  });

  it('gives it up where the words are found together more often than its time allows, and ranks them otherwise', () => {
    const [q] = commonPairs(1);
    const all = fts5(q!);
    const reference = archive.search({ q: q!, order: 'relevance', limit: 20 }).results.map((r) => r.id);
    // Time enough for the lists' pages and hardly a match: FTS5's read stops past what it allows.
    exactLimits.most = 0.5;
    try {
      const answer = archive.search({ q: q!, order: 'relevance', limit: 20 });
      expect(answer.total).toBe(Math.min(all.length, 1000));
      const score = new Map(all.map((m) => [m.id, m.score]));
      if (!answer.partial) for (const r of answer.results) expect(score.get(r.id)! >= all[19]!.score - 1e-9, q).toBe(true);
      expect(answer.results.map((r) => r.id)).not.toEqual([]);
      // The same words with FTS5 allowed: its answer.
      exactLimits.most = before.most;
      expect(archive.search({ q: q!, order: 'relevance', limit: 20 }).results.map((r) => r.id)).toEqual(reference);
    } finally {
      exactLimits.most = before.most;
    }
  });

  it('shows no entry of the index that no article holds the key of, however it ranks', () => {
    const [q] = commonPairs(1);
    const words = q!.split(' ');
    const { checked } = keyLimits;
    // An entry left by a rebuild that was stopped: no search key, and the words many times over.
    const key = (archive.db.prepare('SELECT max(key) FROM search_keys').pluck().get() as number) + 1;
    archive.db
      .prepare('INSERT INTO article_search (rowid, terms) VALUES (CAST(? AS INTEGER), ?)')
      .run(key, indexTerms(words.join('，').repeat(6)));
    try {
      const all = fts5(q!);
      // By FTS5; read whole and told by the impact index, the keys looked at as they are read
      // or (past what is looked at so) those ranked first.
      for (const [most, checked] of [
        [before.most, keyLimits.checked],
        [0, keyLimits.checked],
        [0, 0],
      ]) {
        exactLimits.most = most!;
        keyLimits.checked = checked!;
        const answer = archive.search({ q: q!, order: 'relevance', limit: 20 });
        expect(answer.results).toHaveLength(20);
        const ids = new Set(all.map((m) => m.id));
        for (const r of answer.results) expect(ids.has(r.id), r.id).toBe(true);
        const cut = all[19]!.score;
        const score = new Map(all.map((m) => [m.id, m.score]));
        for (const r of answer.results) expect(score.get(r.id)! >= cut - 1e-9, `${q} ${most}`).toBe(true);
      }
    } finally {
      exactLimits.most = before.most;
      keyLimits.checked = checked;
      archive.db.prepare('DELETE FROM article_search WHERE rowid = CAST(? AS INTEGER)').run(key);
    }
  });
});
