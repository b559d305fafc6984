import {
  closeSync,
  copyFileSync,
  constants,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { nodeCrypto } from '../node-crypto';
import { openDatabase, type Connection } from './sqlite';
import { ApiError } from '../../shared/api/errors';
import { ARCHIVE_FILE } from './archive';
import { migrate, schemaVersion } from './migrate';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { holders, processAlive, type Holder } from './presence';
import { syncFile, syncFolder } from './durable';
import { schemaDifferences } from './schema-check';

/**
 * Restoring a backup in place of the archive. The order of the steps is the point:
 *
 * 1. The backup is copied into the archive's folder and only that copy is read from then on
 *    (the file cannot change between the check and the swap). The copy is checked whole:
 *    SQLite's integrity check, foreign keys, a version this Banmian knows, and exactly the
 *    schema of that version (no trigger, view, table or index of its own). It is brought up
 *    to the current version and left as one file. Nothing of the archive is touched yet.
 * 2. The archive is locked exclusively. If any program has it open the lock cannot be had,
 *    and the restore is refused, naming the programs (presence.ts). Under the lock its WAL
 *    is written into the file (journal mode DELETE), so the file alone is the whole archive.
 * 3. The archive file is kept under a new name of its own (a hard link, else a copy), never
 *    replacing or deleting an earlier kept one; its emptied -wal and -shm are removed.
 * 4. The checked copy is renamed over the archive's name: one atomic step. A crash before it
 *    leaves the old archive, after it the new one, each whole.
 *
 * A program that opens the archive during steps 2–4 waits for the lock, then sees the name
 * moved to another file and opens again (Archive.open), before writing anything.
 */

const SQLITE_MAGIC = 'SQLite format 3\0';

export interface RestoreResult {
  articles: number;
  /** Where the archive it replaced is kept; null when there was none. */
  previous: string | null;
}

function removeSidecars(file: string): void {
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
}

function startsLikeSqlite(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    return readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === SQLITE_MAGIC;
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks an archive file completely without changing it: a sound SQLite file, a Banmian
 * schema this version can read, exactly as that version made it. Returns its version and
 * how many articles it holds.
 */
export function checkArchiveFile(file: string, fileName = basename(file)): { version: number; articles: number } {
  if (!existsSync(file)) throw new ApiError('FILE_UNREADABLE', { fileName, reason: 'ENOENT' });
  const invalid = (reason: string) => new ApiError('BACKUP_INVALID', { fileName, reason });
  if (!startsLikeSqlite(file)) throw invalid('not an SQLite file');
  let db: Connection;
  try {
    db = openDatabase(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw invalid((error as Error).message);
  }
  try {
    // Nothing in the file's schema may run functions on our behalf while it is read.
    db.pragma('trusted_schema = OFF');
    const version = schemaVersion(db);
    if (version > SCHEMA_VERSION) throw new ApiError('ARCHIVE_TOO_NEW', { found: version, supported: SCHEMA_VERSION });
    if (version === 0) throw invalid('not a Banmian archive');
    const differences = schemaDifferences(db, version);
    if (differences.length) {
      throw new ApiError('BACKUP_SCHEMA_MISMATCH', {
        fileName,
        version,
        differences: differences.slice(0, 8).join(', ') + (differences.length > 8 ? ' …' : ''),
      });
    }
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw invalid(String(check));
    const orphans = db.pragma('foreign_key_check') as unknown[];
    if (orphans.length) throw invalid(`${orphans.length} rows refer to rows that do not exist`);
    return { version, articles: db.prepare('SELECT count(*) FROM articles').pluck().get() as number };
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw invalid((error as Error).message);
  } finally {
    db.close();
  }
}

/** Brings a checked copy up to this version's schema and leaves it as one file with no WAL. */
function prepareCopy(file: string, fileName: string): void {
  const db = openDatabase(file, { fileMustExist: true });
  try {
    db.pragma('trusted_schema = OFF');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS);
    const differences = schemaDifferences(db, SCHEMA_VERSION);
    if (differences.length)
      throw new ApiError('BACKUP_SCHEMA_MISMATCH', { fileName, version: SCHEMA_VERSION, differences: differences.join(', ') });
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
  removeSidecars(file);
  syncFile(file);
}

/** A name for the replaced archive that no earlier restore used: its time, and a counter. */
function keptName(target: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  for (let n = 1; ; n++) {
    const name = `${target}.before-restore-${stamp}${n > 1 ? `-${n}` : ''}`;
    if (!existsSync(name)) return name;
  }
}

/** Keeps the file under a second name: a hard link (instant), else a full copy. */
function keep(target: string, kept: string): void {
  try {
    linkSync(target, kept);
  } catch {
    copyFileSync(target, kept, constants.COPYFILE_EXCL);
    syncFile(kept);
  }
}

/**
 * Locks the archive so that no one else can read or write it, or says who has it open. Under
 * the lock, its WAL is written into the file. Returns the connection that holds the lock, or
 * null when the file is no SQLite database at all (a damaged archive, being restored over).
 */
function lockArchive(dir: string, target: string): Connection | null {
  if (!startsLikeSqlite(target)) {
    const others = holders(dir);
    if (others.length) throw inUse(others);
    return null;
  }
  const db = openDatabase(target, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 1000');
    db.pragma('locking_mode = EXCLUSIVE');
    // In exclusive mode the first read must lock out every other connection: one that any
    // program keeps open makes it fail with SQLITE_BUSY.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    db.pragma('journal_mode = DELETE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
    return db;
  } catch (error) {
    db.close();
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) throw inUse(holders(dir));
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      const others = holders(dir);
      if (others.length) throw inUse(others);
      return null;
    }
    throw error;
  }
}

function inUse(found: Holder[]): ApiError {
  return new ApiError('ARCHIVE_IN_USE', { holders: found.map((h) => `${h.program}:${h.pid}`).join(',') || 'unknown' }, { holders: found });
}

/** Removes half-made copies that an interrupted restore left in the folder (not one still under way). */
function removeStaleCopies(dir: string): void {
  for (const name of readdirSync(dir)) {
    const pid = /^banmian\.sqlite\.restoring-(\d+)-/u.exec(name)?.[1];
    if (pid !== undefined && !processAlive(Number(pid))) rmSync(join(dir, name), { force: true });
  }
}

/**
 * Journal files with no archive beside them (the archive file moved away after a crash):
 * SQLite would play them into the restored file, whatever it holds. They are kept under
 * names of their own, never deleted.
 */
function keepOrphanedJournals(target: string, now: Date): void {
  for (const suffix of ['-wal', '-journal']) {
    if (existsSync(`${target}${suffix}`)) renameSync(`${target}${suffix}`, `${keptName(target, now)}${suffix}`);
  }
  rmSync(`${target}-shm`, { force: true });
}

/** Puts a backup in place of the archive in `dir`, atomically, keeping the archive it replaces. */
export function restoreArchive(dir: string, backup: string, now: Date = new Date()): RestoreResult {
  const fileName = basename(backup);
  // The backup itself only at a glance (it may be large); the copy made of it is checked whole.
  if (!existsSync(backup)) throw new ApiError('FILE_UNREADABLE', { fileName, reason: 'ENOENT' });
  if (!startsLikeSqlite(backup)) throw new ApiError('BACKUP_INVALID', { fileName, reason: 'not an SQLite file' });
  mkdirSync(dir, { recursive: true });
  removeStaleCopies(dir);
  const target = join(dir, ARCHIVE_FILE);
  const copy = `${target}.restoring-${process.pid}-${nodeCrypto().randomBytes(4).toString('hex')}`;
  let lock: Connection | null = null;
  try {
    copyFileSync(backup, copy, constants.COPYFILE_EXCL);
    // Checked again as copied: it is this copy that goes in, whatever happens to the backup.
    const { articles } = checkArchiveFile(copy, fileName);
    prepareCopy(copy, fileName);
    if (!existsSync(target)) {
      keepOrphanedJournals(target, now);
      // No archive yet: the link appears whole or not at all, and fails if one appeared meanwhile.
      linkSync(copy, target);
      rmSync(copy, { force: true });
      syncFolder(dir);
      return { articles, previous: null };
    }
    lock = lockArchive(dir, target);
    const previous = keptName(target, now);
    keep(target, previous);
    // Emptied by the lock's checkpoint; the new file must not meet the old one's WAL.
    rmSync(`${target}-wal`, { force: true });
    rmSync(`${target}-shm`, { force: true });
    // Windows will not rename over a file still open; a program that opens it in this moment
    // then makes the rename fail, and nothing is replaced.
    if (process.platform === 'win32') {
      lock?.close();
      lock = null;
    }
    renameSync(copy, target);
    syncFolder(dir);
    return { articles, previous };
  } finally {
    lock?.close();
    if (existsSync(copy)) removeSidecars(copy);
    rmSync(copy, { force: true });
  }
}
