import type { Migration } from './types';

/**
 * The counts of articles per phrase that bm25's idf needs, kept in the archive (see
 * electron/archive/search-counts.ts): counting a common character's prefix reads every pair it
 * starts (660 ms for 市 at a million), and every process started paid it again. Each count
 * holds the index's size when made; a search recounts once the index has grown or shrunk by a
 * hundredth since. Empty at first: searches fill it.
 */
export const searchPhraseCounts: Migration = {
  version: 230,
  name: 'search-phrase-counts',
  up(db) {
    db.exec(`
      CREATE TABLE search_phrase_counts (
        phrase TEXT PRIMARY KEY,
        rows INTEGER NOT NULL,
        docs INTEGER NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
