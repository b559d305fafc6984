import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportDating } from '../../shared/api/contract';
import type { DeskRole } from '../../shared/domain/accounts';
import { emptyDraft } from '../../shared/domain/article';
import type { ArticleDoc } from '../../shared/sync/protocol';
import { checkChange, type SyncActor } from '../../shared/sync/rules';
import { importBytes } from '../../electron/import/import-file';
import { syncOnce } from '../../electron/sync/engine';
import { pageText } from '../support/fixtures';
import { tempFolders } from '../support/temp';
import { call, startNewsroom, type TestNewsroom } from '../support/newsroom';

const temp = tempFolders();
let newsroom: TestNewsroom;

beforeAll(async () => {
  newsroom = await startNewsroom(temp);
  await newsroom.account('李编辑', ['editor']);
  await newsroom.account('赵编辑', ['editor']);
}, 60_000);

afterAll(async () => {
  await newsroom.close();
  temp.cleanupAll();
});

describe('an imported page dated on one desk, in the newsroom', () => {
  it('reaches every desk undated, filed under no day, and then under the date one desk gave it', async () => {
    const importer = await newsroom.desk('李编辑');
    const other = await newsroom.desk('赵编辑');
    const undated = pageText('shashi-2024-06.txt').replace(/\d{4}\s*年\s*\d+\s*月\s*\d+\s*日/gu, '');
    const { articleIds } = importBytes(importer.services.archive, Buffer.from(undated), 'undated.txt');
    expect((await syncOnce(importer.services.archive)).refused).toBe(0);
    await syncOnce(other.services.archive);

    // on the other desk: undated, and found by no date filter (not the day it arrived)
    const there = other.services.archive;
    const today = new Date().toISOString().slice(0, 10);
    expect(articleIds.map((id) => there.get(id).editionDate)).toEqual(articleIds.map(() => null));
    const all = there.search({ q: '', filters: { status: 'approved' }, limit: 500 });
    expect(all.results.map((r) => r.id).sort()).toEqual([...articleIds].sort());
    expect(new Set(all.results.map((r) => r.date))).toEqual(new Set([null]));
    expect(there.search({ q: '', filters: { from: today, to: today, status: 'approved' } }).total).toBe(0);

    const dating = await call<ImportDating>(importer.services, importer.as('李编辑'), 'articles.setImportDate', {
      id: articleIds[0],
      date: '2024-06-25',
      page: 2,
    });
    expect(dating.dated).toHaveLength(articleIds.length - 1);
    expect((await syncOnce(importer.services.archive)).refused).toBe(0);
    await syncOnce(other.services.archive);

    // the other desk has the date, the page, the doubt gone, the index, the import and the trail
    for (const id of articleIds) {
      const a = there.get(id);
      expect(a, id).toMatchObject({ editionDate: '2024-06-25', page: 2 });
      expect(a.origin!.doubts).not.toContain('no-edition-date');
    }
    const dated = there.search({ q: '', filters: { from: '2024-06-25', to: '2024-06-25' }, limit: 500 });
    expect(dated.results.map((r) => r.id).sort()).toEqual([...articleIds].sort());
    expect(new Set(dated.results.map((r) => r.date))).toEqual(new Set(['2024-06-25']));
    expect(there.db.prepare("SELECT edition_date, page FROM imports WHERE file_name = 'undated.txt'").get()).toEqual({
      edition_date: '2024-06-25',
      page: 2,
    });
    expect(there.audit({ articleId: articleIds[0] }).map((e) => [e.action, e.by])).toContainEqual(['import.date', '李编辑']);
  });
});

const actor = (name: string, roles: DeskRole[], person: string | null = null): SyncActor => ({
  name,
  roles,
  person: person ? { name: person, outlet: '' } : null,
});

/** A story imported from a printed page with no date: approved (it ran), never signed off in the desk, by 王小明. */
function imported(over: Partial<ArticleDoc> = {}): ArticleDoc {
  return {
    id: 'a1',
    status: 'approved',
    draft: { ...emptyDraft(), headline: '本报讯', byline: [{ role: 'reporter', name: '王小明' }] },
    createdAt: '2026-05-01T08:00:00.000Z',
    updatedAt: '2026-05-01T08:00:00.000Z',
    createdBy: null,
    updatedBy: null,
    signedRevision: null,
    editionDate: null,
    page: null,
    origin: { fileName: 'p.txt', firstLine: 3, lastLine: 9, confidence: 1, doubts: ['no-edition-date'], fileHash: 'a'.repeat(64) },
    needsReview: true,
    ...over,
  };
}
const datedDoc = (doc: ArticleDoc): ArticleDoc => ({ ...doc, editionDate: '2024-06-25', page: 2, origin: { ...doc.origin!, doubts: [] } });
const code = (v: ReturnType<typeof checkChange>) => (v.ok ? 'ok' : v.code);

describe('the newsroom server on an imported story’s date', () => {
  it('takes it from those the desk lets fix the import, and from no one else, nor for a story not imported', () => {
    const story = imported();
    expect(code(checkChange(actor('zhao', ['editor']), 'article:a1', story, datedDoc(story)))).toBe('ok');
    expect(code(checkChange(actor('wang', ['reporter'], '王小明'), 'article:a1', story, datedDoc(story)))).toBe('ok');
    expect(code(checkChange(actor('li', ['reporter'], '李华'), 'article:a1', story, datedDoc(story)))).toBe('PERMISSION_DENIED');
    expect(code(checkChange(actor('qian', ['layout']), 'article:a1', story, { ...story, page: 3 }))).toBe('PERMISSION_DENIED');
    const signed = imported({ signedRevision: 'abcdef01.7' });
    expect(code(checkChange(actor('zhao', ['editor']), 'article:a1', signed, datedDoc(signed)))).toBe('ARTICLE_SIGNED');
    const typed = imported({ origin: null, status: 'draft' });
    expect(code(checkChange(actor('zhao', ['editor']), 'article:a1', typed, { ...typed, editionDate: '2024-06-25' }))).toBe(
      'IMPORT_FIX_NOT_IMPORTED',
    );
    // the rest of a record as ever: a story sent again unchanged, or with its status moved, passes
    expect(code(checkChange(actor('li', ['reporter'], '李华'), 'article:a1', story, story))).toBe('ok');
  });
});
