import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ARCHIVE_FILE, Archive } from '../../electron/archive/archive';
import { backupArchive } from '../../electron/archive/backup';
import { migrate, schemaVersion } from '../../electron/archive/migrate';
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/archive/migrations';
import { checkArchiveFile, restoreArchive } from '../../electron/archive/restore';
import { ApiError } from '../../shared/api/errors';
import { createI18n, errorMessage } from '../../shared/i18n/setup';
import { crashingWriterScript, fillArchive, headlinesIn } from '../support/archives';
import { BIN, banmian } from '../support/cli';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());
const folder = temp.folder;

function open(dir: string): Archive {
  const archive = Archive.open(dir);
  temp.onCleanup(() => archive.close());
  return archive;
}

/** An archive folder holding `headlines`, closed again. */
function archiveWith(headlines: string[]): string {
  const dir = folder();
  const archive = Archive.open(dir);
  for (const headline of headlines) archive.create({ headline });
  archive.close();
  return dir;
}

function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('no error was thrown');
}

/** The archive's bytes: file and WAL, to show that a refused restore did not touch them. */
function bytesOf(dir: string): string {
  return ['', '-wal']
    .map((s) => join(dir, `${ARCHIVE_FILE}${s}`))
    .map((f) => (existsSync(f) ? readFileSync(f).toString('base64') : '-'))
    .join('|');
}

/** An archive with 300 MB of ballast, so that copying it takes long enough to be interrupted. */
function ballastArchive(): string {
  const dir = archiveWith(['一篇稿']);
  const db = new Database(join(dir, ARCHIVE_FILE));
  db.exec('CREATE TABLE ballast (b BLOB)');
  const insert = db.prepare('INSERT INTO ballast VALUES (zeroblob(1048576))');
  for (let i = 0; i < 300; i++) insert.run();
  db.close();
  return dir;
}

const kept = (dir: string) => readdirSync(dir).filter((f) => f.startsWith(`${ARCHIVE_FILE}.before-restore`));

