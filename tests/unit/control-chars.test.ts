import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { Article } from '../../shared/domain/article';
import { AppServices } from '../../electron/services/app-services';
import { wireText } from '../../shared/export/nitf';
import { escapeControlChars, removeControlChars } from '../../shared/text/control-chars';
import { pageText } from '../support/fixtures';
import { asAdmin, openServices } from '../support/services';
import { tempFolders } from '../support/temp';

const run = promisify(execFile);
const BIN = join(__dirname, '..', '..', 'bin', 'banmian.cjs');
const temp = tempFolders();
afterEach(() => temp.cleanupAll());

/** Any character a terminal would act on: C0 but tab and line feed (a bare CR too), DEL, C1, and the noncharacters. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff]/u;

/** Every string in a value, however deep. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

async function call<T>(services: AppServices, method: string, input: unknown): Promise<T> {
  const result = await services.call(method, input, await asAdmin(services));
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

describe('control characters as text', () => {
  it('are removed (terminal sequences whole) with lines and the text around them kept, a tab becoming a space', () => {
    expect(
      removeControlChars('沙市\u001b[1;31m新闻\u001b[0m\u0007\u0000稿\r\n第二\t行\u000c\n\u007f第\u0085三\u009b2J行\ufffe\uffff'),
    ).toBe('沙市新闻稿\r\n第二 行 \n第三行');
    expect(removeControlChars('\u001b]0;title\u0007标题\u001bX')).toBe('标题X');
    // a lone surrogate goes, a pair (an emoji, a CJK Extension B character) stays
    expect(removeControlChars('甲\ud800乙\udc00丙😀𠀋')).toBe('甲乙丙😀𠀋');
  });

  it('are escaped as JSON-style \\u escapes that read back to the same text, tab and line feed left alone', () => {
    const text = '头条\u001b[2J\u0007\t\n\u0085\u007f\ud800😀';
    expect(escapeControlChars(text)).toBe('头条\\u001b[2J\\u0007\t\n\\u0085\\u007f\\ud800😀');
    expect(JSON.parse(`"${escapeControlChars('\u009b\u007f\ufffe')}"`)).toBe('\u009b\u007f\ufffe');
  });
});

describe('a page file with control characters in it', () => {
  const june = pageText('shashi-2024-06.txt');
  // ESC sequences (a terminal capture), BEL, NUL, DEL, C1 (8-bit CSI among them), the
  // noncharacters U+FFFE/U+FFFF, a tab and a form feed, in a file with CR LF line ends.
  const edits: [string, string][] = [
    ['本报讯（通讯员代艳丽）近日，沙市', '\u001b[1m本报讯\u001b[0m（通讯员代\u0000艳丽）近日，\u0007沙市'],
    ['全区 2024年度招聘双选会举行', '\u001b[2J\u001b[H全区 2024年度招聘\u007f双选会举行\u0085'],
    ['据悉，此次招聘会上', '据悉，\u009b31m此次\u0080招聘会上\u001b]0;title\u0007'],
    ['60家企业提供', '60家企业\ufffe提供\uffff'],
    ['沙市 简讯', '沙市\t简讯'],
    ['沙市区召开创建全国文明城市', '\u000c沙市区召开创建全国文明城市'],
  ];
  const dirty = edits.reduce((text, [from, to]) => text.replace(from, to), june).replace(/\n/gu, '\r\n');

  /** What the desk sees of the articles of an import, read back through the API. */
  async function imported(services: AppServices, bytes: Buffer, fileName: string): Promise<Article[]> {
    const [report] = await call<{ ok: boolean; articleIds: string[] }[]>(services, 'pages.import', {
      files: [{ fileName, dataBase64: bytes.toString('base64') }],
    });
    expect(report).toMatchObject({ ok: true });
    return Promise.all(report!.articleIds.map((id) => call<Article>(services, 'articles.get', { id })));
  }
  const content = (a: Article) => ({ ...a, id: '', createdAt: '', updatedAt: '', origin: a.origin && { ...a.origin, fileName: '' } });

  it('is imported with none of them stored and every visible character around them kept', async () => {
    for (const [from, to] of edits) expect(to).not.toBe(from);
    expect(dirty).toMatch(RAW_CONTROL);
    const services = openServices(temp);
    const clean = await imported(services, Buffer.from(june), 'clean.txt');
    const stored = await imported(services, Buffer.from(dirty), 'dirty.txt');
    for (const a of stored) for (const s of strings(a)) expect(s, a.headline).not.toMatch(RAW_CONTROL);
    // the same articles as from the clean page, to the character and line number
    expect(stored.map(content)).toEqual(clean.map(content));
    expect(stored.some((a) => a.headline === '全区2024年度招聘双选会举行')).toBe(true);
  });
});

