import { writeMissingFacts } from '../search-index';
import type { Migration } from './types';

/**
 * A search key's common characters and column (migrations 0250 and 0260) move to a table of
 * their own. Held in the keys' table, they made each key's row some 190 bytes, not 50: the
 * table no longer fit SQLite's cache, and every search that looks up matches by their keys
 * at random (a page of results, the matches a walk finds) took some 7.6 µs a key at a
 * million, not 4.7 (docs/benchmarks.md). Only a search in a column, or for words that hold common
 * characters, reads the facts. The keys' table is written anew, not its columns dropped: a dropped
 * column leaves each page a fifth full. No foreign key ties a fact to its key: a statement that may write
 * several rows (a cascade) makes FTS5 write what it holds pending (search-index.ts takes a
 * key's facts out with it).
 */
export const searchFactsTable: Migration = {
  version: 270,
  name: 'search-facts-table',
  up(db) {
    db.exec(`
      CREATE TABLE search_facts (
        key INTEGER PRIMARY KEY,
        common BLOB NOT NULL,
        label TEXT NOT NULL DEFAULT ''
      ) STRICT;
      INSERT INTO search_facts (key, common, label) SELECT key, common, coalesce(label, '') FROM search_keys WHERE common IS NOT NULL;
      CREATE TABLE search_keys_compact (
        key INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL UNIQUE REFERENCES articles (id) ON DELETE CASCADE,
        folds INTEGER
      ) STRICT;
      INSERT INTO search_keys_compact (key, article_id, folds) SELECT key, article_id, folds FROM search_keys ORDER BY key;
      DROP TABLE search_keys;
      ALTER TABLE search_keys_compact RENAME TO search_keys;
    `);
    // A key nothing wrote them for (none should lack them) has them written from its text.
    writeMissingFacts(db);
  },
};
