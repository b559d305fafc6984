import { describe, expect, it } from 'vitest';
import { splitPageText } from '../../shared/import/page-text';
import { mayNotEndLine, mayNotStartLine } from '../../shared/typeset/chars';
import { composeParagraph, type Line } from '../../shared/typeset/compose';
import { typesetText } from '../../shared/typeset/text';
import { PAGE_FILES, pageText } from '../support/fixtures';

const texts = (lines: readonly Line[]) => lines.map((l) => l.text);
const EPS = 1e-9;

/** The width a line takes: from its first glyph's start to its last glyph's end. */
const lineEnd = (l: Line) => l.glyphs.at(-1)!.x + l.glyphs.at(-1)!.advance;

/** Every body paragraph of every fixture page, as the importer reads them. */
const paragraphs = PAGE_FILES.flatMap((f) => splitPageText(pageText(f)).flatMap((a) => a.body.map((b) => b.text))).filter(
  (p) => p.length > 8,
);

/** The lines a paragraph was printed in: the fixture's own line breaks, white space removed. */
function printedLines(file: (typeof PAGE_FILES)[number], firstLine: string, paragraph: string): string[] {
  const lines = pageText(file)
    .split('\n')
    .map((l) => l.replace(/\s+/gu, ''));
  const start = lines.indexOf(firstLine);
  expect(start, `printed line ${firstLine}`).toBeGreaterThanOrEqual(0);
  const wanted = paragraph.replace(/\s+/gu, '');
  const out: string[] = [];
  let got = '';
  for (let i = start; got.length < wanted.length && i < lines.length; i++) {
    if (!lines[i]) continue; // a column break
    out.push(lines[i]!);
    got += lines[i];
  }
  expect(got).toBe(wanted);
  return out;
}

describe('the composer on the fixture pages', () => {
  it('has paragraphs to work on', () => {
    expect(paragraphs.length).toBeGreaterThan(100);
  });

  it.each([13, 11, 8.33, 16, 17])('at %s characters a line, obeys the prohibition rules and never overflows', (width) => {
    for (const p of paragraphs) {
      const lines = composeParagraph(p, { width, indent: 2 });
      // Nothing lost, nothing added (spaces at breaks aside).
      expect(
        lines
          .map((l) => l.text)
          .join('')
          .replace(/\s+/gu, ''),
      ).toBe(p.replace(/\s+/gu, ''));
      lines.forEach((l, i) => {
        const first = [...l.text][0]!;
        const last = [...l.text].at(-1)!;
        if (i > 0) expect(mayNotStartLine(first), `line starts with ${first}: ${l.text}`).toBe(false);
        if (i < lines.length - 1) expect(mayNotEndLine(last), `line ends with ${last}: ${l.text}`).toBe(false);
        expect(lineEnd(l)).toBeLessThanOrEqual(width + EPS);
        // Justified: every line but the last reaches the right edge.
        if (!l.last) expect(lineEnd(l)).toBeCloseTo(width, 6);
      });
      expect(lines.at(-1)!.last).toBe(true);
    }
  });

  it('sets the first line two characters in', () => {
    const [first, second] = composeParagraph(paragraphs[0]!, { width: 13, indent: 2 });
    expect(first!.glyphs[0]!.x).toBe(2);
    expect(second!.glyphs[0]!.x).toBe(0);
  });

  it.each([
    ['jingzhou-2023-11.txt', 16, '为帮助更多经营主体解决融资难'],
    ['jingzhou-2023-11.txt', 15, '今年以来，市政务服务和大数据'],
    ['jingzhou-2023-11.txt', 16, '研讨班为期3天，将采取专题辅'],
    ['jingzhou-2023-11.txt', 16, '第三届“雏菊花”国际微电影微'],
    ['jingzhou-2023-11.txt', 17, '“这几栋违建房快垮了，大家都'],
    ['jingzhou-2023-11.txt', 16, '“总共180分了，能够兑换不'],
    ['shashi-2024-06.txt', 16, '代表们先后观摩了沙市区法院警'],
  ] as const)('breaks a paragraph of %s at %s characters where the printed page broke it (%s…)', (file, width, start) => {
    const paragraph = splitPageText(pageText(file))
      .flatMap((a) => a.body.map((b) => b.text))
      .find((t) => t.replace(/\s+/gu, '').startsWith(start.replace(/\s+/gu, '')));
    expect(paragraph).toBeDefined();
    const lines = composeParagraph(paragraph!, { width, indent: 2 }).map((l) => l.text.replace(/\s+/gu, ''));
    expect(lines).toEqual(printedLines(file, lines[0]!, paragraph!));
    expect(lines.length).toBeGreaterThanOrEqual(3);
  });
});

