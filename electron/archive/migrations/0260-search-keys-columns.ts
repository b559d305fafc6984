import { markColumns } from '../search-index';
import type { Migration } from './types';

/**
 * Each search key holds its article's column's label (`label`). A search in a column checked each
 * match's article for it, its row read (some 5 µs a match at a million, where a column's
 * common words are read by the ten thousand); the key is read with the match, so an article
 * of another column is passed over before its row is read.
 */
export const searchKeysColumns: Migration = {
  version: 260,
  name: 'search-keys-columns',
  up(db) {
    db.exec('ALTER TABLE search_keys ADD COLUMN label TEXT');
    markColumns(db);
  },
};
