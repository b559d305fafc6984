import type { SqlQuery } from '../sql';

/**
 * One step of the newsroom database's schema. Versions go up in steps of 10 and are never
 * edited once released: a change is a new migration. `up` runs inside the migration's transaction.
 */
export interface ServerMigration {
  version: number;
  name: string;
  up(tx: SqlQuery): Promise<void>;
}
