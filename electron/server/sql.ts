import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';

/** What runs a statement: the server's pool, or one transaction. Every value is a bound parameter. */
export interface SqlQuery {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Several statements at once, without parameters (migrations). */
  exec(text: string): Promise<void>;
}

/** The newsroom's database: PostgreSQL through node-postgres, or PGlite embedded in the data folder. */
export interface SqlClient extends SqlQuery {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// int8 (sequence numbers, versions) as JavaScript numbers: they stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));

export function postgresClient(url: string): SqlClient {
  // Every desktop's pull and push is a short query: more connections than cores keep a burst
  // of them (200 desks told of one change) from queueing behind each other.
  const pool = new pg.Pool({ connectionString: url, max: 20 });
  // An idle client losing its connection (the database restarted) must not crash the server.
  pool.on('error', (error) => process.stderr.write(`banmian server: database: ${error.message}\n`));
  const over = (client: pg.Pool | pg.PoolClient): SqlQuery => ({
    async query<R>(text: string, params: readonly unknown[] = []) {
      const result = await client.query(text, params as unknown[]);
      return result.rows as R[];
    },
    async exec(text) {
      await client.query(text);
    },
  });
  return {
    ...over(pool),
    async transaction(fn) {
      const client = await pool.connect();
      // A client checked out of the pool has no listener of the pool's: PostgreSQL going away
      // mid-transaction would be an unhandled 'error' that ends the server. The query at hand
      // fails instead, and the broken client is thrown away, not returned to the pool.
      let broken: Error | undefined;
      const onError = (error: Error) => {
        broken = error;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn(over(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollback: unknown) => {
          broken ??= rollback instanceof Error ? rollback : new Error(String(rollback));
        });
        throw error;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

/**
 * PGlite is loaded at run time from node_modules, not bundled: its module finds its wasm and
 * the Postgres file bundle next to itself, and its ES module build does not run as CommonJS.
 */
function loadPGlite(): typeof PGlite {
  const load = createRequire(__filename);
  return (load('@electric-sql/pglite') as { PGlite: typeof PGlite }).PGlite;
}

/** PostgreSQL embedded in the process (PGlite), its cluster in `dir`. One connection: statements queue. */
export async function pgliteClient(dir: string): Promise<SqlClient> {
  mkdirSync(dir, { recursive: true });
  const db = await loadPGlite().create({ dataDir: dir });
  const over = (runner: Pick<PGlite, 'query' | 'exec'>): SqlQuery => ({
    async query<R>(text: string, params: readonly unknown[] = []) {
      const result = await runner.query<R>(text, params as unknown[]);
      return result.rows;
    },
    async exec(text) {
      await runner.exec(text);
    },
  });
  return {
    ...over(db),
    transaction: (fn) => db.transaction((tx) => fn(over(tx))),
    close: () => db.close(),
  };
}
