import type { Database } from 'better-sqlite3';

/**
 * One schema step. Versions go up in steps of 10 (0010, 0020, …) and are never edited once
 * released: a change is a new migration. `up` runs inside the migration's transaction.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
