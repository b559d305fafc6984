import { createImpactIndex } from '../search-index';
import type { Migration } from './types';

/**
 * Relevance for words of one character: an impact index of single characters beside that of
 * pairs (see charImpactTerms in shared/search/impact.ts), so that ranking a common character
 * by bm25 reads the articles it weighs most in instead of merging every pair it starts for
 * every article that holds it. Every existing article is read once to fill it (81 s for
 * a million articles on the build machine).
 */
export const searchCharImpacts: Migration = {
  version: 220,
  name: 'search-char-impacts',
  up(db) {
    createImpactIndex(db, 'chars');
  },
};
