import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { ApiError } from '../../shared/api/errors';
import { ARCHIVE_FILE, type Archive } from './archive';
import { schemaVersion } from './migrate';
import { SCHEMA_VERSION } from './migrations';

/**
 * A consistent copy of the archive while it is in use: SQLite's online backup copies the
 * database page by page under its own locking, so writers carry on meanwhile.
 */
export async function backupArchive(archive: Archive, out: string): Promise<{ pages: number }> {
  mkdirSync(dirname(out), { recursive: true });
  const temp = `${out}.partial`;
  rmSync(temp, { force: true });
  const progress = await archive.db.backup(temp);
  renameSync(temp, out);
  return { pages: progress.totalPages };
}

/** Opens a backup read-only and checks it is a whole, uncorrupted Banmian archive we can read. */
export function checkBackup(file: string): { version: number; articles: number } {
  if (!existsSync(file)) throw new ApiError('FILE_UNREADABLE', { fileName: file, reason: 'ENOENT' });
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new ApiError('BACKUP_INVALID', { fileName: file, reason: (error as Error).message });
  }
  try {
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new ApiError('BACKUP_INVALID', { fileName: file, reason: String(check) });
    const version = schemaVersion(db);
    if (version > SCHEMA_VERSION) throw new ApiError('ARCHIVE_TOO_NEW', { found: version, supported: SCHEMA_VERSION });
    const hasArticles = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'articles'").pluck().get() === 1;
    if (!hasArticles) throw new ApiError('BACKUP_INVALID', { fileName: file, reason: 'no articles table' });
    return { version, articles: db.prepare('SELECT count(*) FROM articles').pluck().get() as number };
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError('BACKUP_INVALID', { fileName: file, reason: (error as Error).message });
  } finally {
    db.close();
  }
}

/**
 * Puts a checked backup in place of the archive in `dir` (which must not be open). The
 * current archive is kept beside it as banmian.sqlite.before-restore, never deleted.
 */
export function restoreArchive(dir: string, backup: string): { articles: number; previous: string | null } {
  const { articles } = checkBackup(backup);
  mkdirSync(dir, { recursive: true });
  const target = join(dir, ARCHIVE_FILE);
  let previous: string | null = null;
  if (existsSync(target)) {
    previous = `${target}.before-restore`;
    rmSync(previous, { force: true });
    renameSync(target, previous);
    for (const f of readdirSync(dir)) if (f === `${ARCHIVE_FILE}-wal` || f === `${ARCHIVE_FILE}-shm`) rmSync(join(dir, f), { force: true });
  }
  const temp = `${target}.restoring`;
  copyFileSync(backup, temp);
  renameSync(temp, target);
  return { articles, previous };
}
