import { markCommonCharacters } from '../search-index';
import type { Migration } from './types';

/**
 * Each search key holds which of the commonest Chinese characters the index finds in its
 * article, a bit each (shared/search/common-characters.ts). A search for single characters
 * reads the newest articles, or those the impact index of characters finds, and looked for
 * each character in every one's stored text and people (10–17 µs an article at a million: the
 * most of a search for three or four common characters); a common character is now told by
 * the key's bits, read with the key. Every article is read and cut into terms once to fill it.
 */
export const searchKeysCommonCharacters: Migration = {
  version: 250,
  name: 'search-keys-common-characters',
  up(db) {
    db.exec('ALTER TABLE search_keys ADD COLUMN common BLOB');
    markCommonCharacters(db);
  },
};
