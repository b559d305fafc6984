import { createImpactIndex } from '../search-index';
import type { Migration } from './types';

/**
 * Relevance at any size: beside the index of character pairs, an index of "impact" terms —
 * for each article, the terms it is most about, marked with how strongly (see
 * shared/search/impact.ts) — so that ranking a common word reads the few articles it weighs
 * most in instead of scoring every article that holds it. Every existing article is read
 * once to fill it (about a minute and a half a million articles on the build machine).
 */
export const searchImpacts: Migration = {
  version: 180,
  name: 'search-impacts',
  up(db) {
    createImpactIndex(db, 'pairs');
  },
};
