import type { Database } from 'better-sqlite3';

/**
 * The triggers that queue a joined archive's changes for the newsroom (migration 0080 made
 * the tables). They exist only while the archive is joined: a trigger on a table makes SQLite
 * keep a statement journal for every insert into it, which halved the speed of an import, a
 * price an archive that never joins a newsroom should not pay. `schema-check.ts` knows them,
 * so a backup of a joined archive restores, and nothing else passes for them.
 *
 * Each trigger adds the key of what a write touched to `sync_outbox`, in the write's own
 * transaction, while `sync_capture` has its row and `applying` is off (see link.ts). Articles,
 * editions, pages and placements are named as the newsroom names them; revisions, status
 * changes and audit entries by their row here (`revision#12`), turned into the newsroom's uid
 * when pushed. Bylines, photos and credits change only with their article's row, which queues
 * the article.
 */
const CAPTURED: readonly {
  table: string;
  events: readonly ('INSERT' | 'UPDATE' | 'DELETE')[];
  key: (row: 'NEW' | 'OLD') => string;
  /** Only updates of these columns count (a page's time stamp moves with each placement: no change of the page). */
  columns?: readonly string[];
}[] = [
  { table: 'articles', events: ['INSERT', 'UPDATE'], key: (r) => `'article:' || ${r}.id` },
  { table: 'revisions', events: ['INSERT', 'UPDATE'], key: (r) => `'revision#' || ${r}.id` },
  { table: 'status_changes', events: ['INSERT', 'UPDATE'], key: (r) => `'status#' || ${r}.id` },
  { table: 'audit', events: ['INSERT'], key: (r) => `'audit#' || ${r}.id` },
  { table: 'editions', events: ['INSERT', 'UPDATE'], key: (r) => `'edition:' || ${r}.date`, columns: ['number', 'total_number', 'paper'] },
  {
    table: 'pages',
    events: ['INSERT', 'UPDATE'],
    key: (r) => `(SELECT 'page:' || e.date || '/' || ${r}.number FROM editions e WHERE e.id = ${r}.edition_id)`,
    columns: ['section', 'editor', 'geometry'],
  },
  { table: 'placements', events: ['INSERT', 'UPDATE', 'DELETE'], key: (r) => `'placement:' || ${r}.id` },
];

const TRIGGERS: readonly { name: string; sql: string }[] = CAPTURED.flatMap(({ table, events, key, columns }) =>
  events.map((event) => {
    const row = event === 'DELETE' ? 'OLD' : 'NEW';
    const of = event === 'UPDATE' && columns ? ` OF ${columns.join(', ')}` : '';
    const name = `sync_${table}_${event.toLowerCase()}`;
    return {
      name,
      sql: `CREATE TRIGGER ${name} AFTER ${event}${of} ON ${table}
  WHEN EXISTS (SELECT 1 FROM sync_capture WHERE applying = 0)
  BEGIN
    INSERT INTO sync_outbox (key, op, actor, queued_at)
      SELECT ${key(row)}, lower(hex(randomblob(16))), actor, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
      FROM sync_capture WHERE applying = 0
      ON CONFLICT (key) DO UPDATE SET op = excluded.op, actor = excluded.actor;
  END`,
    };
  }),
);

export const SYNC_TRIGGER_NAMES: ReadonlySet<string> = new Set(TRIGGERS.map((t) => t.name));

/** Makes the triggers (inside the joining transaction); a second call changes nothing. */
export function installSyncTriggers(db: Database): void {
  for (const { name, sql } of TRIGGERS) {
    if (!db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = ?").get(name)) db.exec(sql);
  }
}

export function dropSyncTriggers(db: Database): void {
  for (const { name } of TRIGGERS) db.exec(`DROP TRIGGER IF EXISTS ${name}`);
}

/**
 * Queues a record for the newsroom by hand, as the triggers do, for what no trigger watches:
 * the house's proofreading rules, one row of the settings table (a trigger there would be a
 * new part of every joined archive's schema for the sake of one key). Queues nothing while the
 * archive is not joined (sync_capture is empty) or while the newsroom's changes are applied.
 */
export function queueForNewsroom(db: Database, key: string): void {
  db.prepare(
    `INSERT INTO sync_outbox (key, op, actor, queued_at)
      SELECT ?, lower(hex(randomblob(16))), actor, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
      FROM sync_capture WHERE applying = 0
      ON CONFLICT (key) DO UPDATE SET op = excluded.op, actor = excluded.actor`,
  ).run(key);
}
