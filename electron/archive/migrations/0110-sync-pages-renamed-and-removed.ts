import { hasSyncTriggers, installSyncTriggers } from '../sync-triggers';
import type { Migration } from './types';

/**
 * Editions and pages can now be deleted, renumbered and given a new date. An archive joined to
 * a newsroom gets the triggers that tell the newsroom (sync-triggers.ts, those since 110): the
 * old key of a page or edition goes out as a deletion, the new one as a record, and the
 * placements on it again, since they name their page. Nothing else changes: a page's number
 * was already its place in the edition, unique within it.
 */
export const syncPagesRenamedAndRemoved: Migration = {
  version: 110,
  name: 'sync-pages-renamed-and-removed',
  up(db) {
    if (hasSyncTriggers(db)) installSyncTriggers(db, 110);
  },
};
