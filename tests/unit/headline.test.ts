import { describe, expect, it } from 'vitest';
import { mayNotEndLine, mayNotStartLine } from '../../shared/typeset/chars';
import { composeHeading } from '../../shared/typeset/headline';
import { composeParagraph } from '../../shared/typeset/compose';
import { emptyDraft, headingOnOneLine, type Article } from '../../shared/domain/article';
import { nitfXml } from '../../shared/export/nitf';

const article = (): Article => ({
  ...emptyDraft(),
  id: 'a1',
  status: 'approved',
  version: 1,
  body: [{ type: 'paragraph', text: '正文。' }],
  chars: 2,
  charsWithPunctuation: 3,
  editionDate: '2024-03-05',
  page: 1,
  origin: null,
  needsReview: false,
  createdAt: '2024-03-05T08:00:00.000Z',
  updatedAt: '2024-03-05T08:00:00.000Z',
  createdBy: null,
  updatedBy: null,
  signedRevision: null,
});

const texts = (text: string, width: number) => composeHeading(text, width).map((l) => l.text);

describe('headlines broken as a compositor breaks them', () => {
  it('keeps the editor’s line break as a break, never a space', () => {
    expect(texts('抓紧建立\n支持小微企业融资协调工作机制', 20)).toEqual(['抓紧建立', '支持小微企业融资协调工作机制']);
    expect(composeHeading('抓紧建立\n支持小微企业', 20).flatMap((l) => l.glyphs.map((g) => g.ch))).not.toContain(' ');
    // Blank lines and the spaces around a break are no lines of their own.
    expect(texts('  全市专题研讨班开班 \n\n ', 20)).toEqual(['全市专题研讨班开班']);
  });

  it('breaks a line too long evenly, where body text would leave a word cut and a character alone', () => {
    // Body text fills the first line: 改革经验全/省推广 — a word cut.
    expect(composeParagraph('改革经验全省推广', { width: 5, align: 'center' }).map((l) => l.text)).toEqual(['改革经验全', '省推广']);
    expect(texts('改革经验全省推广', 5)).toEqual(['改革经验', '全省推广']);
    // Never a single character (or two) left on the last line: the lines come out even.
    const lines = texts('沙市区召开区委常委会扩大会议', 13);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect([...line].length).toBeGreaterThan(5);
  });

  it('breaks between the phrases a headline is written in, when they fit in as many lines', () => {
    expect(texts('锚定新一轮机构改革 奋力推进机构编制工作再上新台阶', 16)).toEqual([
      '锚定新一轮机构改革',
      '奋力推进机构编制工作再上新台阶',
    ]);
    expect(texts('坚持党建引领，聚焦重点领域改革，服务经济民生大局', 16)).toEqual(['坚持党建引领，聚焦重点领域改革，', '服务经济民生大局']);
  });

  it('says a broken headline on one line where a format has no breaks (NITF), phrases apart', () => {
    expect(headingOnOneLine('抓紧建立\n支持小微企业融资协调工作机制')).toBe('抓紧建立 支持小微企业融资协调工作机制');
    const xml = nitfXml({ ...article(), headline: '锚定新一轮机构改革\n奋力推进' }, { paper: '江城日报' });
    expect(xml).toContain('<hl1>锚定新一轮机构改革 奋力推进</hl1>');
  });

  it('keeps the clreq prohibitions in every line it makes', () => {
    for (const text of ['“十四五”规划收官之年：全区经济总量首次突破千亿元大关', '《沙市区志》（2001—2020）正式出版发行，填补空白']) {
      for (const width of [6, 7.5, 9, 11, 14]) {
        const lines = composeHeading(text, width);
        expect(lines.map((l) => l.text).join('')).toBe(text.replace(/\s/g, ''));
        for (const line of lines) {
          const chars = [...line.text];
          expect(mayNotStartLine(chars[0]!), `${width}: ${line.text}`).toBe(false);
          expect(mayNotEndLine(chars.at(-1)!), `${width}: ${line.text}`).toBe(false);
          const last = line.glyphs.at(-1)!;
          expect(last.x + last.advance).toBeLessThanOrEqual(width + 1e-6);
        }
      }
    }
  });

  it('centres each line on the full measure', () => {
    const [first] = composeHeading('改革经验全省推广', 10);
    const alone = composeParagraph('改革经验全省推广', { width: 10, align: 'center' })[0]!;
    expect(first!.glyphs[0]!.x).toBe(alone.glyphs[0]!.x);
    const [a, b] = composeHeading('改革经验全省推广', 5);
    expect(a!.glyphs[0]!.x).toBeCloseTo(0.5);
    expect(b!.glyphs[0]!.x).toBeCloseTo(0.5);
  });
});
