import { openDatabase, type Connection } from './sqlite';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { installSyncTriggers, SYNC_TRIGGER_NAMES } from './sync-triggers';

/** The schema version from which an archive can be joined to a newsroom (migration 0080). */
const NEWSROOM_VERSION = 80;

/**
 * The exact schema an archive of a given version has: every table, column, index, trigger and
 * view, as SQLite stores their SQL, and the settings of the full-text index. A file to be
 * restored must match it exactly. A backup can be crafted: a trigger of its own would run on
 * the desk's next save (rewriting other articles, deleting revisions), a view in place of a
 * table would break every save, and the full-text index's settings are data SQLite obeys.
 */
export interface SchemaEntry {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

/**
 * SQLite's own bookkeeping tables, which ANALYZE may have made in an archive: allowed only as
 * exactly the tables SQLite makes. A name is no proof (SQLite loads a trigger or view called
 * sqlite_stat1 from a file all the same), so type and SQL must match too.
 */
const INTERNAL: ReadonlyMap<string, string> = new Map([
  ['sqlite_stat1', 'CREATE TABLE sqlite_stat1(tbl,idx,stat)'],
  ['sqlite_stat4', 'CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)'],
]);

export function schemaOf(db: Connection): SchemaEntry[] {
  return (db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name').all() as SchemaEntry[]).filter(
    (e) => !(e.type === 'table' && e.tbl_name === e.name && INTERNAL.get(e.name) === e.sql),
  );
}

/** The rows of each FTS5 `_config` table: merge settings and the like, which SQLite obeys. */
export function ftsSettingsOf(db: Connection, schema: SchemaEntry[]): Record<string, unknown[]> {
  const settings: Record<string, unknown[]> = {};
  for (const e of schema) {
    if (e.type !== 'table' || !e.name.endsWith('_config')) continue;
    const owner = schema.find((o) => o.name === e.name.slice(0, -'_config'.length));
    if (!owner?.sql || !/USING\s+fts5/i.test(owner.sql)) continue;
    settings[e.name] = db
      .prepare(`SELECT * FROM "${e.name.replaceAll('"', '""')}" ORDER BY 1`)
      .raw()
      .all();
  }
  return settings;
}

const expected = new Map<string, { schema: SchemaEntry[]; fts: Record<string, unknown[]> }>();

/**
 * What a fresh archive brought up to `version` holds (with `joined`, as joined to a newsroom:
 * with its sync triggers); undefined for a version no Banmian wrote.
 */
export function expectedSchema(version: number, joined = false): { schema: SchemaEntry[]; fts: Record<string, unknown[]> } | undefined {
  if (!MIGRATIONS.some((m) => m.version === version) || (joined && version < NEWSROOM_VERSION)) return undefined;
  let found = expected.get(`${version}/${joined}`);
  if (!found) {
    const db = openDatabase(':memory:');
    try {
      migrate(
        db,
        MIGRATIONS.filter((m) => m.version <= version),
      );
      if (joined) installSyncTriggers(db, version);
      const schema = schemaOf(db);
      found = { schema, fts: ftsSettingsOf(db, schema) };
      expected.set(`${version}/${joined}`, found);
    } finally {
      db.close();
    }
  }
  return found;
}

/**
 * How a database differs from the schema of its version, as short descriptions (`trigger
 * evil_trigger`, `table articles`): empty when it matches exactly.
 */
export function schemaDifferences(db: Connection, version: number): string[] {
  const have = schemaOf(db);
  // An archive joined to a newsroom has the sync triggers, exactly as Banmian makes them.
  const joined = have.some((e) => e.type === 'trigger' && SYNC_TRIGGER_NAMES.has(e.name));
  const want = expectedSchema(version, joined);
  if (!want) return [`version ${version}`];
  const key = (e: SchemaEntry) => `${e.type} ${e.name}`;
  const wanted = new Map(want.schema.map((e) => [key(e), e]));
  const differences: string[] = [];
  for (const e of have) {
    const w = wanted.get(key(e));
    if (!w) differences.push(`+${key(e)}`);
    else if (w.sql !== e.sql || w.tbl_name !== e.tbl_name) differences.push(`≠${key(e)}`);
    wanted.delete(key(e));
  }
  for (const k of wanted.keys()) differences.push(`-${k}`);
  if (!differences.length && JSON.stringify(ftsSettingsOf(db, have)) !== JSON.stringify(want.fts)) {
    differences.push('≠fts settings');
  }
  return differences;
}
