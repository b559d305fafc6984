import type { ServerMigration } from './types';

/**
 * The newsroom as the server keeps it.
 *
 * - `server_info`: one row, the server's id (a desktop notices being pointed at another newsroom).
 * - `accounts`: who signs in, their desk roles and byline person; a name is unique whatever its
 *   case; an account is removed, never deleted. `failures`/`failed_at` slow guessing.
 * - `sessions`: signed-in desktops; only the SHA-256 of a token is kept.
 * - `records`: every record's newest document (null: deleted), its version, and its place in
 *   the one sequence pulls follow (`seq`, unique, taken while pushes are serialized).
 * - `record_ops`: every op applied, by id, with the version it made and the device that sent
 *   it: a resent op gets its first answer, and a device's own lost answers are recognized.
 * - `images`: photos by SHA-256 of their bytes.
 * - `locks`: who has a story checked out, from which desktop.
 */
export const newsroom: ServerMigration = {
  version: 10,
  name: 'newsroom',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE server_info (
        id uuid PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO server_info (id) VALUES (gen_random_uuid());

      CREATE TABLE accounts (
        id bigserial PRIMARY KEY,
        name text NOT NULL,
        roles text[] NOT NULL,
        person_name text,
        person_outlet text,
        password text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        removed_at timestamptz,
        failures integer NOT NULL DEFAULT 0,
        failed_at timestamptz
      );
      CREATE UNIQUE INDEX accounts_name ON accounts (lower(name));

      CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        account_id bigint NOT NULL REFERENCES accounts (id),
        device text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX sessions_account ON sessions (account_id);

      CREATE SEQUENCE record_seq;
      CREATE TABLE records (
        key text PRIMARY KEY,
        kind text NOT NULL,
        version bigint NOT NULL,
        seq bigint NOT NULL UNIQUE,
        doc jsonb,
        by_name text,
        device text,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX records_placements ON records ((doc->>'date'), (doc->>'page')) WHERE kind = 'placement';

      CREATE TABLE record_ops (
        op_id text PRIMARY KEY,
        key text NOT NULL,
        version bigint NOT NULL,
        device text NOT NULL,
        by_name text,
        outcome jsonb NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX record_ops_key ON record_ops (key, version);

      CREATE TABLE images (
        hash text PRIMARY KEY,
        mime text NOT NULL,
        bytes bytea NOT NULL,
        size integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE locks (
        article_id text PRIMARY KEY,
        account text NOT NULL,
        device text NOT NULL,
        since timestamptz NOT NULL,
        renewed_at timestamptz NOT NULL
      );
    `);
  },
};
