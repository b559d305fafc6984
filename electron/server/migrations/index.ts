import { newsroom } from './0010-newsroom';
import { deviceNames } from './0020-device-names';
import type { ServerMigration } from './types';

/** Every migration of the newsroom database, oldest first. Append only. */
export const SERVER_MIGRATIONS: readonly ServerMigration[] = [newsroom, deviceNames];

export const SERVER_SCHEMA_VERSION = SERVER_MIGRATIONS.at(-1)?.version ?? 0;
