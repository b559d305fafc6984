import type { Migration } from './types';

/**
 * The trash (回收站). A story moved to the trash keeps its row, history and all, with when and
 * by whom (`deleted_at`, `deleted_by`): out of the desk's lists, search and figures, restorable
 * for 30 days, then purged for good. `purged_articles` remembers which stories this archive
 * purged, so that the newsroom, which still holds them, does not bring them back (see
 * electron/archive/trash.ts).
 *
 * Two partial indexes keep the purge, run whenever the archive opens, to a look at what is due:
 * the trash by when it was filled, and the drafts never given a word (a stray click on 新建稿件)
 * by when they were last touched. The second's WHERE must stay exactly the condition trash.ts
 * queries with, or SQLite will not use it.
 */
export const storyTrash: Migration = {
  version: 90,
  name: 'story-trash',
  up(db) {
    db.exec(`
      ALTER TABLE articles ADD COLUMN deleted_at TEXT;
      ALTER TABLE articles ADD COLUMN deleted_by INTEGER REFERENCES accounts (id);
      CREATE INDEX articles_in_trash ON articles (deleted_at) WHERE deleted_at IS NOT NULL;
      CREATE INDEX articles_empty_drafts ON articles (updated_at)
        WHERE status = 'draft' AND headline = '' AND kicker = '' AND deck = '' AND column_label = ''
          AND body_text = '' AND jump = '' AND source = '' AND import_id IS NULL;

      CREATE TABLE purged_articles (
        id TEXT PRIMARY KEY,
        purged_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
