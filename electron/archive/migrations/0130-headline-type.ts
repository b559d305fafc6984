import type { Migration } from './types';

/**
 * A headline's size in points (a 字号, or any size) and its shape (长体, 扁体), per placement. Null
 * for the placements from before: their headline keeps its large/medium/small and normal shape.
 */
export const headlineType: Migration = {
  version: 130,
  name: 'headline-type',
  up(db) {
    db.exec(`
      ALTER TABLE placements ADD COLUMN headline_pt REAL;
      ALTER TABLE placements ADD COLUMN headline_shape TEXT CHECK (headline_shape IN ('long', 'flat'));
    `);
  },
};
