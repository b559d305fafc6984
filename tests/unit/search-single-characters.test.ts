import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/archive/archive';
import { leadingCharacters, rankNewest, scanLimits } from '../../electron/archive/search-scan';
import { COUNT_CAP } from '../../shared/search/limits';
import { countBudget } from '../../electron/archive/search-deadline';
import { indexedLength, indexTotals } from '../../electron/archive/search-impacts';
import { searchableText } from '../../electron/archive/search-index';
import { normalizeForSearch, parseQuery } from '../../shared/search/tokens';
import { generator } from '../../bench/synthetic';
import { fillArchive } from '../support/archives';
import { banmian } from '../support/cli';
import { type fullDraft, saveStory } from '../support/drafts';
import { makePng } from '../support/images';
import { tempDir } from '../support/temp';

// Newest first with words of one character is answered by reading the newest articles
// (electron/archive/search-scan.ts) instead of FTS5's prefix query: held here against that
// query, the index's own answer, on an archive of more articles than the scan reads.
const folder = tempDir();
let archive: Archive;
const crafted: Record<string, string> = {};
const JOIN_PAGES = scanLimits.joinPages;

beforeAll(() => {
  // As at a million, where a common character's lists span hundreds of pages of the index
  // (here every list is short, and every character quick to merge): only the rarest leads.
  scanLimits.joinPages = 0;
  archive = Archive.open(folder.dir);
  fillArchive(archive, 5000, 5);
  const png = archive.importImage(makePng(20, 10), 'p.png');
  const make = (name: string, text: string, extra: Parameters<typeof fullDraft>[0] = {}) => {
    crafted[name] = saveStory(archive, text, extra);
  };
  // 人 written as the Kangxi radical ⼈ (U+2F08), as some PDF text has it: the index folds it.
  make('radical', '本报讯 今日有⼤批游⼈到访。');
  // 一, a character in most articles, written as the kanbun mark ㆒ (U+3192), which NFKC folds too.
  make('kanbun', '本报讯 第㆒步。');
  // Characters only in a caption and only in a photographer's or reporter's name.
  make('caption', '正文没有那个字。', {
    photos: [
      {
        id: 'p1',
        ...png,
        fileName: 'p.png',
        caption: '鳕鱼上岸。',
        credit: { kind: 'photo', people: [{ role: 'correspondent', name: '甄摄影' }] },
      },
    ],
  });
  make('byline', '正文也没有。', { byline: [{ role: 'reporter', name: '鄺记者', outlet: '湖北日报' }] });
  // ⻔ (U+2ED4), a CJK radical PDF text has for 门: of Chinese script, but unicode61 reads it as
  // a space, so the index holds it nowhere. In many of the newest stories, beside 人.
  for (let i = 0; i < 30; i++) make(`symbol${i}`, '本报讯 ⻔前有人排队。');
  // Imported (its index entries cut as the import cuts them), dated after every other story.
  const page = { ...generator(3).article(0), editionDate: '2099-01-01' };
  page.body = [{ ...page.body[0]!, text: '今日有⼤批游⼈到访。' }];
  const [imported] = archive.importFiles([
    {
      source: { fileName: 'p.txt', fileHash: 'radical-import', encoding: 'utf-8', bytes: 0, editionDate: '2099-01-01', page: 1 },
      articles: [page],
    },
  ]);
  crafted.importedRadical = imported![0]!;
}, 180_000);
afterAll(() => {
  scanLimits.joinPages = JOIN_PAGES;
  archive.close();
  folder.cleanup();
});

/** FTS5's own answer newest first: the page's ids and the count up to its cap. */
function indexAnswer(q: string, offset = 0, limit = 20, where = '1'): { ids: string[]; count: number } {
  const match = parseQuery(q).match!;
  const from = `FROM article_search s JOIN search_keys k ON k.key = s.rowid JOIN articles a ON a.id = k.article_id WHERE article_search MATCH ? AND (${where})`;
  const ids = archive.db
    .prepare(`SELECT k.article_id ${from} ORDER BY s.rowid DESC LIMIT ? OFFSET ?`)
    .pluck()
    .all(match, limit, offset) as string[];
  const count = archive.db
    .prepare(`SELECT count(*) FROM (SELECT 1 ${from} LIMIT ${COUNT_CAP + 1})`)
    .pluck()
    .get(match) as number;
  return { ids, count };
}

