import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/archive/archive';
import { countBudget } from '../../electron/archive/search-deadline';
import { narrowedMatches, narrowLimits, walkedMatches } from '../../electron/archive/search-narrow';
import { COUNT_CAP } from '../../shared/search/limits';
import { parseQuery, wordExpression } from '../../shared/search/tokens';
import { fillArchive } from '../support/archives';
import { fullDraft, saveStory } from '../support/drafts';
import { makePng } from '../support/images';
import { random } from '../../bench/synthetic';
import { tempDir } from '../support/temp';
import { drawWords as drawWordsOf } from '../support/words';

// Words of three characters or more, newest first, found through each word's rarest pair and
// looked at in the articles' text (electron/archive/search-narrow.ts): held against FTS5's
// own walk of the words, which must give the same keys in the same order.
const folder = tempDir();
let archive: Archive;
const crafted: Record<string, string> = {};

beforeAll(() => {
  archive = Archive.open(folder.dir);
  fillArchive(archive, 3000, 9);
  const png = archive.importImage(makePng(20, 10), 'p.png');
  const make = (name: string, text: string, extra: Parameters<typeof fullDraft>[0] = {}) => {
    crafted[name] = saveStory(archive, text, extra);
  };
  // The index's pairs run on from one run of characters into the next: FTS5 finds 鼋鼍蛟龙
  // where a clause ends in 鼋鼍 and the next begins 鼍蛟龙, though the text never holds it.
  make('across', '本报讯 古籍记有鼋鼍。鼍蛟龙之说另行考证。');
  make('whole', '本报讯 传说中的鼋鼍蛟龙。');
  make('half', '本报讯 鼋鼍蛟鲨各有其说。');
  // unicode61 takes ᦰ (a New Tai Lue letter) for a space: to FTS5 the pairs on either side of
  // it are next to each other, and 鼋鼍蛟龙 is found here too.
  make('dropped', '本报讯 另有鼋鼍ᦰ鼍蛟龙一说。');
  // 鼋人鼍鲨 with 人 written as the Kangxi radical ⼈ (U+2F08): the index folds it.
  make('radical', '本报讯 图上画着鼋⼈鼍鲨。');
  // Words only in a caption, and only in a photographer's name.
  make('caption', '正文没有那个词。', {
    photos: [
      {
        id: 'p1',
        ...png,
        fileName: 'p.png',
        caption: '渔船满载鳕鱼鼋岸。',
        credit: { kind: 'photo', people: [{ role: 'correspondent', name: '甄鼍影师' }] },
      },
    ],
  });
}, 180_000);
afterAll(() => {
  archive.close();
  folder.cleanup();
});

/** Runs `check` narrowing wherever it applies (`on`) or never, and sets the limits back. */
function narrowing<T>(on: boolean, check: () => T): T {
  const before = { ...narrowLimits };
  narrowLimits.always = on;
  narrowLimits.share = on ? 0 : Infinity;
  narrowLimits.candidates = on ? 1_000_000 : 0;
  try {
    return check();
  } finally {
    Object.assign(narrowLimits, before);
  }
}

const drawWords = (chars: number, count: number, seed: number) => drawWordsOf(archive, chars, count, seed);

const none = { sql: '', params: {} };

