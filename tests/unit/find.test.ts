import { describe, expect, it } from 'vitest';
import { findMatches, foldForFind, replaceMatches, type FindOptions } from '../../shared/text/find';
import { PAGE_FILES, pageText } from '../support/fixtures';

const EXACT: FindOptions = { matchWidth: true, caseSensitive: true };
const ANY_WIDTH: FindOptions = { matchWidth: false, caseSensitive: true };
const LOOSE: FindOptions = { matchWidth: false, caseSensitive: false };

/** The text as a typist with a full-width input method would have set its digits, letters and ASCII marks. */
function toFullWidth(text: string): string {
  return text.replace(/[!-~]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

const spans = (text: string, query: string, options: FindOptions) =>
  findMatches(text, query, options).map((m) => text.slice(m.start, m.end));

describe('findMatches: find in a story (查找)', () => {
  const page = pageText('jingzhou-2023-11.txt');

  it('finds every occurrence on a real page, left to right, at the offsets String.slice takes', () => {
    const matches = findMatches(page, '营商环境', EXACT);
    expect(matches.length).toBe(page.split('营商环境').length - 1);
    expect(matches.length).toBeGreaterThan(1);
    for (const m of matches) expect(page.slice(m.start, m.end)).toBe('营商环境');
    expect(matches.map((m) => m.start)).toEqual([...matches.map((m) => m.start)].sort((a, b) => a - b));
  });

  it('keeps the two widths apart when asked to (区分全半角), as one otherwise', () => {
    const line = '2023年全省就业创业政策培训班在荆举行';
    const typed = toFullWidth(line);
    expect(typed.startsWith('２０２３年')).toBe(true);
    expect(findMatches(typed, '2023', EXACT)).toEqual([]);
    expect(findMatches(typed, '2023', ANY_WIDTH)).toEqual([{ start: 0, end: 4 }]);
    expect(findMatches(line, '２０２３', ANY_WIDTH)).toEqual([{ start: 0, end: 4 }]);
    // The page sets its commas full width: a half-width comma finds every one of them.
    const commas = page.split('，').length - 1;
    expect(commas).toBeGreaterThan(200);
    expect(findMatches(page, ',', ANY_WIDTH)).toHaveLength(commas + page.split(',').length - 1);
    expect(findMatches(page, ',', EXACT)).toHaveLength(page.split(',').length - 1);
    expect(spans('（下转第２版）：见Ａ３', '(下转第2版):见a3', LOOSE)).toEqual(['（下转第２版）：见Ａ３']);
  });

  it('keeps every offset of the original text: width folding is one code unit for one, across every page', () => {
    for (const file of PAGE_FILES) {
      const text = pageText(file);
      const typed = toFullWidth(text);
      expect(foldForFind(typed, ANY_WIDTH)).toHaveLength(typed.length);
      // Each year on the page, typed full width, is found where it stands.
      for (const year of ['2023', '2024']) {
        const plain = findMatches(text, year, EXACT);
        expect(findMatches(typed, year, ANY_WIDTH), `${file} ${year}`).toEqual(plain);
      }
    }
    for (let cp = 0xff01; cp <= 0xffee; cp++) expect(foldForFind(String.fromCharCode(cp), LOOSE)).toHaveLength(1);
    expect(foldForFind('\u3000', ANY_WIDTH)).toBe(' ');
  });

  it('folds only width, not the rest of NFKC: ① is not 1, … is not ..., ㎡ is not m2', () => {
    expect(findMatches('第①条', '1', LOOSE)).toEqual([]);
    expect(findMatches('他说……', '...', LOOSE)).toEqual([]);
    expect(findMatches('120㎡', 'm2', LOOSE)).toEqual([]);
    // Half-width katakana and the half-width 。 are width forms.
    expect(findMatches('ｶﾀｶﾅ｡', 'カタカナ。', ANY_WIDTH)).toEqual([{ start: 0, end: 5 }]);
  });

  it('matches case only when asked (区分大小写), in both widths', () => {
    const text = '入选全国GDP百强县，ＧＤＰ同比增长';
    expect(spans(text, 'gdp', EXACT)).toEqual([]);
    expect(spans(text, 'gdp', { matchWidth: true, caseSensitive: false })).toEqual(['GDP']);
    expect(spans(text, 'gdp', LOOSE)).toEqual(['GDP', 'ＧＤＰ']);
    // İ would lower-case to two units: it is left as it is rather than move every offset after it.
    expect(findMatches('İstanbul GDP', 'gdp', LOOSE)).toEqual([{ start: 9, end: 12 }]);
  });

  it('never splits a character outside the BMP, and counts it as two units like the editor', () => {
    const text = '𠮷野家的𠮷';
    expect(findMatches(text, '𠮷', EXACT)).toEqual([
      { start: 0, end: 2 },
      { start: 5, end: 7 },
    ]);
    expect(findMatches(text, '\ud842', EXACT)).toEqual([]);
  });

  it('counts occurrences as a reader does: never overlapping', () => {
    expect(findMatches('哈哈哈哈哈', '哈哈', EXACT)).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
    ]);
    expect(findMatches('任何文字', '', EXACT)).toEqual([]);
  });

  it('finds whole words of letters and digits only where asked; Chinese characters always stand alone', () => {
    const text = 'GDP与GDPR，2023年与20230';
    expect(spans(text, 'GDP', { ...EXACT, wholeWord: true })).toEqual(['GDP']);
    expect(findMatches(text, '2023', { ...EXACT, wholeWord: true })).toEqual([{ start: 9, end: 13 }]);
    expect(findMatches('区委编办', '编办', { ...EXACT, wholeWord: true })).toEqual([{ start: 2, end: 4 }]);
  });
});

describe('replaceMatches: replace one or all (替换)', () => {
  it('replaces every match of a real paragraph, and one alone', () => {
    const page = pageText('shashi-2024-06.txt');
    const paragraph = page.split('\n').find((l) => (l.match(/，/gu) ?? []).length >= 3)!;
    const matches = findMatches(paragraph, '，', EXACT);
    expect(replaceMatches(paragraph, matches, '、')).toBe(paragraph.replaceAll('，', '、'));
    const second = matches[1]!;
    const one = replaceMatches(paragraph, [second], '；');
    expect(one.slice(second.start, second.start + 1)).toBe('；');
    expect(one.length).toBe(paragraph.length);
    expect(one.split('，').length).toBe(paragraph.split('，').length - 1);
  });

  it('replaces width-insensitive matches with the replacement as typed, the rest untouched', () => {
    const text = '２０２４年，2024年';
    expect(replaceMatches(text, findMatches(text, '2024', ANY_WIDTH), '2025')).toBe('2025年，2025年');
    expect(replaceMatches(text, findMatches(text, '2024', ANY_WIDTH), '')).toBe('年，年');
  });

  it('refuses matches that overlap or run past the text', () => {
    expect(() =>
      replaceMatches(
        'abc',
        [
          { start: 0, end: 2 },
          { start: 1, end: 3 },
        ],
        'x',
      ),
    ).toThrow(RangeError);
    expect(() => replaceMatches('abc', [{ start: 2, end: 5 }], 'x')).toThrow(RangeError);
  });
});
