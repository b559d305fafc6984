import type { Migration } from './types';

/**
 * The issue numbers a page prints in its 报眉, kept on the page's import: 第N期 (`issue`) and
 * 总第N期 (`total_issue`), each NULL where the page prints none, as on every page imported
 * before (their text is not kept, so there is nothing to read them from again). They say which
 * printed issue a page came from where its date alone does not: a misprinted date, a page
 * imported without one.
 */
export const importsPrintedIssue: Migration = {
  version: 190,
  name: 'imports-printed-issue',
  up(db) {
    db.exec(`
      ALTER TABLE imports ADD COLUMN issue INTEGER;
      ALTER TABLE imports ADD COLUMN total_issue INTEGER;
    `);
  },
};
