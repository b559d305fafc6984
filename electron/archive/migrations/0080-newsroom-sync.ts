import type { Migration } from './types';

/**
 * Keys of what a change touches, as the outbox names them. Articles, editions, pages and
 * placements are named as the newsroom names them (shared/sync/protocol.ts); revisions,
 * status changes and audit entries by their row here (`revision#12`), turned into the
 * newsroom's uid when pushed, since a row made elsewhere has a uid of its own.
 */
/**
 * The newsroom: a desktop joined to a newsroom server keeps working on its own archive and
 * queues what it changes, to push when the server can be reached.
 *
 * - `sync_link`: the server this archive is joined to (none: a row-less table), this
 *   desktop's id there, the pull cursor, when it last synced.
 * - `sync_capture`: one row while joined. Triggers on every synced table, made when the
 *   archive joins (sync-triggers.ts: an archive that never joins pays nothing for them), queue
 *   the key of what a write touched in `sync_outbox`, in the same transaction as the write, so
 *   no crash can lose a change or queue one that was not made. Its `actor` is set by each write (the
 *   account making it), and `applying` is set inside the transaction that applies what was
 *   pulled, so changes from the server are not queued back to it. Both are written only
 *   inside write transactions, which no other connection sees half done.
 * - `sync_outbox`: what waits to go out, oldest first; a key queued again keeps its place and
 *   gets a new op id, so a resend after a lost answer is recognized by the server and a
 *   newer state is not mistaken for it.
 * - `sync_state`: each record's version as last seen from the server, and for rows made on
 *   other desktops, which local row they are (`local_key`).
 * - `sync_tokens`: the server's sessions of the accounts that signed in here while online;
 *   a change goes out under the session of the person who made it.
 * - `sync_problems`: changes the server did not take (someone else's came first, or the
 *   rules refused it), for the desk to show.
 */
export const newsroomSync: Migration = {
  version: 80,
  name: 'newsroom-sync',
  up(db) {
    db.exec(`
      CREATE TABLE sync_link (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        server_url TEXT NOT NULL,
        server_id TEXT NOT NULL,
        device TEXT NOT NULL,
        -- the account that joined the desktop: its session pushes changes made by no one
        -- signed in (imports from the command line, changes from before the join)
        account TEXT NOT NULL,
        cursor INTEGER NOT NULL DEFAULT 0,
        joined_at TEXT NOT NULL,
        last_sync_at TEXT,
        last_error TEXT,
        -- a laptop may keep only the newest years: articles older than this many are not pulled
        keep_years INTEGER
      ) STRICT;

      CREATE TABLE sync_capture (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        actor TEXT,
        applying INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      CREATE TABLE sync_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL UNIQUE,
        op TEXT NOT NULL,
        actor TEXT,
        queued_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE sync_state (
        key TEXT PRIMARY KEY,
        local_key TEXT UNIQUE,
        version INTEGER NOT NULL,
        by_name TEXT,
        device TEXT,
        at TEXT
      ) STRICT;

      CREATE TABLE sync_tokens (
        account TEXT PRIMARY KEY COLLATE NOCASE,
        token TEXT NOT NULL,
        obtained_at TEXT NOT NULL
      ) STRICT;

      -- pulled records that refer to one not here yet (a revision whose story comes in a
      -- later page of the pull): kept until it lands
      CREATE TABLE sync_deferred (
        key TEXT PRIMARY KEY,
        record TEXT NOT NULL,
        waits_for TEXT NOT NULL
      ) STRICT;
      CREATE INDEX sync_deferred_by_waits ON sync_deferred (waits_for);

      CREATE TABLE sync_problems (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        key TEXT NOT NULL,
        article_id TEXT,
        -- 'conflict' or the code of a refusal (PERMISSION_DENIED, PLACEMENT_OVERLAP…)
        code TEXT NOT NULL,
        params TEXT NOT NULL DEFAULT '{}',
        seen INTEGER NOT NULL DEFAULT 0
      ) STRICT;
    `);
  },
};
