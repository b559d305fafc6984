import { initialSchema } from './0010-initial-schema';
import type { Migration } from './types';

/** Every migration, oldest first. Append only. */
export const MIGRATIONS: readonly Migration[] = [initialSchema];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;
