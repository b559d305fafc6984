import type { Migration } from './types';

/**
 * FTS5 merges its index segments four at a time by default; during an import of years of
 * pages that merging is most of the work. Merging eight at a time made imports about a tenth
 * faster (bench:archive) for a few more segments per query, which `optimize` after a large
 * import folds back together.
 */
export const searchMergeLessOften: Migration = {
  version: 40,
  name: 'search-merge-less-often',
  up(db) {
    db.prepare("INSERT INTO article_search (article_search, rank) VALUES ('automerge', CAST(? AS INTEGER))").run(8);
  },
};
