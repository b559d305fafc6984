import type { Migration } from './types';

/**
 * Imported page text: where each article came from (file, lines), how sure the importer was,
 * and whether the desk has reviewed it; the edition and page it was printed on. Photos may now
 * lack an image file (a caption and credit read off a page, the picture not yet found), so
 * the photos table is rebuilt with image_hash nullable and its rows copied over.
 */
export const importsAndPhotosWithoutImages: Migration = {
  version: 20,
  name: 'imports-and-photos-without-images',
  up(db) {
    db.exec(`
      CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        file_name TEXT NOT NULL,
        -- SHA-256 of the file's bytes: the same file imported twice adds nothing
        file_hash TEXT NOT NULL UNIQUE,
        encoding TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        edition_date TEXT,
        page INTEGER,
        articles INTEGER NOT NULL,
        imported_at TEXT NOT NULL
      ) STRICT;

      ALTER TABLE articles ADD COLUMN edition_date TEXT;
      ALTER TABLE articles ADD COLUMN page INTEGER;
      ALTER TABLE articles ADD COLUMN import_id INTEGER REFERENCES imports (id);
      ALTER TABLE articles ADD COLUMN import_first_line INTEGER;
      ALTER TABLE articles ADD COLUMN import_last_line INTEGER;
      ALTER TABLE articles ADD COLUMN import_confidence REAL;
      ALTER TABLE articles ADD COLUMN import_doubts TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE articles ADD COLUMN needs_review INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX articles_by_import ON articles (import_id);
      CREATE INDEX articles_by_review ON articles (needs_review, updated_at DESC) WHERE needs_review = 1;
      CREATE INDEX articles_by_edition ON articles (edition_date, page);

      CREATE TABLE photos_v20 (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        photo_key TEXT NOT NULL,
        image_hash TEXT REFERENCES images (hash),
        file_name TEXT NOT NULL DEFAULT '',
        caption TEXT NOT NULL DEFAULT '',
        credit_kind TEXT NOT NULL CHECK (credit_kind IN ('photo','courtesy')),
        PRIMARY KEY (article_id, position)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO photos_v20 (article_id, position, photo_key, image_hash, file_name, caption, credit_kind)
        SELECT article_id, position, photo_key, image_hash, file_name, caption, credit_kind FROM photos;
      DROP TABLE photos;
      ALTER TABLE photos_v20 RENAME TO photos;
      CREATE INDEX photos_by_image ON photos (image_hash);
    `);
  },
};
