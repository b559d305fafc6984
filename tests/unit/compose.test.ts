import { describe, expect, it } from 'vitest';
import { columnMeasure, PAGE_PRESETS, splitColumnChars } from '../../shared/domain/layout';
import { pageGeometrySchema } from '../../shared/domain/layout-schemas';
import { splitPageText } from '../../shared/import/page-text';
import { classMembers, mayNotEndLine, mayNotStartLine, type LineBreakClass } from '../../shared/typeset/chars';
import { composeParagraph, type Line } from '../../shared/typeset/compose';
import { setBody } from '../../shared/typeset/frame';
import { typesetText } from '../../shared/typeset/text';
import { PAGE_FILES, pageText } from '../support/fixtures';

const texts = (lines: readonly Line[]) => lines.map((l) => l.text);
const EPS = 1e-9;

/** The width a line takes: from its first glyph's start to its last glyph's end. */
const lineEnd = (l: Line) => l.glyphs.at(-1)!.x + l.glyphs.at(-1)!.advance;

/** Ems a line's marks give up before its last glyph (squeezed to half width, or less). */
const givenInside = (l: Line) => l.glyphs.slice(0, -1).reduce((sum, g) => sum + (g.ink ? 1 - g.advance : 0), 0);

/** Characters a reader counts on a line (not marks or spaces). */
const solidChars = (text: string) => [...text].filter((c) => /[\p{L}\p{N}]/u.test(c)).length;

/** Every body paragraph of every fixture page, as the importer reads them. */
const paragraphs = PAGE_FILES.flatMap((f) => splitPageText(pageText(f)).flatMap((a) => a.body.map((b) => b.text))).filter(
  (p) => p.length > 8,
);

type PageFile = (typeof PAGE_FILES)[number];

/** The body paragraph of a fixture page that starts so, as the importer reads it. */
function fixtureParagraph(file: PageFile, start: string): string {
  const paragraph = splitPageText(pageText(file))
    .flatMap((a) => a.body.map((b) => b.text))
    .find((t) => t.replace(/\s+/gu, '').startsWith(start.replace(/\s+/gu, '')));
  expect(paragraph, start).toBeDefined();
  return paragraph!;
}

