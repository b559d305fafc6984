import type { Migration } from './types';

/**
 * Page templates (版式模板): a page's grid and 版名 kept under a name, so that a new page starts
 * from the house's 要闻版 or 副刊 rather than from a bare preset.
 */
export const pageTemplates: Migration = {
  version: 140,
  name: 'page-templates',
  up(db) {
    db.exec(`
      CREATE TABLE page_templates (
        -- the name the desk and the command line choose it by; unique whatever its case
        name TEXT PRIMARY KEY COLLATE NOCASE,
        section TEXT NOT NULL DEFAULT '',
        -- the page's grid, as pages.geometry holds it
        geometry TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES accounts (id)
      ) STRICT;
    `);
  },
};
