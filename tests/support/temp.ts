import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder under the system's temp dir, removed by the returned cleanup. */
export function tempDir(prefix = 'banmian-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Temp folders for one test file: `folder()` makes one, `cleanupAll` (for afterEach) removes
 * them and runs any other cleanups registered meanwhile, newest first.
 */
export function tempFolders(): { folder: () => string; onCleanup: (fn: () => void) => void; cleanupAll: () => void } {
  const cleanups: (() => void)[] = [];
  return {
    folder() {
      const t = tempDir();
      cleanups.push(t.cleanup);
      return t.dir;
    },
    onCleanup(fn) {
      cleanups.push(fn);
    },
    cleanupAll() {
      cleanups
        .splice(0)
        .reverse()
        .forEach((c) => c());
    },
  };
}
