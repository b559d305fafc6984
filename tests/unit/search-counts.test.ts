import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCHIVE_FILE, Archive } from '../../electron/archive/archive';
import { rankingLimits } from '../../electron/archive/search';
import { countLimits } from '../../electron/archive/search-counts';
import { scanLimits } from '../../electron/archive/search-scan';
import { checkedDraft } from '../../electron/archive/stored-shapes';
import { reindexAll } from '../../electron/archive/search-index';
import { parseQuery } from '../../shared/search/tokens';
import { fillArchive } from '../support/archives';
import { fullDraft } from '../support/drafts';
import { tempDir } from '../support/temp';

// The counts bm25's idf needs (how many articles hold each phrase), kept in the archive so
// that a process just started ranks a common character without counting its every match.
const folder = tempDir();
let chars: string[];
const keepFrom = countLimits.keepFrom;
const joinPages = scanLimits.joinPages;
beforeAll(() => {
  // Every count kept, as a million's common words are (a story of 2,000 holds few of those).
  countLimits.keepFrom = 1;
  // No character quick for FTS5 to merge, as a common one is not at a million (here every
  // list is short): relevance walks the impact index of characters, which needs the counts.
  scanLimits.joinPages = 0;
  const archive = Archive.open(folder.dir);
  fillArchive(archive, 2000, 5);
  // The archive's commonest characters, each in hundreds of its stories.
  const counts = new Map<string, number>();
  for (const text of archive.db.prepare('SELECT body_text FROM articles LIMIT 300').pluck().all() as string[])
    for (const c of text.match(/\p{Script=Han}/gu) ?? []) counts.set(c, (counts.get(c) ?? 0) + 1);
  chars = [...counts].sort((a, b) => b[1] - a[1]).map(([c]) => c);
  archive.close();
}, 120_000);
afterAll(() => {
  countLimits.keepFrom = keepFrom;
  scanLimits.joinPages = joinPages;
  folder.cleanup();
});

/** bm25 over every match as FTS5 computes it, negated as the search gives it: by article id. */
function exactScores(archive: Archive, q: string): Map<string, number> {
  const rows = archive.db
    .prepare(
      `SELECT k.article_id AS id, -bm25(article_search) AS score FROM article_search s JOIN search_keys k ON k.key = s.rowid
       WHERE article_search MATCH ?`,
    )
    .all(parseQuery(q).match!) as { id: string; score: number }[];
  return new Map(rows.map((r) => [r.id, r.score]));
}

/** The archive's kept count of each of a character's two phrases (its prefix, and alone). */
function keptCounts(db: Database.Database, char: string): { rows: number; docs: number }[] {
  const read = db.prepare('SELECT rows, docs FROM search_phrase_counts WHERE phrase = ?');
  return [`"${char}"*`, `"${char}"`].map((p) => read.get(p) as { rows: number; docs: number });
}

/** The page's scores are bm25's (as the search gives them: to three places). */
function expectBm25(archive: Archive, q: string, scores: { id: string; score: number | null }[]): void {
  const exact = exactScores(archive, q);
  expect(scores.length).toBe(20);
  for (const r of scores) expect(r.score, `${q} ${r.id}`).toBeCloseTo(exact.get(r.id)!, 2);
}

