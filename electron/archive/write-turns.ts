import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { locksDir, noteSuffix, processAlive } from './presence';

/**
 * Fair turns at the archive's write lock, across threads and processes.
 *
 * SQLite has one write lock and no queue: a waiter polls, and a writer that commits and at
 * once begins again (an import writing group after group, a reindex) wins nearly every time,
 * so a desk's save could wait out any timeout behind it. So a writer that finds the lock taken
 * leaves a marker in `DIR/locks/` while it waits, and the long writers look for markers after
 * each commit and pause until the waiters have had their turn. Markers of processes that are
 * gone, or older than a waiter ever waits, are ignored (a crash cannot stall the importer).
 */
const STALE_MS = 5 * 60_000;

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Blocks this thread for `ms` (the archive's callers are synchronous, like better-sqlite3). */
export function sleepSync(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

export class WriteTurns {
  private readonly dir: string;
  private readonly own = new Set<string>();

  constructor(dataDir: string) {
    this.dir = locksDir(dataDir);
  }

  /** Marks this writer as waiting for the lock; the returned function takes the mark away. */
  enter(): () => void {
    const name = `wait-${process.pid}-${noteSuffix()}`;
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(join(this.dir, name), '');
    } catch {
      return () => undefined;
    }
    this.own.add(name);
    return () => {
      this.own.delete(name);
      rmSync(join(this.dir, name), { force: true });
    };
  }

  /** Does any other writer wait for the lock now? */
  othersWaiting(): boolean {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return false;
    }
    for (const name of names) {
      if (!name.startsWith('wait-') || this.own.has(name)) continue;
      const pid = Number(name.split('-')[1]);
      try {
        if (processAlive(pid) && Date.now() - statSync(join(this.dir, name)).mtimeMs < STALE_MS) return true;
      } catch {
        // Taken away while we looked: that waiter has had its turn.
      }
    }
    return false;
  }

  /**
   * For a long writer between two transactions: while others wait, pause (at most `maxMs`)
   * so that they get the lock. Returns the time paused.
   */
  letOthersIn(maxMs = 1000): number {
    const started = Date.now();
    while (Date.now() - started < maxMs && this.othersWaiting()) sleepSync(1);
    return Date.now() - started;
  }
}
