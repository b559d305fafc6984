import { indexArticle, misdated } from '../search-index';
import type { Migration } from './types';

/**
 * An imported story with no edition date (none printed, none given for the batch) was keyed
 * in the search index by the day of its import: a date filter on that day found it, and
 * newest first listed it as that day's. Its key moves to the undated band below every date
 * (UNDATED in search-index.ts). Any other imported story keyed off its edition's day moves
 * to it as well: a split's second part was keyed by the day of the split, and a story from
 * the newsroom by the day it was made, before either was given the page's date. Stories
 * written here keep the day they were made; the trash has no entries to move. One read of
 * the imported stories' keys finds them; only those are indexed again.
 */
export const undatedImportsOutOfDateFilters: Migration = {
  version: 200,
  name: 'undated-imports-out-of-date-filters',
  up(db) {
    const rows = db
      .prepare(
        `SELECT a.id, k.key, a.edition_date, a.import_id, a.created_at
           FROM articles a JOIN search_keys k ON k.article_id = a.id WHERE a.import_id IS NOT NULL`,
      )
      .iterate() as IterableIterator<Parameters<typeof misdated>[0] & { id: string }>;
    const moving: string[] = [];
    for (const row of rows) if (misdated(row)) moving.push(row.id);
    for (const id of moving) indexArticle(db, id);
  },
};
