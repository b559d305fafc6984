import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/archive/archive';
import { rankingLimits } from '../../electron/archive/search';
import { exactLimits } from '../../electron/archive/search-exact';
import { scanLimits } from '../../electron/archive/search-scan';
import { keyRangeOf } from '../../electron/archive/search-index';
import { impactWalker, queryParts, walkImpacts, walkLimits } from '../../electron/archive/search-rank';
import { parseQuery } from '../../shared/search/tokens';
import { fillArchive } from '../support/archives';
import { banmian } from '../support/cli';
import { tempDir } from '../support/temp';

// An archive large enough that common words have more matches than relevance scores whole
// (search-rank.ts: 600), so ranking goes through the impact index.
const folder = tempDir();
let archive: Archive;
const fts5Ms = exactLimits.most;
beforeAll(() => {
  archive = Archive.open(folder.dir);
  fillArchive(archive, 6000, 3);
  // Ranked through the impact index, not by FTS5 itself, however cheap that is in an archive
  // this small (search-exact.test.ts holds that).
  exactLimits.most = 0;
}, 120_000);
afterAll(() => {
  exactLimits.most = fts5Ms;
  archive.close();
  folder.cleanup();
});

/** bm25 over every match, as FTS5 computes it: the ids of the top `n`, and each match's score. */
function exactBm25(q: string, where = '1'): { top: string[]; score: Map<string, number> } {
  const rows = archive.db
    .prepare(
      `SELECT k.article_id AS id, bm25(article_search) AS rank FROM article_search s JOIN search_keys k ON k.key = s.rowid
       JOIN articles a ON a.id = k.article_id WHERE article_search MATCH ? AND ${where} ORDER BY rank`,
    )
    .all(parseQuery(q).match!) as { id: string; rank: number }[];
  return { top: rows.slice(0, 20).map((r) => r.id), score: new Map(rows.map((r) => [r.id, r.rank])) };
}

/** Our top 20 agree when each scores at least bm25's 20th (ties may fall either way). */
function agrees(q: string, filters: object = {}, where = '1'): { agree: boolean; partial: boolean; total: number } {
  const answer = archive.search({ q, order: 'relevance', limit: 20, filters });
  const exact = exactBm25(q, where);
  const cut = exact.score.get(exact.top.at(-1)!)!;
  const ours = answer.results.map((r) => r.id);
  const agree = ours.length === exact.top.length && ours.every((id) => (exact.score.get(id) ?? Infinity) <= cut + 1e-9);
  return { agree, partial: answer.partial, total: answer.total };
}

/**
 * Runs `check` with the ranking's limits set as at a million articles (fewer matches ranked by
 * FTS5 whole; with `prefixArticles`, a character in that many articles too common to ask FTS5
 * for, and none quick to merge), and sets them back whatever happens.
 */
function atScale<T>(limits: { exactCap: number; prefixArticles?: number }, check: () => T): T {
  const before = { exactCap: rankingLimits.exactCap, prefixArticles: scanLimits.prefixArticles, joinPages: scanLimits.joinPages };
  rankingLimits.exactCap = limits.exactCap;
  scanLimits.prefixArticles = limits.prefixArticles ?? before.prefixArticles;
  // …and none quick for FTS5 to merge (here every character's lists are short).
  if (limits.prefixArticles !== undefined) scanLimits.joinPages = 0;
  try {
    return check();
  } finally {
    rankingLimits.exactCap = before.exactCap;
    scanLimits.prefixArticles = before.prefixArticles;
    scanLimits.joinPages = before.joinPages;
  }
}

