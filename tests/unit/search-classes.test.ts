import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/archive/archive';
import { classLimits, rankByClasses } from '../../electron/archive/search-classes';
import { exactLimits } from '../../electron/archive/search-exact';
import { queryParts } from '../../electron/archive/search-rank';
import { parseQuery } from '../../shared/search/tokens';
import { fillArchive } from '../support/archives';
import { saveStory } from '../support/drafts';
import { tempDir } from '../support/temp';
import { drawWords as drawWordsOf } from '../support/words';

// Every match of a query ranked from what the impact index tells of each one's counts
// (electron/archive/search-classes.ts), held against FTS5's own bm25 over the same matches.
const folder = tempDir();
let archive: Archive;
const fts5Ms = exactLimits.most;

beforeAll(() => {
  archive = Archive.open(folder.dir);
  // Every match read and told, not ranked by FTS5 itself, however cheap that is in an archive
  // this small (search-exact.test.ts holds that).
  exactLimits.most = 0;
  fillArchive(archive, 4000, 13);
  // A word far more often than the classes count one by one (tf ≥ 9: a bound, not a count),
  // a longer word whose pairs occur more often than it does, and a short story (once is
  // written for it).
  saveStory(archive, `本报讯 ${'鼋鼍会议召开。'.repeat(12)}`);
  // Nine times in a long story, eight in a short one: the short one ranks first, and the long
  // one's count is only bounded (nine or more).
  saveStory(archive, `本报讯 ${'鼋鼍会议在市里召开，各方代表出席并发言。'.repeat(9)}${'会议还听取了有关部门的工作汇报。'.repeat(30)}`);
  saveStory(archive, '鼋鼍。'.repeat(8));
  saveStory(archive, '本报讯 鼋鼍鼍蛟鼋鼍蛟龙，鼋鼍蛟鲨。鼍蛟之说。');
  saveStory(archive, '鼋鼍蛟龙');
  // A phrase runs on across two clauses where one ends with the character the next begins
  // with: FTS5 counts 鼋鼍蛟 twice here, 哈哈哈 three times in the next, the text once and twice.
  saveStory(archive, '本报讯 鼋鼍蛟，又见鼋鼍。鼍蛟出没。');
  saveStory(archive, '本报讯 哈哈哈哈，哈哈。');
  // Radicals are spaces to FTS5's tokenizer, not to the impact index's count of the length:
  // the story is in another length class to each.
  saveStory(archive, `${'鼋鼍会议。'.repeat(3)}${'⺀'.repeat(300)}`);
}, 180_000);
afterAll(() => {
  exactLimits.most = fts5Ms;
  archive.close();
  folder.cleanup();
});

/** Every match of `q`, as search keys, and FTS5's bm25 of each (negated: higher is better). */
function fts5(q: string): { keys: number[]; score: Map<number, number> } {
  const rows = archive.db
    .prepare('SELECT rowid AS key, -bm25(article_search) AS score FROM article_search WHERE article_search MATCH ? ORDER BY rowid DESC')
    .all(parseQuery(q).match!) as { key: number; score: number }[];
  return { keys: rows.map((r) => r.key), score: new Map(rows.map((r) => [r.key, r.score])) };
}

/** Whether `ranked`'s first `need` are FTS5's best `need` (ties either way) with FTS5's scores. */
function asFts5(q: string, ranked: { key: number; score: number }[], need: number): boolean {
  const { score } = fts5(q);
  const best = [...score.values()].sort((x, y) => y - x);
  const cut = best[Math.min(need, best.length) - 1]!;
  const top = ranked.slice(0, need);
  if (top.length !== Math.min(need, best.length)) return false;
  return top.every((r) => Math.abs(r.score - score.get(r.key)!) < 1e-9 && score.get(r.key)! >= cut - 1e-9);
}

/** Words of the archive's own text (its first 800 stories), drawn at random: `chars` characters each. */
const drawWords = (seed: number, chars: number, count: number) => drawWordsOf(archive, chars, count, seed, 800);

/** Runs `check` with the limits changed, and sets them back whatever happens. */
function limited<T>(limits: Partial<typeof classLimits>, check: () => T): T {
  const before = { ...classLimits };
  Object.assign(classLimits, limits);
  try {
    return check();
  } finally {
    Object.assign(classLimits, before);
  }
}

const rank = (q: string, need = 20, keys = fts5(q).keys) => rankByClasses(archive.db, queryParts(q.split(' ')), keys, need);

