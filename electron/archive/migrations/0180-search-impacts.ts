import { fillImpacts } from '../search-index';
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
    db.exec(`
      CREATE VIRTUAL TABLE article_impacts USING fts5 (
        terms,
        content = '',
        contentless_delete = 1,
        detail = none,
        tokenize = 'unicode61 remove_diacritics 0'
      );
    `);
    db.prepare("INSERT INTO article_impacts (article_impacts, rank) VALUES ('hashsize', CAST(? AS INTEGER))").run(16 * 1024 * 1024);
    db.prepare("INSERT INTO article_impacts (article_impacts, rank) VALUES ('automerge', CAST(? AS INTEGER))").run(16);
    fillImpacts(db, 'pairs');
  },
};