describe('text saved with control characters', () => {
  const HEADLINE = '全市\u001b[2J\u0007防汛\u009b31m演练\u007f';
  const NAME = '王\u001b[31m五\u0007';

  /** An archive where the desk saved (through the API) a headline and a byline name holding terminal sequences. */
  async function archiveWithHostileArticle(): Promise<{ dir: string; article: Article }> {
    const dir = temp.folder();
    // closed before the command line opens the same archive
    const services = AppServices.open(dir);
    try {
      const article = await saveHostileArticle(services);
      // signed off, so that the contributor figures (banmian people) count it: drafts are never paid
      for (const action of ['submit', 'edit', 'approve'] as const) services.archive.setStatus(article.id, action);
      return { dir, article };
    } finally {
      services.close();
    }
  }

  async function saveHostileArticle(services: AppServices): Promise<Article> {
    const created = await call<Article>(services, 'articles.create', {});
    const article = await call<Article>(services, 'articles.save', {
      id: created.id,
      baseVersion: created.version,
      draft: { ...created, headline: HEADLINE, kicker: '引题\u0085', byline: [{ role: 'reporter', name: NAME }] },
    });
    expect(article.headline).toBe(HEADLINE);
    return article;
  }

  async function banmian(dir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = { ...process.env, LANG: 'zh_CN.UTF-8' };
    return run(process.execPath, [BIN, '--data', dir, ...args], { env }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
  }

  it('never reaches the terminal raw from banmian articles, search or people, and shows there escaped', async () => {
    const { dir } = await archiveWithHostileArticle();
    for (const args of [['articles'], ['search', '防汛'], ['people']]) {
      const { code, stdout, stderr } = await banmian(dir, args);
      expect(code, `${args[0]}: ${stderr}`).toBe(0);
      expect(stdout, args[0]).not.toMatch(RAW_CONTROL);
      expect(stderr, args[0]).not.toMatch(RAW_CONTROL);
      expect(stdout, args[0]).toContain(args[0] === 'people' ? '王\\u001b[31m五\\u0007' : '全市\\u001b[2J\\u0007防汛\\u009b31m演练\\u007f');
    }
  });

  it('is printed by --json as valid JSON that reads back to exactly what was saved (DEL and C1 too, which JSON.stringify leaves raw)', async () => {
    const { dir, article } = await archiveWithHostileArticle();
    const articles = await banmian(dir, ['articles', '--json']);
    expect(articles.stdout).not.toMatch(RAW_CONTROL);
    const saved = (JSON.parse(articles.stdout) as { id: string; headline: string; kicker: string }[]).find((a) => a.id === article.id);
    expect(saved).toMatchObject({ headline: HEADLINE, kicker: '引题\u0085' });
    const search = await banmian(dir, ['search', '防汛', '--json']);
    expect(search.stdout).not.toMatch(RAW_CONTROL);
    expect((JSON.parse(search.stdout) as { headline: string }[]).map((r) => r.headline)).toContain(HEADLINE);
    const people = await banmian(dir, ['people', '--json']);
    expect(people.stdout).not.toMatch(RAW_CONTROL);
    expect((JSON.parse(people.stdout) as { name: string }[]).map((r) => r.name)).toContain(NAME);
  });

  it('is left out of the wire text', async () => {
    const { article } = await archiveWithHostileArticle();
    const text = wireText(article);
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text.split('\n')).toContain('全市防汛演练');
    expect(text).toContain('王五');
  });
});
