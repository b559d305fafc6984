import { describe, expect, it } from 'vitest';
import { indexTerms, parseQuery, runsOf, snippetOf } from '../../shared/search/tokens';
import { classMark, impactTerms, lengthClassOf, SHORT_ARTICLE, tfClassOf } from '../../shared/search/impact';
import { PAGE_FILES, pageText } from '../support/fixtures';

/** The terms as their definition reads, with runsOf's regular expression and sets. */
function termsByDefinition(text: string): string {
  const terms: string[] = [];
  const starts = new Set<string>();
  const ends = new Set<string>();
  for (const run of runsOf(text)) {
    if (!run.han) {
      terms.push(run.text);
      continue;
    }
    const chars = [...run.text];
    for (let i = 0; i + 1 < chars.length; i++) {
      terms.push(chars[i]! + chars[i + 1]!);
      starts.add(chars[i]!);
    }
    ends.add(chars.at(-1)!);
  }
  for (const ch of ends) if (!starts.has(ch)) terms.push(ch);
  return terms.join(' ');
}

/**
 * The impact terms as their definition reads (shared/search/impact.ts), with a Map of the
 * terms: each term of two or more units that occurs twice or more, or at all in a short
 * article, marked with its frequency and length classes. In no particular order.
 */
function impactsByDefinition(terms: string): string[] {
  const list = terms.split(' ').filter(Boolean);
  const counts = new Map<string, number>();
  for (const term of list) if (term.length >= 2) counts.set(term, (counts.get(term) ?? 0) + 1);
  const short = list.length < SHORT_ARTICLE;
  return [...counts]
    .filter(([, tf]) => tf >= 2 || short)
    .map(([term, tf]) => classMark(tfClassOf(tf), lengthClassOf(list.length)) + term)
    .sort();
}

/** Strings mixing what real text holds with what it rarely does, from a seeded generator. */
function oddStrings(count: number): string[] {
  const alphabet = [...'营商环境沙市岑河镇〇々。，、“”《》——……·（）() 　\n\tPMＡＢ２０24.5-éЖя😀𠮷𠀀𪚥⺮⻊', '\ud800', '\udc00', '\u200b'];
  let seed = 7;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
  return Array.from({ length: count }, () =>
    Array.from({ length: Math.floor(next() * 40) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''),
  );
}

describe('search terms', () => {
  it('indexes Chinese as overlapping pairs, a character that only ends runs once on its own, and letters and digits as words', () => {
    expect(indexTerms('营商环境，PM2.5 浓度')).toBe('营商 商环 环境 pm2 5 浓度 境 度');
    expect(indexTerms('２０２４年')).toBe('2024 年');
    // 境 starts a pair (境内) elsewhere in the text: no term of its own is needed to find it.
    expect(indexTerms('营商环境。境内外，环境')).toBe('营商 商环 环境 境内 内外 环境 外');
  });

  it('cuts the same terms as its definition, on the fixture pages and on odd strings', () => {
    for (const file of PAGE_FILES) {
      const text = pageText(file);
      expect(indexTerms(text)).toBe(termsByDefinition(text));
      for (const line of text.split('\n')) expect(indexTerms(line)).toBe(termsByDefinition(line));
    }
    for (const text of oddStrings(3000)) expect(indexTerms(text)).toBe(termsByDefinition(text));
    // characters beyond the BMP (CJK Extension B) pair and end runs like any other
    expect(indexTerms('𠮷野家，𠀀')).toBe('𠮷野 野家 家 𠀀');
  });

  it('writes the impact terms of their definition, on the fixture pages, their stories and odd strings', () => {
    const impacts = (text: string) => impactTerms(indexTerms(text)).split(' ').filter(Boolean).sort();
    for (const file of PAGE_FILES) {
      const text = pageText(file);
      expect(impacts(text)).toEqual(impactsByDefinition(indexTerms(text)));
      // paragraphs: short and long articles, words that repeat and words that do not
      for (const part of text.split('\n\n')) expect(impacts(part)).toEqual(impactsByDefinition(indexTerms(part)));
    }
    for (const text of oddStrings(3000)) expect(impacts(text)).toEqual(impactsByDefinition(indexTerms(text)));
    // a character that stands alone counts in the length, but is never an impact term itself
    expect(impactTerms('城市 市城 城市 市').split(' ').sort()).toEqual(['aa市城', 'ba城市']);
  });

  it('turns words into phrases of pairs, ANDed, and single characters into prefix queries', () => {
    expect(parseQuery('营商环境').match).toBe('"营商 商环 环境"');
    expect(parseQuery('沙市 岑河镇').match).toBe('"沙市" AND "岑河 河镇"');
    expect(parseQuery('沙').match).toBe('("沙" OR "沙"*)');
    expect(parseQuery('"政府 采购"').words).toEqual(['政府 采购']);
    expect(parseQuery('，。').match).toBeNull();
    // relevance scores each word by its first term, which every match of the word contains
    expect(parseQuery('营商环境 沙').rank).toBe('"营商" OR ("沙" OR "沙"*)');
  });

  it('cuts a snippet around the first hit and says where the hits are', () => {
    const { snippet, highlights } = snippetOf('甲'.repeat(100) + '营商环境' + '乙'.repeat(100), ['营商'], 10);
    expect(snippet.startsWith('…')).toBe(true);
    const [from, to] = highlights[0]!;
    expect(snippet.slice(from, to)).toBe('营商');
  });
});
