import { hasSyncTriggers, installSyncTriggers } from '../sync-triggers';
import type { Migration } from './types';

/**
 * A page's fixed furniture (报头, rules, standing text), and a template's: a JSON list, empty
 * for every page and template from before. An archive joined to a newsroom gets the trigger
 * that sends a page again when its furniture changes (sync-triggers.ts, since 160).
 */
export const pageFurniture: Migration = {
  version: 160,
  name: 'page-furniture',
  up(db) {
    db.exec(`
      ALTER TABLE pages ADD COLUMN furniture TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE page_templates ADD COLUMN furniture TEXT NOT NULL DEFAULT '[]';
    `);
    if (hasSyncTriggers(db)) installSyncTriggers(db, 160);
  },
};
