import { describe, expect, it } from 'vitest';
import { FeatureCache, Matcher } from '../../shared/import/headlines';
import { PAGE_FILES, pageText } from '../support/fixtures';

/** The matcher as first written, on sets of two-character strings: what the numbered one must agree with to the bit. */
class Reference {
  private readonly sets: Set<string>[];
  private readonly df = new Map<string, number>();
  constructor(texts: readonly string[]) {
    this.sets = texts.map(features);
    for (const set of this.sets) for (const f of set) this.df.set(f, (this.df.get(f) ?? 0) + 1);
  }
  private w(f: string, floor: number) {
    return Math.max(Math.log((this.sets.length + 1) / ((this.df.get(f) ?? 0) + 0.5)), floor);
  }
  score(text: string, piece: number): number {
    const set = this.sets[piece]!;
    let total = 0;
    let found = 0;
    for (const f of features(text)) {
      total += this.w(f, 0.1);
      if (set.has(f)) found += this.w(f, 0.1);
    }
    if (!total) return 0;
    let run = 0;
    let longest = 0;
    const han = [...text].filter((c) => /\p{Script=Han}/u.test(c));
    for (let i = 1; i < han.length; i++) {
      run = set.has(han[i - 1]! + han[i]!) ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return found / total + Math.min(0.3, 0.05 * Math.max(0, longest - 2));
  }
  kinship(a: number, b: number): number {
    const sa = this.sets[a]!;
    const shared = this.sets.map((sx, x) => {
      if (x === a) return 0;
      let sum = 0;
      let size = 0;
      for (const f of sx) {
        const r = this.w(f, 0);
        size += r;
        if (sa.has(f)) sum += r;
      }
      return size ? sum / Math.sqrt(size) : 0;
    });
    const most = Math.max(...shared);
    return most > 0 ? shared[b]! / most : 0;
  }
}

function features(text: string): Set<string> {
  const han = [...text].filter((c) => /\p{Script=Han}/u.test(c));
  const out = new Set<string>();
  for (let i = 1; i < han.length; i++) out.add(han[i - 1]! + han[i]!);
  for (const n of text.matchAll(/\d+(?:\.\d+)?/gu)) if (n[0].length >= 2) out.add(`#${n[0]}`);
  return out;
}

describe('the headline matcher', () => {
  it('scores and relates texts exactly as the plain-set matcher did, rare characters and many texts included', () => {
    const paragraphs = PAGE_FILES.flatMap((f) => pageText(f).split(/\n\s*\n/u)).filter((p) => p.trim());
    // a page's worth and more of distinct pairs, and characters outside the main Han blocks (𠀀𪚥, 﨑)
    // (and a text of thousands of pairs found nowhere else, so that the pair table grows while it is used)
    const many = String.fromCodePoint(...Array.from({ length: 9000 }, (_, i) => 0x4e00 + ((i * 7919) % 20000)));
    const texts = [...paragraphs, '𠀀𪚥𠀀𪚥 研讨班 𪚥研讨', '﨑田村 28个项目 86.03亿元', many];
    const matcher = new Matcher(texts, new FeatureCache());
    const reference = new Reference(texts);
    const lines = ['专题研讨班开班', '𪚥研讨', '28个项目 86.03亿元', '﨑田', '垃圾分类进校园 绿色环保入童心', '', many.slice(4000, 4012)];
    for (const line of lines)
      for (let p = 0; p < texts.length; p += 7) expect([line, p, matcher.score(line, p)]).toEqual([line, p, reference.score(line, p)]);
    for (let a = 0; a < texts.length; a += 11)
      for (const b of [0, texts.length - 1, texts.length - 2, texts.length - 3])
        expect([a, b, matcher.kinship(a, b)]).toEqual([a, b, reference.kinship(a, b)]);
  });
});
