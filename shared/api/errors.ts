/**
 * Errors cross the API boundary as data: a code the renderer translates, parameters for the
 * message, and where useful a payload (a stale save carries the newer article).
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_METHOD',
  'FORBIDDEN',
  'NOT_FOUND',
  'ARTICLE_STALE',
  'HEADLINE_REQUIRED',
  'STATUS_NOT_ALLOWED',
  'BODY_TOO_LONG',
  'BODY_INVALID',
  'IMAGE_TOO_LARGE',
  'IMAGE_NOT_IMAGE',
  'IMAGE_UNSUPPORTED',
  'IMPORT_EMPTY',
  'IMPORT_TOO_LARGE',
  'IMPORT_UNDECODABLE',
  'IMPORT_BINARY',
  'IMPORT_TRUNCATED',
  'IMPORT_NO_ARTICLES',
  'FILE_UNREADABLE',
  'BACKUP_INVALID',
  'EDITION_EXISTS',
  'PAGE_EXISTS',
  'PAGE_HAS_STORIES',
  'EDITION_HAS_STORIES',
  'TEMPLATE_NOT_FOUND',
  'PLACEMENT_OUTSIDE_GRID',
  'PLACEMENT_OVERLAP',
  'PLACEMENT_INVALID',
  'ARTICLE_ALREADY_PLACED',
  'CONTINUATION_WITHOUT_START',
  'PLACEMENT_OVER_FURNITURE',
  'FURNITURE_OVERLAP',
  'EXPORT_REFUSED',
  'EXPORT_FONTS_MISSING',
  'EXPORT_PDF_UNAVAILABLE',
  'EXPORT_GHOSTSCRIPT_MISSING',
  'EXPORT_GHOSTSCRIPT_OLD',
  'ARCHIVE_TOO_NEW',
  'ARCHIVE_UNREADABLE',
  'ARCHIVE_BUSY',
  'SQLITE_MODULE_WRONG_ABI',
  'SQLITE_MODULE_MISSING',
  'SQLITE_MODULE_UNUSABLE',
  'ARCHIVE_IN_USE',
  'BACKUP_SCHEMA_MISMATCH',
  'BACKUP_STOPPED',
  'BACKUP_OVER_ARCHIVE',
  'IMPORT_FOREIGN_ENCODING',
  'REQUEST_TOO_LARGE',
  'BAD_REQUEST',
  'SIGN_IN_REQUIRED',
  'SETUP_REQUIRED',
  'SETUP_DONE',
  'SIGN_IN_FAILED',
  'SESSION_EXPIRED',
  'ACCOUNT_REMOVED',
  'ACCOUNT_EXISTS',
  'LAST_ADMIN',
  'PERMISSION_DENIED',
  'ARTICLE_SIGNED',
  'ARTICLE_SPIKED',
  'REASON_REQUIRED',
  'UNSAVED_CHANGES',
  'RECORD_READ_ONLY',
  'RECORD_NOT_DELETABLE',
  'RECORD_APPEND_ONLY',
  'WRONG_AUTHOR',
  'IMAGE_HASH_MISMATCH',
  'SYNC_OFFLINE',
  'SYNC_SERVER_ERROR',
  'SYNC_BAD_URL',
  'SYNC_CONFLICT',
  'SYNC_CONFLICT_LAYOUT',
  'SYNC_APPLY_FAILED',
  'SYNC_IMAGE_MISSING',
  'SYNC_NOT_JOINED',
  'SYNC_SIGN_IN_NEEDED',
  'SYNC_OTHER_SERVER',
  'ACCOUNTS_ON_SERVER',
  'ARTICLE_LOCKED',
  'ARTICLE_TAKEN_OVER',
  'ARTICLE_TRASHED',
  'ARTICLE_NOT_TRASHED',
  'TRASH_SIGNED',
  'TRASH_PLACED',
  'IMPORT_FIX_NOT_IMPORTED',
  'IMPORT_FIX_NO_PARAGRAPH',
  'IMPORT_FIX_PARAGRAPH_CHANGED',
  'IMPORT_FIX_NO_NEXT',
  'IMPORT_FIX_OTHER_PAGE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorParams = Record<string, string | number>;

export interface ApiErrorData {
  code: ErrorCode;
  /** Already translated into the archive's language, for logs and the command line. */
  message: string;
  params?: ErrorParams;
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiErrorData };

/** Thrown by services; the boundary turns it into `{ ok: false, error }`. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: ErrorParams = {},
    readonly details?: unknown,
  ) {
    super(code);
    this.name = 'ApiError';
  }
}
