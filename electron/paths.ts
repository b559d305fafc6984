import { homedir } from 'node:os';
import { join } from 'node:path';

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
