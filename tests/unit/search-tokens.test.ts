import { describe, expect, it } from 'vitest';
import { indexTerms, parseQuery, snippetOf } from '../../shared/search/tokens';

describe('search terms', () => {
  it('indexes Chinese as overlapping pairs, a character that only ends runs once on its own, and letters and digits as words', () => {
    expect(indexTerms('营商环境，PM2.5 浓度')).toBe('营商 商环 环境 pm2 5 浓度 境 度');
    expect(indexTerms('２０２４年')).toBe('2024 年');
    // 境 starts a pair (境内) elsewhere in the text: no term of its own is needed to find it.
    expect(indexTerms('营商环境。境内外，环境')).toBe('营商 商环 环境 境内 内外 环境 外');
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