/** The lines a paragraph was printed in: the fixture's own line breaks, white space removed. */
function printedLines(file: PageFile, paragraph: string): string[] {
  const lines = pageText(file)
    .split('\n')
    .map((l) => l.replace(/\s+/gu, ''));
  const wanted = paragraph.replace(/\s+/gu, '');
  const start = lines.findIndex((l) => l.length > 0 && wanted.startsWith(l));
  expect(start, `printed line ${wanted.slice(0, 10)}`).toBeGreaterThanOrEqual(0);
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

/** A fixture paragraph set at a measure, beside the lines it was printed in. */
function setAndPrinted(file: PageFile, width: number, start: string) {
  const paragraph = fixtureParagraph(file, start);
  const lines = composeParagraph(paragraph, { width, indent: 2 });
  return { lines, set: lines.map((l) => l.text.replace(/\s+/gu, '')), printed: printedLines(file, paragraph) };
}

describe('the composer on the fixture pages', () => {
  it('has paragraphs to work on', () => {
    expect(paragraphs.length).toBeGreaterThan(100);
  });

  it.each([13, 11, 8.33, 16, 16.5, 17])('at %s characters a line, obeys the prohibition rules and never overflows', (width) => {
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
        // Nothing hangs outside the measure.
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
    ['jingzhou-2023-11.txt', 15, '今年以来，市政务服务和大数据'],
    ['jingzhou-2023-11.txt', 16, '研讨班为期3天，将采取专题辅'],
    ['jingzhou-2023-11.txt', 17, '“这几栋违建房快垮了，大家都'],
    ['jingzhou-2023-11.txt', 16, '“总共180分了，能够兑换不'],
    ['shashi-2024-06.txt', 16, '代表们先后观摩了沙市区法院警'],
    ['jingzhou-2023-11.txt', 16.5, '本次培训邀请多位电子商务行业'],
    ['shashi-2024-06.txt', 16.5, '秦军指出，要提高政治站位，坚'],
    ['jingzhou-2023-11.txt', 16.5, '张国庆指出，今年以来，各市州'],
    ['shashi-2024-06.txt', 16, '秦军强调，要紧盯目标任务，鼓'],
    ['jingzhou-2023-11.txt', 16.5, '进一步加大移动源管控力度，严'],
    ['shashi-2024-06.txt', 16.5, '自4月启动以来，全区科技工作'],
    ['jingzhou-2023-11.txt', 16.5, '荆州市精神卫生中心选送参赛的'],
    ['shashi-2024-06.txt', 16.5, '6月20日，荆州市奇傲服饰有'],
  ] as const)('sets a paragraph of %s at %s ems exactly as the printed page broke it (%s…)', (file, width, start) => {
    const { set, printed } = setAndPrinted(file, width, start);
    expect(set).toEqual(printed);
    expect(set.length).toBeGreaterThanOrEqual(3);
  });

  it('needs a measure in half ems: no whole number of characters sets these as printed', () => {
    for (const [file, start] of [
      ['jingzhou-2023-11.txt', '本次培训邀请多位电子商务行业'],
      ['shashi-2024-06.txt', '秦军指出，要提高政治站位，坚'],
    ] as const) {
      expect(setAndPrinted(file, 16.5, start).set).toEqual(setAndPrinted(file, 16.5, start).printed);
      for (const width of [16, 17]) {
        const { set, printed } = setAndPrinted(file, width, start);
        expect(set, `${start} at ${width}`).not.toEqual(printed);
      }
    }
  });

  it('squeezes as many marks as a printed line needs, more than one em of them', () => {
    // “时”和“事”，凭实干奋力交出全省就业: five marks give up two and a half ems to take in 业.
    const { lines, set, printed } = setAndPrinted('jingzhou-2023-11.txt', 16.5, '张国庆指出，今年以来，各市州');
    expect(set).toEqual(printed);
    expect(Math.max(...lines.map(givenInside))).toBeGreaterThan(1);
    const busy = lines.find((l) => l.text.startsWith('“时”和'))!;
    expect(busy.text).toBe('“时”和“事”，凭实干奋力交出全省就业');
    expect(givenInside(busy)).toBeCloseTo(2.5, 9);
    expect(lineEnd(busy)).toBeCloseTo(16.5, 9);
  });

  it('sets ⅛ em where digits meet Chinese, as the printed lines with numbers need', () => {
    // At a quarter em these lines push out a character print kept in (管控，坚持 … 4月).
    for (const [file, start] of [
      ['jingzhou-2023-11.txt', '进一步加大移动源管控力度，严'],
      ['shashi-2024-06.txt', '自4月启动以来，全区科技工作'],
    ] as const) {
      const { set, printed } = setAndPrinted(file, 16.5, start);
      expect(set).toEqual(printed);
    }
  });

  it('lets ？ give its blank half next to a closing quote (认可？”为话题)', () => {
    const { lines, set, printed } = setAndPrinted('jingzhou-2023-11.txt', 16.5, '荆州市精神卫生中心选送参赛的');
    expect(set).toEqual(printed);
    const line = lines.find((l) => l.text.includes('？”'))!;
    expect(line.glyphs.find((g) => g.ch === '？')!.advance).toBe(0.5);
  });

  it('lets a single character stand on a paragraph’s last line, as print does (孤字)', () => {
    const { set, printed } = setAndPrinted('shashi-2024-06.txt', 16.5, '秦军指出，要提高政治站位，坚');
    expect(set).toEqual(printed);
    expect(set.at(-1)).toBe('护”。');
    expect(solidChars(set.at(-1)!)).toBe(1);
  });

  it('takes a paragraph’s last character in by setting its final 。 half width, as print did (下线。)', () => {
    const { lines, set, printed } = setAndPrinted('shashi-2024-06.txt', 16.5, '6月20日，荆州市奇傲服饰有');
    expect(set).toEqual(printed);
    expect(set.at(-1)).toBe('检查、折叠包装等工序，源源不断下线。');
    expect(lines.at(-1)!.glyphs.at(-1)!.advance).toBe(0.5);
    expect(lineEnd(lines.at(-1)!)).toBeLessThanOrEqual(16.5 + EPS);
  });
});

describe('a column’s measure, from the page in millimetres', () => {
  it('is what the paper, margins, columns and gutter leave, in quarter ems, as the presets have it', () => {
    expect(columnMeasure(PAGE_PRESETS.broadsheet)).toBe(PAGE_PRESETS.broadsheet.columnChars);
    expect(columnMeasure(PAGE_PRESETS.tabloid)).toBe(PAGE_PRESETS.tabloid.columnChars);
    // Wider margins leave less: 352 mm of 9 pt type is 110.9 ems, and eight columns of 13 need 111.
    expect(columnMeasure({ ...PAGE_PRESETS.broadsheet, marginLeftMm: 19, marginRightMm: 19 })).toBe(12.75);
  });

  it('can be the 16.5 ems most printed columns measure, and the body is set at it as printed', () => {
    // Six columns with a gutter of one em across 331 mm of 9 pt type: 104.25 ems.
    const g = pageGeometrySchema.parse({
      ...PAGE_PRESETS.broadsheet,
      columns: 6,
      marginLeftMm: 29.5,
      marginRightMm: 29.5,
      columnChars: columnMeasure({ ...PAGE_PRESETS.broadsheet, columns: 6, marginLeftMm: 29.5, marginRightMm: 29.5 }),
    });
    expect(g.columnChars).toBe(16.5);
    expect(pageGeometrySchema.safeParse({ ...g, columnChars: 16.3 }).success).toBe(false);
    const paragraph = fixtureParagraph('shashi-2024-06.txt', '秦军指出，要提高政治站位，坚');
    const story = {
      column: '',
      kicker: '',
      headline: '',
      deck: '',
      byline: '',
      bylineForm: 'standard' as const,
      dateline: '',
      body: [{ type: 'paragraph' as const, text: paragraph }],
      photos: [],
      groupCredit: '',
      jump: '',
      source: '',
    };
    const set = setBody(story, splitColumnChars(g, 1, 1)).map((b) => b.line.text.replace(/\s+/gu, ''));
    expect(set).toEqual(printedLines('shashi-2024-06.txt', paragraph));
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

  it('never ends a line on an opening mark with a space typed after it (张 榕 坤）“ 这…)', () => {
    for (const width of [5, 6, 7]) {
      const lines = texts(composeParagraph('一二三四“ 五六七八九十', { width }));
      for (const l of lines.slice(0, -1)) expect(l.trimEnd().at(-1), `${width}: ${lines.join('|')}`).not.toBe('“');
    }
    expect(texts(composeParagraph('一二三四“ 五六七八', { width: 5 }))).toEqual(['一二三四', '“ 五六七八']);
  });

  it('keeps within the measure a line whose last mark is an opening one, squeezing it as it counted it', () => {
    const [line] = composeParagraph('版‼。！b：a”5报’￥》ゝ‘', { width: 11 });
    expect(lineEnd(line!)).toBeLessThanOrEqual(11 + EPS);
  });

  it('keeps —— and …… whole, and a number whole', () => {
    expect(texts(composeParagraph('一二三四——五六七', { width: 5 }))).toEqual(['一二三', '四——五六', '七']);
    for (const width of [4, 5, 6, 7]) {
      for (const text of ['一二三四——五六七八九', '一二三四……五六七八九', '一二三12345六七八九十']) {
        const lines = texts(composeParagraph(text, { width }));
        for (const l of lines.slice(1)) expect(l[0], `${text} at ${width}: ${lines.join('|')}`).not.toMatch(/[—…]/u);
        expect(lines.join('|')).not.toMatch(/\d\|\d/u);
      }
    }
  });

  it('sets Latin letters and digits half width, with an eighth of an em where they meet Chinese', () => {
    const [line] = composeParagraph('2024年', { width: 10 });
    expect(line!.glyphs.map((g) => g.advance)).toEqual([0.5, 0.5, 0.5, 0.5, 1]);
    expect(line!.glyphs[4]!.x).toBe(2.125);
    const [mixed] = composeParagraph('共有10多个', { width: 10 });
    expect(mixed!.glyphs.map((g) => g.x)).toEqual([0, 1, 2.125, 2.625, 3.25, 4.25]);
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

  it('pushes in a unit that fits only when several marks go half width, and sets only as many as it needs', () => {
    // 甲，乙、丙；丁戊 is 8 ems at natural width: two of its three marks go half width, from the end.
    const lines = composeParagraph('甲，乙、丙；丁戊己庚', { width: 7 });
    expect(texts(lines)).toEqual(['甲，乙、丙；丁戊', '己庚']);
    expect(lines[0]!.glyphs.filter((g) => g.ink).map((g) => g.advance)).toEqual([1, 0.5, 0.5]);
    expect(lineEnd(lines[0]!)).toBeCloseTo(7, 9);
    // Opening marks give theirs too, after the closing ones.
    const quoted = composeParagraph('甲“乙”丙“丁”戊己庚', { width: 7 });
    expect(texts(quoted)[0]).toBe('甲“乙”丙“丁”戊');
    expect(lineEnd(quoted[0]!)).toBeCloseTo(7, 9);
  });

  it('keeps 。 full width inside a line, and sets the mark that ends a line half width', () => {
    // 。 inside the line gives nothing, so 八 goes to the next line.
    const inside = composeParagraph('一二三。四五六七八九', { width: 8.5 });
    expect(texts(inside)[0]).toBe('一二三。四五六七');
    expect(inside[0]!.glyphs.find((g) => g.ch === '。')!.advance).toBe(1);
    // At the end of a line it takes half an em (GB/T 15834 §5.1.9), and the line is justified.
    const ending = composeParagraph('一二三四五六七。八九', { width: 8 });
    expect(texts(ending)[0]).toBe('一二三四五六七。');
    expect(ending[0]!.glyphs.at(-1)!.advance).toBe(0.5);
    expect(lineEnd(ending[0]!)).toBeCloseTo(8, 9);
    // Inside a paragraph a line does not lean on that half to take in the 。 and what it ends
    // (print pushed 件。 out); the paragraph's last 。 does, rather than leave 八。 alone (下线。).
    expect(texts(composeParagraph('一二三四五六七八。九', { width: 8.5 }))).toEqual(['一二三四五六七', '八。九']);
    expect(texts(composeParagraph('一二三四五六七八。', { width: 8.5 }))).toEqual(['一二三四五六七八。']);
  });

  it('pushes when squeezing is not enough, and justifies what is left', () => {
    const lines = composeParagraph('一二三四五六七八九，十一', { width: 9 });
    expect(texts(lines)).toEqual(['一二三四五六七八', '九，十一']);
    expect(lineEnd(lines[0]!)).toBeCloseTo(9, 9);
    expect(lines[1]!.glyphs.map((g) => g.advance)).toEqual([1, 1, 1, 1]);
  });

  it('lets a single character end a paragraph (孤字) rather than pull one back', () => {
    expect(texts(composeParagraph('一二三四五六七八九十壹', { width: 5 }))).toEqual(['一二三四五', '六七八九十', '壹']);
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
    // A measure in half ems, as the printed columns have.
    expect(typesetText('一二三四五六七八九十，壹贰叁\n', 5.5, 0)).toBe('一二三四五\n六七八九十，\n壹贰叁\n');
  });
});

/**
 * The prohibition sets against the specifications, not against the characters our pages show.
 * Members as the Unicode Character Database 16.0.0 lists them (LineBreak.txt), those a Chinese
 * page can hold: Latin-1, General Punctuation, Letterlike Symbols, CJK Symbols, kana, Vertical,
 * Small and Half/Full-width Forms.
 */
const UCD_MEMBERS: Partial<Record<LineBreakClass, string>> = {
  CL: '}⁆、。〉》」』】〕〗〙〛〞〟︐︑︒︘︶︸︺︼︾﹀﹂﹄﹈﹐﹒﹚﹜﹞），．］｝｠｡｣､',
  CP: ')]',
  EX: '!?︕︖﹖﹗！？',
  IN: '․‥…⋯︙',
  NS: '‼‽⁇⁈⁉々〜〻〼゛゜ゝゞ゠・ヽヾ︓︔﹔﹕：；･ﾞﾟ',
  CJ: 'ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶーㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿｧｨｩｪｫｬｭｮｯｰ',
  PO: '%¢°‰‱′″‴‵‶‷⁗℃℉﹪％￠',
  OP: '([{¡¿‚„⁅〈《「『【〔〖〘〚〝︗︵︷︹︻︽︿﹁﹃﹇﹙﹛﹝（［｛｟｢',
  PR: '$+\\£¤¥±№﹩＄￡￥￦',
};

describe('the prohibition sets, from the specifications', () => {
  it('hold every member of UAX #14’s classes CL, CP, EX, IN, NS, PO, and CJ (a nonstarter when strict)', () => {
    for (const cls of ['CL', 'CP', 'EX', 'IN', 'NS', 'CJ', 'PO'] as const) {
      for (const ch of UCD_MEMBERS[cls]!) expect(mayNotStartLine(ch), `${cls} U+${ch.codePointAt(0)!.toString(16)}`).toBe(true);
      for (const ch of classMembers(cls)) expect(mayNotStartLine(ch), `${cls} U+${ch.codePointAt(0)!.toString(16)}`).toBe(true);
    }
    for (const cls of ['OP', 'PR'] as const) {
      for (const ch of UCD_MEMBERS[cls]!) expect(mayNotEndLine(ch), `${cls} U+${ch.codePointAt(0)!.toString(16)}`).toBe(true);
    }
    // The whole class, not a selection: as many members as LineBreak-16.0.0.txt gives each.
    const counts = Object.fromEntries(
      (['CL', 'CP', 'EX', 'IN', 'NS', 'CJ', 'PO', 'OP', 'PR'] as const).map((c) => [c, classMembers(c).length]),
    );
    expect(counts).toEqual({ CL: 94, CP: 6, EX: 40, IN: 6, NS: 35, CJ: 60, PO: 38, OP: 95, PR: 67 });
    for (const [cls, members] of Object.entries(UCD_MEMBERS))
      expect(classMembers(cls as LineBreakClass)).toEqual(expect.arrayContaining([...members]));
  });

  it('forbid at a line’s start all that CSS Text 3 `line-break: strict` forbids for Chinese', () => {
    // Hyphens, iteration marks, inseparables, centred punctuation, postfixes, small kana.
    for (const ch of '‐–〜゠々〻ゝゞヽヾ‥…⋯・：；･‼⁇⁈⁉！？°′″℃¢％‰℉﹪￠%ぁァッーｧ') {
      expect(mayNotStartLine(ch), `U+${ch.codePointAt(0)!.toString(16)}`).toBe(true);
    }
    // Prefixes never end a line: ￥100 is one.
    for (const ch of '￥¥$＄￡£№') expect(mayNotEndLine(ch), ch).toBe(true);
  });

  it('keep GB/T 15834’s marks off the ends they may not take', () => {
    for (const ch of '·—～／/') expect(mayNotStartLine(ch), ch).toBe(true);
    for (const ch of '／/“‘（《') expect(mayNotEndLine(ch), ch).toBe(true);
    // Chinese characters and digits may go anywhere.
    for (const ch of '中文1A') {
      expect(mayNotStartLine(ch)).toBe(false);
      expect(mayNotEndLine(ch)).toBe(false);
    }
  });

  it('never starts a line with the marks a strict Chinese line breaker keeps off it (‼ ⁇ ° ′ ″ ℉ ﹪ ￠ – ⋯ 〻 ゝ)', () => {
    for (const mark of '‼⁇°′″℉﹪￠–⋯〻ゝ') {
      for (const width of [4, 5, 6]) {
        const lines = texts(composeParagraph(`一二三四五${mark}六七八九十`, { width }));
        for (const l of lines.slice(1)) expect([...l][0], `${mark} at ${width}: ${lines.join('|')}`).not.toBe(mark);
      }
    }
    for (const mark of '￥＄№') {
      const lines = texts(composeParagraph(`一二三四${mark}五六七八九`, { width: 5 }));
      for (const l of lines.slice(0, -1)) expect([...l].at(-1), `${mark}: ${lines.join('|')}`).not.toBe(mark);
    }
  });
});
