import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/archive/archive';
import { importBytes } from '../../electron/import/import-file';
import { reindexAll } from '../../electron/archive/search-index';
import { PAGE_FILES, pageText } from '../support/fixtures';
import { tempDir } from '../support/temp';

const folder = tempDir();
let archive: Archive;
beforeAll(() => {
  archive = Archive.open(folder.dir);
  PAGE_FILES.forEach((file, i) =>
    importBytes(archive, Buffer.from(pageText(file)), file, { editionDate: `2024-0${i + 1}-15`, page: i + 1 }),
  );
});
afterAll(() => {
  archive.close();
  folder.cleanup();
});

/** What a full scan finds: every article whose searchable text contains the word. */
function scan(word: string): string[] {
  return (
    archive.db
      .prepare(
        `SELECT id FROM articles a WHERE (a.headline || a.kicker || a.deck || a.column_label || a.body_text ||
           a.dateline || a.jump || a.source ||
           coalesce((SELECT group_concat(caption, '') FROM photos WHERE article_id = a.id), '') ||
           coalesce((SELECT group_concat(p.outlet || p.name, '') FROM bylines b JOIN people p ON p.id = b.person_id WHERE b.article_id = a.id), '') ||
           coalesce((SELECT group_concat(p.name, '') FROM credits c JOIN people p ON p.id = c.person_id WHERE c.article_id = a.id), '')) LIKE ?`,
      )
      .pluck()
      .all(`%${word}%`) as string[]
  ).sort();
}

const ids = (q: string, extra: object = {}) =>
  archive
    .search({ q, limit: 500, ...extra })
    .results.map((r) => r.id)
    .sort();

