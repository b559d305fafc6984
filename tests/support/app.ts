import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppServices, type AppServicesOptions } from '../../electron/services/app-services';
import { startHost, type RunningHost } from '../../electron/host/server';
import { tempDir } from './temp';

export const RENDERER_DIR = join(__dirname, '..', '..', 'dist', 'renderer');

export interface TestApp {
  dir: string;
  services: AppServices;
  host: RunningHost;
  stop(): Promise<void>;
}

/** The browser host on a fresh archive in a temp folder, serving the built renderer. */
export async function startTestApp(options: AppServicesOptions = {}): Promise<TestApp> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error('dist/renderer is missing: run `npm run build` first');
  const { dir, cleanup } = tempDir();
  // As `banmian host` opens it: named as the host, waiting for the write lock without blocking.
  const services = AppServices.open(dir, { holder: { program: 'host', detail: 'test' }, waitForWrites: 'async', ...options });
  const host = await startHost({ services, rendererDir: RENDERER_DIR });
  return {
    dir,
    services,
    host,
    async stop() {
      await host.close();
      services.close();
      cleanup();
    },
  };
}
