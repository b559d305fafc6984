import { afterEach, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/archive/archive';
import type { ImportSource } from '../../electron/archive/imports';
import type { BylineEntry } from '../../shared/domain/article';
import type { ImportedArticle } from '../../shared/import/page-text';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());

function openArchive(): Archive {
  const archive = Archive.open(temp.folder());
  temp.onCleanup(() => archive.close());
  return archive;
}

const story = (headline: string, byline: BylineEntry[]): ImportedArticle => ({
  column: '',
  kicker: '',
  headline,
  deck: '',
  dateline: '本报讯',
  bylineForm: 'standard',
  byline,
  body: [{ type: 'paragraph', text: `${headline}。会议强调，要压实工作责任，推动各项任务落地见效。` }],
  photos: [],
  photoGroupCredit: null,
  jump: '',
  source: '',
  firstLine: 1,
  lastLine: 3,
  confidence: 1,
  doubts: [],
});

const page = (name: string): ImportSource => ({
  fileName: name,
  fileHash: `hash-${name}`,
  encoding: 'utf-8',
  bytes: 100,
  editionDate: '2024-06-25',
  page: 1,
});

describe('the people of an import, written several pages to a transaction', () => {
  it('gives every byline of the same person one person, across the pages of one write', () => {
    const archive = openArchive();
    const [first, second] = archive.importFiles([
      { source: page('p1.txt'), articles: [story('城区道路改造完工', [{ role: 'reporter', name: '王子瑶' }])] },
      {
        source: page('p2.txt'),
        articles: [
          story('春耕备耕有序推进', [
            { role: 'reporter', name: '王子瑶' },
            { role: 'correspondent', name: '李明', outlet: '新华社' },
          ]),
          story('新华社电', [{ role: 'correspondent', name: '李明', outlet: '新华社' }]),
        ],
      },
    ]);
    expect(archive.db.prepare('SELECT name, outlet FROM people ORDER BY id').all()).toEqual([
      { name: '王子瑶', outlet: '' },
      { name: '李明', outlet: '新华社' },
    ]);
    expect([...first!, ...second!].map((id) => archive.get(id).byline.map((b) => b.name))).toEqual([
      ['王子瑶'],
      ['王子瑶', '李明'],
      ['李明'],
    ]);
    // As many stories each: by name, 李 before 王.
    expect(archive.people().map((p) => [p.name, p.articles])).toEqual([
      ['李明', 2],
      ['王子瑶', 2],
    ]);
  });

  it('after a write that failed, names the people of the next one as written, not by the ids the failed one gave', () => {
    const archive = openArchive();
    archive.importFiles([{ source: page('p0.txt'), articles: [story('旧稿', [{ role: 'reporter', name: '张三' }])] }]);
    // The second page's byline breaks a CHECK: the whole write is undone, 赵六 with it.
    const broken = { role: 'nobody', name: '赵六' } as unknown as BylineEntry;
    expect(() =>
      archive.importFiles([
        { source: page('p1.txt'), articles: [story('城区道路改造完工', [{ role: 'reporter', name: '赵六' }])] },
        { source: page('p2.txt'), articles: [story('春耕备耕有序推进', [broken])] },
      ]),
    ).toThrow();
    expect(archive.db.prepare('SELECT name FROM people ORDER BY id').pluck().all()).toEqual(['张三']);
    // 钱七 now takes the id 赵六 had in the failed write; 赵六 is written afresh.
    const [ids] = archive.importFiles([
      {
        source: page('p3.txt'),
        articles: [story('秋收', [{ role: 'reporter', name: '钱七' }]), story('冬储', [{ role: 'reporter', name: '赵六' }])],
      },
    ]);
    expect(ids!.map((id) => archive.get(id).byline.map((b) => b.name))).toEqual([['钱七'], ['赵六']]);
  });
});