describe('full-text search over the archive', () => {
  it('finds every article containing a one- to four-character word, as a full scan would', () => {
    for (const word of ['沙市', '金融', '营商', '岑河镇', '营商环境', '沙', '镇', '就业', '禁毒', '特别贡献奖']) {
      const expected = scan(word);
      expect(expected.length, word).toBeGreaterThan(0);
      expect(ids(word), word).toEqual(expected);
    }
  });

  it('finds every article holding a single character, also where it only ends a clause', () => {
    // Characters right before a mark end a run; some never start a pair in an article.
    const enders = new Set<string>();
    for (const file of PAGE_FILES) for (const m of pageText(file).matchAll(/(\p{Script=Han})[，。、；：！？）”]/gu)) enders.add(m[1]!);
    const sample = [...enders].slice(0, 80);
    expect(sample.length).toBeGreaterThan(50);
    for (const ch of sample) expect(ids(ch), ch).toEqual(scan(ch));
  });

  it('does not find a word whose characters occur only apart', () => {
    // 营…环境 occur in many articles; 营商环境 only where written together.
    const together = ids('营商环境');
    const apart = ids('营商 环境');
    expect(together.length).toBeLessThanOrEqual(apart.length);
    for (const id of together) expect(apart).toContain(id);
  });

  it('needs every word (AND), and keeps a quoted phrase together', () => {
    const both = ids('沙市 禁毒');
    expect(both).toEqual(scan('沙市').filter((id) => scan('禁毒').includes(id)));
    expect(ids('"岑河镇"')).toEqual(scan('岑河镇'));
  });

  it('lists newest first by default, and by relevance on request', () => {
    const newest = archive.search({ q: '沙市', limit: 100 }).results;
    const dates = newest.map((r) => r.date);
    expect(dates).toEqual([...dates].sort().reverse());
    const relevant = archive.search({ q: '沙市', order: 'relevance', limit: 100 }).results;
    const scores = relevant.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(relevant.map((r) => r.id).sort()).toEqual(newest.map((r) => r.id).sort());
    // The count is the same either way (by relevance it comes from the window it ranked).
    for (const q of ['沙市', '营商环境', '沙市 禁毒', '镇']) {
      expect(archive.search({ q, order: 'relevance' }).total, q).toBe(archive.search({ q }).total);
    }
  });

  it('highlights the words in a snippet', () => {
    const [first] = archive.search({ q: '岑河镇', limit: 1 }).results;
    const [from, to] = first!.highlights[0]!;
    expect(first!.snippet.slice(from, to)).toBe('岑河镇');
  });

  it('filters by person, role, date, edition and page, status and column', () => {
    expect(archive.search({ q: '', filters: { person: '王丙全' } }).results.map((r) => r.byline)).toEqual([
      '湖北日报记者王丙全 通讯员杨婕 甘茹',
    ]);
    const trainees = archive.search({ q: '', filters: { role: 'trainee-reporter' }, limit: 100 }).results;
    expect(trainees.map((r) => r.byline).every((b) => b.includes('见习记者'))).toBe(true);
    expect(trainees.length).toBeGreaterThan(0);
    const june = archive.search({ q: '沙市', filters: { edition: '2024-03-15', page: 3 }, limit: 100 }).results;
    expect(june.length).toBeGreaterThan(0);
    expect(june.every((r) => r.date === '2024-03-15' && r.page === 3)).toBe(true);
    const window = archive.search({ q: '', filters: { from: '2024-02-01', to: '2024-02-28' }, limit: 100 }).results;
    expect(new Set(window.map((r) => r.date))).toEqual(new Set(['2024-02-15']));
    expect(archive.search({ q: '沙市', filters: { status: 'draft' } }).results).toEqual([]);
    expect(archive.search({ q: '', filters: { column: '沙市 简讯' }, limit: 100 }).results.length).toBeGreaterThan(1);
  });

  it('filters a search by person exactly: the articles the person signed or shot that hold the word', () => {
    const people = archive.db
      .prepare(
        `SELECT p.name FROM people p WHERE EXISTS (SELECT 1 FROM bylines b WHERE b.person_id = p.id)
           OR EXISTS (SELECT 1 FROM credits c WHERE c.person_id = p.id) ORDER BY p.name`,
      )
      .pluck()
      .all() as string[];
    expect(people.length).toBeGreaterThan(10);
    const signedBy = (name: string) =>
      archive.db
        .prepare(
          `SELECT b.article_id FROM bylines b JOIN people p ON p.id = b.person_id WHERE p.name = ?
           UNION SELECT c.article_id FROM credits c JOIN people p ON p.id = c.person_id WHERE c.article_id IS NOT NULL AND p.name = ?`,
        )
        .pluck()
        .all(name, name) as string[];
    for (const name of people) {
      for (const word of ['沙市', '记者', '镇']) {
        const expected = scan(word)
          .filter((id) => signedBy(name).includes(id))
          .sort();
        expect(ids(word, { filters: { person: name } }), `${name} ${word}`).toEqual(expected);
        const byRelevance = archive.search({ q: word, order: 'relevance', limit: 500, filters: { person: name } });
        expect(byRelevance.results.map((r) => r.id).sort(), `${name} ${word}`).toEqual(expected);
        expect(byRelevance.total).toBe(expected.length);
      }
    }
    // A name written in an article's text is no byline: that article stays out.
    const [signed] = archive.search({ q: '', filters: { person: people[0]! }, limit: 1 }).results;
    const other = archive.list({ limit: 1000 }).find((a) => !signedBy(people[0]!).includes(a.id))!;
    const article = archive.get(other.id);
    archive.save(article.id, article.version, { ...article, headline: `${article.headline}${people[0]}说` });
    expect(ids(people[0]!, { filters: { person: people[0] } })).not.toContain(other.id);
    expect(ids(people[0]!)).toContain(other.id);
    expect(signed).toBeDefined();
    const again = archive.get(other.id);
    archive.save(again.id, again.version, { ...again, headline: article.headline });
  });

  it('filters a search by date, edition, column and status exactly, newest first and by relevance', () => {
    const rows = archive.db
      .prepare(
        'SELECT id, coalesce(edition_date, substr(created_at, 1, 10)) AS date, edition_date AS edition, column_label AS label, status FROM articles',
      )
      .all() as { id: string; date: string; edition: string | null; label: string; status: string }[];
    const labels = [...new Set(rows.map((r) => r.label).filter(Boolean))];
    expect(labels.length).toBeGreaterThan(0);
    const cases: [object, (r: (typeof rows)[number]) => boolean][] = [
      [{ from: '2024-02-01' }, (r) => r.date >= '2024-02-01'],
      [{ to: '2024-02-15' }, (r) => r.date <= '2024-02-15'],
      [{ from: '2024-02-15', to: '2024-02-15' }, (r) => r.date === '2024-02-15'],
      [{ from: '2024-01-16', to: '2024-03-14' }, (r) => r.date >= '2024-01-16' && r.date <= '2024-03-14'],
      [{ edition: '2024-03-15' }, (r) => r.edition === '2024-03-15'],
      [{ edition: '2024-03-15', from: '2024-03-16' }, () => false],
      [{ status: 'approved' }, (r) => r.status === 'approved'],
      ...labels.map((column): [object, (r: (typeof rows)[number]) => boolean] => [{ column }, (r) => r.label === column]),
    ];
    for (const [filters, keep] of cases) {
      for (const word of ['沙市', '记者', '镇', '营商环境', '']) {
        const expected = scan(word).filter((id) => keep(rows.find((r) => r.id === id)!));
        const label = `${word} ${JSON.stringify(filters)}`;
        expect(ids(word, { filters }), label).toEqual(expected);
        const ranked = archive.search({ q: word, order: 'relevance', limit: 500, filters });
        expect(ranked.results.map((r) => r.id).sort(), label).toEqual(expected);
        expect(archive.search({ q: word, filters }).total, label).toBe(expected.length);
      }
    }
  });

  it('keeps the index in step with edits', () => {
    const [hit] = archive.search({ q: '岑河镇', limit: 1 }).results;
    const article = archive.get(hit!.id);
    const marker = '稿库检索测试词';
    archive.save(article.id, article.version, { ...article, headline: `${article.headline}${marker}` });
    expect(ids(marker)).toEqual([article.id]);
    const again = archive.get(article.id);
    archive.save(again.id, again.version, { ...again, headline: article.headline });
    expect(ids(marker)).toEqual([]);
  });

  it('answers a query with nothing searchable with nothing', () => {
    expect(archive.search({ q: '，。！' })).toEqual({ total: 0, totalCapped: false, partial: false, results: [] });
  });

  it('rebuilds the whole index to the same answers', () => {
    const before = ['沙市', '岑河镇', '沙'].map((q) => ids(q));
    const progress: number[] = [];
    const total = reindexAll(archive, (done) => progress.push(done), 10);
    expect(total).toBe(archive.list({ limit: 1000 }).length);
    expect(progress.at(-1)).toBe(total);
    expect(['沙市', '岑河镇', '沙'].map((q) => ids(q))).toEqual(before);
  });

  it('leaves every article findable when a rebuild is stopped halfway, and drops entries no article owns', () => {
    const before = ['沙市', '岑河镇', '沙'].map((q) => ids(q));
    // An entry left behind by an article that is gone (an index from an older, crashed rebuild).
    archive.db.prepare('INSERT INTO article_search (rowid, terms) VALUES (CAST(? AS INTEGER), ?)').run(1_000_000, '沙市 孤儿');
    expect(archive.db.prepare("SELECT count(*) FROM article_search WHERE article_search MATCH '孤儿'").pluck().get()).toBe(1);
    const stop = new Error('stopped');
    expect(() =>
      reindexAll(
        archive,
        (done) => {
          if (done >= 10) throw stop;
        },
        10,
      ),
    ).toThrow(stop);
    expect(['沙市', '岑河镇', '沙'].map((q) => ids(q))).toEqual(before);
    reindexAll(archive);
    expect(archive.db.prepare("SELECT count(*) FROM article_search WHERE article_search MATCH '孤儿'").pluck().get()).toBe(0);
    expect(['沙市', '岑河镇', '沙'].map((q) => ids(q))).toEqual(before);
  });
});
