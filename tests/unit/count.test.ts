import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countChars } from '../../shared/text/count';
import { PAGE_FILES, pageText } from '../support/fixtures';

describe('countChars: 字数 as the desk counts it', () => {
  it('counts characters, letters and digits one each, punctuation only in the full count', () => {
    expect(countChars(['2024年，区委编办荣获全省二等奖。'])).toEqual({ chars: 16, charsWithPunctuation: 18 });
  });

  it('never counts spaces, and adds up every paragraph', () => {
    expect(countChars(['6月 22日', '……'])).toEqual({ chars: 5, charsWithPunctuation: 7 });
  });

  it('counts a character outside the BMP (a rare name character) as one', () => {
    expect(countChars(['𠮷野家 𠀀。'])).toEqual({ chars: 4, charsWithPunctuation: 5 });
  });

  it('counts every line of the fixture pages as the Unicode classes define it', () => {
    for (const file of PAGE_FILES) {
      for (const line of pageText(file).split('\n')) {
        const chars = [...line];
        expect(countChars([line])).toEqual({
          chars: chars.filter((c) => /[\p{L}\p{N}]/u.test(c)).length,
          charsWithPunctuation: chars.filter((c) => !/\s/u.test(c)).length,
        });
      }
    }
  });

  it('counts a real paragraph of the fixture pages', () => {
    const page = readFileSync(new URL('../../../shared/fixtures/pages/shashi-2024-03.txt', import.meta.url), 'utf8');
    const line = page.split('\n').find((l) => l.startsWith('本报讯(通讯员刘江林)'));
    expect(line).toBeDefined();
    const text = line!;
    const punctuation = [...text].filter((c) => /[\p{P}\p{S}]/u.test(c)).length;
    const spaces = [...text].filter((c) => /\s/u.test(c)).length;
    const { chars, charsWithPunctuation } = countChars([text]);
    expect(charsWithPunctuation).toBe([...text].length - spaces);
    expect(chars).toBe([...text].length - spaces - punctuation);
    expect(chars).toBeGreaterThan(40);
  });
});
