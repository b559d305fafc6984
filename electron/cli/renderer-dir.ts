import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The built renderer: beside the bundle in dist/ (dist/electron/cli.mjs and its chunks → dist/renderer), or
 * from the source tree when run by tests through tsx/vitest.
 */
export function rendererDir(): string {
  const candidates = [join(__dirname, '..', 'renderer'), join(__dirname, '..', '..', 'dist', 'renderer')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0]!;
}
