import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/archive/archive';
import { decodePageText, MAX_IMPORT_BYTES } from '../../electron/import/decode';
import { importBytes, readPageFile } from '../../electron/import/import-file';
import { importReports } from '../../electron/import/reports';
import { articleDoc } from '../../electron/sync/docs';
import { applyRecords } from '../../electron/sync/apply';
import { DOC_SCHEMAS } from '../../shared/sync/protocol';
import type { ImportReport } from '../../shared/api/contract';
import { undatedFiles, withDating } from '../../shared/import/report-dating';
import { createI18n } from '../../shared/i18n/setup';
import { ApiError } from '../../shared/api/errors';
import { PAGE_FILES, PAGES_DIR, pageText } from '../support/fixtures';
import { iso2022jp, JAPANESE_NEWS, KOREAN_NEWS } from '../support/foreign-text';
import { makePng } from '../support/images';
import { tempDir } from '../support/temp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function openArchive(): Archive {
  const { dir, cleanup } = tempDir();
  const archive = Archive.open(dir);
  cleanups.push(() => archive.close(), cleanup);
  return archive;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof ApiError ? error.code : String(error);
  }
  return undefined;
}

const june = pageText('shashi-2024-06.txt');
const headlines = (archive: Archive) =>
  archive
    .list({ limit: 1000 })
    .map((a) => a.headline)
    .sort();

