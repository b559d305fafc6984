import type { Migration } from './types';

/**
 * Who did what. Accounts that sign in (with desk roles and the byline person they are); who
 * changed each status, from where, and why; which revision holds the text as it was signed off
 * (a revision of its own that no autosave rewrites); who created and last saved each article;
 * and an append-only audit trail of every status change, sign-off, withdrawal, restore,
 * placement and export. Status changes and revisions from before have no one recorded: the
 * desk shows them as by "unknown".
 */
export const accountsSignoffAudit: Migration = {
  version: 70,
  name: 'accounts-signoff-audit',
  up(db) {
    db.exec(`
      CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        -- the name people sign in with and are shown by; unique whatever its case
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        -- desk roles, comma-separated: reporter, editor, chief, layout, exporter, admin
        roles TEXT NOT NULL,
        person_id INTEGER REFERENCES people (id),
        -- scrypt$N$r$p$salt$hash (base64); never the password itself
        password TEXT NOT NULL,
        created_at TEXT NOT NULL,
        -- an account is removed, never deleted: the trail keeps naming who did what
        removed_at TEXT,
        -- failed sign-ins in a row, and when the last one was: later attempts are slowed
        failures INTEGER NOT NULL DEFAULT 0,
        failed_at TEXT
      ) STRICT;

      -- The revisions table again, with 'signed': the text as it was signed off.
      CREATE TABLE revisions_new (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        reason TEXT NOT NULL CHECK (reason IN ('created','edit','restore','conflict','signed')),
        open INTEGER NOT NULL DEFAULT 0,
        headline TEXT NOT NULL,
        chars INTEGER NOT NULL,
        snapshot TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        by_account INTEGER REFERENCES accounts (id)
      ) STRICT;
      INSERT INTO revisions_new (id, article_id, reason, open, headline, chars, snapshot, created_at, updated_at)
        SELECT id, article_id, reason, open, headline, chars, snapshot, created_at, updated_at FROM revisions;
      DROP TABLE revisions;
      ALTER TABLE revisions_new RENAME TO revisions;
      CREATE INDEX revisions_by_article ON revisions (article_id, id DESC);

      ALTER TABLE articles ADD COLUMN created_by INTEGER REFERENCES accounts (id);
      ALTER TABLE articles ADD COLUMN updated_by INTEGER REFERENCES accounts (id);
      -- the revision holding the text of the last sign-off; kept after a withdrawal, so what
      -- changed since can be shown against it
      ALTER TABLE articles ADD COLUMN signed_revision INTEGER REFERENCES revisions (id);

      ALTER TABLE status_changes ADD COLUMN by_account INTEGER REFERENCES accounts (id);
      ALTER TABLE status_changes ADD COLUMN front TEXT CHECK (front IN ('app','host','cli'));
      ALTER TABLE status_changes ADD COLUMN reason TEXT;

      -- Stories signed off before accounts: the text they hold now is the newest revision's,
      -- which stands for the signed text from here on (and no burst goes on writing into it).
      UPDATE revisions SET open = 0
        WHERE article_id IN (SELECT id FROM articles WHERE status = 'approved' AND import_id IS NULL);
      UPDATE articles SET signed_revision = (SELECT max(r.id) FROM revisions r WHERE r.article_id = articles.id)
        WHERE status = 'approved' AND import_id IS NULL;

      CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        account_id INTEGER REFERENCES accounts (id),
        front TEXT CHECK (front IN ('app','host','cli')),
        -- status.submit, status.approve (签发), status.revoke (撤销签发), revision.restore,
        -- layout.place, layout.unplace, export.page, account.add and the like
        action TEXT NOT NULL,
        -- what it was done to; no foreign keys: the trail outlives what it speaks of
        article_id TEXT,
        edition_date TEXT,
        page INTEGER,
        detail TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
      CREATE INDEX audit_by_article ON audit (article_id, id) WHERE article_id IS NOT NULL;
      CREATE INDEX audit_by_page ON audit (edition_date, page, id) WHERE edition_date IS NOT NULL;
      CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
      CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    `);
  },
};
