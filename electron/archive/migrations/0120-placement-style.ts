import type { Migration } from './types';

/**
 * How a story is set off on its page (栏线, 边框/花边, 底纹): a JSON object per placement, `{}` for
 * a plain one, which every placement from before is.
 */
export const placementStyle: Migration = {
  version: 120,
  name: 'placement-style',
  up(db) {
    db.exec(`ALTER TABLE placements ADD COLUMN style TEXT NOT NULL DEFAULT '{}'`);
  },
};