describe('backup', () => {
  it('finishes while someone saves every few milliseconds, and holds the archive as it was when it began', async () => {
    const dir = folder();
    const archive = open(dir);
    fillArchive(archive, 3000);
    const before = archive.list({ limit: 5000 }).length;
    // The desk goes on saving from its own connection, as the app does while the command line backs up.
    const desk = open(dir);
    const story = desk.create({ headline: '备份时不停保存的稿' });
    let saves = 0;
    let version = story.version;
    const timer = setInterval(() => {
      version = desk.save(story.id, version, { ...story, headline: `保存第${++saves}次` }).version;
    }, 3);
    const out = join(folder(), 'backups', 'b.sqlite');
    const started = Date.now();
    try {
      await backupArchive(dir, out);
    } finally {
      clearInterval(timer);
    }
    const seconds = (Date.now() - started) / 1000;
    expect(saves).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(30);
    expect(checkArchiveFile(out).articles).toBeGreaterThanOrEqual(before + 1);
    // One moment's archive: the story as one of its saves left it, that save's version with it.
    const copy = new Database(out, { readonly: true });
    const kept = copy.prepare('SELECT headline, version FROM articles WHERE id = ?').get(story.id) as { headline: string; version: number };
    copy.close();
    const n = /^保存第(\d+)次$/u.exec(kept.headline)?.[1];
    expect(n === undefined ? kept.headline : kept.version).toBe(n === undefined ? '备份时不停保存的稿' : story.version + Number(n));
    expect(readdirSync(join(out, '..'))).toEqual(['b.sqlite']);
  });

  it('stopped half way, leaves no file behind, neither the backup nor its unfinished part', async () => {
    const dir = ballastArchive();
    const out = join(folder(), 'b.sqlite');
    const stop = new AbortController();
    const backup = backupArchive(dir, out, { signal: stop.signal });
    for (let i = 0; i < 2000 && !existsSync(`${out}.partial`); i++) await new Promise((r) => setTimeout(r, 5));
    expect(existsSync(`${out}.partial`)).toBe(true);
    stop.abort();
    await expect(backup).rejects.toMatchObject({ code: 'BACKUP_STOPPED' });
    expect(existsSync(`${out}.partial`)).toBe(false);
    // The copy's thread, still deep in SQLite when stopped, brings back nothing when it ends.
    await new Promise((r) => setTimeout(r, 3000));
    expect(readdirSync(join(out, '..'))).toEqual([]);
  });

  it('refuses to write a backup over the archive itself', async () => {
    const dir = archiveWith(['一篇稿']);
    const before = bytesOf(dir);
    await expect(backupArchive(dir, join(dir, ARCHIVE_FILE))).rejects.toMatchObject({ code: 'BACKUP_OVER_ARCHIVE' });
    await expect(backupArchive(dir, join(dir, `${ARCHIVE_FILE}-wal`))).rejects.toMatchObject({ code: 'BACKUP_OVER_ARCHIVE' });
    expect(bytesOf(dir)).toBe(before);
  });

  it('stopped with Ctrl+C from the command line, removes its unfinished file and says so', async () => {
    const dir = ballastArchive();
    const out = join(folder(), 'b.sqlite');
    const child = spawn(process.execPath, [BIN, '--data', dir, 'backup', '--out', out], { env: { ...process.env, BANMIAN_LANG: 'en' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Interrupt once the copy is under way.
    for (let i = 0; i < 2000 && !existsSync(`${out}.partial`); i++) await new Promise((r) => setTimeout(r, 5));
    expect(existsSync(`${out}.partial`)).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('The backup was stopped');
    expect(existsSync(`${out}.partial`)).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  it('runs from the command line against an archive the app holds open', async () => {
    const dir = folder();
    const app = open(dir);
    app.create({ headline: '程序开着时的稿' });
    const out = join(folder(), 'b.sqlite');
    const { code } = await banmian(['--data', dir, 'backup', '--out', out]);
    expect(code).toBe(0);
    expect(checkArchiveFile(out).articles).toBe(1);
  });
});

describe('restore', () => {
  it('keeps the newest saves of an archive whose program crashed, in the copy it keeps', async () => {
    const backupDir = archiveWith(['备份里的稿']);
    const backup = join(backupDir, ARCHIVE_FILE);
    const dir = archiveWith(['原来的稿']);
    const script = crashingWriterScript(folder());
    for (let cycle = 1; cycle <= 4; cycle++) {
      // The app saves, then dies: its last save is in the WAL only.
      const id = [...headlinesIn(join(dir, ARCHIVE_FILE)).keys()][0]!;
      const child = spawn(process.execPath, [script, join(dir, ARCHIVE_FILE), id, `崩溃前最后一次保存 ${cycle}`]);
      await new Promise((resolve) => child.on('exit', resolve));
      expect(statSync(join(dir, `${ARCHIVE_FILE}-wal`)).size).toBeGreaterThan(0);

      const { code, stdout } = await banmian(['--data', dir, 'restore', backup], { BANMIAN_LANG: 'en' });
      expect(code).toBe(0);
      const previous = /kept at (.+)$/m.exec(stdout)?.[1];
      expect(previous && existsSync(previous)).toBe(true);
      // The kept file alone (no WAL beside it) is whole and has the last save.
      expect(existsSync(`${previous}-wal`)).toBe(false);
      expect(checkArchiveFile(previous!).articles).toBe(1);
      expect([...headlinesIn(previous!).values()]).toEqual([`崩溃前最后一次保存 ${cycle}`]);
      expect([...headlinesIn(join(dir, ARCHIVE_FILE)).values()]).toEqual(['备份里的稿']);
      // Next cycle starts from the original again: restore the kept copy.
      expect((await banmian(['--data', dir, 'restore', previous!])).code).toBe(0);
    }
    // Every archive a restore replaced is still there: nothing was deleted by a later restore.
    expect(kept(dir)).toHaveLength(8);
  });

  it('refuses while the archive is open elsewhere, names who holds it, and changes nothing', async () => {
    const dir = archiveWith(['原来的稿']);
    const backup = join(archiveWith(['备份里的稿']), ARCHIVE_FILE);
    const host = spawn(process.execPath, [BIN, '--data', dir, 'host', '--port', '0'], { env: { ...process.env, BANMIAN_LANG: 'en' } });
    temp.onCleanup(() => host.kill());
    await new Promise<void>((resolve) => host.stdout.on('data', (d: Buffer) => d.toString().includes('http://') && resolve()));
    const before = bytesOf(dir);
    const zh = await banmian(['--data', dir, 'restore', backup], { BANMIAN_LANG: 'zh-CN' });
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain('稿库正由浏览器主机');
    expect(zh.stderr).toContain(`进程 ${host.pid}`);
    const en = await banmian(['--data', dir, 'restore', backup], { BANMIAN_LANG: 'en' });
    expect(en.stderr).toContain(`The archive is open in the browser host`);
    expect(bytesOf(dir)).toBe(before);
    expect(kept(dir)).toEqual([]);

    // In the same process too (the app's own connection), with the holder in the details.
    const app = Archive.open(dir, { holder: { program: 'app' } });
    const error = errorOf(() => restoreArchive(dir, backup));
    app.close();
    expect(error.code).toBe('ARCHIVE_IN_USE');
    expect((error.details as { holders: { program: string; pid: number }[] }).holders).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ program: 'app', pid: process.pid }),
        expect.objectContaining({ program: 'host', pid: host.pid }),
      ]),
    );
    host.kill();
    await new Promise((resolve) => host.on('exit', resolve));
    // Once they are gone, a note the host could not take away (it was killed) does not hold it up.
    expect(restoreArchive(dir, backup).previous).not.toBeNull();
    expect([...headlinesIn(join(dir, ARCHIVE_FILE)).values()]).toEqual(['备份里的稿']);
  });

  it('keeps each archive it replaces under a name of its own, never deleting an earlier one', () => {
    const dir = archiveWith(['第一代']);
    const second = join(archiveWith(['第二代']), ARCHIVE_FILE);
    const third = join(archiveWith(['第三代']), ARCHIVE_FILE);
    const a = restoreArchive(dir, second, new Date('2026-12-04T10:00:00Z'));
    const b = restoreArchive(dir, third, new Date('2026-12-04T10:00:00Z'));
    expect(a.previous).not.toBe(b.previous);
    expect([...headlinesIn(a.previous!).values()]).toEqual(['第一代']);
    expect([...headlinesIn(b.previous!).values()]).toEqual(['第二代']);
    const restored = open(dir);
    expect(restored.list({}).map((x) => x.headline)).toEqual(['第三代']);
  });

  it('restores into a folder that has no archive yet', () => {
    const dir = folder();
    const { articles, previous } = restoreArchive(dir, join(archiveWith(['新装机器上的稿']), ARCHIVE_FILE));
    expect({ articles, previous }).toEqual({ articles: 1, previous: null });
    expect(
      open(dir)
        .list({})
        .map((x) => x.headline),
    ).toEqual(['新装机器上的稿']);
  });

  it('keeps, and does not play into the restored file, a WAL left without its archive', async () => {
    const dir = archiveWith(['崩溃的稿库']);
    const id = [...headlinesIn(join(dir, ARCHIVE_FILE)).keys()][0]!;
    const crash = spawn(process.execPath, [crashingWriterScript(folder()), join(dir, ARCHIVE_FILE), id, '只在 WAL 里的保存']);
    await new Promise((resolve) => crash.on('exit', resolve));
    // The archive file is moved away after the crash (it "would not open"); its WAL stays.
    renameSync(join(dir, ARCHIVE_FILE), join(folder(), 'moved.sqlite'));
    expect(statSync(join(dir, `${ARCHIVE_FILE}-wal`)).size).toBeGreaterThan(0);
    const { previous } = restoreArchive(dir, join(archiveWith(['备份里的稿']), ARCHIVE_FILE));
    expect(previous).toBeNull();
    const restored = Archive.open(dir);
    temp.onCleanup(() => restored.close());
    expect(restored.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(restored.list({}).map((a) => a.headline)).toEqual(['备份里的稿']);
    expect(readdirSync(dir).filter((f) => f.startsWith(`${ARCHIVE_FILE}.before-restore`) && f.endsWith('-wal'))).toHaveLength(1);
  });

  it('brings a backup of an older version up to date before it replaces anything', () => {
    const old = join(folder(), 'old.sqlite');
    const db = new Database(old);
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 30),
    );
    db.prepare(
      "INSERT INTO articles (id, status, version, created_at, updated_at, headline) VALUES ('a1', 'draft', 1, '2024-01-01', '2024-01-01', '旧版本的稿')",
    ).run();
    db.close();
    const dir = archiveWith(['现在的稿']);
    restoreArchive(dir, old);
    const file = new Database(join(dir, ARCHIVE_FILE), { readonly: true });
    expect(schemaVersion(file)).toBe(SCHEMA_VERSION);
    file.close();
    expect(open(dir).get('a1').headline).toBe('旧版本的稿');
  });

  /** Backups crafted to do harm, each made from a sound one by `tamper`. */
  const hostile: [string, (db: Database.Database) => void, string][] = [
    [
      'a trigger that rewrites other articles on the next save',
      (db) => db.exec("CREATE TRIGGER t AFTER UPDATE ON articles BEGIN UPDATE articles SET headline = '被篡改'; END"),
      'BACKUP_SCHEMA_MISMATCH',
    ],
    [
      'a trigger that deletes revisions',
      (db) => db.exec('CREATE TRIGGER r AFTER INSERT ON revisions BEGIN DELETE FROM revisions; END'),
      'BACKUP_SCHEMA_MISMATCH',
    ],
    [
      'a trigger that deletes hand-written articles on the next import',
      (db) => db.exec('CREATE TRIGGER i AFTER INSERT ON imports BEGIN DELETE FROM articles WHERE import_id IS NULL; END'),
      'BACKUP_SCHEMA_MISMATCH',
    ],
    [
      'a view in place of a table',
      (db) => db.exec('DROP TABLE status_changes; CREATE VIEW status_changes AS SELECT 1 AS id'),
      'BACKUP_SCHEMA_MISMATCH',
    ],
    ['a table of its own', (db) => db.exec('CREATE TABLE extra (x)'), 'BACKUP_SCHEMA_MISMATCH'],
    [
      'a trigger wearing the name of SQLite’s own statistics table',
      (db) => {
        // SQLite refuses the name in CREATE TRIGGER, but loads it from a file's schema all the same.
        db.unsafeMode(true);
        db.pragma('writable_schema = ON');
        db.prepare(
          "INSERT INTO sqlite_schema (type, name, tbl_name, rootpage, sql) VALUES ('trigger', 'sqlite_stat1', 'articles', 0, ?)",
        ).run("CREATE TRIGGER sqlite_stat1 AFTER UPDATE ON articles BEGIN UPDATE articles SET headline = '被篡改' WHERE id <> new.id; END");
        db.pragma('writable_schema = OFF');
      },
      'BACKUP_SCHEMA_MISMATCH',
    ],
    [
      'an index dropped',
      (db) =>
        db.exec(
          `DROP INDEX ${db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL LIMIT 1").pluck().get() as string}`,
        ),
      'BACKUP_SCHEMA_MISMATCH',
    ],
    ['a column added', (db) => db.exec('ALTER TABLE articles ADD COLUMN extra TEXT'), 'BACKUP_SCHEMA_MISMATCH'],
    [
      'the search index told to merge differently',
      (db) => db.exec("INSERT INTO article_search (article_search, rank) VALUES ('automerge', 2)"),
      'BACKUP_SCHEMA_MISMATCH',
    ],
    ['a version between versions', (db) => db.pragma('user_version = 35'), 'BACKUP_SCHEMA_MISMATCH'],
    ['a version from the future', (db) => db.pragma(`user_version = ${SCHEMA_VERSION + 10}`), 'ARCHIVE_TOO_NEW'],
    [
      'rows pointing at nothing',
      (db) =>
        db.pragma('foreign_keys = OFF') &&
        db.exec("INSERT INTO bylines (article_id, position, person_id, role) VALUES ('nobody', 0, 999, 'reporter')"),
      'BACKUP_INVALID',
    ],
  ];

  it.each(hostile)('refuses a backup with %s, and the archive stays as it was', (_what, tamper, code) => {
    const sourceDir = archiveWith(['备份里的稿']);
    const backup = join(folder(), 'hostile.sqlite');
    copyFileSync(join(sourceDir, ARCHIVE_FILE), backup);
    const db = new Database(backup);
    tamper(db);
    db.close();
    const dir = archiveWith(['原来的稿']);
    const before = bytesOf(dir);
    const error = errorOf(() => restoreArchive(dir, backup));
    expect(error.code).toBe(code);
    expect(errorMessage(createI18n('zh-CN'), error.code, error.params)).toMatch(/未恢复|不予打开/u);
    expect(bytesOf(dir)).toBe(before);
    expect(kept(dir)).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.includes('restoring'))).toEqual([]);
    expect(
      open(dir)
        .list({})
        .map((x) => x.headline),
    ).toEqual(['原来的稿']);
  });

  it('names what does not belong in a crafted backup', () => {
    const backup = join(folder(), 'hostile.sqlite');
    copyFileSync(join(archiveWith(['x']), ARCHIVE_FILE), backup);
    const db = new Database(backup);
    db.exec("CREATE TRIGGER evil AFTER UPDATE ON articles BEGIN UPDATE articles SET headline = '被篡改'; END");
    db.close();
    const error = errorOf(() => checkArchiveFile(backup));
    expect(errorMessage(createI18n('en'), error.code, error.params)).toContain('+trigger evil');
  });

  it.each([
    ['not a database', (f: string) => writeFileSync(f, '这不是数据库'.repeat(100))],
    ['a database cut in half', (f: string) => writeFileSync(f, readFileSync(f).subarray(0, Math.floor(statSync(f).size / 2)))],
    [
      'an SQLite file of another program',
      (f: string) => {
        writeFileSync(f, '');
        const db = new Database(f);
        db.exec('CREATE TABLE articles (x)');
        db.close();
      },
    ],
  ])('refuses %s and keeps the archive', (_what, spoil) => {
    const backup = join(folder(), 'bad.sqlite');
    copyFileSync(join(archiveWith(['备份']), ARCHIVE_FILE), backup);
    spoil(backup);
    const dir = archiveWith(['原来的稿']);
    const before = bytesOf(dir);
    expect(errorOf(() => restoreArchive(dir, backup)).code).toBe('BACKUP_INVALID');
    expect(bytesOf(dir)).toBe(before);
  });

  it('restores over an archive so damaged that it no longer opens, keeping the damaged file', () => {
    const dir = folder();
    writeFileSync(join(dir, ARCHIVE_FILE), 'SQLite format 3\0 and then nothing that SQLite can read'.repeat(50));
    const { previous } = restoreArchive(dir, join(archiveWith(['救回来的稿']), ARCHIVE_FILE));
    expect(readFileSync(previous!, 'utf8')).toContain('nothing that SQLite can read');
    expect(
      open(dir)
        .list({})
        .map((x) => x.headline),
    ).toEqual(['救回来的稿']);
  });

  it('killed at any moment, leaves the old archive or the new one, whole', async () => {
    // Big enough that a restore takes a while: checks, copy, migration, swap.
    const newDir = folder();
    const fresh = Archive.open(newDir);
    fillArchive(fresh, 4000, 11);
    fresh.close();
    const backup = join(newDir, ARCHIVE_FILE);
    const oldDir = folder();
    const original = Archive.open(oldDir);
    fillArchive(original, 1500, 12);
    original.create({ headline: '旧稿库独有的稿' });
    original.close();
    const oldHeadlines = headlinesIn(join(oldDir, ARCHIVE_FILE));
    const newHeadlines = headlinesIn(backup);

    const attempt = async (killAfterMs: number | null): Promise<{ dir: string; ms: number }> => {
      const dir = folder();
      for (const f of readdirSync(oldDir)) if (f.startsWith(ARCHIVE_FILE)) copyFileSync(join(oldDir, f), join(dir, f));
      const started = Date.now();
      const child = spawn(process.execPath, [BIN, '--data', dir, 'restore', backup]);
      const timer = killAfterMs === null ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      await new Promise((resolve) => child.on('exit', resolve));
      clearTimeout(timer);
      return { dir, ms: Date.now() - started };
    };
    const whole = await attempt(null);
    expect(headlinesIn(join(whole.dir, ARCHIVE_FILE))).toEqual(newHeadlines);
    const outcomes = { old: 0, new: 0 };
    const kills = 16;
    for (let i = 0; i < kills; i++) {
      // From the start of the process to just past the end of the whole restore it timed.
      const { dir } = await attempt(Math.round((0.1 + (0.95 * i) / (kills - 1)) * whole.ms));
      const now = Archive.open(dir);
      const headlines = new Map(now.db.prepare('SELECT id, headline FROM articles').raw().all() as [string, string][]);
      expect(now.db.pragma('integrity_check', { simple: true })).toBe('ok');
      now.close();
      const isOld = JSON.stringify([...headlines]) === JSON.stringify([...oldHeadlines]);
      const isNew = JSON.stringify([...headlines]) === JSON.stringify([...newHeadlines]);
      expect(isOld || isNew, `kill ${i}`).toBe(true);
      outcomes[isOld ? 'old' : 'new']++;
      // Whatever it replaced is kept whole.
      for (const name of kept(dir)) expect(headlinesIn(join(dir, name))).toEqual(oldHeadlines);
    }
    expect(outcomes.old).toBeGreaterThan(0);
    expect(outcomes.new + outcomes.old).toBe(kills);
  }, 120_000);
});
