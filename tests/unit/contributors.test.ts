import { afterEach, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/archive/archive';
import { importBytes } from '../../electron/import/import-file';
import { contributorsCsv } from '../../shared/domain/contributors-csv';
import { createI18n } from '../../shared/i18n/setup';
import type { ArticleDraft } from '../../shared/domain/article';
import { fullDraft } from '../support/drafts';
import { pageText } from '../support/fixtures';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());
const folder = temp.folder;

/** An archive whose clock the test sets: the day of an import or a sign-off is not the edition's. */
function openArchive(): { archive: Archive; setDay: (iso: string) => void } {
  let now = new Date('2025-03-10T09:00:00Z');
  const archive = Archive.open(folder(), { now: () => now });
  temp.onCleanup(() => archive.close());
  return { archive, setDay: (iso) => (now = new Date(`${iso}T09:00:00Z`)) };
}

function story(archive: Archive, draft: Partial<ArticleDraft>, actions: ('submit' | 'edit' | 'approve')[]): string {
  const a = archive.create(fullDraft(draft));
  for (const action of actions) archive.setStatus(a.id, action);
  return a.id;
}

function place(archive: Archive, date: string, articleId: string, id = `pl-${articleId}`): void {
  if (!archive.editions().some((e) => e.date === date)) {
    archive.createEdition({ date, number: 1, totalNumber: 1, paper: '沙市日报' });
    archive.addPage({ date, number: 1, section: '要闻', editor: '王编辑' });
  }
  const column = archive.layoutPage(date, 1).stories.length;
  archive.place(date, 1, {
    id,
    articleId,
    column,
    span: 1,
    top: 0,
    depth: 30,
    bodySpan: 1,
    split: 1,
    headlineSize: 'medium',
    photos: [],
  });
}

