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

/** The version whose migration made a trigger: an archive joined before it has only the older ones. */
interface Trigger {
  name: string;
  sql: string;
  since: number;
}

/** Queues each key `keys` selects (a SELECT of one column, k); a NULL key (a row no longer named) queues nothing. */
const queueKeys = (keys: string) => `
    INSERT INTO sync_outbox (key, op, actor, queued_at)
      SELECT k, lower(hex(randomblob(16))), actor, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
      FROM (${keys}) JOIN sync_capture
      WHERE applying = 0 AND k IS NOT NULL
      ON CONFLICT (key) DO UPDATE SET op = excluded.op, actor = excluded.actor;`;

const pageKey = (date: string, number: string) => `'page:' || ${date} || '/' || ${number}`;
const WHILE_CAPTURING = 'WHEN EXISTS (SELECT 1 FROM sync_capture WHERE applying = 0)';

/**
 * Migration 0110: pages and editions deleted, renumbered and given a new date. A page's key
 * holds its edition's date and its number, so a new number or date is the old key gone (its
 * record goes out as a deletion) and a new key made; the placements on it name their page
 * too, so they go out again, though their rows did not change.
 */
const RENAMES: readonly Trigger[] = [
  {
    name: 'sync_pages_delete',
    since: 110,
    sql: `CREATE TRIGGER sync_pages_delete AFTER DELETE ON pages
  ${WHILE_CAPTURING}
  BEGIN${queueKeys(`SELECT ${pageKey('e.date', 'OLD.number')} AS k FROM editions e WHERE e.id = OLD.edition_id`)}
  END`,
  },
  {
    name: 'sync_pages_renumber',
    since: 110,
    sql: `CREATE TRIGGER sync_pages_renumber AFTER UPDATE OF number ON pages
  ${WHILE_CAPTURING} AND OLD.number <> NEW.number
  BEGIN${queueKeys(`SELECT ${pageKey('e.date', 'OLD.number')} AS k FROM editions e WHERE e.id = OLD.edition_id`)}${queueKeys(
    `SELECT ${pageKey('e.date', 'NEW.number')} AS k FROM editions e WHERE e.id = NEW.edition_id`,
  )}${queueKeys(`SELECT 'placement:' || id AS k FROM placements WHERE page_id = NEW.id`)}
  END`,
  },
  {
    name: 'sync_editions_delete',
    since: 110,
    sql: `CREATE TRIGGER sync_editions_delete AFTER DELETE ON editions
  ${WHILE_CAPTURING}
  BEGIN${queueKeys(`SELECT 'edition:' || OLD.date AS k`)}
  END`,
  },
  {
    name: 'sync_editions_redate',
    since: 110,
    sql: `CREATE TRIGGER sync_editions_redate AFTER UPDATE OF date ON editions
  ${WHILE_CAPTURING} AND OLD.date <> NEW.date
  BEGIN${queueKeys(`SELECT 'edition:' || OLD.date AS k`)}${queueKeys(`SELECT 'edition:' || NEW.date AS k`)}${queueKeys(
    `SELECT ${pageKey('OLD.date', 'number')} AS k FROM pages WHERE edition_id = NEW.id`,
  )}${queueKeys(`SELECT ${pageKey('NEW.date', 'number')} AS k FROM pages WHERE edition_id = NEW.id`)}${queueKeys(
    `SELECT 'placement:' || id AS k FROM placements WHERE edition_id = NEW.id`,
  )}
  END`,
  },
];

/** Migration 0160: a page's furniture changed is the page changed, as its grid is. */
const FURNITURE: Trigger = {
  name: 'sync_pages_furniture',
  since: 160,
  sql: `CREATE TRIGGER sync_pages_furniture AFTER UPDATE OF furniture ON pages
  ${WHILE_CAPTURING}
  BEGIN${queueKeys(`SELECT ${pageKey('e.date', 'NEW.number')} AS k FROM editions e WHERE e.id = NEW.edition_id`)}
  END`,
};

const TRIGGERS: readonly Trigger[] = [
  ...CAPTURED.flatMap(({ table, events, key, columns }) =>
    events.map((event) => {
      const row = event === 'DELETE' ? 'OLD' : 'NEW';
      const of = event === 'UPDATE' && columns ? ` OF ${columns.join(', ')}` : '';
      const name = `sync_${table}_${event.toLowerCase()}`;
      return {
        name,
        since: 80,
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
  ),
  ...RENAMES,
  FURNITURE,
];

export const SYNC_TRIGGER_NAMES: ReadonlySet<string> = new Set(TRIGGERS.map((t) => t.name));

/**
 * Makes the triggers (inside the joining transaction) as the schema of `version` has them (the
 * newest unless told: a migration or the schema check of an older archive asks for its own);
 * a second call changes nothing.
 */
export function installSyncTriggers(db: Database, version = Number.MAX_SAFE_INTEGER): void {
  for (const { name, sql, since } of TRIGGERS) {
    if (since > version) continue;
    if (!db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = ?").get(name)) db.exec(sql);
  }
}

/** Whether the archive is joined to a newsroom, by the triggers only a joined archive has. */
export function hasSyncTriggers(db: Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = 'sync_articles_insert'").get() !== undefined;
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
