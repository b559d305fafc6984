import type { Migration } from './types';

/**
 * The layout desk: editions (a date and its numbers), their pages with the page's grid, and
 * placements of articles on a page's grid. An article is placed at most once per edition.
 */
export const editionsPagesPlacements: Migration = {
  version: 50,
  name: 'editions-pages-placements',
  up(db) {
    db.exec(`
      CREATE TABLE editions (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL UNIQUE,
        number INTEGER NOT NULL,
        total_number INTEGER NOT NULL,
        paper TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE pages (
        id INTEGER PRIMARY KEY,
        edition_id INTEGER NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        section TEXT NOT NULL,
        editor TEXT NOT NULL,
        geometry TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (edition_id, number)
      ) STRICT;
      CREATE TABLE placements (
        id TEXT PRIMARY KEY,
        page_id INTEGER NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
        edition_id INTEGER NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        first_column INTEGER NOT NULL,
        span INTEGER NOT NULL,
        top INTEGER NOT NULL,
        depth INTEGER NOT NULL,
        body_span INTEGER NOT NULL,
        split INTEGER NOT NULL,
        headline_size TEXT NOT NULL,
        photos TEXT NOT NULL,
        UNIQUE (edition_id, article_id)
      ) STRICT;
      CREATE INDEX placements_by_page ON placements (page_id);
      CREATE INDEX placements_by_article ON placements (article_id);
    `);
  },
};
