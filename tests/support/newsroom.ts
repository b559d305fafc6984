import { startServer, type RunningServer } from '../../electron/server/server';
import { AppServices } from '../../electron/services/app-services';
import { ServerApi } from '../../electron/sync/server-api';
import { joinNewsroom, signInToNewsroom } from '../../electron/sync/join';
import type { Caller } from '../../electron/accounts/authority';
import type { DeskRole } from '../../shared/domain/accounts';
import { startPostgres, type TestPostgres } from './postgres';
import { TEST_PASSWORD } from './services';
import type { tempFolders } from './temp';

const ADMIN = '系统管理员';

/**
 * A newsroom for a test: a server on a real PostgreSQL (its own database), its administrator,
 * and accounts made on demand. `desk()` opens a desktop archive in a temp folder and joins it
 * to the newsroom as one of them.
 */
export interface TestNewsroom {
  url: string;
  server: RunningServer;
  postgres: TestPostgres;
  admin: ServerApi;
  /** An account on the server with these roles (made once). */
  account(name: string, roles: DeskRole[]): Promise<void>;
  /** A desktop joined as `name`, with a local session of each named account (signed in to the server too). */
  desk(
    name: string,
    others?: string[],
    options?: { live?: boolean; demo?: boolean; keepYears?: number; before?: (services: AppServices) => Promise<void> },
  ): Promise<{ services: AppServices; as: (name: string) => Caller }>;
  /** Stops the server (PostgreSQL keeps the data); `restart` brings it back on the same port. */
  stopServer(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startNewsroom(temp: ReturnType<typeof tempFolders>): Promise<TestNewsroom> {
  const postgres = await startPostgres();
  const dataDir = temp.folder();
  let server = await startServer({ port: 0, databaseUrl: postgres.url, dataDir });
  const port = Number(new URL(server.url).port);
  const url = server.url;
  const setup = await new ServerApi(url).setup(ADMIN, TEST_PASSWORD, '00000000-0000-4000-8000-000000000001');
  const admin = new ServerApi(url, setup.token);
  const made = new Set<string>([ADMIN]);
  const opened: AppServices[] = [];
  const newsroom: TestNewsroom = {
    url,
    get server() {
      return server;
    },
    postgres,
    admin,
    async account(name, roles) {
      if (made.has(name)) return;
      await admin.addAccount({ name, password: TEST_PASSWORD, roles, person: { name, outlet: '' } });
      made.add(name);
    },
    async desk(name, others = [], options = {}) {
      const services = AppServices.open(temp.folder(), {
        demo: options.demo ?? false,
        liveSync: options.live ?? false,
        waitForWrites: 'async',
      });
      opened.push(services);
      await options.before?.(services);
      // A live desk joins as the app does (its agent then keeps it in step); others sync when told.
      if (options.live) await services.sync.join(url, name, TEST_PASSWORD);
      else await joinNewsroom(services.archive, url, name, TEST_PASSWORD, options.keepYears ?? null);
      for (const other of others) await signInToNewsroom(services.archive, other, TEST_PASSWORD);
      const as = (who: string): Caller => {
        const account = services.archive.accountByName(who);
        if (!account) throw new Error(`no account ${who} on this desk`);
        return { front: 'host', token: services.authority.sessions.start(account.id, 'host') };
      };
      return { services, as };
    },
    async stopServer() {
      await server.close();
    },
    async restart() {
      server = await startServer({ port, databaseUrl: postgres.url, dataDir });
    },
    async close() {
      for (const s of opened) s.close();
      await server.close().catch(() => undefined);
      await postgres.stop();
    },
  };
  return newsroom;
}

/** An API call's value, or its refusal thrown as an error carrying the code. */
export async function call<T>(services: AppServices, caller: Caller, method: string, input: unknown): Promise<T> {
  const result = await services.call(method, input, caller);
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return result.value as T;
}
