import type { Command } from 'commander';
import type { i18n } from 'i18next';
import type { SessionStatus } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { AccountSummary } from '../../shared/domain/accounts';
import { DESK_ROLES, type DeskRole } from '../../shared/domain/account-basics';
import { hasPermission } from '../../shared/domain/permissions';
import { unwrap, type CliContext } from './context';
import { mayChange, newPassword, NO_ONE } from './sign-in';
import { newsroomAccounts } from './newsroom-accounts';

/** The roles in words: 记者、编辑. */
function rolesInWords(i18n: i18n, roles: readonly DeskRole[]): string {
  return roles.map((r) => i18n.t(`common:deskRole.${r}`)).join(i18n.t('common:listSeparator'));
}

/** `--role reporter,editor` as desk roles; an unknown code is refused with the valid ones listed. */
function parseRoles(text: string, i18n: i18n): DeskRole[] {
  const codes = text
    .split(/[,，、\s]+/u)
    .map((c) => c.trim().toLowerCase())
    .filter(Boolean);
  const valid = DESK_ROLES.map((code) => i18n.t('cli:users.roleChoice', { code, name: i18n.t(`common:deskRole.${code}`) })).join(
    i18n.t('common:listSeparator'),
  );
  const unknown = codes.find((c) => !(DESK_ROLES as readonly string[]).includes(c));
  if (unknown !== undefined || !codes.length) throw new Error(i18n.t('cli:users.unknownRole', { role: unknown ?? text, roles: valid }));
  return DESK_ROLES.filter((r) => codes.includes(r));
}

/**
 * banmian users add | list | passwd | roles | remove: the archive's accounts. The first account
 * of an archive is its administrator and needs no one signed in; everything after that is the
 * administrator's (a user may set their own password).
 */
export function registerUsersCommands(program: Command, context: CliContext): void {
  const { i18n, io, env, withServices } = context;
  const t = i18n.t.bind(i18n);
  const server = newsroomAccounts(context, (roles) => rolesInWords(i18n, roles));
  const serverOption = t('cli:users.serverOption');
  const users = program.command('users').description(t('cli:users.command'));

  users
    .command('add')
    .description(t('cli:users.addCommand'))
    .argument('<name>', t('cli:users.nameArgument'))
    .option('--role <roles>', t('cli:users.roleOption'))
    .option('--person <name>', t('cli:users.personOption'))
    .option('--server <url>', serverOption)
    .action((name: string, o: { role?: string; person?: string; server?: string }) => {
      const roles = o.role === undefined ? undefined : parseRoles(o.role, i18n);
      if (o.server) return server.add(o.server, name, roles, o.person);
      const person = o.person === undefined ? {} : { person: o.person };
      return withServices(
        async (services, session) => {
          if (!services.archive.hasAccounts()) {
            // The archive's first account: its administrator (session.setup adds the role).
            const password = await newPassword(env, name, i18n);
            const status = unwrap(
              await services.call('session.setup', { name, password, ...(roles ? { roles } : {}), ...person }, NO_ONE.caller),
            ) as SessionStatus;
            const account = status.account!;
            io.out(`${t('cli:users.adminCreated', { name: account.name, roles: rolesInWords(i18n, account.roles) })}\n`);
            return;
          }
          // Refused as the API would refuse it, before anyone types a new password.
          services.authority.contextFor('accounts.add', session.caller);
          if (!roles) throw new Error(t('cli:users.roleRequired'));
          const password = await newPassword(env, name, i18n);
          const account = unwrap(
            await services.call('accounts.add', { name, password, roles, ...person }, session.caller),
          ) as AccountSummary;
          io.out(`${t('cli:users.added', { name: account.name, roles: rolesInWords(i18n, account.roles) })}\n`);
        },
        { signInOnlyWithAccounts: true },
      );
    });

  users
    .command('list')
    .description(t('cli:users.listCommand'))
    .option('--json', t('cli:jsonOption'))
    .option('--server <url>', serverOption)
    .action((o: { json?: boolean; server?: string }) =>
      o.server
        ? server.list(o.server, o.json ?? false)
        : withServices(async (services, session) => {
            const accounts = unwrap(await services.call('accounts.list', {}, session.caller)) as AccountSummary[];
            if (o.json) {
              io.out(`${JSON.stringify(accounts, null, 2)}\n`);
              return;
            }
            if (!accounts.length) io.out(`${t('cli:users.none')}\n`);
            for (const a of accounts) {
              const cells = [a.name, rolesInWords(i18n, a.roles), a.person ?? t('cli:users.noPerson')];
              if (a.removed) cells.push(t('cli:users.removedMark'));
              io.out(`${cells.join('  ')}\n`);
            }
          }),
    );

  users
    .command('passwd')
    .description(t('cli:users.passwdCommand'))
    .argument('<name>', t('cli:users.nameArgument'))
    .option('--server <url>', serverOption)
    .action((name: string, o: { server?: string }) =>
      o.server
        ? server.passwd(o.server, name)
        : withServices(async (services, session) => {
            // The API lets the command line without a user set any password: only someone may.
            mayChange(services.archive, session.actor);
            const account = services.archive.accountByName(name);
            if (!account) throw new ApiError('NOT_FOUND', { what: 'account', id: name });
            const own = session.actor?.accountId === account.id;
            if (session.actor && !own && !hasPermission(session.actor, 'accounts'))
              throw new ApiError('PERMISSION_DENIED', { roles: 'admin' });
            const password = await newPassword(env, account.name, i18n);
            const current = own && session.password !== null ? { current: session.password } : {};
            unwrap(await services.call('accounts.setPassword', { name: account.name, password, ...current }, session.caller));
            io.out(`${t('cli:users.passwordSet', { name: account.name })}\n`);
          }),
    );

  users
    .command('roles')
    .description(t('cli:users.rolesCommand'))
    .argument('<name>', t('cli:users.nameArgument'))
    .option('--role <roles>', t('cli:users.roleOption'))
    .option('--server <url>', serverOption)
    .action((name: string, o: { role?: string; server?: string }) => {
      if (o.role === undefined) throw new Error(t('cli:users.roleRequired'));
      const roles = parseRoles(o.role, i18n);
      if (o.server) return server.update(o.server, name, { roles });
      return withServices(async (services, session) => {
        const account = unwrap(await services.call('accounts.update', { name, roles }, session.caller)) as AccountSummary;
        io.out(`${t('cli:users.rolesSet', { name: account.name, roles: rolesInWords(i18n, account.roles) })}\n`);
      });
    });

  users
    .command('remove')
    .description(t('cli:users.removeCommand'))
    .argument('<name>', t('cli:users.nameArgument'))
    .option('--server <url>', serverOption)
    .action((name: string, o: { server?: string }) =>
      o.server
        ? server.update(o.server, name, { removed: true })
        : withServices(async (services, session) => {
            const account = unwrap(await services.call('accounts.update', { name, removed: true }, session.caller)) as AccountSummary;
            io.out(`${t('cli:users.removed', { name: account.name })}\n`);
          }),
    );
}
