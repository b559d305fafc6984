import { forgetKeysShape } from '../search-index';
import { PEOPLE_FACT_SQL } from '../search-people';
import type { Migration } from './types';

/**
 * Each search key's people (`search_people`: every byline's and credit's person, by id and
 * role; search-people.ts). A search by person checked each match's bylines and credits through
 * its article (some 58 µs a match at a million, where a reporter's common words are read by the
 * thousand); the key's people say it in some 5. A table of their own, not the keys' facts,
 * which a search for common characters reads row after row.
 */
export const searchPeople: Migration = {
  version: 280,
  name: 'search-people',
  up(db) {
    db.exec(`
      CREATE TABLE search_people (
        key INTEGER PRIMARY KEY,
        people TEXT NOT NULL
      ) STRICT;
      INSERT INTO search_people (key, people)
        SELECT key, people FROM (SELECT k.key, ${PEOPLE_FACT_SQL.replaceAll('@id', 'k.article_id')} AS people FROM search_keys k ORDER BY k.key)
        WHERE people <> '';
    `);
    forgetKeysShape(db);
  },
};
