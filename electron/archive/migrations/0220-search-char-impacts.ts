import { fillImpacts } from '../search-index';
import type { Migration } from './types';

/**
 * Relevance for words of one character: an impact index of single characters beside that of
 * pairs (see charImpactTerms in shared/search/impact.ts), so that ranking a common character
 * by bm25 reads the articles it weighs most in instead of merging every pair it starts for
 * every article that holds it. Every existing article is read once to fill it (some two
 * minutes a million articles on the build machine).
 */
export const searchCharImpacts: Migration = {
  version: 220,
  name: 'search-char-impacts',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE article_char_impacts USING fts5 (
        terms,
        content = '',
        contentless_delete = 1,
        detail = none,
        tokenize = 'unicode61 remove_diacritics 0'
      );
    `);
    db.prepare("INSERT INTO article_char_impacts (article_char_impacts, rank) VALUES ('hashsize', CAST(? AS INTEGER))").run(
      16 * 1024 * 1024,
    );
    db.prepare("INSERT INTO article_char_impacts (article_char_impacts, rank) VALUES ('automerge', CAST(? AS INTEGER))").run(16);
    fillImpacts(db, 'chars');
  },
};
