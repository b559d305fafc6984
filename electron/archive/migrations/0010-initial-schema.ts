import type { Migration } from './types';

const ROLE_CHECK = `('reporter','contributing-reporter','trainee-reporter','correspondent','intern','photographer')`;

/** Articles with people in bylines and photo credits, photos by image hash, revisions, status log. */
export const initialSchema: Migration = {
  version: 10,
  name: 'initial-schema',
  up(db) {
    db.exec(`
      CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('draft','submitted','edited','approved','spiked')),
        -- bumped by every content save; a save from an older version is refused
        version INTEGER NOT NULL DEFAULT 1,
        column_label TEXT NOT NULL DEFAULT '',
        kicker TEXT NOT NULL DEFAULT '',
        headline TEXT NOT NULL DEFAULT '',
        deck TEXT NOT NULL DEFAULT '',
        dateline TEXT NOT NULL DEFAULT '',
        byline_form TEXT NOT NULL DEFAULT 'standard' CHECK (byline_form IN ('standard','feature')),
        body_json TEXT NOT NULL DEFAULT '',
        -- the body's blocks as JSON [{type,text}], and as plain paragraphs joined by newlines
        body_blocks TEXT NOT NULL DEFAULT '[]',
        body_text TEXT NOT NULL DEFAULT '',
        -- set when one credit covers all photos (本组图片)
        photo_group_kind TEXT CHECK (photo_group_kind IN ('photo','courtesy')),
        jump TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        chars INTEGER NOT NULL DEFAULT 0,
        chars_all INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX articles_by_updated ON articles (updated_at DESC);
      CREATE INDEX articles_by_status ON articles (status, updated_at DESC);

      CREATE TABLE people (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        -- another paper or agency the person writes for; '' for our own staff
        outlet TEXT NOT NULL DEFAULT '',
        UNIQUE (name, outlet)
      ) STRICT;

      CREATE TABLE bylines (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        person_id INTEGER NOT NULL REFERENCES people (id),
        role TEXT NOT NULL CHECK (role IN ${ROLE_CHECK}),
        PRIMARY KEY (article_id, position)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX bylines_by_person ON bylines (person_id, role);

      CREATE TABLE images (
        hash TEXT PRIMARY KEY,
        mime TEXT NOT NULL CHECK (mime IN ('image/png','image/jpeg','image/webp')),
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE photos (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        photo_key TEXT NOT NULL,
        image_hash TEXT NOT NULL REFERENCES images (hash),
        file_name TEXT NOT NULL DEFAULT '',
        caption TEXT NOT NULL DEFAULT '',
        credit_kind TEXT NOT NULL CHECK (credit_kind IN ('photo','courtesy')),
        PRIMARY KEY (article_id, position)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX photos_by_image ON photos (image_hash);

      -- people credited for photos; photo_position NULL is the group credit of all the photos
      CREATE TABLE credits (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        photo_position INTEGER,
        position INTEGER NOT NULL,
        person_id INTEGER NOT NULL REFERENCES people (id),
        role TEXT CHECK (role IN ${ROLE_CHECK})
      ) STRICT;
      CREATE INDEX credits_by_article ON credits (article_id, photo_position, position);
      CREATE INDEX credits_by_person ON credits (person_id);

      CREATE TABLE revisions (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        reason TEXT NOT NULL CHECK (reason IN ('created','edit','restore','conflict')),
        -- 1 while an editing burst still writes into this revision
        open INTEGER NOT NULL DEFAULT 0,
        headline TEXT NOT NULL,
        chars INTEGER NOT NULL,
        snapshot TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX revisions_by_article ON revisions (article_id, id DESC);

      CREATE TABLE status_changes (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        from_status TEXT,
        to_status TEXT NOT NULL,
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX status_changes_by_article ON status_changes (article_id, id);

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
