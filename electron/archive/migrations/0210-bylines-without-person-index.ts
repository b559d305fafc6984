import type { Migration } from './types';

/**
 * The indexes of bylines and credits by person go. Every imported story adds its bylines at
 * random places in them (people are many, and each writes a little everywhere), so an import
 * at a million stories dirtied a page of the index for almost every byline it wrote: a fifth
 * of the import's time (bench:archive, 8.1 against 10.2 s for 40,000 stories, alternating).
 * No query needs them: a story's bylines are read by the story (their primary key), a person's
 * stories are found through the search index (names are indexed with the story), and the list
 * of people (people.ts) reads every byline once, which needs no index either.
 */
export const bylinesWithoutPersonIndex: Migration = {
  version: 210,
  name: 'bylines-without-person-index',
  up(db) {
    db.exec(`
      DROP INDEX IF EXISTS bylines_by_person;
      DROP INDEX IF EXISTS credits_by_person;
    `);
  },
};
