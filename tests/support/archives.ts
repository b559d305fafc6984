import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Archive } from '../../electron/archive/archive';
import { generator } from '../../bench/synthetic';

/**
 * Fills an archive with `count` synthetic articles (bench/synthetic.ts: real clauses of the
 * fixture pages recombined) through the import path, a day's articles to a file.
 */
export function fillArchive(archive: Archive, count: number, seed = 7): void {
  const gen = generator(seed);
  for (let done = 0; done < count; done += 1000) {
    const batch = Array.from({ length: Math.min(1000, count - done) }, (_, k) => gen.article(done + k));
    archive.importFiles([
      {
        source: {
          fileName: `synthetic-${seed}-${done}.txt`,
          fileHash: `synthetic-${seed}-${done}`,
          encoding: 'utf-8',
          bytes: 0,
          editionDate: batch[0]!.editionDate,
          page: 1,
        },
        articles: batch,
      },
    ]);
  }
}

/** Every article's id and headline, read straight from the file (no Banmian code in between). */
export function headlinesIn(file: string): Map<string, string> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return new Map((db.prepare('SELECT id, headline FROM articles').raw().all() as [string, string][]).map(([id, h]) => [id, h]));
  } finally {
    db.close();
  }
}

/**
 * A program that writes to the archive with plain SQLite and is then killed: its last commits
 * are in the WAL only, as after a crash of the app. Writes the script and returns its path.
 */
export function crashingWriterScript(folder: string): string {
  const script = join(folder, 'crash-writer.cjs');
  writeFileSync(
    script,
    `const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
const [file, id, headline] = process.argv.slice(2);
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('wal_autocheckpoint = 0');
db.prepare('UPDATE articles SET headline = ? WHERE id = ?').run(headline, id);
process.kill(process.pid, 'SIGKILL');
`,
  );
  return script;
}
