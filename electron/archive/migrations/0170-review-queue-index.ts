import type { Migration } from './types';

/**
 * The desk's list of imported stories to review (导入待核), least sure first, read straight off
 * an index in its own order: at a million imported stories the list was a scan of every story
 * still to review and a sort of them all for the first 200. The index holds only stories still
 * to review and outside the trash, so it shrinks as the desk works; its WHERE must stay exactly
 * the condition `REVIEW_QUEUE_SQL` (import-review.ts) asks, and its columns that query's ORDER
 * BY, or SQLite will not use it. It replaces the index of 0020 on the same stories by their
 * last change, which no query read, so an import still writes one review index per story.
 */
export const reviewQueueIndex: Migration = {
  version: 170,
  name: 'review-queue-index',
  up(db) {
    db.exec(`
      DROP INDEX articles_by_review;
      CREATE INDEX articles_to_review ON articles (import_confidence, import_id, import_first_line, created_at, id)
        WHERE needs_review = 1 AND deleted_at IS NULL;
    `);
  },
};