describe('the counts relevance needs, kept in the archive', () => {
  it('counts a character once: a new process ranks by the archive’s count, and counts afresh once the archive grew by a hundredth', () => {
    const q = chars[0]!;
    const first = Archive.open(folder.dir);
    const answer = first.search({ q, order: 'relevance', limit: 20 });
    expectBm25(first, q, answer.results);
    const rows = first.db.prepare('SELECT count(*) FROM search_keys').pluck().get() as number;
    const [prefix, alone] = keptCounts(first.db, q);
    expect(prefix).toEqual({
      rows,
      docs: first.db.prepare('SELECT count(*) FROM article_search WHERE article_search MATCH ?').pluck().get(`"${q}"*`),
    });
    expect(alone!.rows).toBe(rows);
    first.close();

    // A count the archive keeps is taken as it is by the next process: made wrong on purpose
    // here, the scores move with it (a count made again would have given bm25's).
    const db = new Database(join(folder.dir, ARCHIVE_FILE));
    db.prepare('UPDATE search_phrase_counts SET docs = 3 WHERE phrase = ?').run(`"${q}"*`);
    db.close();
    const second = Archive.open(folder.dir);
    const taken = second.search({ q, order: 'relevance', limit: 20 });
    const exact = exactScores(second, q);
    expect(taken.results.some((r) => Math.abs(r.score - exact.get(r.id)!) > 0.01)).toBe(true);

    // Grown by more than a hundredth: counted again, bm25's scores again, and kept.
    fillArchive(second, Math.ceil(rows / 100) + 5, 6);
    const grown = second.db.prepare('SELECT count(*) FROM search_keys').pluck().get() as number;
    expectBm25(second, q, second.search({ q, order: 'relevance', limit: 20 }).results);
    expect(keptCounts(second.db, q).map((c) => c.rows)).toEqual([grown, grown]);
    second.close();
  });

  it('never waits for a writer: counts stay in memory while another holds the write lock, and a later search keeps them', () => {
    const archive = Archive.open(folder.dir);
    const other = new Database(join(folder.dir, ARCHIVE_FILE));
    const [a, b] = [chars[1]!, chars[2]!];
    try {
      other.exec('BEGIN IMMEDIATE');
      const started = performance.now();
      const answer = archive.search({ q: a, order: 'relevance', limit: 20 });
      // The archive's reads wait up to 5 s for a lock; this search did not.
      expect(performance.now() - started).toBeLessThan(2000);
      expectBm25(archive, a, answer.results);
      expect(keptCounts(archive.db, a)).toEqual([undefined, undefined]);
      other.exec('COMMIT');
      expectBm25(archive, b, archive.search({ q: b, order: 'relevance', limit: 20 }).results);
      const rows = archive.db.prepare('SELECT count(*) FROM search_keys').pluck().get() as number;
      for (const c of [a, b]) expect(keptCounts(archive.db, c).map((k) => k?.rows)).toEqual([rows, rows]);
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      archive.close();
    }
  });

  it('scores the few matches of several phrases from their text as FTS5’s bm25 does, and keeps each phrase’s count', () => {
    const archive = Archive.open(folder.dir);
    try {
      // Words of three and four characters from stories' own text: phrases of common pairs,
      // together in few stories.
      const bodies = archive.db.prepare('SELECT body_text FROM articles ORDER BY rowid DESC LIMIT 40').pluck().all() as string[];
      const queries = bodies.slice(0, 8).map((body, i) => {
        const runs = body.match(/\p{Script=Han}{8,}/gu)!;
        return `${runs[0].slice(0, 3 + (i % 2))} ${runs[1]!.slice(2, 6)}`;
      });
      for (const q of queries) {
        const exact = exactScores(archive, q);
        expect(exact.size, q).toBeGreaterThan(0);
        expect(exact.size, q).toBeLessThan(3000);
        const answer = archive.search({ q, order: 'relevance', limit: 20 });
        expect(answer.partial, q).toBe(false);
        expect(answer.total, q).toBe(exact.size);
        const best = [...exact.values()].sort((a, b) => b - a);
        expect(answer.results.map((r) => r.score)).toEqual(best.slice(0, 20).map((score) => Math.round(score * 1000) / 1000));
        for (const r of answer.results) expect(r.score, `${q} ${r.id}`).toBeCloseTo(exact.get(r.id)!, 2);
        for (const word of q.split(' ')) {
          const pairs = [...word].slice(1).map((c, i) => word[i]! + c);
          const kept = archive.db
            .prepare('SELECT docs FROM search_phrase_counts WHERE phrase = ?')
            .pluck()
            .get(`"${pairs.join(' ')}"`);
          expect(kept, word).toBe(
            archive.db
              .prepare('SELECT count(*) FROM article_search WHERE article_search MATCH ?')
              .pluck()
              .get(`"${pairs.join(' ')}"`),
          );
        }
      }
    } finally {
      archive.close();
    }
  });

  it('ranks every match as FTS5’s bm25 does, scored here or by FTS5, whichever the counts say is quicker', () => {
    const archive = Archive.open(folder.dir);
    const before = rankingLimits.ownScoring;
    // Past the few matches always scored here: the choice is by what counting would cost FTS5.
    rankingLimits.ownScoring = 0;
    try {
      const queries = [`${chars[0]}${chars[1]}`, `${chars[3]}${chars[4]} ${chars[5]}${chars[6]}`, `${chars[2]}${chars[7]}${chars[8]}`];
      const bodies = archive.db.prepare('SELECT body_text FROM articles ORDER BY rowid LIMIT 5').pluck().all() as string[];
      for (const body of bodies) queries.push(body.match(/\p{Script=Han}{4,}/gu)![0].slice(0, 4));
      let ranked = 0;
      for (const q of queries) {
        const exact = exactScores(archive, q);
        if (!exact.size) continue;
        ranked++;
        const answer = archive.search({ q, order: 'relevance', limit: 20 });
        expect(answer.partial, q).toBe(false);
        const best = [...exact.values()].sort((a, b) => b - a);
        expect(
          answer.results.map((r) => r.score),
          q,
        ).toEqual(best.slice(0, 20).map((score) => Math.round(score * 1000) / 1000));
      }
      expect(ranked).toBeGreaterThanOrEqual(5);
    } finally {
      rankingLimits.ownScoring = before;
      archive.close();
    }
  });

  it('does not remember a phrase as in no article: a story that brings it is found at once', () => {
    const archive = Archive.open(folder.dir);
    try {
      expect(archive.search({ q: '磡', order: 'relevance', limit: 20 }).results).toEqual([]);
      expect(archive.search({ q: `磡 ${chars[0]}`, order: 'relevance', limit: 20 }).results).toEqual([]);
      const story = archive.create(fullDraft({ headline: `${chars[0]}磡村通水`, bodyJson: '' }));
      expect(archive.search({ q: '磡', order: 'relevance', limit: 20 }).results.map((r) => r.id)).toEqual([story.id]);
      expect(archive.search({ q: `磡 ${chars[0]}`, order: 'relevance', limit: 20 }).results.map((r) => r.id)).toEqual([story.id]);
    } finally {
      archive.close();
    }
  });

  it('counts a phrase again once edits brought it to more articles than a hundredth of its count, the archive no larger', () => {
    const archive = Archive.open(folder.dir);
    try {
      // A word of few stories, with another common one: ranked by both words' counts.
      const body = archive.db.prepare('SELECT body_text FROM articles ORDER BY rowid LIMIT 1 OFFSET 7').pluck().get() as string;
      const rare = body.match(/\p{Script=Han}{6,}/gu)![2]!.slice(1, 5);
      const q = `${rare} ${chars[0]}${chars[1]}`;
      const before = exactScores(archive, rare);
      expect(before.size).toBeGreaterThan(0);
      expect(before.size).toBeLessThan(100);
      archive.search({ q: rare, order: 'relevance', limit: 20 });
      const rows = archive.db.prepare('SELECT count(*) FROM search_keys').pluck().get();
      // Stories edited to hold it (as many again as held it): no story added or removed.
      const others = archive.db
        .prepare("SELECT id FROM articles WHERE body_text NOT LIKE '%' || ? || '%' ORDER BY rowid DESC LIMIT ?")
        .pluck()
        .all(rare, before.size) as string[];
      for (const id of others) {
        const a = archive.get(id);
        archive.save(id, a.version, { ...checkedDraft(a), headline: `${rare}${chars[0]}${chars[1]}` });
      }
      expect(archive.db.prepare('SELECT count(*) FROM search_keys').pluck().get()).toBe(rows);
      expect(exactScores(archive, rare).size).toBe(before.size * 2);
      const answer = archive.search({ q, order: 'relevance', limit: 20 });
      const exact = exactScores(archive, q);
      for (const r of answer.results) expect(r.score, r.id).toBeCloseTo(exact.get(r.id)!, 2);
    } finally {
      archive.close();
    }
  });

  it('forgets every count when the index is rebuilt', () => {
    const archive = Archive.open(folder.dir);
    try {
      archive.search({ q: chars[3]!, order: 'relevance', limit: 20 });
      const count = archive.db.prepare('SELECT count(*) FROM search_phrase_counts').pluck();
      expect(count.get()).toBeGreaterThan(0);
      reindexAll(archive);
      expect(count.get()).toBe(0);
      expectBm25(archive, chars[3]!, archive.search({ q: chars[3]!, order: 'relevance', limit: 20 }).results);
    } finally {
      archive.close();
    }
  });

  it('keeps in the archive only the counts of phrases in many articles', () => {
    const archive = Archive.open(folder.dir);
    const read = archive.db.prepare('SELECT docs FROM search_phrase_counts WHERE phrase = ?').pluck();
    try {
      archive.db.exec('DELETE FROM search_phrase_counts');
      const common = archive.db
        .prepare('SELECT count(*) FROM article_search WHERE article_search MATCH ?')
        .pluck()
        .get(`"${chars[4]}"*`) as number;
      countLimits.keepFrom = common;
      // A person's name: in few stories, and not to be left in the archive.
      const name = archive.db.prepare('SELECT name FROM people ORDER BY id DESC LIMIT 1').pluck().get() as string;
      for (const q of [chars[4]!, `${name} ${chars[4]}`]) archive.search({ q, order: 'relevance', limit: 20 });
      expect(read.get(`"${chars[4]}"*`)).toBe(common);
      expect(
        archive.db
          .prepare('SELECT count(*) FROM search_phrase_counts WHERE phrase LIKE ?')
          .pluck()
          .get(`%${[...name][0]}%`),
      ).toBe(0);
    } finally {
      countLimits.keepFrom = 1;
      archive.close();
    }
  });
});
