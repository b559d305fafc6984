import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { stmt } from './statements';
import type { ArticleDraft } from '../../shared/domain/article';
import { emptyDraft } from '../../shared/domain/article';
import type { ImportedArticle } from '../../shared/import/page-text';
import { countChars } from '../../shared/text/count';
import * as articles from './articles';

export interface ImportSource {
  fileName: string;
  fileHash: string;
  encoding: string;
  bytes: number;
  editionDate: string | null;
  page: number | null;
}

export function findImport(db: Database, fileHash: string): { id: number; articles: number } | undefined {
  return stmt(db, 'SELECT id, articles FROM imports WHERE file_hash = ?').get(fileHash) as
    | { id: number; articles: number }
    | undefined;
}

export function draftFromImport(a: ImportedArticle): ArticleDraft {
  return {
    ...emptyDraft(),
    column: a.column,
    kicker: a.kicker,
    headline: a.headline,
    deck: a.deck,
    dateline: a.dateline,
    bylineForm: a.bylineForm,
    byline: a.byline,
    // The Lexical state is built when the article is first opened (readArticle): an imported
    // archive stores its text once, not again as editor JSON several times its size.
    bodyJson: '',
    photos: a.photos.map((p, i) => ({
      id: `import-${i + 1}`,
      hash: null,
      mime: null,
      width: null,
      height: null,
      fileName: '',
      caption: p.caption,
      credit: p.credit,
    })),
    photoGroupCredit: a.photoGroupCredit,
    jump: a.jump,
    source: a.source,
  };
}

/**
 * Writes the articles read from one file, with their origin, marked for review. The caller
 * runs this in one transaction: a file is imported whole or not at all.
 */
export function insertImported(db: Database, source: ImportSource, imported: ImportedArticle[], now: Date): string[] {
  const at = now.toISOString();
  const importId = Number(
    stmt(db, 
        `INSERT INTO imports (file_name, file_hash, encoding, bytes, edition_date, page, articles, imported_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(source.fileName, source.fileHash, source.encoding, source.bytes, source.editionDate, source.page, imported.length, at)
      .lastInsertRowid,
  );
  const setOrigin = stmt(db, 
    `UPDATE articles SET import_id = ?, import_first_line = ?, import_last_line = ?, import_confidence = ?,
       import_doubts = ?, needs_review = 1, edition_date = ?, page = ? WHERE id = ?`,
  );
  return imported.map((a) => {
    const id = randomUUID();
    const draft = draftFromImport(a);
    const counts = countChars(a.body.map((b) => b.text));
    // Printed pages were signed off (签发) when they went to press.
    articles.insertArticleRow(db, id, 'approved', at);
    setOrigin.run(importId, a.firstLine, a.lastLine, a.confidence, JSON.stringify(a.doubts), source.editionDate, source.page, id);
    articles.writeDraft(db, id, 0, draft, { blocks: a.body, counts }, at);
    articles.setStatusRow(db, id, null, 'approved', at);
    return id;
  });
}
