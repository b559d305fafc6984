import { afterEach, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/archive/archive';
import type { Caller } from '../../electron/accounts/authority';
import { AppServices } from '../../electron/services/app-services';
import { importBytes } from '../../electron/import/import-file';
import type { ImportDating, SearchResponse } from '../../shared/api/contract';
import { importConfidence, isImportDoubt } from '../../shared/import/page-text';
import { bodyJsonFromBlocks } from '../../shared/editor/body';
import { fullDraft } from '../support/drafts';
import { pageText, type PAGE_FILES } from '../support/fixtures';
import { openServices, signedIn, TEST_PASSWORD } from '../support/services';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());

/** The day every import of these tests is made: no story may be filed under it for want of a date. */
const IMPORT_DAY = '2025-03-10';

/** A page with every printed date taken out: its 报眉 dates it not, only the batch may. */
const undatedPage = (name: (typeof PAGE_FILES)[number]) => Buffer.from(pageText(name).replace(/\d{4}\s*年\s*\d+\s*月\s*\d+\s*日/gu, ''));

function openArchive(): Archive {
  const archive = Archive.open(temp.folder(), { now: () => new Date(`${IMPORT_DAY}T09:00:00Z`) });
  temp.onCleanup(() => archive.close());
  return archive;
}

const ids = (response: SearchResponse) => response.results.map((r) => r.id);

describe('an imported story no date was given for', () => {
  it('is shown undated, listed after every dated story newest first, and found by no date filter; a story written here keeps its day', () => {
    const archive = openArchive();
    const undated = importBytes(archive, undatedPage('shashi-2024-06.txt'), 'undated.txt').articleIds;
    expect(undated.map((id) => archive.get(id).editionDate)).toEqual(undated.map(() => null));
    const recent = importBytes(archive, Buffer.from(pageText('jingzhou-2023-11.txt')), 'nov.txt', { editionDate: '2023-11-28' }).articleIds;
    // before 1970: a negative day number, and still a date
    const old = importBytes(archive, undatedPage('shashi-2024-03.txt'), 'old.txt', { editionDate: '1965-05-04' }).articleIds;
    expect(old.map((id) => archive.get(id).editionDate)).toEqual(old.map(() => '1965-05-04'));
    const typed = archive.create(
      fullDraft({ headline: '今天写的稿件', bodyJson: bodyJsonFromBlocks([{ type: 'paragraph', text: '沙市区今天召开会议。' }]) }),
    ).id;

    // newest first: the dated ones by their dates, the undated ones after all of them
    const all = archive.search({ q: '', filters: { status: 'approved' }, limit: 500 });
    expect(all.total).toBe(undated.length + recent.length + old.length);
    expect(ids(all).slice(0, recent.length).sort()).toEqual([...recent].sort());
    expect(
      ids(all)
        .slice(recent.length, recent.length + old.length)
        .sort(),
    ).toEqual([...old].sort());
    expect(ids(all).slice(-undated.length).sort()).toEqual([...undated].sort());
    const dateOf = new Map(all.results.map((r) => [r.id, r.date]));
    expect(undated.map((id) => dateOf.get(id))).toEqual(undated.map(() => null));
    expect(dateOf.get(old[0]!)).toBe('1965-05-04');

    // no date filter reaches them: not their import day, not an open range either way
    const word = archive.get(undated[0]!).body[0]!.text.slice(2, 6);
    expect(ids(archive.search({ q: word }))).toContain(undated[0]);
    for (const filters of [{ from: IMPORT_DAY, to: IMPORT_DAY }, { from: IMPORT_DAY }, { to: IMPORT_DAY }, { from: '0000-01-01' }]) {
      expect(ids(archive.search({ q: word, filters })), JSON.stringify(filters)).not.toContain(undated[0]);
      expect(
        ids(archive.search({ q: '', filters: { ...filters, status: 'approved' }, limit: 500 })).filter((id) => undated.includes(id)),
      ).toEqual([]);
    }
    expect(ids(archive.search({ q: '', filters: { to: '1965-05-04', status: 'approved' }, limit: 500 })).sort()).toEqual([...old].sort());
    // a date the calendar lacks filters without the index's keys: the same answer
    expect(ids(archive.search({ q: '', filters: { from: '2025-02-30', status: 'approved' }, limit: 500 }))).toEqual([]);

    // a story written in the app is filed under the day it was made
    const today = archive.search({ q: '', filters: { from: IMPORT_DAY, to: IMPORT_DAY, status: 'draft' } });
    expect(today.results.map((r) => [r.id, r.date])).toEqual([[typed, IMPORT_DAY]]);
    expect(archive.search({ q: '', filters: { from: '2025-02-30', status: 'draft' } }).results.map((r) => r.id)).toEqual([typed]);
  });

  it('keeps the second part of a split story under the page’s date, or under none', () => {
    const archive = openArchive();
    const split = (bytes: Buffer, options: { editionDate?: string } = {}) => {
      const { articleIds } = importBytes(archive, bytes, `${options.editionDate ?? 'undated'}.txt`, options);
      const story = articleIds.map((id) => archive.get(id)).find((a) => a.body.length >= 3)!;
      const part = archive.fixImport(story.id, story.version, { kind: 'split', paragraph: 2 }).other!;
      expect(archive.get(part)).toMatchObject({ status: 'approved', editionDate: options.editionDate ?? null });
      return part;
    };
    const dated = split(undatedPage('shashi-2024-06.txt'), { editionDate: '2024-06-25' });
    const undated = split(undatedPage('jingzhou-2023-11.txt'));
    const on = (day: string) => ids(archive.search({ q: '', filters: { from: day, to: day, status: 'approved' }, limit: 500 }));
    expect(on('2024-06-25')).toContain(dated);
    expect(on(IMPORT_DAY)).toEqual([]);
    const dateOf = new Map(archive.search({ q: '', filters: { status: 'approved' }, limit: 500 }).results.map((r) => [r.id, r.date]));
    expect([dateOf.get(dated), dateOf.get(undated)]).toEqual(['2024-06-25', null]);
  });
});

