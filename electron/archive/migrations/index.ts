import { initialSchema } from './0010-initial-schema';
import { importsAndPhotosWithoutImages } from './0020-imports-and-photos-without-images';
import type { Migration } from './types';

/** Every migration, oldest first. Append only. */
export const MIGRATIONS: readonly Migration[] = [initialSchema, importsAndPhotosWithoutImages];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;
