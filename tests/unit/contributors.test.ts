import { afterEach, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/archive/archive';
import { importBytes } from '../../electron/import/import-file';
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
    const csv = contributorsCsv([
      { name: '王, "小"明', outlet: '', role: 'reporter', month: '2024-06', articles: 2, chars: 1500, photos: 0 },
    ]);
    expect(csv.startsWith('\ufeffname,outlet,role,month,articles,chars,photos\r\n')).toBe(true);
    expect(csv).toContain('"王, ""小""明",,reporter,2024-06,2,1500,0\r\n');
  });
});