describe('the composer’s rules', () => {
  it('never starts a line with closing marks, · ～ or a lone dash, and never ends one with an opening mark', () => {
    for (const mark of ['，', '。', '、', '）', '》', '”', '·', '～', '—', '！', '？', '：', '；']) {
      const lines = composeParagraph(`一二三四五${mark}六七`, { width: 5 });
      expect(texts(lines)[1]![0], mark).not.toBe(mark);
      expect(texts(lines)[0]).toBe('一二三四');
      expect(texts(lines)[1]).toBe(`五${mark}六七`);
    }
    for (const mark of ['（', '《', '“']) {
      const lines = composeParagraph(`一二三四${mark}五六七`, { width: 5 });
      expect(texts(lines)[0], mark).toBe('一二三四');
      expect(texts(lines)[1]).toBe(`${mark}五六七`);
    }
  });

  it('keeps —— and …… whole, and a number whole', () => {
    expect(texts(composeParagraph('一二三四——五六七', { width: 5 }))).toEqual(['一二三', '四——五', '六七']);
    for (const width of [4, 5, 6, 7]) {
      for (const text of ['一二三四——五六七八九', '一二三四……五六七八九', '一二三12345六七八九十']) {
        const lines = texts(composeParagraph(text, { width }));
        for (const l of lines.slice(1)) expect(l[0], `${text} at ${width}: ${lines.join('|')}`).not.toMatch(/[—…]/u);
        expect(lines.join('|')).not.toMatch(/\d\|\d/u);
      }
    }
  });

  it('sets Latin letters and digits half width, with a quarter em where they meet Chinese', () => {
    const [line] = composeParagraph('2024年', { width: 10 });
    expect(line!.glyphs.map((g) => g.advance)).toEqual([0.5, 0.5, 0.5, 0.5, 1]);
    expect(line!.glyphs[4]!.x).toBe(2.25);
  });

  it('squeezes two marks side by side to one and a half ems', () => {
    const [line] = composeParagraph('他说：“好。”我们', { width: 20 });
    const at = (ch: string) => line!.glyphs.find((g) => g.ch === ch)!;
    expect(at('：').advance).toBe(0.5);
    expect(at('“').advance).toBe(1);
    expect(at('。').advance).toBe(0.5);
    expect(at('”').advance).toBe(1);
  });

  it('squeezes marks to take in one more character before it pushes one to the next line', () => {
    const lines = composeParagraph('一二三，四五六七八九，十一二三', { width: 10 });
    expect(texts(lines)[0]).toBe('一二三，四五六七八九，');
    expect(lines[0]!.glyphs.filter((g) => g.ch === '，').map((g) => g.advance)).toEqual([0.5, 0.5]);
    expect(lineEnd(lines[0]!)).toBeCloseTo(10, 9);
  });

  it('pushes when squeezing is not enough, and justifies what is left', () => {
    const lines = composeParagraph('一二三四五六七八九，十一', { width: 9 });
    expect(texts(lines)).toEqual(['一二三四五六七八', '九，十一']);
    expect(lineEnd(lines[0]!)).toBeCloseTo(9, 9);
    expect(lines[1]!.glyphs.map((g) => g.advance)).toEqual([1, 1, 1, 1]);
  });

  it('never ends a paragraph in a line of one character (孤字)', () => {
    const lines = composeParagraph('一二三四五六七八九十壹', { width: 5 });
    expect(texts(lines)).toEqual(['一二三四五', '六七八九', '十壹']);
    for (const p of paragraphs) {
      for (const width of [11, 13]) {
        const all = composeParagraph(p, { width, indent: 2 });
        if (all.length < 2) continue;
        const solid = [...all.at(-1)!.text].filter((c) => /[\p{L}\p{N}]/u.test(c)).length;
        expect(solid, `${p.slice(0, 10)} at ${width}`).toBeGreaterThan(1);
      }
    }
  });

  it('centres and sets flush right when asked', () => {
    const [centred] = composeParagraph('标题', { width: 10, align: 'center' });
    expect(centred!.glyphs[0]!.x).toBe(4);
    const [right] = composeParagraph('（下转第2版）', { width: 10, align: 'end' });
    expect(lineEnd(right!)).toBeCloseTo(10, 9);
  });

  it('cuts a word longer than the line rather than overflow', () => {
    const lines = composeParagraph('网址https://example.com/a/very/long/path/that/does/not/fit', { width: 6 });
    for (const l of lines) expect(lineEnd(l)).toBeLessThanOrEqual(6 + EPS);
  });

  it('prints paragraphs as `banmian typeset` does: one line each, a blank line between paragraphs', () => {
    expect(typesetText('\uFEFF一二三四五六七\n\n八九十\n', 5, 2)).toBe('一二三\n四五六七\n\n八九十\n');
  });
});
