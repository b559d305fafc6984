import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * Who has an archive open, so that a restore (which must not swap the file under a running
 * app) can say who holds it. SQLite's own locks tell *whether* the archive is held, but not by
 * whom: each program that opens the archive leaves a small note in `DIR/locks/` and takes it
 * away when it closes. A program killed before it could leaves its note behind; a note whose
 * process is gone (same machine) is stale and is cleared by the next reader.
 */
export type HolderProgram = 'app' | 'host' | 'cli' | 'import' | 'backup' | 'other';

export interface Holder {
  program: HolderProgram;
  /** What the program is doing or where: the host's address, the command's name. */
  detail: string;
  pid: number;
  machine: string;
  since: string;
}

export const LOCKS_DIR = 'locks';

export function locksDir(dataDir: string): string {
  return join(dataDir, LOCKS_DIR);
}

/**
 * A suffix that keeps one note's name apart from every other's (with the process id before it):
 * the time and a random part. Not a secret, so no cryptographic randomness: loading node:crypto
 * would cost every command that opens the archive a few milliseconds (issue 18).
 */
export function noteSuffix(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

/** Is that process still running? (Signal 0 checks without sending anything.) */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Leaves this program's note; the returned function takes it away. Never fails the open. */
export function announce(dataDir: string, holder: Pick<Holder, 'program' | 'detail'>): () => void {
  const file = join(locksDir(dataDir), `open-${process.pid}-${noteSuffix()}.json`);
  const note: Holder = { ...holder, pid: process.pid, machine: hostname(), since: new Date().toISOString() };
  try {
    mkdirSync(locksDir(dataDir), { recursive: true });
    writeFileSync(file, JSON.stringify(note));
  } catch {
    // A read-only folder: the archive still opens; a restore then names no one.
    return () => undefined;
  }
  return () => rmSync(file, { force: true });
}

/** The programs that have the archive open now, stale notes cleared on the way. */
export function holders(dataDir: string): Holder[] {
  let names: string[];
  try {
    names = readdirSync(locksDir(dataDir)).filter((n) => n.startsWith('open-') && n.endsWith('.json'));
  } catch {
    return [];
  }
  const found: Holder[] = [];
  for (const name of names) {
    const file = join(locksDir(dataDir), name);
    try {
      const note = JSON.parse(readFileSync(file, 'utf8')) as Holder;
      if (note.machine === hostname() && !processAlive(note.pid)) {
        rmSync(file, { force: true });
        continue;
      }
      found.push(note);
    } catch {
      // Half written or gone meanwhile: not a holder we can name.
    }
  }
  return found;
}