describe('importing page-text files into the archive', () => {
  it('stores each article with its origin, marked for review, and the same file twice only once', () => {
    const archive = openArchive();
    const first = importBytes(archive, Buffer.from(june), 'shashi-2024-06.txt', { editionDate: '2024-06-25', page: 2 });
    expect(first.duplicate).toBe(false);
    expect(first.articleIds.length).toBeGreaterThan(5);
    const article = archive.get(first.articleIds[0]!);
    expect(article).toMatchObject({ editionDate: '2024-06-25', page: 2, needsReview: true, status: 'approved' });
    expect(article.origin).toMatchObject({ fileName: 'shashi-2024-06.txt', firstLine: 3 });
    expect(article.byline).toEqual([{ role: 'correspondent', name: '代艳丽' }]);
    const count = archive.list({ limit: 1000 }).length;
    const again = importBytes(archive, Buffer.from(june), 'copy-of-june.txt');
    expect(again).toMatchObject({ duplicate: true, articleIds: [] });
    expect(archive.list({ limit: 1000 }).length).toBe(count);
    expect(archive.markReviewed(article.id).needsReview).toBe(false);
  });

  it('knows a page imported before by its text: another encoding, other line ends, other spaces', () => {
    const archive = openArchive();
    const first = importBytes(archive, Buffer.from(june), 'june.txt');
    const count = archive.list({ limit: 1000 }).length;
    const respaced = june.replace(/\n/g, '\r\n').replace(/，/g, '， ').replace(/^(.)/gmu, ' $1');
    for (const [label, bytes] of [
      ['gb18030', iconv.encode(june, 'gb18030')],
      ['utf-16le', Buffer.from(june, 'utf16le')],
      ['crlf and spaces', Buffer.from(respaced)],
    ] as const) {
      expect(importBytes(archive, bytes, `${label}.txt`), label).toMatchObject({ duplicate: true, articleIds: [] });
    }
    expect(archive.list({ limit: 1000 }).length).toBe(count);
    expect(first.duplicate).toBe(false);
    // another page is not the same page
    expect(importBytes(archive, Buffer.from(pageText('shashi-2024-03.txt')), 'march.txt').duplicate).toBe(false);
  });

  it('dates the edition from the page’s 报眉, else from the batch, and never from the day of the import', () => {
    const archive = openArchive();
    const dated = `2024年6月25日 星期二\n第2版 沙市新闻 责任编辑：王平\n\n${june}`;
    const fromPage = importBytes(archive, Buffer.from(dated), 'dated.txt', { editionDate: '2024-07-01' });
    expect(archive.get(fromPage.articleIds[0]!)).toMatchObject({ editionDate: '2024-06-25', page: 2 });
    const fromBatch = importBytes(archive, Buffer.from(pageText('shashi-2024-03.txt')), 'march.txt', { editionDate: '2024-03-05' });
    expect(archive.get(fromBatch.articleIds[0]!).editionDate).toBe('2024-03-05');
    const undated = importBytes(archive, Buffer.from(pageText('jingzhou-2023-11.txt')), 'nov.txt');
    const article = archive.get(undated.articleIds[0]!);
    expect(article.editionDate).toBeNull();
    expect(article.origin?.doubts).toContain('no-edition-date');
  });

  it('keeps photos read off the page as captions and credits waiting for their pictures', () => {
    const archive = openArchive();
    const { articleIds } = importBytes(archive, Buffer.from(pageText('shashi-2024-03.txt')), 'march.txt');
    const set = articleIds.map((id) => archive.get(id)).find((a) => a.photoGroupCredit)!;
    expect(set.photos).toHaveLength(6);
    expect(set.photos[0]).toMatchObject({ hash: null, caption: '税务部门志愿者向群众宣传税费政策。' });
    expect(set.photoGroupCredit?.people.map((p) => p.name)).toContain('胡梦莹');
    // The editor can go on from there: attach the picture, save.
    const image = archive.importImage(makePng(10, 10), 'found.png');
    const photos = set.photos.map((p, i) => (i === 0 ? { ...p, ...image, fileName: 'found.png' } : p));
    const saved = archive.save(set.id, set.version, { ...set, photos });
    expect(saved.photos[0]).toMatchObject({ hash: image.hash, width: 10 });
  });

  it('reads UTF-8 with a BOM, UTF-16 either way round with or without a BOM, and GB18030/GBK alike', () => {
    const expected = headlines(
      (() => {
        const a = openArchive();
        importBytes(a, Buffer.from(june), 'utf8.txt');
        return a;
      })(),
    );
    const variants: [string, Buffer, string][] = [
      ['utf-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(june)]), 'utf-8'],
      ['utf-16le with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(june, 'utf16le')]), 'utf-16le'],
      ['utf-16le without BOM', Buffer.from(june, 'utf16le'), 'utf-16le'],
      ['utf-16be with BOM', iconv.encode(june, 'utf-16be', { addBOM: true }), 'utf-16be'],
      ['gb18030', iconv.encode(june, 'gb18030'), 'gb18030'],
      ['gbk', iconv.encode(june, 'gbk'), 'gb18030'],
    ];
    for (const [label, bytes, encoding] of variants) {
      const archive = openArchive();
      const result = importBytes(archive, bytes, `${label}.txt`);
      expect(result.encoding, label).toBe(encoding);
      expect(headlines(archive), label).toEqual(expected);
    }
  });

  it('refuses empty, binary, truncated, undecodable and oversized files with a clear error, writing nothing', () => {
    const archive = openArchive();
    const before = headlines(archive);
    const utf8 = Buffer.from(june);
    const cut = utf8.subarray(0, utf8.indexOf(Buffer.from('本报讯', 'utf8'), 100) + 1);
    const cases: [string, Uint8Array][] = [
      ['IMPORT_EMPTY', Buffer.alloc(0)],
      ['IMPORT_EMPTY', Buffer.from('  \n\n  ')],
      ['IMPORT_BINARY', makePng(20, 20)],
      ['IMPORT_TRUNCATED', cut],
      ['IMPORT_UNDECODABLE', Buffer.from('caf\xe9 r\xe9sum\xe9 na\xefve \xe0 la carte', 'latin1')],
      ['IMPORT_NO_ARTICLES', Buffer.from('hello world\n')],
    ];
    for (const [code, bytes] of cases)
      expect(
        codeOf(() => importBytes(archive, bytes, 'bad.txt')),
        code,
      ).toBe(code);
    expect(codeOf(() => decodePageText(new Uint8Array(MAX_IMPORT_BYTES + 1), 'huge.txt'))).toBe('IMPORT_TOO_LARGE');
    expect(headlines(archive)).toEqual(before);
    expect(archive.db.prepare('SELECT count(*) FROM imports').pluck().get()).toBe(0);
  });
});

describe('Japanese and Korean text, and Chinese in every encoding', () => {
  const input = (fileName: string, bytes: Uint8Array) => ({ fileName, read: () => bytes });
  const paragraphs = (text: string) =>
    text
      .split(/\n\s*\n/u)
      .map((p) => p.trim())
      .filter(Boolean);
  // Shift_JIS and EUC-KR bytes decode without an error as GB18030: the case that used to be imported as gibberish.
  const FOREIGN: [string, Uint8Array, 'ja' | 'ko', string][] = [
    ['japanese-sjis.txt', iconv.encode(JAPANESE_NEWS, 'shift_jis'), 'ja', 'Shift_JIS'],
    ['japanese-eucjp.txt', iconv.encode(JAPANESE_NEWS, 'euc-jp'), 'ja', 'EUC-JP'],
    ['japanese-jis.txt', iso2022jp(JAPANESE_NEWS), 'ja', 'ISO-2022-JP'],
    ['korean-euckr.txt', iconv.encode(KOREAN_NEWS, 'euc-kr'), 'ko', 'EUC-KR'],
  ];

  it('refuses Japanese (Shift_JIS, EUC-JP, ISO-2022-JP) and Korean (EUC-KR) with a message in the desk language, writing nothing', () => {
    // The test files are the prose exactly, in the encodings a Japanese or Korean system writes.
    for (const [fileName, bytes, language, encoding] of FOREIGN) {
      expect(new TextDecoder(encoding, { fatal: true }).decode(bytes), fileName).toBe(language === 'ja' ? JAPANESE_NEWS : KOREAN_NEWS);
      expect(new TextDecoder('gb18030', { fatal: true }).decode(bytes), fileName).not.toBe('');
    }
    const names = { 'zh-CN': { ja: '日文', ko: '韩文' }, en: { ja: 'Japanese', ko: 'Korean' } } as const;
    for (const lang of ['zh-CN', 'en'] as const) {
      const archive = openArchive();
      const { reports } = importReports(
        archive,
        FOREIGN.map(([fileName, bytes]) => input(fileName, bytes)),
        {},
        createI18n(lang),
      );
      reports.forEach((report, i) => {
        const [fileName, , language, encoding] = FOREIGN[i]!;
        expect(report, fileName).toMatchObject({ ok: false, articleIds: [], error: { code: 'IMPORT_FOREIGN_ENCODING' } });
        const name = names[lang][language];
        expect(report.error!.message).toBe(
          lang === 'en'
            ? `“${fileName}” reads as ${name} text (${encoding}), not Chinese; nothing was imported`
            : `“${fileName}”读来是${name}文字（${encoding}），不是中文，未导入`,
        );
      });
      expect(headlines(archive)).toEqual(headlines(openArchive()));
      expect(archive.db.prepare('SELECT count(*) FROM imports').pluck().get()).toBe(0);
    }
  });

  it('tells Japanese and Korean by their text, not by one sample: each paragraph alone, and UTF-8 and UTF-16 too', () => {
    const foreign: [string, Uint8Array][] = [];
    for (const p of paragraphs(JAPANESE_NEWS)) {
      foreign.push(
        [`sjis ${p}`, iconv.encode(p, 'shift_jis')],
        [`euc-jp ${p}`, iconv.encode(p, 'euc-jp')],
        [`iso-2022-jp ${p}`, iso2022jp(p)],
      );
    }
    for (const p of paragraphs(KOREAN_NEWS)) foreign.push([`euc-kr ${p}`, iconv.encode(p, 'euc-kr')]);
    for (const text of [JAPANESE_NEWS, KOREAN_NEWS]) {
      foreign.push(
        [`utf-8 ${text.slice(0, 8)}`, Buffer.from(text)],
        [`utf-16le ${text.slice(0, 8)}`, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
      );
    }
    for (const [label, bytes] of foreign)
      expect(
        codeOf(() => decodePageText(bytes, 'x.txt')),
        label,
      ).toBe('IMPORT_FOREIGN_ENCODING');
  });

  it('decodes all three fixture pages from every Chinese encoding to the very same text', () => {
    for (const name of PAGE_FILES) {
      const text = pageText(name);
      const variants: [string, Uint8Array, string][] = [
        ['utf-8', Buffer.from(text), 'utf-8'],
        ['utf-8 with BOM', Buffer.from(`\ufeff${text}`), 'utf-8'],
        ['utf-16le with BOM', Buffer.from(`\ufeff${text}`, 'utf16le'), 'utf-16le'],
        ['utf-16le without BOM', Buffer.from(text, 'utf16le'), 'utf-16le'],
        ['utf-16be with BOM', iconv.encode(text, 'utf-16be', { addBOM: true }), 'utf-16be'],
        ['utf-16be without BOM', iconv.encode(text, 'utf-16be'), 'utf-16be'],
        ['gb18030', iconv.encode(text, 'gb18030'), 'gb18030'],
        ['gbk', iconv.encode(text, 'gbk'), 'gb18030'],
      ];
      for (const [label, bytes, encoding] of variants) {
        expect(decodePageText(bytes, name), `${name} as ${label}`).toEqual({ text, encoding });
      }
    }
  });

  it('never takes a piece of a Chinese page for Japanese or Korean, however short', () => {
    for (const name of PAGE_FILES) {
      for (const p of paragraphs(pageText(name))) {
        for (const encoding of ['gb18030', 'utf-8', 'utf-16le', 'utf-16be']) {
          expect(
            codeOf(() => decodePageText(iconv.encode(p, encoding), name)),
            `${encoding} ${p}`,
          ).not.toBe('IMPORT_FOREIGN_ENCODING');
        }
      }
    }
  });

  it('imports a Chinese page that quotes a Japanese name in kana, from every Chinese encoding', () => {
    const quoting = june.replace('近日，沙市', '近日，日本歌手あいみょん和乐队ヨルシカ的歌迷也来到沙市');
    expect(quoting).not.toBe(june);
    const variants: [string, Uint8Array][] = [
      ['utf-8', Buffer.from(quoting)],
      ['utf-16le', Buffer.from(`\ufeff${quoting}`, 'utf16le')],
      ['utf-16be', iconv.encode(quoting, 'utf-16be')],
      ['gb18030', iconv.encode(quoting, 'gb18030')],
      ['gbk', iconv.encode(quoting, 'gbk')],
    ];
    for (const [label, bytes] of variants) {
      expect(decodePageText(bytes, 'quoting.txt').text, label).toBe(quoting);
      const archive = openArchive();
      const { articleIds } = importBytes(archive, bytes, `${label}.txt`);
      const bodies = articleIds.map((id) =>
        archive
          .get(id)
          .body.map((b) => b.text)
          .join('\n'),
      );
      expect(
        bodies.some((b) => b.includes('日本歌手あいみょん和乐队ヨルシカ的歌迷')),
        label,
      ).toBe(true);
    }
  });
});

describe('a batch of files', () => {
  const i18n = createI18n('en');
  const input = (fileName: string, text: string | Uint8Array) => ({
    fileName,
    read: () => (typeof text === 'string' ? Buffer.from(text) : text),
  });

  it('writes several files together and still reports, skips and refuses file by file', () => {
    const archive = openArchive();
    const heard: [number, string][] = [];
    const { reports, cancelled } = importReports(
      archive,
      [
        input('jingzhou.txt', pageText('jingzhou-2023-11.txt')),
        input('broken.txt', makePng(8, 8)),
        input('june.txt', june),
        input('june-again.txt', june),
        input('march.txt', pageText('shashi-2024-03.txt')),
      ],
      {},
      i18n,
      { onProgress: (done, _total, r) => heard.push([done, r.fileName]) },
    );
    expect(cancelled).toBe(false);
    expect(heard).toEqual([
      [1, 'jingzhou.txt'],
      [2, 'broken.txt'],
      [3, 'june.txt'],
      [4, 'june-again.txt'],
      [5, 'march.txt'],
    ]);
    expect(reports.map((r) => [r.ok, r.duplicate, r.error?.code ?? null])).toEqual([
      [true, false, null],
      [false, false, 'IMPORT_BINARY'],
      [true, false, null],
      [true, true, null],
      [true, false, null],
    ]);
    expect(reports[1]!.error!.message).toMatch(/binary|not a text/i);
    // Every file written has its import row and exactly its own articles.
    const perImport = archive.db
      .prepare(
        'SELECT i.file_name AS file, i.articles, (SELECT count(*) FROM articles a WHERE a.import_id = i.id) AS stored FROM imports i ORDER BY i.id',
      )
      .all() as { file: string; articles: number; stored: number }[];
    expect(perImport.map((r) => r.file)).toEqual(['jingzhou.txt', 'june.txt', 'march.txt']);
    for (const [i, row] of perImport.entries()) expect(row.stored).toBe([reports[0], reports[2], reports[4]][i]!.articleIds.length);
  });

  it('tries each file of a group alone when the group cannot be written, so one failure sinks no other file', () => {
    const archive = openArchive();
    // A write that fails for one file only, as a full disk or a damaged page would.
    archive.db.exec(
      "CREATE TEMP TRIGGER refuse_june BEFORE INSERT ON main.imports WHEN NEW.file_name = 'june.txt' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END",
    );
    const { reports } = importReports(
      archive,
      [
        input('jingzhou.txt', pageText('jingzhou-2023-11.txt')),
        input('june.txt', june),
        input('march.txt', pageText('shashi-2024-03.txt')),
      ],
      {},
      i18n,
    );
    expect(reports.map((r) => r.ok)).toEqual([true, false, true]);
    expect(reports[1]!.error!.code).toBe('INTERNAL');
    expect(reports[1]!.articleIds).toEqual([]);
    const files = archive.db.prepare('SELECT file_name FROM imports ORDER BY id').pluck().all();
    expect(files).toEqual(['jingzhou.txt', 'march.txt']);
    const stored = archive.db.prepare('SELECT count(*) FROM articles WHERE import_id IS NOT NULL').pluck().get();
    expect(stored).toBe(reports[0]!.articleIds.length + reports[2]!.articleIds.length);
    // and the search index holds an entry for every article and for nothing else
    expect(archive.db.prepare('SELECT count(*) FROM search_keys').pluck().get()).toBe(
      archive.db.prepare('SELECT count(*) FROM articles').pluck().get(),
    );
  });
});

describe('an import while the desk waits to save', () => {
  const i18n = createI18n('en');
  const input = (fileName: string, text: string) => ({ fileName, read: () => Buffer.from(text) });
  it('commits after the file at hand so the waiting save goes first, and a later failure loses none of what was committed', () => {
    const { dir, cleanup } = tempDir();
    // Yields as soon as someone waits (the app waits 50 ms first: a commit per file costs the import).
    const archive = Archive.open(dir, { yieldAfterMs: 0 });
    cleanups.push(() => archive.close(), cleanup);
    // A desk waiting for the write lock leaves its marker (as Archive.write does while it waits).
    const desk = Archive.open(archive.dir);
    cleanups.push(() => desk.close());
    const leave = desk.waitForTurn();
    archive.db.exec(
      "CREATE TEMP TRIGGER refuse_march BEFORE INSERT ON main.imports WHEN NEW.file_name = 'march.txt' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END",
    );
    const started = performance.now();
    const { reports } = importReports(
      archive,
      [
        input('jingzhou.txt', pageText('jingzhou-2023-11.txt')),
        input('june.txt', june),
        input('march.txt', pageText('shashi-2024-03.txt')),
      ],
      {},
      i18n,
    );
    const elapsed = performance.now() - started;
    leave();
    // It committed after each file and held back for the waiter (whose marker never goes:
    // up to a second each time) instead of writing the group in one go.
    expect(elapsed).toBeGreaterThan(1800);
    expect(reports.map((r) => [r.fileName, r.ok, r.duplicate])).toEqual([
      ['jingzhou.txt', true, false],
      ['june.txt', true, false],
      ['march.txt', false, false],
    ]);
    expect(reports[0]!.articleIds.length).toBeGreaterThan(0);
    expect(archive.db.prepare('SELECT file_name FROM imports ORDER BY id').pluck().all()).toEqual(['jingzhou.txt', 'june.txt']);
    expect(archive.db.prepare('SELECT count(*) FROM articles WHERE import_id IS NOT NULL').pluck().get()).toBe(
      reports[0]!.articleIds.length + reports[1]!.articleIds.length,
    );
  });
});

describe('banmian import', () => {
  it('imports a batch, goes on past a bad file, reports each file and exits non-zero', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const bad = join(dir, 'broken.txt');
    writeFileSync(bad, makePng(8, 8));
    const run = promisify(execFile);
    const bin = join(__dirname, '..', '..', 'bin', 'banmian.cjs');
    const data = join(dir, 'archive');
    const args = [
      bin,
      '--data',
      data,
      'import',
      join(PAGES_DIR, 'jingzhou-2023-11.txt'),
      bad,
      join(PAGES_DIR, 'shashi-2024-06.txt'),
      '--edition',
      '2023-11-28',
      '--page',
      '3',
      '--json',
    ];
    const failure = await run(process.execPath, args).catch((e: { code: number; stdout: string }) => e);
    expect((failure as { code: number }).code).toBe(1);
    const reports = JSON.parse((failure as { stdout: string }).stdout) as {
      fileName: string;
      ok: boolean;
      articleIds: string[];
      error?: { code: string; message: string };
    }[];
    expect(reports.map((r) => [r.fileName, r.ok])).toEqual([
      ['jingzhou-2023-11.txt', true],
      ['broken.txt', false],
      ['shashi-2024-06.txt', true],
    ]);
    expect(reports[1]?.error?.code).toBe('IMPORT_BINARY');
    const { stdout } = await run(process.execPath, [bin, '--data', data, 'articles', '--json']);
    const articles = JSON.parse(stdout) as {
      editionDate: string;
      page: number;
      byline: { name: string }[];
      origin: { fileName: string } | null;
    }[];
    const imported = articles.filter((a) => a.origin);
    expect(imported.length).toBe(reports[0]!.articleIds.length + reports[2]!.articleIds.length);
    expect(imported.every((a) => a.editionDate === '2023-11-28' && a.page === 3)).toBe(true);
    expect(imported.some((a) => a.byline.some((b) => b.name === '王丙全'))).toBe(true);
  });

  it('says which file was dated how, and how many had no date and how to give one, refusing none', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const dated = join(dir, 'dated.txt');
    writeFileSync(dated, `2024年6月25日 星期二 第58期 总第12345期\n第2版 沙市新闻\n\n${june}`);
    const bin = join(__dirname, '..', '..', 'bin', 'banmian.cjs');
    const args = [bin, '--data', join(dir, 'archive'), 'import', dated, join(PAGES_DIR, 'jingzhou-2023-11.txt')];
    const { stdout, stderr } = await promisify(execFile)(process.execPath, args, { env: { ...process.env, BANMIAN_LANG: 'en' } });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^\[1\/2\] dated\.txt: imported \d+ articles .*; edition of 2024-06-25, issue 58, no\. 12345 overall$/);
    expect(lines[1]).toMatch(
      /^\[2\/2\] jingzhou-2023-11\.txt: imported \d+ articles .*; no edition date: its stories are marked for review$/,
    );
    expect(stderr).toContain('Files without an edition date: 1 (none printed on the page, none given for the batch)');
    expect(stderr).toContain('--edition YYYY-MM-DD');
  });
});

