import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, sep } from 'node:path';

/** The product name Electron derives its user-data folder from (package.json productName). */
export const PRODUCT_NAME = 'Banmian';

/**
 * The platform's user-data folder, computed as Electron's app.getPath('userData') does, so the
 * command line and the browser host find the same archive as the app.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}

/**
 * A worker thread's bundle (`import-worker.cjs`, `import-reader.cjs`, `backup-worker.cjs`,
 * `search-compaction-worker.cjs`): beside this bundle, or,
 * run from the source tree (tests), the one in dist/. In a packaged app it is unpacked from
 * the asar (electron-builder.yml), since a worker thread cannot start from inside one.
 */
export function workerFile(name: string): string | undefined {
  const candidates = [
    join(__dirname, name),
    join(__dirname, '..', '..', 'dist', 'electron', name),
    join(__dirname, '..', 'dist', 'electron', name),
  ].map((f) => f.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`));
  return candidates.find((f) => existsSync(f));
}
