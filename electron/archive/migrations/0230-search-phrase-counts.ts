import { forgetCountTables } from '../search-counts';
import type { Migration } from './types';

/**
 * The counts of articles per phrase that bm25's idf needs, kept in the archive (see
 * electron/archive/search-counts.ts): counting a common character's prefix reads every pair it
 * starts (660 ms for 市 at a million), and every process started paid it again. Each count
 * holds the index's size when made and how many of its entries had been changed or removed
 * (search_index_changes, counted as they are); a search counts again once more articles than a
 * hundredth of the count were added, changed or removed since. Empty at first: searches fill it
 * (with the phrases in a thousand articles or more).
 */
export const searchPhraseCounts: Migration = {
  version: 230,
  name: 'search-phrase-counts',
  up(db) {
    db.exec(`
      CREATE TABLE search_phrase_counts (
        phrase TEXT PRIMARY KEY,
        rows INTEGER NOT NULL,
        edits INTEGER NOT NULL,
        docs INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE search_index_changes (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        edits INTEGER NOT NULL
      );
      INSERT INTO search_index_changes (id, edits) VALUES (1, 0);
    `);
    forgetCountTables(db);
  },
};
