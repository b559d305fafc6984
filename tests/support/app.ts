import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword } from '../../electron/accounts/passwords';
import { AppServices, type AppServicesOptions } from '../../electron/services/app-services';
import { startHost, type RunningHost } from '../../electron/host/server';
import { DESK_ROLES } from '../../shared/domain/accounts';
import { TEST_PASSWORD } from './services';
import { tempDir } from './temp';

export const RENDERER_DIR = join(__dirname, '..', '..', 'dist', 'renderer');

export interface TestApp {
  dir: string;
  services: AppServices;
  host: RunningHost;
  /** The account the test signs in with (every role), unless started with `accounts: false`. */
  account: { name: string; password: string };
  /** Signs in over HTTP as `name` (the test account unless told) and returns the session cookie. */
  cookie(name?: string, password?: string): Promise<string>;
  stop(): Promise<void>;
}

export const TEST_ACCOUNT = '测试管理员';

/**
 * The browser host on a fresh archive in a temp folder, serving the built renderer. The
 * archive gets an administrator holding every role, so a test can sign in and do anything;
 * with `accounts: false` it has none, as an archive from before accounts.
 */
export async function startTestApp(options: AppServicesOptions & { accounts?: boolean } = {}): Promise<TestApp> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error('dist/renderer is missing: run `npm run build` first');
  const { dir, cleanup } = tempDir();
  const { accounts = true, ...servicesOptions } = options;
  // As `banmian host` opens it: named as the host, waiting for the write lock without blocking.
  const services = AppServices.open(dir, { holder: { program: 'host', detail: 'test' }, waitForWrites: 'async', ...servicesOptions });
  if (accounts) {
    services.archive.addAccount({ name: TEST_ACCOUNT, roles: DESK_ROLES, passwordHash: await hashPassword(TEST_PASSWORD) }, null, 'host');
  }
  const host = await startHost({ services, rendererDir: RENDERER_DIR });
  const origin = host.url.replace(/\/$/u, '');
  return {
    dir,
    services,
    host,
    account: { name: TEST_ACCOUNT, password: TEST_PASSWORD },
    async cookie(name = TEST_ACCOUNT, password = TEST_PASSWORD) {
      const response = await fetch(`${origin}/api/session.signIn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ name, password }),
      });
      const cookie = response.headers.get('set-cookie');
      if (!cookie) throw new Error(`sign-in as ${name} failed: ${await response.text()}`);
      return cookie.split(';')[0]!;
    },
    async stop() {
      await host.close();
      services.close();
      cleanup();
    },
  };
}
