import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/archive/archive';
import { scanLimits } from '../../electron/archive/search-scan';
import { COMMON_CHARACTERS, commonBit, hasCommonBit } from '../../shared/search/common-characters';
import { fillArchive } from '../support/archives';
import { tempDir } from '../support/temp';

// Each search key's bits of the common characters its article holds (migration 0250), held
// against what FTS5's prefix query finds, and the searches that read them.
const folder = tempDir();
let archive: Archive;
/** The index's segments after one import's transaction. */
let segmentsOfImport = 0;

beforeAll(() => {
  archive = Archive.open(folder.dir);
  fillArchive(archive, 400, 23);
  segmentsOfImport = archive.db.prepare('SELECT count(DISTINCT segid) FROM article_search_idx').pluck().get() as number;
  // Written at the desk, not imported: its headings, people, and forms the index folds or reads
  // as spaces (⽇ the Kangxi radical of 日, ㊐ an enclosed 日, ⺀ a radical unicode61 reads as a
  // space, so 市 starts a term there; 市 alone at a run's end).
  archive.create({
    kicker: '⽇夜兼程',
    headline: '⺀市场繁荣',
    deck: '㊐报道',
    dateline: '本报讯',
    byline: [{ role: 'reporter', name: '国强' }],
  });
  archive.create({ headline: '城市', column: '沙市 简讯' });
}, 120_000);
afterAll(() => {
  archive.close();
  folder.cleanup();
});

describe('the common characters on each search key', () => {
  it('are a list that is part of the archive’s format: 1,024 characters, each once, as written', () => {
    // Changed, every archive's bits would stand for other characters: a change of it is a
    // migration that writes every key's bits again, and this digest with it.
    expect([...COMMON_CHARACTERS]).toHaveLength(1024);
    expect(new Set(COMMON_CHARACTERS).size).toBe(1024);
    expect(createHash('sha256').update(COMMON_CHARACTERS).digest('hex')).toBe(
      'c22e2c48483298bfcef80f760d3e600dcb54b2ac6fb565b9ebc5db5f08c5f427',
    );
  });

  it('says of every common character exactly what the index finds, however the article was written', () => {
    const keys = archive.db.prepare('SELECT key, common FROM search_facts').raw().all() as [number, Uint8Array][];
    expect(keys.length).toBe(402);
    const prefix = archive.db.prepare('SELECT rowid FROM article_search WHERE article_search MATCH ?').pluck();
    let held = 0;
    for (const c of COMMON_CHARACTERS) {
      const bit = commonBit(c)!;
      const found = new Set(prefix.all(`"${c}"*`) as number[]);
      const said = new Set(keys.filter(([, bits]) => hasCommonBit(bits, bit)).map(([key]) => key));
      expect(said, c).toEqual(found);
      held += found.size;
    }
    // Not a test of nothing: the characters are in many articles, and not in all.
    expect(held).toBeGreaterThan(20_000);
    expect(held).toBeLessThan(1024 * 402);
  });

  it('are written with the import’s index in one piece', () => {
    // Row by row: a statement that may write several rows (a REPLACE, a cascade) makes FTS5
    // write what it holds pending, a segment each time (dozens where there was one).
    expect(segmentsOfImport).toBe(1);
  });

  it('follows an article written again, and finds by them newest first what the text would find', () => {
    const story = archive.create({ headline: '沙市区举行签约仪式' });
    const newest = (q: string) => {
      const limits = { ...scanLimits };
      // The newest articles read and looked at, as for a character in most articles at a million.
      Object.assign(scanLimits, { leadPages: 0, joinPages: 0 });
      try {
        return archive.search({ q, limit: 5 }).results.map((r) => r.id);
      } finally {
        Object.assign(scanLimits, limits);
      }
    };
    expect(newest('签 仪')[0]).toBe(story.id);
    const saved = archive.get(story.id);
    archive.save(story.id, saved.version, { ...saved, headline: '沙市区举行表彰大会' });
    expect(newest('签 仪')).not.toContain(story.id);
    expect(newest('表 彰')[0]).toBe(story.id);
    // A story put in the trash leaves the index, its key's facts with it; back, they are back.
    const facts = () =>
      archive.db
        .prepare('SELECT count(*) FROM search_facts f JOIN search_keys k ON k.key = f.key WHERE k.article_id = ?')
        .pluck()
        .get(story.id);
    const all = () => archive.db.prepare('SELECT count(*) FROM search_facts').pluck().get();
    const before = all() as number;
    archive.trash(story.id);
    expect(all()).toBe(before - 1);
    expect(newest('表 彰')).not.toContain(story.id);
    archive.restoreFromTrash(story.id);
    expect(facts()).toBe(1);
    expect(newest('表 彰')[0]).toBe(story.id);
    // The key's bits are what tells: a key that says its article lacks 彰 is not found by it.
    archive.db
      .prepare('UPDATE search_facts SET common = zeroblob(128) WHERE key = (SELECT key FROM search_keys WHERE article_id = ?)')
      .run(story.id);
    expect(newest('表 彰')[0]).not.toBe(story.id);
  });
});
