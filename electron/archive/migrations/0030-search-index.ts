import { indexArticle } from '../search-index';
import type { Migration } from './types';

/**
 * Full-text search: a contentless FTS5 index of character pairs (the text itself stays in
 * articles), keyed by a date-ordered search key; every existing article is indexed.
 */
export const searchIndex: Migration = {
  version: 30,
  name: 'search-index',
  up(db) {
    db.exec(`
      CREATE TABLE search_keys (
        key INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL UNIQUE REFERENCES articles (id) ON DELETE CASCADE
      ) STRICT;
      CREATE VIRTUAL TABLE article_search USING fts5 (
        terms,
        content = '',
        contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 0'
      );
      CREATE INDEX articles_by_column ON articles (column_label);
    `);
    const ids = db.prepare('SELECT id FROM articles ORDER BY created_at').pluck().all() as string[];
    for (const id of ids) indexArticle(db, id);
  },
};
