import type { AccountSummary, DeskRole } from '../../shared/domain/accounts';
import type { ServerApi } from '../sync/server-api';
import type { CliContext } from './context';
import { askPassword, newPassword } from './sign-in';

/** The server's client, loaded by the commands that reach a server. */
const serverApi = async (url: string): Promise<ServerApi> => new (await import('../sync/server-api')).ServerApi(url);

/** A device id for sessions the command line opens on a server only for one command. */
const CLI_DEVICE = '00000000-0000-4000-8000-00000000c11e';

/**
 * `banmian users … --server URL`: the newsroom's accounts, kept on its server. The first
 * account made on a new server is its administrator and needs no one signed in; after that,
 * `--user` signs in to the server (password from BANMIAN_PASSWORD, else asked).
 */
export function newsroomAccounts({ i18n, io, env, userName }: CliContext, rolesInWords: (roles: readonly DeskRole[]) => string) {
  const t = i18n.t.bind(i18n);
  const signedIn = async (url: string): Promise<ServerApi> => {
    const api = await serverApi(url);
    const name = userName();
    if (name === undefined) throw new Error(t('cli:users.serverUserRequired'));
    const session = await api.signIn(name, await askPassword(env, name, i18n), CLI_DEVICE);
    return api.withToken(session.token);
  };
  const person = (name: string | undefined) => (name === undefined ? {} : { person: { name, outlet: '' } });
  return {
    async add(url: string, name: string, roles: DeskRole[] | undefined, personName: string | undefined): Promise<void> {
      const anonymous = await serverApi(url);
      if (userName() === undefined) {
        // A new server's first account: its administrator.
        const password = await newPassword(env, name, i18n);
        const session = await anonymous.setup(name, password, CLI_DEVICE);
        io.out(
          `${t('cli:users.adminCreated', { name: session.account.name, roles: rolesInWords(session.account.roles as DeskRole[]) })}\n`,
        );
        return;
      }
      if (!roles) throw new Error(t('cli:users.roleRequired'));
      const api = await signedIn(url);
      const password = await newPassword(env, name, i18n);
      const account = (await api.addAccount({ name, password, roles, ...person(personName) })) as AccountSummary;
      io.out(`${t('cli:users.added', { name: account.name, roles: rolesInWords(account.roles) })}\n`);
    },
    async list(url: string, json: boolean): Promise<void> {
      const accounts = await (await signedIn(url)).accounts();
      if (json) {
        io.out(`${JSON.stringify(accounts, null, 2)}\n`);
        return;
      }
      for (const a of accounts) {
        const cells = [a.name, rolesInWords(a.roles), a.person ?? t('cli:users.noPerson')];
        if (a.removed) cells.push(t('cli:users.removedMark'));
        io.out(`${cells.join('  ')}\n`);
      }
    },
    async passwd(url: string, name: string): Promise<void> {
      const api = await signedIn(url);
      const password = await newPassword(env, name, i18n);
      await api.updateAccount(name, { password });
      io.out(`${t('cli:users.passwordSet', { name })}\n`);
    },
    async update(url: string, name: string, patch: { roles?: DeskRole[]; removed?: boolean }): Promise<void> {
      const account = (await (await signedIn(url)).updateAccount(name, patch)) as AccountSummary;
      io.out(
        patch.removed
          ? `${t('cli:users.removed', { name: account.name })}\n`
          : `${t('cli:users.rolesSet', { name: account.name, roles: rolesInWords(account.roles) })}\n`,
      );
    },
  };
}