describe('ranking every match by what the impact index tells of its counts', () => {
  it('ranks words of two to four characters as FTS5’s bm25 over every match, pages deep included', () => {
    const queries: string[] = [];
    for (const [words, chars] of [
      [1, 2],
      [2, 2],
      [3, 2],
      [2, 3],
      [2, 4],
      [3, 3],
      [1, 4],
    ] as const) {
      const drawn = drawWords(words * 10 + chars, chars, words * 6);
      for (let i = 0; i < 6; i++) queries.push(drawn.slice(i * words, (i + 1) * words).join(' '));
    }
    let told = 0;
    for (const q of queries) {
      for (const need of [20, 60]) {
        const ranked = rank(q, need);
        if (ranked === null) continue;
        told++;
        expect(asFts5(q, ranked, need), `${q} (${need})`).toBe(true);
      }
    }
    // Nearly every query of these: none holds a pair in most articles.
    expect(told).toBeGreaterThanOrEqual(queries.length * 2 * 0.8);
  });

  it('scores from the text what the classes only bound: a word nine times or more, a longer word whose pairs occur more often', () => {
    for (const q of ['鼋鼍', '鼋鼍蛟龙', '鼋鼍 鼍蛟', '鼍蛟龙 鼋鼍', '鼋鼍蛟', '哈哈哈', '哈哈哈 鼋鼍蛟'])
      for (const need of [1, 2, 3, 20]) {
        const ranked = rank(q, need);
        expect(ranked, q).not.toBeNull();
        expect(asFts5(q, ranked!, need), `${q} (${need})`).toBe(true);
      }
    // Ranked from the text whole, as relevance ranks a few matches.
    for (const q of ['鼋鼍蛟', '哈哈哈', '鼋鼍']) {
      const { keys, score } = fts5(q);
      const answer = archive.search({ q, order: 'relevance', limit: 20 });
      const keyOf = archive.db.prepare('SELECT key FROM search_keys WHERE article_id = ?').pluck();
      expect(answer.results.length, q).toBe(keys.length);
      for (const r of answer.results) expect(r.score, q).toBeCloseTo(score.get(keyOf.get(r.id) as number)!, 3);
    }
    // With no text to be read, a bound is not a count: nothing is claimed.
    limited({ maxText: 0 }, () => {
      expect(rank('鼋鼍')).toBeNull();
      expect(rank('鼋鼍蛟龙')).toBeNull();
    });
  });

  it('reads the text of the matches a pair too common to read leaves open, or leaves the query to FTS5', () => {
    const q = drawWords(5, 2, 2).join(' ');
    limited({ maxPages: 0, untoldShare: 1, maxText: 1_000_000 }, () => {
      const ranked = rank(q);
      expect(ranked, q).not.toBeNull();
      expect(asFts5(q, ranked!, 20), q).toBe(true);
    });
    // Told by no pair, a query of words that weigh: given up before any match is read.
    limited({ maxPages: 0 }, () => expect(rank(q)).toBeNull());
    // A pair whose entries are more than are read is as if too common.
    limited({ maxEntries: 0, untoldShare: 1, maxText: 1_000_000 }, () => expect(asFts5(q, rank(q)!, 20)).toBe(true));
    limited({ maxEntries: 0 }, () => expect(rank(q)).toBeNull());
  });

  it('leaves characters, radicals and other scripts to FTS5, and ranks no match as none', () => {
    expect(rank('鼋')).toBeNull();
    expect(rank('鼋⺀鼍')).toBeNull();
    expect(rank('gdp 鼋鼍')).toBeNull();
    expect(rankByClasses(archive.db, queryParts(['鼋鼍']), [], 20)).toEqual([]);
  });

  it('gives the search by relevance FTS5’s order over every match, within the newest window and past it, and pages through it', () => {
    // Two words together in a few hundred to a few thousand articles (every match within the
    // window of 3,000), and in more (read whole, as expected within the exact cap).
    const words = drawWords(31, 2, 60);
    const pairs: string[] = [];
    for (let i = 0; i + 1 < words.length; i += 2) pairs.push(`${words[i]} ${words[i + 1]}`);
    const within = pairs.filter((q) => fts5(q).keys.length > 400 && fts5(q).keys.length <= 3000);
    const past = drawWords(37, 2, 80).filter((w) => fts5(w).keys.length > 3000);
    expect(within.length).toBeGreaterThanOrEqual(2);
    expect(past.length).toBeGreaterThanOrEqual(2);
    const keyOf = archive.db.prepare('SELECT key FROM search_keys WHERE article_id = ?').pluck();
    for (const q of [...within.slice(0, 3), `${past[0]} ${past[1]}`, `${past[0]} ${within[0]}`]) {
      const { keys, score } = fts5(q);
      const answer = archive.search({ q, order: 'relevance', limit: 20 });
      expect(answer.partial, q).toBe(false);
      expect(answer.total, q).toBe(Math.min(keys.length, 1000));
      const ranked = answer.results.map((r) => ({ key: keyOf.get(r.id) as number, score: score.get(keyOf.get(r.id) as number)! }));
      expect(asFts5(q, ranked, 20), q).toBe(true);
      // The second page follows on from the first: the next twenty of the same order.
      const both = archive.search({ q, order: 'relevance', limit: 40 }).results.map((r) => r.id);
      const second = archive.search({ q, order: 'relevance', limit: 20, offset: 20 }).results.map((r) => r.id);
      expect(second, q).toEqual(both.slice(20));
      // Each article once, however the matches were read.
      expect(new Set(both).size, q).toBe(both.length);
      expect(both.slice(0, 20), q).toEqual(answer.results.map((r) => r.id));
    }
  });
});
