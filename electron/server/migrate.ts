import { ApiError } from '../../shared/api/errors';
import { SERVER_MIGRATIONS, SERVER_SCHEMA_VERSION } from './migrations';
import type { SqlClient } from './sql';

/** Any number, the same in every server: migrations of one database take turns on it. */
const MIGRATION_LOCK = 4_242_001;

/**
 * Brings the database up to this server's schema, each migration in one transaction with its
 * row in `schema_migrations`. Several servers starting on one database take turns; a database
 * migrated by a newer server is refused before anything is written to it.
 */
export async function migrate(db: SqlClient): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
  for (const migration of SERVER_MIGRATIONS) {
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const [row] = await tx.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
      const found = Number(row?.version ?? 0);
      if (found > SERVER_SCHEMA_VERSION) throw new ApiError('ARCHIVE_TOO_NEW', { found, supported: SERVER_SCHEMA_VERSION });
      if (found >= migration.version) return;
      await migration.up(tx);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    });
  }
}
