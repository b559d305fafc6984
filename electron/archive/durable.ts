import { closeSync, fsyncSync, openSync } from 'node:fs';

/**
 * On disk, not only in the system's cache: a file before it is renamed into place, and the
 * folder after a rename, so that a power cut cannot leave the new name pointing at nothing.
 */
export function syncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function syncFolder(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch {
    // A folder cannot be opened for fsync on Windows; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
