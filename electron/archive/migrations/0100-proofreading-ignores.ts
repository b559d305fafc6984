import type { Migration } from './types';

/**
 * Proofreading findings a desk has looked at and chosen to keep (a quoted half-width comma, a
 * name that looks like a typo): the story carries them as a JSON array of finding ids
 * (`body|typo:己经:0`), so they travel with its saves, revisions and the newsroom like the rest
 * of the draft. Stories from before have none.
 */
export const proofreadingIgnores: Migration = {
  version: 100,
  name: 'proofreading-ignores',
  up(db) {
    db.exec(`ALTER TABLE articles ADD COLUMN proof_ignores TEXT NOT NULL DEFAULT '[]'`);
  },
};
