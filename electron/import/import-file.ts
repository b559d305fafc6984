import { nodeCrypto } from '../node-crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import { readPageText } from '../../shared/import/page-text';
import type { Archive } from '../archive/archive';
import type { ImportSource } from '../archive/imports';
import { indexEntries, searchablePartsOfImport, type IndexEntries } from '../archive/search-entries';
import type { ImportedArticle } from '../../shared/import/page-text';
import { decodePageText, MAX_IMPORT_BYTES } from './decode';

export interface ImportOptions {
  editionDate?: string | null;
  page?: number | null;
}

export interface ImportResult {
  fileName: string;
  encoding: string;
  /** Articles added; 0 when the same file was imported before. */
  articleIds: string[];
  duplicate: boolean;
  /** How many of the articles the importer was unsure of (confidence under 0.7). */
  doubtful: number;
  /**
   * What the file was taken for, when its articles were written (absent when none were): the
   * edition's date (the page's, else the batch's; null with neither, the stories then undated
   * and saying so for review) and the issue numbers the page prints (null where it prints none).
   */
  editionDate?: string | null;
  issue?: number | null;
  totalIssue?: number | null;
}

/** A file read, decoded and split into articles, ready to be written. */
export interface PreparedImport {
  fileName: string;
  encoding: string;
  source: ImportSource;
  articles: ImportedArticle[];
  /** How many of the articles the importer was unsure of (confidence under 0.7). */
  doubtful: number;
  /** The same page was imported before (same text, in any encoding or spacing): nothing to write. */
  duplicate: boolean;
  /**
   * Each article's search index entries, cut where the file was read when the reading thread
   * has the time (reading-flow.ts); absent, the writer cuts them.
   */
  index?: IndexEntries[];
}

/**
 * What identifies a page whatever file it came in: its decoded text without white space. The
 * same page saved in another encoding, with other line ends, or extracted again with other
 * spaces has the same text, and so the same hash; its bytes differ.
 */
export function pageContentHash(text: string): string {
  return nodeCrypto()
    .createHash('sha256')
    .update(text.normalize('NFC').replace(/[\s\u3000\ufeff]+/gu, ''))
    .digest('hex');
}

/**
 * Everything of an import that can fail on a bad file, done before anything is written:
 * decoding, splitting into articles. Needs no archive, so it can run on a thread of its own.
 * The edition's date and page are the page's own (its 报眉) where it prints them, else the
 * batch's; with neither, the date stays unknown and every article says so for review, never
 * the day of the import.
 */
export function readPageFile(
  bytes: Uint8Array,
  fileName: string,
  options: ImportOptions = {},
  { cutIndex = true }: { cutIndex?: boolean } = {},
): PreparedImport {
  const { text, encoding } = decodePageText(bytes, fileName);
  const { articles, masthead } = readPageText(text);
  if (!articles.length) throw new ApiError('IMPORT_NO_ARTICLES', { fileName });
  const source: ImportSource = {
    fileName,
    // (the archive's imports.file_hash: the page's text, so that a page is found imported in any file)
    fileHash: pageContentHash(text),
    bytesHash: nodeCrypto().createHash('sha256').update(bytes).digest('hex'),
    encoding,
    bytes: bytes.length,
    editionDate: masthead.date ?? options.editionDate ?? null,
    page: masthead.page ?? options.page ?? null,
    // Only the page can say: a batch is one date and page, not one issue number per file.
    issue: masthead.issue,
    totalIssue: masthead.totalIssue,
  };
  if (!source.editionDate) for (const a of articles) a.doubts.push('no-edition-date');
  return {
    fileName,
    encoding,
    source,
    articles,
    doubtful: articles.filter((a) => a.confidence < 0.7).length,
    duplicate: false,
    // (left to the writer when it has time the reader has not: reading-flow.ts)
    index: cutIndex ? articles.map((a) => indexEntries(searchablePartsOfImport(a))) : undefined,
  };
}

/** A file read for import, marked duplicate when the archive holds the same page already. */
export function prepareImport(archive: Archive, bytes: Uint8Array, fileName: string, options: ImportOptions = {}): PreparedImport {
  return markImported(archive, readPageFile(bytes, fileName, options));
}

export function markImported(archive: Archive, prepared: PreparedImport): PreparedImport {
  // Imports before pages were known by their text were known by their bytes.
  const { fileHash, bytesHash } = prepared.source;
  const known = archive.findImport(fileHash) ?? (bytesHash ? archive.findImport(bytesHash) : undefined);
  return known ? { ...prepared, articles: [], index: [], doubtful: 0, duplicate: true } : prepared;
}

/** What an import of a prepared file came to; a file found already imported adds nothing. */
export function importResult(prepared: PreparedImport, articleIds: string[] | null): ImportResult {
  const { fileName, encoding, source } = prepared;
  return articleIds && !prepared.duplicate
    ? {
        fileName,
        encoding,
        articleIds,
        duplicate: false,
        doubtful: prepared.doubtful,
        editionDate: source.editionDate,
        issue: source.issue ?? null,
        totalIssue: source.totalIssue ?? null,
      }
    : { fileName, encoding, articleIds: [], duplicate: true, doubtful: 0 };
}

/**
 * Imports one page-text file into the archive: decoded, split into articles, written in one
 * transaction. A page already imported (same text) adds nothing. A bad file throws a coded
 * error before anything is written.
 */
export function importBytes(archive: Archive, bytes: Uint8Array, fileName: string, options: ImportOptions = {}): ImportResult {
  const prepared = prepareImport(archive, bytes, fileName, options);
  return importResult(prepared, prepared.duplicate ? null : (archive.importFiles([prepared])[0] ?? null));
}

/** A file's bytes, or a coded error for a file too large or not readable. */
export function readImportFile(path: string): Uint8Array {
  const fileName = basename(path);
  try {
    const size = statSync(path).size;
    if (size > MAX_IMPORT_BYTES) {
      throw new ApiError('IMPORT_TOO_LARGE', { fileName, size: (size / 1024 / 1024).toFixed(1), max: MAX_IMPORT_BYTES / 1024 / 1024 });
    }
    return readFileSync(path);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError('FILE_UNREADABLE', { fileName, reason: (error as NodeJS.ErrnoException).code ?? String(error) });
  }
}