describe('import in a worker thread', () => {
  it('imports off the calling thread and reports after each file', async () => {
    const { runImport } = await import('../../electron/import/run-import');
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    Archive.open(dir).close();
    const files = PAGE_FILES.map((f) => ({ fileName: f, path: join(PAGES_DIR, f) }));
    const heard: number[] = [];
    const { reports, cancelled } = await runImport({ dataDir: dir, language: 'en', files, options: {} }, (done) => heard.push(done)).result;
    expect(cancelled).toBe(false);
    expect(heard).toEqual([1, 2, 3]);
    expect(reports.map((r) => r.ok)).toEqual([true, true, true]);
    const archive = Archive.open(dir);
    cleanups.unshift(() => archive.close());
    expect(archive.list({ limit: 1000 }).filter((a) => a.needsReview)).toHaveLength(reports.reduce((n, r) => n + r.articleIds.length, 0));
  });

  it('reads on one thread while it writes on another, and reports every file of a long batch in order', async () => {
    const { runImport } = await import('../../electron/import/run-import');
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    Archive.open(dir).close();
    const texts = PAGE_FILES.map((f) => pageText(f));
    // 60 distinct page files, a broken one at 17 and the same bytes as file 3 again at 40.
    const files = Array.from({ length: 60 }, (_, i) => {
      const path = join(dir, `page-${i}.txt`);
      if (i === 17) writeFileSync(path, makePng(4, 4));
      else writeFileSync(path, i === 40 ? `${texts[3 % 3]}\n本版编辑 第3号\n` : `${texts[i % 3]}\n本版编辑 第${i}号\n`);
      return { fileName: `page-${i}.txt`, path };
    });
    const heard: string[] = [];
    const { reports, cancelled } = await runImport({ dataDir: dir, language: 'zh-CN', files, options: {} }, (_done, _total, r) =>
      heard.push(r.fileName),
    ).result;
    expect(cancelled).toBe(false);
    expect(heard).toEqual(files.map((f) => f.fileName));
    expect(reports.map((r) => r.fileName)).toEqual(files.map((f) => f.fileName));
    expect(reports[17]).toMatchObject({ ok: false, error: { code: 'IMPORT_BINARY' } });
    expect(reports[17]!.error!.message).not.toBe('IMPORT_BINARY');
    expect(reports[40]).toMatchObject({ ok: true, duplicate: true, articleIds: [] });
    const archive = Archive.open(dir);
    cleanups.unshift(() => archive.close());
    expect(archive.db.prepare('SELECT count(*) FROM imports').pluck().get()).toBe(58);
    const written = reports.reduce((n, r) => n + r.articleIds.length, 0);
    expect(archive.db.prepare('SELECT count(*) FROM articles WHERE import_id IS NOT NULL').pluck().get()).toBe(written);
    expect(written).toBeGreaterThan(58 * 5);
  });

  it('writes the same search index whichever thread cut a file’s index entries', () => {
    // The reader cuts a file's entries when it is ahead of the writer and leaves them to the
    // writer when it is not (reading-flow.ts): the archive must not tell the difference.
    const indexOf = (cutByReader: boolean) => {
      const archive = openArchive();
      for (const file of PAGE_FILES) {
        const prepared = readPageFile(Buffer.from(pageText(file)), file, {}, { cutIndex: cutByReader });
        expect(prepared.index === undefined).toBe(!cutByReader);
        archive.importFiles([prepared]);
      }
      const tables = ['article_search', 'article_impacts', 'article_char_impacts'];
      const vocab = tables.map((table) => {
        archive.db.exec(`CREATE VIRTUAL TABLE temp.v_${table} USING fts5vocab(main, ${table}, 'row')`);
        return archive.db.prepare(`SELECT term, doc, cnt FROM temp.v_${table} ORDER BY term`).raw().all();
      });
      const found = ['沙市', '市', '发展 建设'].flatMap((q) =>
        archive.search({ q, order: 'relevance', limit: 50 }).results.map((r) => `${r.headline} ${r.score}`),
      );
      return { vocab, found };
    };
    const byReader = indexOf(true);
    const byWriter = indexOf(false);
    for (const rows of byReader.vocab) expect(rows.length).toBeGreaterThan(50);
    expect(byWriter.vocab).toEqual(byReader.vocab);
    expect(byReader.found.length).toBeGreaterThan(0);
    expect(byWriter.found).toEqual(byReader.found);
  });

  it('stops between files when asked, leaving only whole files behind', async () => {
    const { runImport } = await import('../../electron/import/run-import');
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    Archive.open(dir).close();
    const files = PAGE_FILES.map((f) => ({ fileName: f, path: join(PAGES_DIR, f) }));
    const running = runImport({ dataDir: dir, language: 'en', files, options: {} });
    running.cancel();
    const { reports, cancelled } = await running.result;
    expect(cancelled).toBe(true);
    const archive = Archive.open(dir);
    cleanups.unshift(() => archive.close());
    // Each file imported before the stop is whole; none after it is there at all.
    expect(archive.db.prepare('SELECT count(*) FROM imports').pluck().get()).toBe(reports.length);
    expect(reports.length).toBeLessThan(files.length);
    const perImport = archive.db
      .prepare('SELECT i.articles, (SELECT count(*) FROM articles a WHERE a.import_id = i.id) AS stored FROM imports i')
      .all() as { articles: number; stored: number }[];
    for (const row of perImport) expect(row.stored).toBe(row.articles);
  });
});

