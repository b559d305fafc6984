import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/archive/archive';
import { exactLimits, fts5Cost, pairPages, rankedByFts5, rowsWithin } from '../../electron/archive/search-exact';
import { rankingLimits } from '../../electron/archive/search';
import { keyLimits } from '../../electron/archive/search-narrow';
import { dropImpacts, writeImpacts } from '../../electron/archive/search-impacts';
import { expectedMatches, queryParts, walkLimits } from '../../electron/archive/search-rank';
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
    const { match } = parseQuery(q!);
    // Its read stops one row past what the time allows: no ranking, where there were more.
    expect(rankedByFts5(archive.db, match!, 20, all.length - 1)).toBeUndefined();
    const ranked = rankedByFts5(archive.db, match!, 20, all.length)!;
    expect(ranked.total).toBe(all.length);
    const keyOf = archive.db.prepare('SELECT key FROM search_keys WHERE article_id = ?').pluck();
    expect(ranked.scored.slice(0, 20).map((r) => r.key)).toEqual(all.slice(0, 20).map((m) => keyOf.get(m.id)));
    // With hardly any time, the search ranks them otherwise, and as well.
    const reference = archive.search({ q: q!, order: 'relevance', limit: 20 });
    exactLimits.most = 0.5;
    try {
      const answer = archive.search({ q: q!, order: 'relevance', limit: 20 });
      expect(answer.total).toBe(reference.total);
      const score = new Map(all.map((m) => [m.id, m.score]));
      if (!answer.partial) for (const r of answer.results) expect(score.get(r.id)! >= all[19]!.score - 1e-9, q).toBe(true);
      expect(answer.results).toHaveLength(20);
    } finally {
      exactLimits.most = before.most;
    }
  });

  it('ranks every match by FTS5 where the walk could not prove the order, within a longer time', () => {
    const [q] = commonPairs(1);
    const all = fts5(q!);
    const parts = queryParts(q!.split(' '));
    const cost = fts5Cost(pairPages(archive.db, parts)!, expectedMatches(archive.db, parts)!);
    const limits = { exact: { ...exactLimits }, walk: { ...walkLimits }, ranking: { ...rankingLimits } };
    // Too little time for FTS5 first, and more matches than the window and the exact cap rank
    // whole; a walk with hardly any budget.
    exactLimits.most = cost / 2;
    rankingLimits.window = 50;
    rankingLimits.exactCap = 100;
    Object.assign(walkLimits, { scored: 1, looked: 1, read: 1 });
    try {
      const answer = archive.search({ q: q!, order: 'relevance', limit: 20 });
      expect(answer.partial, q).toBe(false);
      const score = new Map(all.map((m) => [m.id, m.score]));
      for (const r of answer.results) expect(score.get(r.id)! >= all[19]!.score - 1e-9, q).toBe(true);
      // Without the longer time, the answer says it ranked only some.
      exactLimits.afterWalk = 1;
      expect(archive.search({ q: q!, order: 'relevance', limit: 20 }).partial, q).toBe(true);
    } finally {
      Object.assign(exactLimits, limits.exact);
      Object.assign(walkLimits, limits.walk);
      Object.assign(rankingLimits, limits.ranking);
    }
  });

  it.each([
    ['three characters (two pairs)', 3],
    ['two characters (one pair)', 2],
  ])('ranks one word of %s by FTS5, first where it costs little, else after a walk that proved nothing', (_, chars) => {
    // A word in more articles than the exact cap ranks whole.
    const q = drawWords(archive, chars, 200, 9).find((w) => fts5(w).length > 300);
    expect(q).toBeDefined();
    const all = fts5(q!);
    const limits = { exact: { ...exactLimits }, walk: { ...walkLimits }, ranking: { ...rankingLimits } };
    rankingLimits.window = 50;
    rankingLimits.exactCap = 100;
    // A walk with hardly any budget proves nothing.
    Object.assign(walkLimits, { scored: 1, looked: 1, read: 1 });
    const exactly = (label: string) => {
      const answer = archive.search({ q: q!, order: 'relevance', limit: 20 });
      expect(answer.partial, label).toBe(false);
      expect(answer.total, label).toBe(Math.min(all.length, 1000));
      const score = new Map(all.map((m) => [m.id, m.score]));
      for (const r of answer.results) expect(score.get(r.id)! >= all[19]!.score - 1e-9, label).toBe(true);
      expect(answer.results).toHaveLength(20);
    };
    try {
      // First, where it is expected within its time; and no time at all after the walk.
      exactLimits.afterWalk = 0;
      exactLimits.phrase = 1_000;
      exactly('first');
      // Never first: the walk, then FTS5 within its longer time.
      exactLimits.phrase = 0;
      exactLimits.afterWalk = limits.exact.afterWalk;
      exactly('after the walk');
      // Neither: the articles the phrase weighs most in, and the answer says so.
      exactLimits.afterWalk = 0;
      expect(archive.search({ q: q!, order: 'relevance', limit: 20 }).partial).toBe(true);
    } finally {
      Object.assign(exactLimits, limits.exact);
      Object.assign(walkLimits, limits.walk);
      Object.assign(rankingLimits, limits.ranking);
    }
  });

  it('lets FTS5 read more matches than its lists were expected to leave time for, not fewer', () => {
    // The pages are taken high to choose FTS5 and at their cheapest to give it up: a ranking
    // chosen for `n` matches reads at least `n` before it is given up, and more where the
    // words are found together more often than expected.
    for (const pages of [0, 100, 1_277]) {
      for (const n of [0, 2_000, 10_000]) {
        expect(rowsWithin(fts5Cost(pages, n), pages)).toBeGreaterThanOrEqual(n);
        expect(rowsWithin(fts5Cost(pages, n, true), pages, true)).toBeGreaterThanOrEqual(n);
      }
    }
    expect(rowsWithin(90, 1_277)).toBeGreaterThan(10_466);
    expect(rowsWithin(0, 100)).toBe(0);
  });

  it('shows no entry of the index that no article holds the key of, however it ranks', () => {
    // Fewer matches than the count's cap (each one counted), expected in few enough articles
    // together that every match is read whole (search.ts: without a look at their keys).
    const q = commonPairs(12).find(
      (pair) => fts5(pair).length < 1000 && expectedMatches(archive.db, queryParts(pair.split(' ')))! * 1.5 < 3000,
    );
    expect(q).toBeDefined();
    const words = q!.split(' ');
    const { checked } = keyLimits;
    // An entry left by a rebuild that was stopped (with its impact terms): no search key, and
    // the words many times over.
    const key = (archive.db.prepare('SELECT max(key) FROM search_keys').pluck().get() as number) + 1;
    const terms = indexTerms(words.join('，').repeat(6));
    archive.db.prepare('INSERT INTO article_search (rowid, terms) VALUES (CAST(? AS INTEGER), ?)').run(key, terms);
    writeImpacts(archive.db, key, terms);
    try {
      const all = fts5(q!);
      // FTS5's ranking itself: the best with a key, and a count of those only.
      const ranked = rankedByFts5(archive.db, parseQuery(q!).match!, 1, 10_000)!;
      expect(ranked.scored.map((r) => r.key)).not.toContain(key);
      expect(ranked.scored[0]!.key).toBe(archive.db.prepare('SELECT key FROM search_keys WHERE article_id = ?').pluck().get(all[0]!.id));
      expect(ranked.total).toBe(all.length);
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
        // The entry outscores every article: a page of one shows the best article instead.
        const first = archive.search({ q: q!, order: 'relevance', limit: 1 });
        expect(first.results.map((r) => r.id)).toEqual([all[0]!.id]);
        expect(first.total, `${most} ${checked}`).toBe(Math.min(all.length, 1000));
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
      dropImpacts(archive.db, key);
    }
  });
});
