import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/**
 * A throwaway PostgreSQL cluster for the sync benchmark, as tests/support/postgres.ts makes one,
 * with what the benchmark needs besides: databases made on demand, and a crash (`pg_ctl stop -m
 * immediate`: every backend quits at once, no checkpoint, recovery on the next start) and a
 * start again on the same port and data; or kill -9 of the postmaster. synchronous_commit stays on (the default): a commit
 * acknowledged to the newsroom server is in the WAL, so a crash of PostgreSQL loses nothing
 * the server answered for. fsync is off: the operating system survives, only PostgreSQL dies.
 */
export interface BenchPostgres {
  /** A fresh database's URL. */
  database(name: string): Promise<string>;
  /** Crashes the cluster (immediate shutdown). */
  crash(): Promise<void>;
  /** kill -9 of the postmaster; the backends notice and quit. */
  kill9(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function binary(name: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    const root = '/usr/lib/postgresql';
    const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
    for (const v of versions) if (existsSync(join(root, v, 'bin', name))) return join(root, v, 'bin', name);
    throw new Error(`PostgreSQL's ${name} was not found: install Debian's postgresql`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const asClusterUser = (command: string, args: string[]): [string, string[]] =>
  process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];

export async function startBenchPostgres(): Promise<BenchPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'banmian-sync-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  const pgCtl = binary('pg_ctl');
  await run(...asClusterUser(binary('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']));
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=300`;
  const start = async () => {
    await run(...asClusterUser(pgCtl, ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']));
  };
  await start();
  const base = `postgres://postgres@127.0.0.1:${port}`;
  return {
    async database(name) {
      const client = new pg.Client({ connectionString: `${base}/postgres` });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `${base}/${name}`;
    },
    async crash() {
      await run(...asClusterUser(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']));
    },
    kill9() {
      const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pid, 'SIGKILL');
      return Promise.resolve();
    },
    async start() {
      // After a kill -9 of the postmaster its backends take a moment to notice and quit; until
      // then the old shared memory is in use and a start is refused.
      for (let attempt = 0; ; attempt++) {
        try {
          return await start();
        } catch (error) {
          if (attempt >= 40) throw error;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    },
    async stop() {
      await run(...asClusterUser(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop'])).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
