import { dropSyncTriggers, hasSyncTriggers, installSyncTriggers } from '../sync-triggers';
import type { Migration } from './types';

/**
 * 转版: a placement may go on with a story begun in another placement of the same edition. The
 * story still begins once per edition, so the unique (edition, article) constraint becomes a
 * unique index over the placements that begin a story. A table constraint cannot be dropped in
 * SQLite: the table is made again with every row, its indexes, and for an archive joined to a
 * newsroom its sync triggers, which went with the old table. Every placement from before
 * begins its story (continues 0). The triggers of other tables name placements too, and SQLite
 * checks them at the rename, so all of them go first and come back after.
 */
export const placementContinues: Migration = {
  version: 150,
  name: 'placement-continues',
  up(db) {
    const joined = hasSyncTriggers(db);
    if (joined) dropSyncTriggers(db);
    db.exec(`
      CREATE TABLE placements_parted (
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
        style TEXT NOT NULL DEFAULT '{}',
        headline_pt REAL,
        headline_shape TEXT CHECK (headline_shape IN ('long', 'flat')),
        continues INTEGER NOT NULL DEFAULT 0 CHECK (continues IN (0, 1))
      ) STRICT;
      INSERT INTO placements_parted (id, page_id, edition_id, article_id, first_column, span, top, depth, body_span, split,
          headline_size, photos, style, headline_pt, headline_shape, continues)
        SELECT id, page_id, edition_id, article_id, first_column, span, top, depth, body_span, split,
          headline_size, photos, style, headline_pt, headline_shape, 0
        FROM placements;
      DROP TABLE placements;
      ALTER TABLE placements_parted RENAME TO placements;
      CREATE INDEX placements_by_page ON placements (page_id);
      CREATE INDEX placements_by_article ON placements (article_id);
      CREATE UNIQUE INDEX placements_story_begins_once ON placements (edition_id, article_id) WHERE continues = 0;
    `);
    if (joined) installSyncTriggers(db, 150);
  },
};