/** Words of the archive's own text, common ones first. */
function commonWords(chars: number, count: number): string[] {
  const text = archive.db.prepare('SELECT body_text FROM articles ORDER BY rowid LIMIT 400').pluck().all() as string[];
  const counts = new Map<string, number>();
  for (const t of text)
    for (const run of t.match(/\p{Script=Han}+/gu) ?? [])
      for (let i = 0; i + chars <= run.length; i++) counts.set(run.slice(i, i + chars), (counts.get(run.slice(i, i + chars)) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .filter((_, i) => i % 7 === 0)
    .slice(0, count)
    .map(([w]) => w);
}

describe('relevance over every match', () => {
  it('ranks the top 20 of a common two-character word as bm25 over all its matches would, and says so', () => {
    const queries = commonWords(2, 16);
    const results = queries.map((q) => ({ q, ...agrees(q) }));
    // Words of more matches than the newest window ranked before (3,000): the impact index
    // ranked these, and proved its order for nearly all.
    const count = archive.db.prepare('SELECT count(*) FROM article_search WHERE article_search MATCH ?').pluck();
    const many = results.filter((r) => (count.get(parseQuery(r.q).match!) as number) > 3000);
    expect(many.length).toBeGreaterThanOrEqual(5);
    expect(many.filter((r) => !r.partial).length / many.length).toBeGreaterThanOrEqual(0.9);
    const agreeing = results.filter((r) => r.agree).length;
    expect(agreeing / results.length, JSON.stringify(results.filter((r) => !r.agree))).toBeGreaterThanOrEqual(0.9);
    // Where the answer is not marked partial, the order was proven: it must agree.
    for (const r of results) if (!r.partial) expect(r.agree, r.q).toBe(true);
  });

  it('ranks a common word under a date or a column filter as bm25 would over the filtered matches', () => {
    const words = commonWords(2, 6);
    const label = archive.db
      .prepare("SELECT column_label FROM articles WHERE column_label != '' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
      .pluck()
      .get() as string;
    const year = (archive.db.prepare('SELECT max(edition_date) FROM articles').pluck().get() as string).slice(0, 4);
    const queries: [string, object, string][] = [];
    for (const w of words) {
      queries.push([w, { column: label }, `a.column_label = '${label}'`]);
      queries.push([w, { from: `${year}-01-01`, to: `${year}-12-31` }, `a.edition_date BETWEEN '${year}-01-01' AND '${year}-12-31'`]);
    }
    const results = queries.map(([q, filters, where]) => ({ q, filters, ...agrees(q, filters, where) }));
    const agreeing = results.filter((r) => r.agree).length;
    expect(agreeing / results.length, JSON.stringify(results.filter((r) => !r.agree))).toBeGreaterThanOrEqual(0.9);
    for (const r of results) if (!r.partial) expect(r.agree, `${r.q} ${JSON.stringify(r.filters)}`).toBe(true);
  });

  it('ranks words under a person filter as bm25 of the words alone would, not of the person’s name too', () => {
    // People of a few hundred stories each: every match of a common word among their stories is
    // ranked whole, and only the words count (the name, asked of the index to find their
    // stories, is no part of what the story is about).
    const people = archive.db
      .prepare(
        `SELECT p.name FROM bylines b JOIN people p ON p.id = b.person_id GROUP BY p.id
         HAVING count(*) BETWEEN 100 AND 2000 ORDER BY count(*) DESC LIMIT 4`,
      )
      .pluck()
      .all() as string[];
    expect(people.length).toBeGreaterThanOrEqual(2);
    const queries: [string, object, string][] = [];
    for (const person of people)
      for (const q of [...commonWords(2, 3), commonWords(2, 4).slice(1, 3).join(' '), commonWords(3, 1)[0]!])
        queries.push([
          q,
          { person },
          `EXISTS (SELECT 1 FROM bylines b JOIN people p ON p.id = b.person_id WHERE b.article_id = a.id AND p.name = '${person}')`,
        ]);
    const results = queries.map(([q, filters, where]) => ({ q, filters, ...agrees(q, filters, where) }));
    const whole = results.filter((r) => !r.partial);
    expect(whole.length).toBeGreaterThanOrEqual(queries.length / 2);
    for (const r of whole) expect(r.agree, `${r.q} ${JSON.stringify(r.filters)}`).toBe(true);
  });

  it('walks a person’s common words through the articles the index finds the name in, and proves bm25’s order among the person’s', () => {
    const person = archive.db
      .prepare('SELECT p.name FROM bylines b JOIN people p ON p.id = b.person_id GROUP BY p.id ORDER BY count(*) DESC LIMIT 1')
      .pluck()
      .get() as string;
    const named = new Set(
      archive.db
        .prepare('SELECT rowid FROM article_search WHERE article_search MATCH ?')
        .pluck()
        .all(parseQuery(person).match!) as number[],
    );
    const where = `EXISTS (SELECT 1 FROM bylines b JOIN people p ON p.id = b.person_id WHERE b.article_id = a.id AND p.name = '${person}')
      OR EXISTS (SELECT 1 FROM credits c JOIN people p ON p.id = c.person_id WHERE c.article_id = a.id AND p.name = '${person}')`;
    const filters = { sql: ` AND (${where})`, params: {} };
    const keyOf = archive.db.prepare('SELECT key FROM search_keys WHERE article_id = ?').pluck();
    const two = commonWords(2, 3);
    for (const q of [two[0]!, `${two[1]} ${two[2]}`]) {
      const exact = exactBm25(q, `(${where})`);
      expect(exact.top.length, q).toBe(20);
      const walk = (within: ReadonlySet<number>) => walkImpacts(archive.db, { parts: queryParts(q.split(' ')), need: 20, filters, within });
      const walked = walk(named)!;
      expect(walked.proven, q).toBe(true);
      const cut = exact.score.get(exact.top.at(-1)!)!;
      for (const s of walked.scored.slice(0, 20)) expect(-s.score, q).toBeLessThanOrEqual(cut + 1e-9);
      // An article outside them is no candidate: the best of the person's, left out of the
      // name's articles, is not found.
      const best = keyOf.get(exact.top[0]!) as number;
      const without = walk(new Set([...named].filter((k) => k !== best)))!;
      expect(
        without.scored.some((s) => s.key === best),
        q,
      ).toBe(false);
      expect(
        walked.scored.some((s) => s.key === best),
        q,
      ).toBe(true);
    }
  });

  it('ranks several common words, and words of three and four characters, as bm25 over all their matches would', () => {
    const two = commonWords(2, 8);
    const queries = [
      `${two[0]} ${two[1]}`,
      `${two[2]} ${two[3]}`,
      `${two[0]} ${two[4]} ${two[5]}`,
      ...commonWords(3, 4),
      ...commonWords(4, 3),
      `${commonWords(3, 2)[1]} ${two[6]}`,
      `${commonWords(4, 2)[1]} ${commonWords(3, 3)[2]}`,
    ];
    const count = archive.db.prepare('SELECT count(*) FROM article_search WHERE article_search MATCH ?').pluck();
    const results = queries.map((q) => ({ q, matches: count.get(parseQuery(q).match!) as number, ...agrees(q) }));
    // Past the newest window: before, these were ranked among their newest 3,000 matches only.
    expect(results.filter((r) => r.matches > 3000).length).toBeGreaterThanOrEqual(4);
    for (const r of results) {
      expect(r.partial, r.q).toBe(false);
      expect(r.agree, r.q).toBe(true);
    }
  });

  it('proves the order of several words from the impact index, each weighed by its idf', () => {
    // The walk alone (search-rank.ts), held to bm25 over every match: where it says proven, its
    // top 20 is bm25's.
    const two = commonWords(2, 10);
    const queries = [
      `${two[0]} ${two[1]}`,
      `${two[1]} ${two[2]}`,
      `${two[3]} ${two[4]}`,
      `${two[0]} ${two[5]} ${two[6]}`,
      ...commonWords(3, 3),
    ];
    let proven = 0;
    let provenAmong = 0;
    for (const q of queries) {
      const walked = walkImpacts(archive.db, { parts: queryParts(q.split(' ')), need: 20, passes: () => true });
      expect(walked, q).not.toBeNull();
      // Handed every match (as where the words are expected in few articles together), the walk
      // looks its finds up there instead of in their rows, and proves the same order or none.
      const among = new Set(
        archive.db.prepare('SELECT rowid FROM article_search WHERE article_search MATCH ?').pluck().all(parseQuery(q).match!) as number[],
      );
      const walkedAmong = walkImpacts(archive.db, { parts: queryParts(q.split(' ')), need: 20, among });
      if (walked!.proven && walkedAmong!.proven) expect(walkedAmong!.scored.slice(0, 20), q).toEqual(walked!.scored.slice(0, 20));
      const exact = exactBm25(q);
      const cut = exact.score.get(exact.top.at(-1)!)!;
      const idOf = archive.db.prepare('SELECT article_id FROM search_keys WHERE key = ?').pluck();
      for (const result of [walked!, walkedAmong!]) {
        if (!result.proven) continue;
        for (const s of result.scored.slice(0, 20)) {
          const reference = exact.score.get(idOf.get(s.key) as string);
          expect(reference, q).toBeDefined();
          expect(reference!, q).toBeLessThanOrEqual(cut + 1e-9);
          // One word is ranked without its idf (the same for every article): compare where it counts.
          if (q.split(' ').length > 1) expect(-reference!, q).toBeCloseTo(s.score, 6);
        }
      }
      if (walkedAmong!.proven) provenAmong++;
      if (walked!.proven) proven++;
    }
    expect(proven).toBeGreaterThanOrEqual(queries.length / 2);
    expect(provenAmong).toBeGreaterThanOrEqual(proven);
  });

  it('walks on from where a brief walk stopped to what a whole walk finds', () => {
    // Brief, the walk stops at a quarter of its budget; run on, it must end where one whole
    // walk ends: the same articles scored, the same order proven or not.
    const two = commonWords(2, 12);
    const three = commonWords(3, 4);
    const queries = [`${two[0]} ${two[1]}`, `${two[2]} ${two[3]} ${two[4]}`, `${two[5]} ${three[0]}`, `${three[1]} ${three[2]}`, two[6]!];
    const year = (archive.db.prepare('SELECT max(edition_date) FROM articles').pluck().get() as string).slice(0, 4);
    const stopped = new Set<string>();
    const before = { ...walkLimits };
    // Each budget the one to stop at: articles scored, looked at, or entries read.
    const budgets = [{}, { scored: 1e9, read: 1e9, looked: 400 }, { scored: 1e9, looked: 1e9, read: 1200 }];
    for (const budget of budgets)
      for (const q of queries)
        for (const keyRange of [undefined, keyRangeOf(`${year}-01-01`, `${year}-12-31`)]) {
          Object.assign(walkLimits, before, budget);
          const input = {
            parts: queryParts(q.split(' ')),
            need: 20,
            keyRange,
            filters: { sql: ' AND a.status = @s', params: { s: 'approved' } },
          };
          const whole = walkImpacts(archive.db, input)!;
          const walker = impactWalker(archive.db, input)!;
          const brief = walker.run(true);
          if (!brief.proven && !brief.exhausted) stopped.add(JSON.stringify(budget));
          const on = walker.run(false);
          expect({ proven: on.proven, scored: on.scored }, q).toEqual({ proven: whole.proven, scored: whole.scored });
        }
    Object.assign(walkLimits, before);
    // Brief walks stopped at each budget (else nothing here was walked on).
    expect(stopped.size).toBe(budgets.length);
  });

  it('ranks words of one character, alone, together and beside longer words, as bm25 over all their matches would', () => {
    // A character is found by FTS5 as a prefix (every pair it starts) and as a term of its own,
    // each phrase weighed by its idf; the impact index of characters walks both.
    const one = commonWords(1, 12);
    const two = commonWords(2, 4);
    const queries = [one[0]!, one[1]!, one[3]!, one[6]!, `${one[0]} ${one[2]}`, `${one[1]} ${one[4]} ${one[5]}`, `${one[7]} ${two[0]}`];
    queries.push(`${one[8]} ${one[9]} ${one[10]} ${one[11]}`);
    const count = archive.db.prepare('SELECT count(*) FROM article_search WHERE article_search MATCH ?').pluck();
    const idOf = archive.db.prepare('SELECT article_id FROM search_keys WHERE key = ?').pluck();
    const results = atScale({ exactCap: 500, prefixArticles: 1000 }, () =>
      queries.map((q) => ({
        q,
        matches: count.get(parseQuery(q).match!) as number,
        newest: archive.search({ q, limit: 20 }).total,
        ...agrees(q),
      })),
    );
    expect(results.filter((r) => r.matches > 3000).length).toBeGreaterThanOrEqual(4);
    for (const r of results) {
      expect(r.partial, r.q).toBe(false);
      expect(r.agree, r.q).toBe(true);
      // The count as newest first gives it (every match, 1,000+, or at least those it saw).
      expect(r.total, r.q).toBe(r.newest);
    }
    // Under a person filter: walked through the articles the index finds the name in.
    const person = archive.db
      .prepare('SELECT p.name FROM bylines b JOIN people p ON p.id = b.person_id GROUP BY p.id ORDER BY count(*) DESC LIMIT 1')
      .pluck()
      .get() as string;
    const byPerson = `EXISTS (SELECT 1 FROM bylines b JOIN people p ON p.id = b.person_id WHERE b.article_id = a.id AND p.name = '${person}')`;
    for (const q of [one[0]!, `${one[1]} ${one[4]}`]) {
      const r = atScale({ exactCap: 500, prefixArticles: 1000 }, () => agrees(q, { person }, byPerson));
      expect(r, `${q} ${person}`).toMatchObject({ agree: true, partial: false });
    }
    // A character no article holds beside a common one: nothing matches, said at once.
    const none = archive.search({ q: `${one[0]} 𠀀`, order: 'relevance', limit: 20 });
    expect(none).toMatchObject({ total: 0, partial: false, results: [] });
    expect(walkImpacts(archive.db, { parts: queryParts([one[0]!, '𠀀']), need: 20 })).toEqual({ scored: [], proven: true });
    // The walk's own scores are bm25's, both phrases of each character counted.
    for (const q of queries.slice(0, 5)) {
      const walked = walkImpacts(archive.db, { parts: queryParts(q.split(' ')), need: 20, passes: () => true });
      expect(walked?.proven, q).toBe(true);
      const exact = exactBm25(q);
      for (const s of walked!.scored.slice(0, 20)) expect(-exact.score.get(idOf.get(s.key) as string)!, q).toBeCloseTo(s.score, 6);
    }
  });

  it('proves the order of several words within a year and a column as bm25 over the filtered matches would', () => {
    const two = commonWords(2, 8);
    const year = (archive.db.prepare('SELECT max(edition_date) FROM articles').pluck().get() as string).slice(0, 4);
    const label = archive.db
      .prepare("SELECT column_label FROM articles WHERE column_label != '' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
      .pluck()
      .get() as string;
    const inColumn = archive.db.prepare(
      'SELECT 1 FROM search_keys k JOIN articles a ON a.id = k.article_id WHERE k.key = ? AND a.column_label = ?',
    );
    const idOf = archive.db.prepare('SELECT article_id FROM search_keys WHERE key = ?').pluck();
    let proven = 0;
    const queries = [
      `${two[0]} ${two[1]}`,
      `${two[2]} ${two[3]}`,
      `${two[0]} ${two[4]} ${two[5]}`,
      `${two[1]} ${two[6]}`,
      `${two[3]} ${two[7]}`,
      ...commonWords(3, 2),
    ];
    for (const q of queries) {
      const cases = [
        {
          keyRange: keyRangeOf(`${year}-01-01`, `${year}-12-31`),
          passes: () => true,
          where: `a.edition_date BETWEEN '${year}-01-01' AND '${year}-12-31'`,
        },
        { keyRange: undefined, passes: (key: number) => inColumn.get(key, label) !== undefined, where: `a.column_label = '${label}'` },
      ];
      for (const c of cases) {
        const walked = walkImpacts(archive.db, { parts: queryParts(q.split(' ')), need: 20, keyRange: c.keyRange, passes: c.passes });
        if (!walked?.proven) continue;
        proven++;
        const exact = exactBm25(q, c.where);
        const cut = exact.score.get(exact.top.at(-1)!)!;
        expect(walked.scored.length, q).toBeGreaterThanOrEqual(Math.min(20, exact.score.size));
        for (const s of walked.scored.slice(0, 20)) {
          const reference = exact.score.get(idOf.get(s.key) as string);
          expect(reference, `${q} ${c.where}`).toBeDefined();
          expect(reference!, `${q} ${c.where}`).toBeLessThanOrEqual(cut + 1e-9);
          if (q.includes(' ')) expect(-reference!, q).toBeCloseTo(s.score, 6);
        }
      }
    }
    expect(proven).toBeGreaterThanOrEqual(2);
  });

  it('past the matches it ranks whole, ranks those the words weigh most in, and says which it ranked', { timeout: 60_000 }, async () => {
    const two = commonWords(2, 4);
    const q = `${two[0]} ${two[1]}`;
    const before = rankingLimits.exactCap;
    rankingLimits.exactCap = 500;
    try {
      const answer = archive.search({ q, order: 'relevance', limit: 20 });
      expect(answer.total).toBeGreaterThan(500);
      if (answer.partial) {
        expect(answer.ranked).toBeGreaterThanOrEqual(20);
        expect(['weight', 'newest']).toContain(answer.rankedBy);
      } else expect(agrees(q).agree).toBe(true);
      const scores = answer.results.map((r) => r.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      // Two words of ten common ones that the walk cannot prove with so little allowed it: the
      // answer is partial and names what it ranked, the articles the words weigh most in.
      const weighed = two
        .flatMap((a, i) => two.slice(i + 1).map((b) => `${a} ${b}`))
        .map((query) => ({ query, answer: archive.search({ q: query, order: 'relevance', limit: 200 }) }))
        .find((r) => r.answer.partial && r.answer.rankedBy === 'weight');
      expect(weighed, 'a query ranked by weight').toBeDefined();
      const { answer: partial, query } = weighed!;
      expect(partial.ranked).toBeGreaterThanOrEqual(200);
      // What it ranked is the articles it found in the impact index, each scored as bm25 would.
      const exact = exactBm25(query);
      for (const r of partial.results.slice(0, 20)) expect(r.score).toBeCloseTo(-exact.score.get(r.id)!, 2);
      const env = { BANMIAN_RANK_EXACT_CAP: '500', BANMIAN_RANK_FTS5_MS: '0' };
      const zh = await banmian(['--data', folder.dir, 'search', query, '--order', 'relevance', '--limit', '200'], env);
      expect(zh.code).toBe(0);
      expect(zh.stdout).toContain(`相关度只在这些词分量最重的 ${partial.ranked} 篇`);
      const en = await banmian(['--data', folder.dir, 'search', query, '--order', 'relevance', '--limit', '200'], {
        ...env,
        LANG: 'en_US.UTF-8',
      });
      expect(en.stdout).toContain(`relevance ranks the ${partial.ranked} where the words weigh most`);
    } finally {
      rankingLimits.exactCap = before;
    }
  });

  it('pages newest first through every match, before and past the count’s cap, the count the same on each page', () => {
    // A phrase of common pairs in few stories, and a common word in more than the cap counts.
    const common = commonWords(2, 1)[0]!;
    const rare = `${commonWords(2, 8)[7]}${commonWords(2, 8)[5]}`;
    for (const q of [common, `${commonWords(2, 3)[2]} ${commonWords(2, 5)[4]}`, rare]) {
      const newest = archive.db
        .prepare(
          `SELECT k.article_id FROM article_search s JOIN search_keys k ON k.key = s.rowid
           WHERE article_search MATCH ? ORDER BY s.rowid DESC`,
        )
        .pluck()
        .all(parseQuery(q).match!) as string[];
      if (q === common) expect(newest.length).toBeGreaterThan(1550);
      for (const [offset, limit] of [
        [0, 20],
        [980, 21],
        [990, 30],
        [1500, 50],
      ] as const) {
        const answer = archive.search({ q, limit, offset });
        expect(
          answer.results.map((r) => r.id),
          `${q} ${offset}`,
        ).toEqual(newest.slice(offset, offset + limit));
        expect(answer.total, q).toBe(Math.min(newest.length, 1000));
        expect(answer.totalCapped, q).toBe(newest.length > 1000);
      }
    }
  });

  it('ranks an article first once an edit makes it the most about a word, and forgets it when edited back', () => {
    const [word] = commonWords(2, 1);
    // Past what FTS5 ranks whole: the impact index ranks it.
    atScale({ exactCap: 500 }, () => {
      const before = archive.search({ q: word!, order: 'relevance', limit: 5 }).results.map((r) => r.id);
      const chosen = archive.search({ q: word!, limit: 1, offset: 300 }).results[0]!.id;
      expect(before).not.toContain(chosen);
      const article = archive.get(chosen);
      archive.save(chosen, article.version, {
        ...article,
        headline: `${word}${word}${word}`,
        deck: Array.from({ length: 40 }, () => word).join('，'),
      });
      const after = archive.search({ q: word!, order: 'relevance', limit: 5 });
      expect(after.results[0]!.id).toBe(chosen);
      expect(after.partial).toBe(false);
      // Edited back, its old impact terms go with its old text.
      const edited = archive.get(chosen);
      archive.save(chosen, edited.version, { ...edited, headline: article.headline, deck: article.deck });
      expect(archive.search({ q: word!, order: 'relevance', limit: 5 }).results.map((r) => r.id)).toEqual(before);
    });
  });

  it('ranks a story first once an edit leaves a common character alone in it, as bm25 does, and forgets it when edited back', () => {
    // bm25 weighs a character by its two phrases: the pairs it starts (in most articles, so
    // worth little) and the character standing alone (in few: worth much). A story whose
    // headline is the character alone is then the most about it.
    const [ch] = commonWords(1, 1);
    atScale({ exactCap: 500 }, () => {
      const top = () => archive.search({ q: ch!, order: 'relevance', limit: 5 });
      const before = top().results.map((r) => r.id);
      const story = archive.create({ headline: 'Banmian' });
      expect(top().results.map((r) => r.id)).toEqual(before);
      archive.save(story.id, archive.get(story.id).version, { ...archive.get(story.id), headline: ch! });
      const after = top();
      expect(after.partial).toBe(false);
      expect(after.results[0]!.id).toBe(story.id);
      expect(exactBm25(ch!).top[0]).toBe(story.id);
      archive.save(story.id, archive.get(story.id).version, { ...archive.get(story.id), headline: 'Banmian' });
      const again = top();
      expect(again.partial).toBe(false);
      expect(again.results.map((r) => r.id)).toEqual(before);
    });
  });
});