describe('newest first through each word’s rarest pair', () => {
  it('finds the same articles in the same order as FTS5’s walk of the words, for words drawn from the text', () => {
    const rnd = random(4);
    const queries: string[] = [];
    for (const chars of [3, 4])
      for (const count of [1, 2, 3]) {
        const pool = drawWords(chars, count * 8, chars * 10 + count);
        for (let i = 0; i < 8; i++) queries.push(pool.slice(i * count, i * count + count).join(' '));
      }
    // A word of two characters beside longer ones, and words that never meet.
    queries.push(`${drawWords(2, 1, 7)[0]} ${drawWords(4, 1, 8)[0]}`, `${drawWords(3, 1, 9)[0]} 鳕鱼鼋岸`);
    let narrowed = 0;
    let found = 0;
    for (const q of queries) {
      const { match, words } = parseQuery(q);
      // Every match (more than the archive holds): the narrowed walk never stops short here.
      const walked = walkedMatches(archive.db, match!, none, 10_000);
      const ours = narrowing(true, () => narrowedMatches(archive.db, words, [], none, 10_000));
      if (ours) narrowed++;
      expect(ours ?? walked, q).toEqual(walked);
      if (walked.length) found++;
      // And what a person sees: the page and the count, newest first, at any offset.
      const offset = Math.floor(rnd() * 3) * 20;
      const asked = { q, limit: 20, offset };
      expect(
        narrowing(true, () => archive.search(asked)),
        q,
      ).toEqual(narrowing(false, () => archive.search(asked)));
    }
    // Every query of a word of three characters or more was narrowed; most found something.
    expect(narrowed).toBe(queries.length);
    expect(found).toBeGreaterThan(queries.length / 2);
  });

  it('finds a word as the index does where the text holds it only across two clauses, folded, or in a caption or name', () => {
    for (const [q, expected] of [
      ['鼋鼍蛟龙', ['across', 'whole', 'dropped']],
      ['鼋人鼍鲨', ['radical']],
      ['鳕鱼鼋岸', ['caption']],
      ['甄鼍影师', ['caption']],
      ['鼋鼍蛟龙 本报讯', ['across', 'whole', 'dropped']],
    ] as const) {
      const ours = narrowing(true, () => archive.search({ q, limit: 50 }));
      expect(ours.results.map((r) => r.id).sort(), q).toEqual(expected.map((name) => crafted[name]).sort());
      expect(ours, q).toEqual(narrowing(false, () => archive.search({ q, limit: 50 })));
    }
  });

  it('keeps the filters: a date range, a status, a person and a column give FTS5’s answer', () => {
    const year = (archive.db.prepare('SELECT max(edition_date) FROM articles').pluck().get() as string).slice(0, 4);
    const person = archive.db
      .prepare('SELECT p.name FROM bylines b JOIN people p ON p.id = b.person_id GROUP BY p.id ORDER BY count(*) DESC LIMIT 1')
      .pluck()
      .get() as string;
    const column = archive.db
      .prepare("SELECT column_label FROM articles WHERE column_label != '' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
      .pluck()
      .get() as string;
    const filters = [{ from: `${year}-01-01`, to: `${year}-12-31` }, { status: 'approved' as const }, { person }, { column }];
    let seen = 0;
    // Words of two characters too: a name or a label of several pairs is asked of the index
    // by its rarest pair alone (the filter's own clause keeps it exact).
    for (const q of [
      ...drawWords(3, 4, 21),
      ...drawWords(4, 4, 22),
      ...drawWords(2, 4, 23),
      `${drawWords(2, 1, 24)[0]} ${drawWords(2, 1, 25)[0]}`,
    ])
      for (const f of filters) {
        for (const order of ['newest', 'relevance'] as const) {
          const asked = { q, limit: 20, order, filters: f };
          const ours = narrowing(true, () => archive.search(asked));
          seen += ours.total;
          expect(ours, `${q} ${JSON.stringify(f)} ${order}`).toEqual(narrowing(false, () => archive.search(asked)));
        }
      }
    expect(seen).toBeGreaterThan(0);
    // Narrowed by a label alone where the words are one pair each (the stories made here
    // carry a label of ten pairs).
    const long = fullDraft().column;
    expect(narrowing(true, () => narrowedMatches(archive.db, ['稿件'], [long], none, 10_000))).not.toBeNull();
    // …and by one pair of a label of two runs of one pair each (the synthetic stories' 沙市 简讯).
    expect(column.split(' ').length).toBe(2);
    expect(narrowing(true, () => narrowedMatches(archive.db, drawWords(2, 2, 28), [column], none, 10_000))).not.toBeNull();
    for (const q of ['稿件', '本报 稿件', ...drawWords(2, 2, 27)]) {
      const asked = { q, limit: 20, filters: { column: long } };
      const ours = narrowing(true, () => archive.search(asked));
      expect(ours, q).toEqual(narrowing(false, () => archive.search(asked)));
      if (q === '稿件') expect(ours.total).toBe(Object.keys(crafted).length);
    }
  });

  it('reads as many matches as are asked for through the rarest pairs where none is looked at', () => {
    // Words of one pair in a column of two runs: the label's rarest pair finds its articles,
    // and what is found needs no look, so more than `candidates` are read where more are asked.
    const column = archive.db
      .prepare("SELECT column_label FROM articles WHERE column_label LIKE '% %' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
      .pluck()
      .get() as string;
    const before = { ...narrowLimits };
    narrowLimits.share = 0;
    narrowLimits.candidates = 5;
    try {
      let read = 0;
      for (const q of drawWords(2, 6, 41)) {
        const { match, words } = parseQuery(q);
        const walked = walkedMatches(archive.db, `${match!} AND ${wordExpression(column)!}`, none, 10_000);
        const ours = narrowedMatches(archive.db, words, [column], none, 1_000);
        expect(ours, q).not.toBeNull();
        expect(ours, q).toEqual(walked.slice(0, 1_000));
        if (walked.length > 5) read++;
        const asked = { q, limit: 20, filters: { column } };
        expect(archive.search(asked), q).toEqual(narrowing(false, () => archive.search(asked)));
      }
      expect(read).toBeGreaterThan(0);
    } finally {
      Object.assign(narrowLimits, before);
    }
  });

  it('shows the same page past its count’s deadline, and counts what it read as a floor', () => {
    const before = countBudget.ms;
    let floors = 0;
    try {
      for (const q of [...drawWords(2, 4, 51), drawWords(3, 2, 52).join(' '), ...drawWords(4, 3, 53)])
        for (const on of [true, false])
          for (const offset of [0, 40, 280]) {
            const asked = { q, limit: 20, offset };
            countBudget.ms = 600_000;
            const whole = narrowing(on, () => archive.search(asked));
            countBudget.ms = 0;
            const hurried = narrowing(on, () => archive.search(asked));
            expect(hurried.results, q).toEqual(whole.results);
            expect(hurried.total, q).toBeLessThanOrEqual(whole.total);
            expect(hurried.total, q).toBeGreaterThanOrEqual(Math.min(whole.total, offset + 20));
            // A count short of every match says it is a floor.
            if (hurried.total < whole.total) {
              floors++;
              expect(hurried.totalCapped, q).toBe(true);
            } else expect(hurried.totalCapped, q).toBe(whole.totalCapped);
          }
    } finally {
      countBudget.ms = before;
    }
    expect(floors).toBeGreaterThan(4);
  });

  it('is not tried for letters, digits or single characters, and leaves words of two characters to FTS5', () => {
    // ⺀ is a CJK radical, a symbol to unicode61 (a space): its pairs are no terms of the index.
    for (const q of ['督导考核 ab', '2024年度', '督导考核 镇', '督导 考核', '⺀鼋鼍']) {
      const { words } = parseQuery(q);
      expect(
        narrowing(true, () => narrowedMatches(archive.db, words, [], none, COUNT_CAP + 1)),
        q,
      ).toBeNull();
    }
  });
  it('answers as FTS5 where it reads only the newest candidates, or leaves the query to FTS5', () => {
    const queries = [...drawWords(3, 20, 31), ...drawWords(4, 20, 32)];
    let capped = 0;
    for (const q of queries) {
      const { match, words } = parseQuery(q);
      const every = walkedMatches(archive.db, match!, none, 10_000);
      for (const candidates of [3, 10, 40])
        for (const upTo of [1, 2, 5, 20]) {
          const ours = narrowing(true, () => {
            narrowLimits.candidates = candidates;
            return narrowedMatches(archive.db, words, [], none, upTo);
          });
          if (ours === null) continue;
          expect(ours, `${q} ${candidates} ${upTo}`).toEqual(every.slice(0, upTo));
          // More matches than candidates read: answered from the newest of them alone.
          if (every.length > candidates) capped++;
        }
    }
    expect(capped).toBeGreaterThan(20);
  });

  it('leaves out an index entry no article owns, as FTS5’s walk of the keys does, newest first and by relevance', () => {
    const q = '鼋鼍蛟龙';
    const orphan = 9_000_000_000_000;
    archive.db.prepare('INSERT INTO article_search (rowid, terms) VALUES (CAST(? AS INTEGER), ?)').run(orphan, '鼋鼍 鼍蛟 蛟龙');
    try {
      const { match, words } = parseQuery(q);
      const ours = narrowing(true, () => narrowedMatches(archive.db, words, [], none, 10_000));
      expect(ours).not.toContain(orphan);
      expect(ours).toEqual(walkedMatches(archive.db, match!, none, 10_000));
      for (const order of ['newest', 'relevance'] as const) {
        const asked = { q, limit: 20, order };
        const answer = narrowing(true, () => archive.search(asked));
        expect(answer.results.map((r) => r.id).sort(), order).toEqual(['across', 'whole', 'dropped'].map((n) => crafted[n]).sort());
        expect(answer, order).toEqual(narrowing(false, () => archive.search(asked)));
      }
    } finally {
      archive.db.prepare('DELETE FROM article_search WHERE rowid = CAST(? AS INTEGER)').run(orphan);
    }
  });
});
