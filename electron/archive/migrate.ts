import type { Database } from 'better-sqlite3';
import { ApiError } from '../../shared/api/errors';
import type { Migration } from './migrations/types';

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings an archive up to the newest schema, one migration per transaction, so a failure
 * leaves the archive at the last version that completed. An archive from a newer Banmian is
 * refused before anything is written to it.
 */
export function migrate(db: Database, migrations: readonly Migration[]): { from: number; to: number } {
  const from = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) throw new ApiError('ARCHIVE_TOO_NEW', { found: from, supported: latest });
  for (const migration of migrations) {
    if (migration.version <= schemaVersion(db)) continue;
    db.transaction(() => {
      // Two programs opening an old archive at once: the second waits for the lock and finds
      // the step done.
      if (schemaVersion(db) >= migration.version) return;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return { from, to: schemaVersion(db) };
}
