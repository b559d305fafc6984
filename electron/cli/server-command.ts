import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ApiError } from '../../shared/api/errors';
import type { CliContext } from './context';

/**
 * banmian server: the newsroom server desktops sync with. On PostgreSQL at --database, or
 * without one on PostgreSQL embedded in the data folder (DIR/pgdata); over TLS with --cert and
 * --key. Runs until Ctrl+C or a kill, then closes its connections and database.
 */
export function registerServerCommand(program: Command, { i18n, io }: CliContext, dataDir: () => string): void {
  const t = i18n.t.bind(i18n);
  program
    .command('server')
    .description(t('cli:server.command'))
    .requiredOption('--port <port>', t('cli:portOption'))
    .option('--host <address>', t('cli:server.hostOption'), '127.0.0.1')
    .option('--database <url>', t('cli:server.databaseOption'))
    .option('--cert <file>', t('cli:server.certOption'))
    .option('--key <file>', t('cli:server.keyOption'))
    .action(async (o: { port: string; host: string; database?: string; cert?: string; key?: string }) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ApiError('INVALID_INPUT', { issue: `--port ${o.port}` });
      if ((o.cert === undefined) !== (o.key === undefined)) throw new ApiError('INVALID_INPUT', { issue: '--cert --key' });
      // Loaded only for this command: the other commands start without PostgreSQL's client.
      const { startServer } = await import('../server/server');
      const server = await startServer({
        port,
        host: o.host,
        databaseUrl: o.database ?? process.env.BANMIAN_DATABASE_URL,
        dataDir: dataDir(),
        cert: o.cert === undefined ? undefined : readFileSync(resolve(o.cert)),
        key: o.key === undefined ? undefined : readFileSync(resolve(o.key)),
      });
      const database = o.database ? t('cli:server.postgres') : t('cli:server.embedded', { dir: resolve(dataDir(), 'pgdata') });
      io.out(`${t('cli:server.listening', { url: server.url, database })}\n`);
      await new Promise<void>((done) => {
        const stop = () => {
          process.removeListener('SIGINT', stop);
          process.removeListener('SIGTERM', stop);
          void server.close().then(() => {
            io.out(`${t('cli:server.stopped')}\n`);
            done();
          });
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
