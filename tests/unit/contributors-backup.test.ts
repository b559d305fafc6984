import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/archive/archive';
import { backupArchive, checkBackup, restoreArchive } from '../../electron/archive/backup';
import { importBytes } from '../../electron/import/import-file';
import { ApiError } from '../../shared/api/errors';
import { contributorsCsv } from '../../shared/domain/contributors-csv';
import { fullDraft } from '../support/drafts';
import { pageText } from '../support/fixtures';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());
const folder = temp.folder;

describe('contributor figures', () => {
  it('counts articles, characters and photos per person, role and month, leaving spiked stories out', () => {
    const archive = Archive.open(folder());
    temp.onCleanup(() => archive.close());
    importBytes(archive, Buffer.from(pageText('jingzhou-2023-11.txt')), 'nov.txt', { editionDate: '2023-11-28' });
    importBytes(archive, Buffer.from(pageText('shashi-2024-06.txt')), 'jun.txt', { editionDate: '2024-06-25' });
    const rows = archive.contributors({});
    const jing = rows.filter((r) => r.name === '荆文静');
    expect(jing).toEqual([expect.objectContaining({ role: 'reporter', month: '2023-11', outlet: '' })]);
    const mine = archive.search({ q: '', filters: { person: '荆文静' }, limit: 100 }).results;
    expect(jing[0]!.articles).toBe(mine.length);
    const chars = mine.reduce((n, r) => n + archive.get(r.id).chars, 0);
    expect(jing[0]!.chars).toBe(chars);
    expect(rows.find((r) => r.name === '汤海娟')).toMatchObject({ role: 'correspondent', photos: 1, month: '2024-06' });
    expect(archive.contributors({ from: '2024-01', to: '2024-12' }).every((r) => r.month.startsWith('2024'))).toBe(true);

    const a = archive.create();
    archive.save(a.id, a.version, fullDraft({ byline: [{ role: 'intern', name: '撤稿人' }] }));
    expect(archive.contributors({ person: '撤稿人' })).toHaveLength(1);
    archive.setStatus(a.id, 'spike');
    expect(archive.contributors({ person: '撤稿人' })).toEqual([]);
  });

  it('exports CSV that a spreadsheet reads as UTF-8, quoting what needs it', () => {
    const csv = contributorsCsv([{ name: '王, "小"明', outlet: '', role: 'reporter', month: '2024-06', articles: 2, chars: 1500, photos: 0 }]);
    expect(csv.startsWith('\ufeffname,outlet,role,month,articles,chars,photos\r\n')).toBe(true);
    expect(csv).toContain('"王, ""小""明",,reporter,2024-06,2,1500,0\r\n');
  });
});

describe('backup and restore', () => {
  it('copies the archive while it is open and being written, and restores the copy', async () => {
    const dir = folder();
    const archive = Archive.open(dir);
    temp.onCleanup(() => archive.close());
    importBytes(archive, Buffer.from(pageText('shashi-2024-03.txt')), 'mar.txt');
    const count = archive.list({ limit: 1000 }).length;
    const out = join(folder(), 'backups', 'banmian-backup.sqlite');
    const backup = backupArchive(archive, out);
    // The app goes on writing while the backup runs.
    const a = archive.create({ headline: '备份时写的稿' });
    await backup;
    expect(checkBackup(out).articles).toBeGreaterThanOrEqual(count);

    const target = folder();
    const restored = restoreArchive(target, out);
    const reopened = Archive.open(target);
    temp.onCleanup(() => reopened.close());
    expect(reopened.list({ limit: 1000 }).length).toBe(restored.articles);
    expect(reopened.search({ q: '学雷锋' }).total).toBeGreaterThan(0);
    expect(archive.get(a.id).headline).toBe('备份时写的稿');
  });

  it('refuses a damaged backup and keeps the archive it would have replaced', () => {
    const dir = folder();
    Archive.open(dir).close();
    const bad = join(folder(), 'bad.sqlite');
    writeFileSync(bad, 'SQLite format 3\0 but not really a database at all');
    expect(() => restoreArchive(dir, bad)).toThrow(ApiError);
    expect(existsSync(join(dir, 'banmian.sqlite'))).toBe(true);
    expect(existsSync(join(dir, 'banmian.sqlite.before-restore'))).toBe(false);
  });

  it('keeps the archive it replaces beside the restored one', () => {
    const source = folder();
    const a = Archive.open(source);
    a.create({ headline: '备份里的稿' });
    a.close();
    const target = folder();
    const t = Archive.open(target);
    t.create({ headline: '被替换的稿' });
    t.close();
    const { previous } = restoreArchive(target, join(source, 'banmian.sqlite'));
    expect(previous).toBe(join(target, 'banmian.sqlite.before-restore'));
    expect(readFileSync(previous!).subarray(0, 15).toString()).toBe('SQLite format 3');
    const restored = Archive.open(target);
    expect(restored.list({}).map((x) => x.headline)).toContain('备份里的稿');
    restored.close();
  });

  it('runs from the command line against an archive the app holds open', async () => {
    const dir = folder();
    const app = Archive.open(dir);
    temp.onCleanup(() => app.close());
    app.create({ headline: '程序开着时的稿' });
    const out = join(folder(), 'b.sqlite');
    const run = promisify(execFile);
    const bin = join(__dirname, '..', '..', 'bin', 'banmian.cjs');
    await run(process.execPath, [bin, '--data', dir, 'backup', '--out', out]);
    expect(checkBackup(out).articles).toBe(1);
  });
});