async function call<T>(services: AppServices, caller: Caller, method: string, input: unknown): Promise<T> {
  const result = await services.call(method, input, caller);
  if (!result.ok) throw new Error(`${method}: ${result.error.code}`);
  return result.value as T;
}

async function refusal(services: AppServices, caller: Caller, method: string, input: unknown): Promise<string> {
  const result = await services.call(method, input, caller);
  return result.ok ? 'allowed' : result.error.code;
}

describe('the desk gives an imported story its date', () => {
  it('dates the story and the rest of its page still undated that the person may fix, and files them under that date', async () => {
    const services = openServices(temp);
    const archive = services.archive;
    const editor = await signedIn(services, { name: '张编辑', roles: ['editor'] });
    const page = importBytes(archive, undatedPage('shashi-2024-06.txt'), 'undated.txt').articleIds;
    const elsewhere = importBytes(archive, undatedPage('jingzhou-2023-11.txt'), 'other.txt').articleIds;
    const stories = page.map((id) => archive.get(id));
    const own = stories.find(
      (a) => a.byline.length && stories.filter((b) => b.byline.some((p) => p.name === a.byline[0]!.name)).length === 1,
    )!;
    const author = await signedIn(services, { name: own.byline[0]!.name, roles: ['reporter'] });
    // a piece joined into the story before it goes to the trash
    const pieces = archive.importPieces(page[0]!).map((p) => p.id);
    const at = pieces.findIndex((id, i) => id !== own.id && pieces[i + 1] !== undefined && pieces[i + 1] !== own.id);
    const joined = archive.fixImport(pieces[at]!, archive.get(pieces[at]!).version, { kind: 'join-next' });
    const trashed = joined.other!;
    expect(archive.get(own.id).origin!.doubts).toContain('no-edition-date');

    // a reporter their own story: the others of the page are not theirs, and stay undated
    const first = await call<ImportDating>(services, author, 'articles.setImportDate', { id: own.id, date: '2024-06-25', page: 2 });
    expect(first.article).toMatchObject({ id: own.id, editionDate: '2024-06-25', page: 2 });
    expect(first.article.origin!.doubts).not.toContain('no-edition-date');
    expect(first.dated).toEqual([]);
    const rest = page.filter((id) => id !== own.id && id !== trashed);
    expect([...first.skipped].sort()).toEqual([...rest].sort());
    expect(rest.map((id) => archive.get(id).editionDate)).toEqual(rest.map(() => null));

    // an editor any of them: every other story of the page still undated takes the date and page
    const second = await call<ImportDating>(services, editor, 'articles.setImportDate', { id: rest[0], date: '2024-06-25', page: 2 });
    expect([...second.dated].sort()).toEqual(rest.slice(1).sort());
    expect(second.skipped).toEqual([]);
    expect(archive.get(own.id).needsReview).toBe(true);
    for (const id of [own.id, ...rest]) {
      const a = archive.get(id);
      expect(a, id).toMatchObject({ editionDate: '2024-06-25', page: 2 });
      expect(a.origin!.doubts).not.toContain('no-edition-date');
      expect(a.origin!.confidence).toBe(importConfidence(a.origin!.doubts.filter(isImportDoubt)));
    }
    // the trash is left alone, and so is every other page
    expect(archive.get(trashed).editionDate).toBeNull();
    expect(archive.get(trashed).origin!.doubts).toContain('no-edition-date');
    expect(elsewhere.map((id) => archive.get(id).editionDate)).toEqual(elsewhere.map(() => null));
    expect(archive.db.prepare('SELECT file_name, edition_date, page FROM imports ORDER BY id').all()).toEqual([
      { file_name: 'undated.txt', edition_date: '2024-06-25', page: 2 },
      { file_name: 'other.txt', edition_date: null, page: null },
    ]);

    // searched, filtered and shown under its date now
    const onThatDay = archive.search({ q: '', filters: { from: '2024-06-25', to: '2024-06-25' }, limit: 500 });
    expect(ids(onThatDay).sort()).toEqual([own.id, ...rest].sort());
    expect(new Set(onThatDay.results.map((r) => r.date))).toEqual(new Set(['2024-06-25']));
    expect(ids(archive.search({ q: '', filters: { edition: '2024-06-25', page: 2 }, limit: 500 })).sort()).toEqual(
      [own.id, ...rest].sort(),
    );
    const word = archive.get(own.id).body[0]!.text.slice(2, 6);
    expect(ids(archive.search({ q: word, filters: { from: '2024-06-01', to: '2024-06-30' } }))).toContain(own.id);

    // each story's trail says who dated it, to what, from what
    const trail = archive.audit({ articleId: own.id }).filter((e) => e.action === 'import.date');
    expect(trail).toEqual([
      expect.objectContaining({ by: own.byline[0]!.name, editionDate: '2024-06-25', page: 2, detail: { from: null, others: 0 } }),
    ]);
    expect(archive.audit({ articleId: rest[1] }).find((e) => e.action === 'import.date')).toMatchObject({
      by: '张编辑',
      detail: { from: null, with: rest[0] },
    });

    // a story dated wrongly is dated again; the page's others keep theirs
    const again = await call<ImportDating>(services, editor, 'articles.setImportDate', { id: rest[0], date: '2024-06-26' });
    expect(again).toMatchObject({ article: { editionDate: '2024-06-26', page: 2 }, dated: [], skipped: [] });
    expect(archive.get(rest[1]!).editionDate).toBe('2024-06-25');
    expect(ids(archive.search({ q: '', filters: { from: '2024-06-26', to: '2024-06-26' } }))).toEqual([rest[0]]);
  });

  it('keeps saying a checked story is undated until it is dated, and only then drops it', () => {
    const archive = openArchive();
    const page = importBytes(archive, undatedPage('shashi-2024-06.txt'), 'undated.txt').articleIds;
    const dated = importBytes(archive, Buffer.from(pageText('jingzhou-2023-11.txt')), 'nov.txt', { editionDate: '2023-11-28' }).articleIds;
    const checked = archive.markReviewed(page[0]!);
    expect(checked.needsReview).toBe(false);
    expect(checked.origin).toMatchObject({ confidence: 1, doubts: ['no-edition-date'] });
    // a one-step fix checks the story too, and does not date it either
    const story = page.map((id) => archive.get(id)).find((a) => a.id !== page[0] && a.body.length >= 2)!;
    const split = archive.fixImport(story.id, story.version, { kind: 'split', paragraph: 1 });
    expect(split.article.origin!.doubts).toEqual(['no-edition-date']);
    // a dated story checked has nothing left to doubt
    expect(archive.markReviewed(dated[0]!).origin!.doubts).toEqual([]);

    const { article } = archive.setImportDate(page[0]!, '2024-06-25');
    expect(article.origin!.doubts).toEqual([]);
    expect(archive.get(story.id).origin!.doubts).toEqual([]);
  });

  it('refuses a date the calendar lacks, a story not imported, in the trash or not the person’s, and changes nothing', async () => {
    const services = openServices(temp);
    const archive = services.archive;
    const editor = await signedIn(services, { name: '张编辑', roles: ['editor'] });
    const reporter = await signedIn(services, { name: '别的记者', roles: ['reporter'] });
    const layout = await signedIn(services, { name: '版面编辑', roles: ['layout'] });
    const [a] = importBytes(archive, undatedPage('shashi-2024-06.txt'), 'undated.txt').articleIds as [string];
    const b = archive.fixImport(a, archive.get(a).version, { kind: 'join-next' }).other!;
    const typed = archive.create(fullDraft()).id;
    const set = (caller: Caller, id: string, date: string, page?: number) =>
      refusal(services, caller, 'articles.setImportDate', { id, date, ...(page === undefined ? {} : { page }) });

    expect(await set(editor, a, '2023-02-29')).toBe('INVALID_INPUT');
    expect(await set(editor, a, '2024-6-25')).toBe('INVALID_INPUT');
    expect(await set(editor, a, '2024-06-25', 0)).toBe('INVALID_INPUT');
    expect(await set(reporter, a, '2024-06-25')).toBe('PERMISSION_DENIED');
    expect(await set(layout, a, '2024-06-25')).toBe('PERMISSION_DENIED');
    expect(await set(editor, b, '2024-06-25')).toBe('ARTICLE_TRASHED');
    expect(await set(editor, typed, '2024-06-25')).toBe('IMPORT_FIX_NOT_IMPORTED');
    expect(await set(editor, 'no-such-story', '2024-06-25')).toBe('NOT_FOUND');
    expect(() => archive.setImportDate(a, '2023-02-29')).toThrow('INVALID_INPUT');
    expect(archive.db.prepare('SELECT count(*) FROM articles WHERE edition_date IS NOT NULL').pluck().get()).toBe(0);
    expect(archive.audit({}).filter((e) => e.action === 'import.date')).toEqual([]);
  });
});

