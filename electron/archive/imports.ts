import type { Database } from 'better-sqlite3';
import { stmt } from './statements';
import { newArticleId } from './ids';
import type { ArticleDraft } from '../../shared/domain/article';
import { emptyDraft } from '../../shared/domain/article';
import type { ImportedArticle } from '../../shared/import/page-text';
import { countChars } from '../../shared/text/count';
import * as articles from './articles';
import type { PeopleSeen } from './people';
import { indexNewArticle, UNDATED, type KeysSeen } from './search-index';
import { peopleFact } from './search-people';
import { importHeadings, searchablePartsOfImport, type IndexEntries } from './search-entries';

export interface ImportSource {
  fileName: string;
  /** What identifies the page: the hash of its text without white space (pageContentHash). */
  fileHash: string;
  /** The hash of the file's bytes, as imports were known by before. */
  bytesHash?: string;
  encoding: string;
  bytes: number;
  editionDate: string | null;
  page: number | null;
  /** 第N期 and 总第N期 as the page prints them in its 报眉; absent or null where it prints none. */
  issue?: number | null;
  totalIssue?: number | null;
}

/** What one import transaction has looked up already: made inside it and dropped with it (PeopleSeen, KeysSeen). */
export interface ImportMemo {
  people: PeopleSeen;
  keys: KeysSeen;
}

export const newImportMemo = (): ImportMemo => ({ people: new Map(), keys: new Map() });

export function findImport(db: Database, fileHash: string): { id: number; articles: number } | undefined {
  return stmt(db, 'SELECT id, articles FROM imports WHERE file_hash = ?').get(fileHash) as { id: number; articles: number } | undefined;
}

/** The one-line parts of an imported article, as the draft, the row and the index all take them. */
export function draftFromImport(a: ImportedArticle): ArticleDraft {
  return {
    ...emptyDraft(),
    ...importHeadings(a),
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
  };
}

/**
 * Writes the articles read from one file, with their origin, marked for review. The caller
 * runs this in one transaction: a file is imported whole or not at all. Each article is one
 * INSERT and its index entry is made from the text in hand: an archive of years is imported
 * in one go, so this path is kept lean.
 */
export function insertImported(
  db: Database,
  source: ImportSource,
  imported: ImportedArticle[],
  now: Date,
  index?: readonly IndexEntries[],
  memo: ImportMemo = newImportMemo(),
): string[] {
  const at = now.toISOString();
  const importId = Number(
    stmt(
      db,
      `INSERT INTO imports (file_name, file_hash, encoding, bytes, edition_date, page, issue, total_issue, articles, imported_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      source.fileName,
      source.fileHash,
      source.encoding,
      source.bytes,
      source.editionDate,
      source.page,
      source.issue ?? null,
      source.totalIssue ?? null,
      imported.length,
      at,
    ).lastInsertRowid,
  );
  const insert = stmt(
    db,
    `INSERT INTO articles (id, status, version, column_label, kicker, headline, deck, dateline, byline_form,
       body_json, body_blocks, body_text, photo_group_kind, jump, source, chars, chars_all, created_at, updated_at,
       edition_date, page, import_id, import_first_line, import_last_line, import_confidence, import_doubts, needs_review)
     VALUES (@id, 'approved', 1, @column, @kicker, @headline, @deck, @dateline, @bylineForm,
       '', @blocks, @text, @groupKind, @jump, @source, @chars, @charsAll, @at, @at,
       @editionDate, @page, @importId, @firstLine, @lastLine, @confidence, @doubts, 1)`,
  );
  // The index entries the reading thread cut, one per article, else cut here.
  const entries = index?.length === imported.length ? index : undefined;
  return imported.map((a, i) => {
    const id = newArticleId();
    const draft = draftFromImport(a);
    const counts = countChars(a.body.map((b) => b.text));
    const parts = searchablePartsOfImport(a);
    insert.run({
      id,
      ...importHeadings(a),
      bylineForm: a.bylineForm,
      blocks: articles.storedBlocks(a.body),
      text: parts.body,
      groupKind: a.photoGroupCredit?.kind ?? null,
      chars: counts.chars,
      charsAll: counts.charsWithPunctuation,
      at,
      editionDate: source.editionDate,
      page: source.page,
      importId,
      firstLine: a.firstLine,
      lastLine: a.lastLine,
      confidence: a.confidence,
      doubts: JSON.stringify(a.doubts),
    });
    const people = articles.insertPeopleAndPhotos(db, id, draft, memo.people);
    // Printed pages were signed off (签发) when they went to press.
    stmt(db, 'INSERT INTO status_changes (article_id, from_status, to_status, at) VALUES (?, NULL, ?, ?)').run(id, 'approved', at);
    // Undated (none printed, none given) is not the day of the import: see UNDATED.
    indexNewArticle(db, id, source.editionDate ?? UNDATED, parts, peopleFact(people), entries?.[i], memo.keys);
    return id;
  });
}