describe('contributor figures', () => {
  it('counts articles, characters and photos per person, role and month of the edition, not of the import', () => {
    const { archive } = openArchive();
    importBytes(archive, Buffer.from(pageText('jingzhou-2023-11.txt')), 'nov.txt', { editionDate: '2023-11-28' });
    importBytes(archive, Buffer.from(pageText('shashi-2024-06.txt')), 'jun.txt', { editionDate: '2024-06-25' });
    const rows = archive.contributors({});
    // imported on 2025-03-10: no figure may fall in that month
    expect(rows.filter((r) => r.month === '2025-03')).toEqual([]);
    const jing = rows.filter((r) => r.name === '荆文静');
    expect(jing).toEqual([expect.objectContaining({ role: 'reporter', month: '2023-11', outlet: '' })]);
    const mine = archive.search({ q: '', filters: { person: '荆文静' }, limit: 100 }).results;
    expect(jing[0]!.articles).toBe(mine.length);
    const chars = mine.reduce((n, r) => n + archive.get(r.id).chars, 0);
    expect(jing[0]!.chars).toBe(chars);
    expect(rows.find((r) => r.name === '汤海娟')).toMatchObject({ role: 'correspondent', photos: 1, month: '2024-06' });
    // （黄国舜 潘路 摄）prints no role: they are credited, not made photographers
    expect(rows.filter((r) => r.name === '黄国舜')).toEqual([
      expect.objectContaining({ role: null, photos: 1, articles: 0, month: '2023-11' }),
    ]);
    expect(rows.some((r) => r.role === 'photographer')).toBe(false);
    expect(archive.contributors({ from: '2024-01', to: '2024-12' }).every((r) => r.month.startsWith('2024'))).toBe(true);
  });

  it('counts a piece joined into another story once, through the story it joined, not from the trash', () => {
    const { archive } = openArchive();
    const { articleIds } = importBytes(archive, Buffer.from(pageText('shashi-2024-06.txt')), 'jun.txt', { editionDate: '2024-06-25' });
    const pieces = archive.importPieces(articleIds[0]!).map((p) => archive.get(p.id));
    const at = pieces.findIndex(
      (p, i) => i + 1 < pieces.length && pieces[i + 1]!.byline.some((b) => !p.byline.some((a) => a.name === b.name)),
    );
    const [story, next] = [pieces[at]!, pieces[at + 1]!];
    const name = next.byline.find((b) => !story.byline.some((a) => a.name === b.name))!.name;
    const before = archive.contributors({ person: name });
    archive.fixImport(story.id, story.version, { kind: 'join-next' });
    expect(archive.listTrash().map((e) => e.id)).toEqual([next.id]);
    const after = archive.contributors({ person: name });
    expect(after.map((r) => r.articles)).toEqual(before.map((r) => r.articles));
    expect(after[0]!.chars).toBe(before[0]!.chars - next.chars + archive.get(story.id).chars);
  });

  it('gives an imported story with no known edition an empty month rather than the day it was imported', () => {
    const { archive } = openArchive();
    const undated = pageText('shashi-2024-06.txt').replace(/\d{4}\s*年\s*\d+\s*月\s*\d+\s*日/gu, '');
    importBytes(archive, Buffer.from(undated), 'undated.txt');
    const tang = archive.contributors({ person: '汤海娟' });
    expect(tang).toEqual([expect.objectContaining({ month: '', photos: 1 })]);
    expect(archive.contributors({ from: '2025-01' }).filter((r) => r.name === '汤海娟')).toEqual([]);
  });

  it('counts an undated import in the month of the edition the desk dates it to, with the rest of its page', () => {
    const { archive } = openArchive();
    const undated = pageText('shashi-2024-06.txt').replace(/\d{4}\s*年\s*\d+\s*月\s*\d+\s*日/gu, '');
    const { articleIds } = importBytes(archive, Buffer.from(undated), 'undated.txt');
    const credited = articleIds.find((id) => archive.get(id).photos.some((p) => p.credit.people.some((c) => c.name === '汤海娟')));
    expect(credited).toBeDefined();
    // the desk dates another story of the page: the one 汤海娟 shot for takes the date with it
    archive.setImportDate(
      articleIds.find((id) => id !== credited)!,
      '2024-06-25',
      2,
    );
    expect(archive.contributors({ person: '汤海娟' })).toEqual([expect.objectContaining({ month: '2024-06', photos: 1 })]);
    expect(archive.contributors({ from: '2024-06', to: '2024-06' }).filter((r) => r.name === '汤海娟')).toHaveLength(1);
    expect(archive.contributors({}).filter((r) => r.month === '')).toEqual([]);
  });

  it('pays only what was printed or signed off, by the month of the edition that printed it', () => {
    const { archive, setDay } = openArchive();
    const byline = (name: string) => ({ byline: [{ role: 'intern' as const, name }] });
    const draft = story(archive, byline('草稿人'), []);
    const submitted = story(archive, byline('待审人'), ['submit']);
    story(archive, byline('已审人'), ['submit', 'edit']);
    const editedPlaced = story(archive, byline('上版人'), ['submit', 'edit']);
    setDay('2025-04-20');
    story(archive, byline('签发人'), ['submit', 'edit', 'approve']);
    setDay('2025-03-10');
    const approvedPlaced = story(archive, byline('见报人'), ['submit', 'edit', 'approve']);
    const spiked = story(archive, byline('撤稿人'), ['submit', 'edit', 'approve']);
    place(archive, '2025-05-02', draft);
    place(archive, '2025-05-02', submitted);
    place(archive, '2025-05-02', editedPlaced);
    place(archive, '2025-06-01', approvedPlaced);
    place(archive, '2025-05-02', spiked);
    archive.setStatus(spiked, 'spike');

    const months = Object.fromEntries(archive.contributors({}).map((r) => [r.name, r.month]));
    expect(months).toEqual({ 上版人: '2025-05', 签发人: '2025-04', 见报人: '2025-06' });
  });

  it('gives, for any months and person asked, exactly the rows of the whole report that fall in them', () => {
    const { archive, setDay } = openArchive();
    importBytes(archive, Buffer.from(pageText('jingzhou-2023-11.txt')), 'nov.txt', { editionDate: '2023-11-28' });
    importBytes(archive, Buffer.from(pageText('shashi-2024-06.txt')), 'jun.txt', { editionDate: '2024-06-25' });
    const undated = pageText('shashi-2024-06.txt').replace(/\d{4}\s*年\s*\d+\s*月\s*\d+\s*日/gu, '');
    importBytes(archive, Buffer.from(undated), 'undated.txt');
    const byline = (name: string) => ({ byline: [{ role: 'reporter' as const, name }] });
    // Signed off at the turn of a year and not placed; placed in two editions (the earlier
    // counts), one of them in another month than its sign-off; an imported story placed later.
    setDay('2024-12-31');
    story(archive, byline('年末人'), ['submit', 'edit', 'approve']);
    setDay('2025-01-01');
    story(archive, byline('元旦人'), ['submit', 'edit', 'approve']);
    setDay('2025-01-15');
    const twice = story(archive, byline('两版人'), ['submit', 'edit', 'approve']);
    place(archive, '2025-03-01', twice);
    place(archive, '2025-02-27', twice, 'pl-early');
    const imported = archive.search({ q: '', filters: { person: '荆文静' }, limit: 1 }).results[0]!.id;
    place(archive, '2025-03-01', imported);

    const whole = archive.contributors({});
    const months = new Set(whole.map((r) => r.month));
    for (const month of ['2023-11', '2024-06', '2024-12', '2025-01', '2025-02', '2025-03']) expect(months).toContain(month);
    expect(whole.find((r) => r.name === '两版人')).toMatchObject({ month: '2025-02' });
    const people = [...new Set(whole.map((r) => r.name))].slice(0, 6);
    const asks: { from?: string; to?: string; person?: string }[] = [
      { from: '2024-12', to: '2024-12' },
      { from: '2025-01', to: '2025-01' },
      { from: '2025-02' },
      { to: '2023-12' },
      { from: '2024-01', to: '2025-02' },
      { from: '2025-03', to: '2025-03' },
      { from: '2030-01' },
      // Months the form would not offer, which the request still allows.
      { from: '2025-00', to: '2025-99' },
      { to: '9999-12' },
      ...people.map((person) => ({ person })),
      ...people.map((person) => ({ person, from: '2024-06', to: '2025-03' })),
      { person: '两 版 人', to: '2025-02' },
    ];
    for (const ask of asks) {
      const key = (name: string) => name.replace(/[ \u3000\t\u00a0]/gu, '');
      const expected = whole.filter(
        (r) =>
          (ask.from === undefined || (r.month !== '' && r.month >= ask.from)) &&
          (ask.to === undefined || (r.month !== '' && r.month <= ask.to)) &&
          (ask.person === undefined || r.name === key(ask.person)),
      );
      expect(archive.contributors(ask), JSON.stringify(ask)).toEqual(expected);
    }
  });

  it('makes one row of one person however the name was written, and counts an article once', () => {
    const { archive } = openArchive();
    story(archive, { byline: [{ role: 'reporter', name: '张 榕 坤' }] }, ['submit', 'edit', 'approve']);
    story(
      archive,
      {
        byline: [
          { role: 'reporter', name: '张榕坤' },
          { role: 'reporter', name: '张　榕坤' },
        ],
      },
      ['submit', 'edit', 'approve'],
    );
    story(archive, { byline: [{ role: 'reporter', name: '张榕坤', outlet: '湖北日报' }] }, ['submit', 'edit', 'approve']);
    const rows = archive.contributors({ person: '张 榕坤' });
    const chars = archive.list({}).find(() => true)!.chars;
    expect(rows).toEqual([
      expect.objectContaining({ name: '张榕坤', outlet: '', role: 'reporter', articles: 2, chars: chars * 2 }),
      expect.objectContaining({ name: '张榕坤', outlet: '湖北日报', role: 'reporter', articles: 1, chars }),
    ]);
  });

  it('exports CSV in the desk’s language that a spreadsheet reads as UTF-8, quoting what needs it', () => {
    const rows = [
      { name: '王, "小"明', outlet: '', role: 'reporter' as const, month: '2024-06', articles: 2, chars: 1500, photos: 0 },
      { name: '刘艺', outlet: '', role: null, month: '', articles: 0, chars: 0, photos: 1 },
    ];
    const zh = contributorsCsv(createI18n('zh-CN'), rows);
    expect(zh.startsWith('\ufeff姓名,单位,身份,月份,稿件,字数,图片\r\n')).toBe(true);
    expect(zh).toContain('"王, ""小""明",,记者,2024-06,2,1500,0\r\n');
    expect(zh).toContain('刘艺,,图片署名（未注身份）,出版日期不明,0,0,1\r\n');
    const en = contributorsCsv(createI18n('en'), rows);
    expect(en.startsWith('\ufeffName,Outlet,Role,Month,Articles,Characters,Photos\r\n')).toBe(true);
    expect(en).toContain(',,Reporter,2024-06,');
    expect(en).toContain('刘艺,,"Photo credit, no role printed",Edition date unknown,');
  });
});