describe('the command line gives an imported story its date', () => {
  it('banmian import set-date dates the story and its page’s undated others as --user, and says so', async () => {
    const { runCli } = await import('../../electron/cli/main');
    const dir = temp.folder();
    const services = AppServices.open(dir, { demo: false });
    await signedIn(services, { name: '张编辑', roles: ['editor'] });
    const page = importBytes(services.archive, undatedPage('shashi-2024-06.txt'), 'undated.txt').articleIds;
    services.close();
    const cli = async (args: string[], user = true) => {
      let out = '';
      let err = '';
      const env = { BANMIAN_LANG: 'zh-CN', BANMIAN_PASSWORD: TEST_PASSWORD };
      const code = await runCli(
        ['--data', dir, ...(user ? ['--user', '张编辑'] : []), ...args],
        { out: (t) => (out += t), err: (t) => (err += t) },
        env,
      );
      return { code, out, err };
    };
    const refused = await cli(['import', 'set-date', page[0]!, '2024-02-30']);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('请求的数据不合规');
    expect((await cli(['import', 'set-date', page[0]!, '2024-06-25'], false)).code).toBe(1);

    const done = await cli(['import', 'set-date', page[0]!, '2024-06-25', '--page', '2']);
    expect(done.err).toBe('');
    expect(done.code).toBe(0);
    expect(done.out).toContain(`的出版日期已定为 2024-06-25；同版另有 ${page.length - 1} 篇未定日期的稿件一并定为此日期`);
    const json = await cli(['import', 'set-date', page[1]!, '2024-06-26', '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ article: { id: page[1], editionDate: '2024-06-26', page: 2 }, dated: [], skipped: [] });
    const searched = await cli(['search', '--from', '2024-06-25', '--to', '2024-06-25', '--json', '沙市'], false);
    const results = JSON.parse(searched.out) as { id: string; date: string }[];
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => page.includes(r.id) && r.date === '2024-06-25')).toBe(true);
    expect(results.map((r) => r.id)).not.toContain(page[1]);
    const reopened = Archive.open(dir);
    try {
      expect(page.map((id) => reopened.get(id).page)).toEqual(page.map(() => 2));
    } finally {
      reopened.close();
    }
  });
});