describe('the 期号 and the date a page prints, kept and reported', () => {
  const masthead = '2024年6月25日 星期二 第58期 总第12345期\n第2版 沙市新闻 责任编辑：王平\n\n';
  const input = (fileName: string, text: string) => ({ fileName, read: () => Buffer.from(text) });
  const importRow = (archive: Archive, fileName: string) =>
    archive.db.prepare('SELECT edition_date, issue, total_issue FROM imports WHERE file_name = ?').get(fileName);

  it('keeps the issue numbers on the page’s import and in its report, and leaves the edition as a person numbered it', () => {
    const archive = openArchive();
    archive.createEdition({ date: '2024-06-25', number: 57, totalNumber: 12_344, paper: '沙市日报' });
    const editions = archive.editions().map((e) => [e.date, e.number, e.totalNumber]);
    const dated = importBytes(archive, Buffer.from(`${masthead}${june}`), 'dated.txt');
    expect(dated).toMatchObject({ duplicate: false, editionDate: '2024-06-25', issue: 58, totalIssue: 12_345 });
    expect(importRow(archive, 'dated.txt')).toEqual({ edition_date: '2024-06-25', issue: 58, total_issue: 12_345 });
    // 总第N期 alone is no 第N期; a page from the batch's date prints neither
    const total = importBytes(archive, Buffer.from(`总第12346期\n\n${pageText('jingzhou-2023-11.txt')}`), 'total.txt', {
      editionDate: '2024-06-26',
    });
    expect(total).toMatchObject({ editionDate: '2024-06-26', issue: null, totalIssue: 12_346 });
    const plain = importBytes(archive, Buffer.from(pageText('shashi-2024-03.txt')), 'plain.txt', { editionDate: '2024-03-05' });
    expect(plain).toMatchObject({ editionDate: '2024-03-05', issue: null, totalIssue: null });
    expect(importRow(archive, 'plain.txt')).toEqual({ edition_date: '2024-03-05', issue: null, total_issue: null });
    // The edition keeps the numbers a person gave it, and no edition is made for a date that has none.
    expect(archive.editions().map((e) => [e.date, e.number, e.totalNumber])).toEqual(editions);
  });

  it('says in the report which files were left without a date, and refuses none of them', () => {
    const archive = openArchive();
    const i18n = createI18n('en');
    const { reports } = importReports(
      archive,
      [
        input('dated.txt', `${masthead}${june}`),
        input('undated.txt', pageText('jingzhou-2023-11.txt')),
        input('again.txt', pageText('jingzhou-2023-11.txt')),
        input('march.txt', pageText('shashi-2024-03.txt')),
      ],
      {},
      i18n,
    );
    expect(reports.map((r) => [r.fileName, r.ok, r.duplicate, r.editionDate])).toEqual([
      ['dated.txt', true, false, '2024-06-25'],
      ['undated.txt', true, false, null],
      ['again.txt', true, true, undefined],
      ['march.txt', true, false, null],
    ]);
    expect(undatedFiles(reports)).toBe(2);
    const undated = reports[1]!.articleIds.map((id) => archive.get(id));
    expect(undated.every((a) => a.editionDate === null && a.needsReview && a.origin!.doubts.includes('no-edition-date'))).toBe(true);
    // what the desk, the File menu and the command line show of each file
    const line = (r: ImportReport) => withDating(i18n, r.fileName, r);
    expect(reports.map(line)).toEqual([
      'dated.txt; edition of 2024-06-25, issue 58, no. 12345 overall',
      'undated.txt; no edition date: its stories are marked for review',
      'again.txt',
      'march.txt; no edition date: its stories are marked for review',
    ]);
    expect(withDating(createI18n('zh-CN'), 'dated.txt', reports[0]!)).toBe('dated.txt；出版日期 2024-06-25，第58期，总第12345期');
  });

  it('sends the issue numbers with the imported story to the newsroom, and another desk keeps them on its import', () => {
    const one = openArchive();
    const { articleIds } = importBytes(one, Buffer.from(`${masthead}${june}`), 'dated.txt');
    const plain = importBytes(one, Buffer.from(pageText('shashi-2024-03.txt')), 'plain.txt', { editionDate: '2024-03-05' });
    const doc = DOC_SCHEMAS.article.parse(articleDoc(one.db, articleIds[0]!, 'aaaaaaaa-1'));
    expect(doc.origin).toMatchObject({ fileName: 'dated.txt', issue: 58, totalIssue: 12_345 });
    // a page that prints none sends the record it always sent
    const plainDoc = DOC_SCHEMAS.article.parse(articleDoc(one.db, plain.articleIds[0]!, 'aaaaaaaa-1'));
    expect(Object.keys(plainDoc.origin!).sort()).toEqual(['confidence', 'doubts', 'fileHash', 'fileName', 'firstLine', 'lastLine']);

    const two = openArchive();
    const record = (key: string, d: unknown, seq: number) => ({
      key,
      version: 1,
      seq,
      doc: d,
      by: null,
      device: 'aaaaaaaa-1',
      at: doc.createdAt,
    });
    applyRecords(two, [record(`article:${doc.id}`, doc, 1), record(`article:${plainDoc.id}`, plainDoc, 2)], 'bbbbbbbb-2', doc.createdAt);
    expect(two.get(doc.id).origin?.fileName).toBe('dated.txt');
    expect(importRow(two, 'dated.txt')).toEqual({ edition_date: '2024-06-25', issue: 58, total_issue: 12_345 });
    expect(importRow(two, 'plain.txt')).toEqual({ edition_date: '2024-03-05', issue: null, total_issue: null });
  });
});
