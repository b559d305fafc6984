import type { Caller } from '../../electron/accounts/authority';
import { hashPassword } from '../../electron/accounts/passwords';
import { AppServices, type AppServicesOptions } from '../../electron/services/app-services';
import { DESK_ROLES, type DeskRole, type Front } from '../../shared/domain/accounts';
import type { tempFolders } from './temp';

/** The app's services on a fresh archive in a temp folder, closed with the folder's cleanup. */
export function openServices(temp: ReturnType<typeof tempFolders>, options: AppServicesOptions = {}): AppServices {
  const services = AppServices.open(temp.folder(), options);
  temp.onCleanup(() => services.close());
  return services;
}

/** The password every test account gets. */
export const TEST_PASSWORD = 'banmian-test-password';

/**
 * An account with these roles (every role unless told) and a session for it, as a front end
 * would hold it: what a test passes to `services.call`.
 */
export async function signedIn(
  services: AppServices,
  options: { name?: string; roles?: readonly DeskRole[]; front?: Front; person?: string } = {},
): Promise<Caller & { accountId: number }> {
  const name = options.name ?? '测试管理员';
  const roles = options.roles ?? DESK_ROLES;
  const front = options.front ?? 'host';
  const account =
    services.archive.accountByName(name) ??
    services.archive.addAccount({ name, roles, person: options.person, passwordHash: await hashPassword(TEST_PASSWORD) }, null, front);
  return { front, token: services.authority.sessions.start(account.id, front), accountId: account.id };
}

const admins = new WeakMap<AppServices, Promise<Caller>>();

/** A caller holding every role on these services (made once): for tests of what a call does, not who may. */
export function asAdmin(services: AppServices): Promise<Caller> {
  let caller = admins.get(services);
  if (!caller) admins.set(services, (caller = signedIn(services)));
  return caller;
}
