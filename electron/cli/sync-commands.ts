import type { Command } from 'commander';
import type { SyncStatus } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { SyncReport } from '../sync/engine';
import { unwrap, type CliContext } from './context';
import { askPassword, mayChange } from './sign-in';

/**
 * banmian connect | sync | disconnect: this desktop in a newsroom. `connect` joins the archive
 * to a newsroom server as `--user` (who must be an administrator of this archive when it has
 * accounts: the whole archive goes to the server); `sync` pushes what waits and pulls what is
 * new, once, and prints what moved.
 */
export function registerSyncCommands(program: Command, { i18n, io, env, userName, withServices }: CliContext): void {
  const t = i18n.t.bind(i18n);
  const print = (report: SyncReport, json: boolean) => {
    if (json) {
      const { applied, ...rest } = report;
      io.out(`${JSON.stringify({ ...rest, articles: [...applied.articles], pages: [...applied.pages] }, null, 2)}\n`);
      return;
    }
    io.out(`${t('cli:sync.done', { pushed: report.pushed, pulled: report.pulled, pending: report.pending })}\n`);
    if (report.conflicts) io.out(`${t('cli:sync.conflicts', { count: report.conflicts })}\n`);
    if (report.refused) io.out(`${t('cli:sync.refused', { count: report.refused })}\n`);
    if (report.waitingFor.length) io.out(`${t('cli:sync.waiting', { count: report.waiting, names: report.waitingFor.join(', ') })}\n`);
  };

  program
    .command('connect')
    .description(t('cli:sync.connectCommand'))
    .argument('<url>', t('cli:sync.urlArgument'))
    .option('--keep-years <years>', t('cli:sync.keepYearsOption'))
    .option('--json', t('cli:jsonOption'))
    .action((url: string, o: { json?: boolean; keepYears?: string }) =>
      withServices(
        async (services, session) => {
          const name = userName();
          if (name === undefined) throw new Error(t('cli:sync.userRequired'));
          if (services.archive.hasAccounts()) mayChange(services.archive, session.actor, 'maintain');
          const password = session.password ?? (await askPassword(env, name, i18n));
          const keepYears = o.keepYears === undefined ? null : Number(o.keepYears);
          if (keepYears !== null && !(Number.isInteger(keepYears) && keepYears > 0))
            throw new Error(t('cli:sync.keepYearsInvalid', { value: o.keepYears }));
          const [{ joinNewsroom }, { readLink }] = await Promise.all([import('../sync/join'), import('./services')]);
          const report = await joinNewsroom(services.archive, url, name, password, keepYears);
          io.out(`${t('cli:sync.joined', { url: readLink(services.archive.db)!.serverUrl })}\n`);
          print(report, o.json ?? false);
        },
        { signInOnlyWithAccounts: true, demo: false },
      ),
    );

  program
    .command('sync')
    .description(t('cli:sync.syncCommand'))
    .option('--json', t('cli:jsonOption'))
    .action((o: { json?: boolean }) =>
      withServices(async (services) => {
        const [{ syncOnce }, { readLink }] = await Promise.all([import('../sync/engine'), import('./services')]);
        if (!readLink(services.archive.db)) throw new ApiError('SYNC_NOT_JOINED');
        print(await syncOnce(services.archive), o.json ?? false);
      }),
    );

  program
    .command('disconnect')
    .description(t('cli:sync.disconnectCommand'))
    .action(() =>
      withServices(async (services, session) => {
        mayChange(services.archive, session.actor, 'maintain');
        const { leaveNewsroom } = await import('../sync/join');
        leaveNewsroom(services.archive);
        io.out(`${t('cli:sync.left')}\n`);
      }),
    );

  program
    .command('sync-status')
    .description(t('cli:sync.statusCommand'))
    .option('--json', t('cli:jsonOption'))
    .action((o: { json?: boolean }) =>
      withServices(async (services, session) => {
        const status = unwrap(await services.call('sync.status', {}, session.caller)) as SyncStatus;
        if (o.json) io.out(`${JSON.stringify(status, null, 2)}\n`);
        else if (!status.joined) io.out(`${t('cli:sync.notJoined')}\n`);
        else io.out(`${t('cli:sync.statusLine', { url: status.server, pending: status.pending, at: status.lastSyncAt ?? '—' })}\n`);
      }),
    );
}