/** Characters of the archive's text by how many articles hold them, commonest first. */
function charactersByArticles(): [string, number][] {
  const counts = new Map<string, number>();
  for (const text of archive.db.prepare('SELECT body_text FROM articles').pluck().all() as string[])
    for (const ch of new Set(text.match(/\p{Script=Han}/gu) ?? [])) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

function expectSame(q: string, filters: object = {}, where = '1', offset = 0): { total: number; capped: boolean } {
  const ours = archive.search({ q, limit: 20, offset, filters });
  const index = indexAnswer(q, offset, 20, where);
  expect(
    ours.results.map((r) => r.id),
    q,
  ).toEqual(index.ids);
  // The count: the index's, up to its cap; or a floor the scan says it is (never more than there are).
  if (ours.totalCapped) expect(ours.total, q).toBeLessThanOrEqual(index.count);
  else expect(ours.total, q).toBe(index.count);
  return { total: ours.total, capped: ours.totalCapped };
}

describe('newest first with words of one character', () => {
  it('lists the same page as the index, and counts to the cap, for common and rare characters alone and together', () => {
    const chars = charactersByArticles();
    const common = chars.slice(0, 3).map(([c]) => c);
    const rare = chars.filter(([, n]) => n >= 3 && n <= 40).map(([c]) => c);
    const middle = chars.find(([, n]) => n > 200 && n < 800)![0];
    for (const q of [
      ...common,
      rare[0]!,
      rare[1]!,
      middle,
      `${common[0]} ${common[1]}`,
      `${common[0]} ${rare[0]}`,
      `${rare[0]} ${common[1]}`,
    ])
      expectSame(q);
    // The commonest character: the whole count, to the cap, as the index gives it.
    const top = archive.search({ q: common[0]!, limit: 20 });
    expect(top.total).toBe(COUNT_CAP);
    expect(top.totalCapped).toBe(true);
    // Deeper pages too.
    expectSame(common[0]!, {}, '1', 40);
    expectSame(rare[0]!, {}, '1', 1);
  });

  it('lists the same page past its count’s deadline, and counts what it read as a floor', () => {
    const chars = charactersByArticles();
    const before = countBudget.ms;
    countBudget.ms = 0;
    let floors = 0;
    try {
      for (const q of [chars[0]![0], `${chars[0]![0]} ${chars[1]![0]}`, `${chars[2]![0]} ${chars[4]![0]} ${chars[6]![0]}`])
        for (const offset of [0, 60]) {
          const { total, capped } = expectSame(q, {}, '1', offset);
          expect(total, q).toBeGreaterThanOrEqual(offset + 20);
          if (capped && total < COUNT_CAP) floors++;
        }
    } finally {
      countBudget.ms = before;
    }
    expect(floors).toBeGreaterThan(3);
  });

  it('mixes single characters with longer words and with filters as the index does', () => {
    const chars = charactersByArticles();
    const pair = (archive.db.prepare('SELECT body_text FROM articles LIMIT 1').pluck().get() as string).match(/\p{Script=Han}{2}/u)![0];
    expectSame(`${chars[0]![0]} ${pair}`);
    expectSame(`${chars[5]![0]} ${pair}`);
    expectSame(chars[0]![0], { status: 'approved' }, "a.status = 'approved'");
    const person = archive.db
      .prepare('SELECT p.name FROM bylines b JOIN people p ON p.id = b.person_id GROUP BY p.id ORDER BY count(*) DESC LIMIT 1')
      .pluck()
      .get() as string;
    const ours = archive.search({ q: chars[1]![0], limit: 20, filters: { person } });
    const index = indexAnswer(
      chars[1]![0],
      0,
      20,
      'EXISTS (SELECT 1 FROM bylines b JOIN people p ON p.id = b.person_id WHERE b.article_id = a.id AND p.name = ?1) OR EXISTS (SELECT 1 FROM credits c JOIN people p ON p.id = c.person_id WHERE c.article_id = a.id AND p.name = ?1)'.replace(
        /\?1/g,
        `'${person}'`,
      ),
    );
    expect(ours.results.map((r) => r.id)).toEqual(index.ids);
  });

  it('finds a character where the index does: written as a radical or a kanbun mark the index folds, in a caption, in a name', () => {
    expect(archive.search({ q: '人' }).results.map((r) => r.id)).toContain(crafted.radical);
    expect(archive.search({ q: '人' }).results.map((r) => r.id)).toContain(crafted.importedRadical);
    expect(archive.search({ q: '人 大' }).results.map((r) => r.id)).toContain(crafted.radical);
    expect(archive.search({ q: '鳕' }).results.map((r) => r.id)).toEqual([crafted.caption]);
    expect(archive.search({ q: '甄' }).results.map((r) => r.id)).toEqual([crafted.caption]);
    expect(archive.search({ q: '鄺' }).results.map((r) => r.id)).toEqual([crafted.byline]);
    expect(archive.search({ q: '一' }).results.map((r) => r.id)).toContain(crafted.kanbun);
    for (const q of ['人', '人 大', '鳕', '甄', '鄺', '鳕 甄', '一']) expectSame(q);
  });

  it('finds a CJK radical nowhere, as the index does, alone or beside a character its stories hold', () => {
    for (const q of ['⻔', '⻔ 人', '人 ⻔', '⻔ 前']) {
      expectSame(q);
      expect(archive.search({ q, limit: 20 }).total, q).toBe(0);
      expect(archive.search({ q, order: 'relevance', limit: 20 }), q).toMatchObject({ total: 0, results: [] });
    }
  });

  it('answers two common characters seldom together with the index’s page, and a count that is whole or a floor it says it is', () => {
    const common = charactersByArticles()
      .filter(([, n]) => n >= 1000 && n <= 3000)
      .map(([c]) => c);
    const held = (c: string) =>
      new Set(archive.db.prepare('SELECT id FROM articles WHERE instr(body_text, ?) > 0').pluck().all(c) as string[]);
    // Two characters each in a fifth of the archive or more, together in a tenth of it or less.
    let q: string | undefined;
    for (let i = 0; i < common.length - 1 && !q; i++) {
      const a = held(common[i]!);
      const n = [...held(common[i + 1]!)].filter((id) => a.has(id)).length;
      if (n >= 200 && n <= 500) q = `${common[i]} ${common[i + 1]}`;
    }
    const { total, capped } = expectSame(q!);
    expect(total).toBeGreaterThanOrEqual(20);
    // A floor is said only where the rows read stopped short of the matches.
    if (capped) expect(total).toBeLessThan(indexAnswer(q!).count);
  });
  it('leads through the index with characters seldom together: the rarer alone, or both where their lists are short', () => {
    const held = (c: string) =>
      new Set(archive.db.prepare('SELECT id FROM articles WHERE instr(body_text, ?) > 0').pluck().all(c) as string[]);
    const chars = charactersByArticles()
      .filter(([, n]) => n >= 20 && n <= 2000)
      .reverse()
      .slice(0, 150)
      .map(([c]) => ({ c, ids: held(c) }));
    // Together in a few articles: too few for the newest rows read to fill a page.
    let q: string | undefined;
    for (let i = 0; i < chars.length - 1 && !q; i++)
      for (let j = i + 1; j < chars.length && !q; j++) {
        const n = [...chars[j]!.ids].filter((id) => chars[i]!.ids.has(id)).length;
        if (n >= 2 && n <= 15) q = `${chars[i]!.c} ${chars[j]!.c}`;
      }
    try {
      scanLimits.joinPages = JOIN_PAGES;
      // Both led (their lists are short here, as a rare character's are at a million): only
      // matches are read, and the count is whole.
      expect(expectSame(q!).capped).toBe(false);
      // Only the rarer led, the other looked for in its matches.
      scanLimits.joinPages = 0;
      expectSame(q!);
      const [a, b] = q!.split(' ') as [string, string];
      expect(leadingCharacters(archive.db, [a, b])).toHaveLength(1);
      scanLimits.joinPages = JOIN_PAGES;
      expect(leadingCharacters(archive.db, [a, b]).sort()).toEqual([0, 1]);
    } finally {
      scanLimits.joinPages = 0;
    }
  });
});

describe('by relevance with words of one character', () => {
  /** The ranking rule, worked out here from the article's indexed text: bm25's term weight of each word, summed. */
  function weightOf(id: string, words: string[]): number {
    const text = normalizeForSearch(searchableText(archive.db, id)!.text);
    const { avgdl } = indexTotals(archive.db);
    const key = archive.db.prepare('SELECT key FROM search_keys WHERE article_id = ?').pluck().get(id) as number;
    const dl = indexedLength(archive.db, key)!;
    return words.reduce((sum, w) => {
      const tf = text.split(w).length - 1;
      return sum + (tf ? (2.2 * tf) / (tf + 1.2 * (0.25 + (0.75 * dl) / avgdl)) : 0);
    }, 0);
  }
  const unfiltered = { sql: '', params: {} };
  const input = (singles: string[]) => ({
    singles,
    others: null,
    indexedFilters: unfiltered,
    plainFilters: unfiltered,
    offset: 0,
    limit: 20,
  });

  it('in a small archive, ranks as FTS5’s bm25 does over every match: every character is quick for it to merge', () => {
    const [common, n] = charactersByArticles()[0]!;
    expect(n).toBeGreaterThan(3000);
    scanLimits.joinPages = JOIN_PAGES;
    let answer;
    try {
      answer = archive.search({ q: common, order: 'relevance', limit: 20 });
    } finally {
      scanLimits.joinPages = 0;
    }
    expect(answer.partial).toBe(false);
    const rows = archive.db
      .prepare(
        `SELECT k.article_id AS id, bm25(article_search) AS rank FROM article_search s JOIN search_keys k ON k.key = s.rowid
         WHERE article_search MATCH ? ORDER BY rank`,
      )
      .all(parseQuery(common).match!) as { id: string; rank: number }[];
    const cut = rows[19]!.rank;
    const rank = new Map(rows.map((r) => [r.id, r.rank]));
    expect(answer.results).toHaveLength(20);
    for (const r of answer.results) expect(rank.get(r.id)!).toBeLessThanOrEqual(cut + 1e-9);
    expect({ total: answer.total, capped: answer.totalCapped }).toEqual({ total: COUNT_CAP, capped: true });
  });

  it('ranks every match of a rarer character by how much each article holds it, and says it ranked them all', () => {
    const ch = charactersByArticles().find(([, n]) => n >= 40 && n <= 300)![0];
    const answer = rankNewest(archive.db, input([ch]), [ch])!;
    const all = indexAnswer(ch, 0, 1000).ids;
    expect(answer.partial).toBe(false);
    expect(answer.ranked.map((r) => r.id).sort()).toEqual([...all].sort());
    for (const r of answer.ranked) expect(r.score).toBeCloseTo(weightOf(r.id, [ch]), 9);
  });

  it('ranks the newest thousand matches of common characters, and says the ranking is partial', () => {
    const [a, b] = charactersByArticles().map(([c]) => c);
    const answer = rankNewest(archive.db, input([a!, b!]), [a!, b!])!;
    expect(answer.partial).toBe(true);
    expect(answer.ranked.map((r) => r.id)).toEqual(indexAnswer(`${a} ${b}`, 0, 1000).ids);
    for (const r of answer.ranked.slice(0, 50)) expect(r.score).toBeCloseTo(weightOf(r.id, [a!, b!]), 9);
  });

  it('says the count of a ranking of the newest matches is a floor', () => {
    const [a, b] = charactersByArticles().map(([c]) => c);
    const q = `${a} ${b}`;
    const before = scanLimits.prefixArticles;
    scanLimits.prefixArticles = 1000;
    try {
      // A page deeper than the impact index proves: the newest matches are ranked.
      const answer = archive.search({ q, order: 'relevance', limit: 20, offset: 990 });
      expect(answer.partial).toBe(true);
      expect(answer.totalCapped).toBe(true);
      expect(answer.total).toBeLessThanOrEqual(indexAnswer(q).count);
    } finally {
      scanLimits.prefixArticles = before;
    }
  });

  it('says so on the command line too, in the user’s language, when relevance ranked the newest matches only', async () => {
    const [common, n] = charactersByArticles()[0]!;
    expect(n).toBeGreaterThan(3000);
    // Up to 20,000 matches are ranked whole: here the archive's machine is told to rank fewer.
    // And a page deeper than the impact index proves (200): the newest matches are ranked.
    const env = { BANMIAN_RANK_EXACT_CAP: '3000' };
    const zh = await banmian(['--data', folder.dir, 'search', common, '--order', 'relevance', '--limit', '201'], env);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain('相关度只在最近的 3000 篇中排序');
    const en = await banmian(['--data', folder.dir, 'search', common, '--order', 'relevance', '--limit', '201'], {
      ...env,
      LANG: 'en_US.UTF-8',
    });
    expect(en.stdout).toContain('relevance ranks the newest 3000 only');
    const newest = await banmian(['--data', folder.dir, 'search', common, '--limit', '3']);
    expect(newest.stdout).not.toContain('相关度');
  }, 60_000);
});
