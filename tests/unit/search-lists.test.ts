import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/archive/archive';
import { listPages } from '../../electron/archive/search-lists';
import { generator } from '../../bench/synthetic';
import { fillArchive } from '../support/archives';
import { tempDir } from '../support/temp';

// How long FTS5's lists are, read from where it keeps the first term of each page: what the
// search judges the cost of a walk or of a prefix's merge by.
const folder = tempDir();
let archive: Archive;

beforeAll(() => {
  archive = Archive.open(folder.dir);
  fillArchive(archive, 3000, 4);
  // The same stories again, each ending with two characters in as many stories: 龟, and 𠀀
  // (U+20000), whose terms are the last of the index in byte order, so that its list runs to
  // the end of its segment, where no page starts after it.
  const gen = generator(9);
  for (let done = 0; done < 3000; done += 1000) {
    const articles = Array.from({ length: 1000 }, (_, k) => {
      const a = gen.article(done + k);
      a.body = a.body.map((b, i) => (i === 0 ? { ...b, text: `${b.text}𠀀${k}龟${k}` } : b));
      return a;
    });
    archive.importFiles([
      {
        source: {
          fileName: `tail-${done}.txt`,
          fileHash: `tail-${done}`,
          encoding: 'utf-8',
          bytes: 0,
          editionDate: articles[0]!.editionDate,
          page: 1,
        },
        articles,
      },
    ]);
  }
  // One segment, so that each list spans several pages of it.
  archive.db.prepare("INSERT INTO article_search (article_search) VALUES ('optimize')").run();
}, 120_000);
afterAll(() => {
  archive.close();
  folder.cleanup();
});

describe('the pages of the index a list spans', () => {
  it('counts a list that runs to the end of its segment as long as the same list elsewhere', () => {
    const count = (q: string) => archive.db.prepare('SELECT count(*) FROM article_search WHERE article_search MATCH ?').pluck().get(q);
    expect(count('"𠀀"*')).toBe(count('"龟"*'));
    const turtle = listPages(archive.db, '龟', true)!;
    expect(turtle).toBeGreaterThan(2);
    expect(Math.abs(listPages(archive.db, '𠀀', true)! - turtle)).toBeLessThanOrEqual(1);
    // A prefix spans at least what each of its terms does.
    expect(listPages(archive.db, '龟', true)).toBeGreaterThanOrEqual(listPages(archive.db, '龟')!);
  });
});
