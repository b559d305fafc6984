import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BylineEntry } from '../shared/domain/article';
import { ROLES } from '../shared/domain/roles';
import type { ImportedArticle } from '../shared/import/page-text';

/**
 * Synthetic newspaper articles whose word frequencies look like a real archive's. The seed is
 * the clauses of the real page text beside the checkout (../shared/fixtures/pages, about 370
 * sentences), or the demo articles when it is absent. Articles recombine clauses drawn with a
 * Zipf distribution (a few clauses are everywhere, most are rare, as in a paper's stock
 * phrases and its news), replace every number with a fresh one, and put in people and places
 * from large generated pools, also Zipf-drawn, so that names are many and unevenly common.
 */

/** A small fast deterministic generator (mulberry32), so runs are comparable. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Index 0..n-1 with probability ∝ 1/(i+1)^s. */
function zipf(n: number, s: number, rnd: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / Math.pow(i + 1, s);
  return () => {
    const x = rnd() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function seedText(): string {
  const dir = join(__dirname, '..', '..', 'shared', 'fixtures', 'pages');
  if (existsSync(dir))
    return readdirSync(dir)
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
  const demo = JSON.parse(readFileSync(join(__dirname, '..', 'resources', 'demo', 'articles.json'), 'utf8')) as {
    articles: { body: { text: string }[] }[];
  };
  return demo.articles.flatMap((a) => a.body.map((b) => b.text)).join('\n');
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉力国荣玉兰凤云红梅海波宁晨欣怡佳琪子涵宇轩浩然思远雨彤梦瑶俊凯博雅婷心妍晓琳嘉';
const PLACE_A = '岑河观音垱锣场联合立新崇文中山解放朝阳胜利关沮江津荆沙北湖东岳长港沙隆太师渊';
const PLACE_KIND = ['镇', '街道', '社区', '村', '区', '工业园'];

export interface Generator {
  article(i: number): ImportedArticle & { editionDate: string };
}

export function generator(seed = 1): Generator {
  const rnd = random(seed);
  const clauses = [
    ...new Set(
      seedText()
        .replace(/\s+/gu, '')
        .split(/(?<=[，。；！？])/u),
    ),
  ].filter((c) => c.length >= 4);
  // Shuffle, then draw by rank: rank order decides which clauses are the stock phrases.
  for (let i = clauses.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [clauses[i], clauses[j]] = [clauses[j]!, clauses[i]!];
  }
  const pickClause = zipf(clauses.length, 0.9, rnd);
  const people = Array.from({ length: 20_000 }, () => {
    const given = GIVEN[Math.floor(rnd() * GIVEN.length)]! + (rnd() < 0.7 ? GIVEN[Math.floor(rnd() * GIVEN.length)]! : '');
    return SURNAMES[Math.floor(zipf(SURNAMES.length, 1, rnd)())]! + given;
  });
  const pickPerson = zipf(people.length, 1.05, rnd);
  const places = Array.from({ length: 3_000 }, () => {
    const a = PLACE_A[Math.floor(rnd() * PLACE_A.length)]! + PLACE_A[Math.floor(rnd() * PLACE_A.length)]!;
    return a + PLACE_KIND[Math.floor(rnd() * PLACE_KIND.length)]!;
  });
  const pickPlace = zipf(places.length, 1, rnd);
  const number = () => String(Math.floor(Math.pow(10, 1 + rnd() * 4)));

  const sentence = () => {
    let text = '';
    const n = 2 + Math.floor(rnd() * 4);
    for (let k = 0; k < n; k++) text += clauses[pickClause()]!;
    text = text.replace(/\d+(\.\d+)?/gu, number);
    if (rnd() < 0.5) text = places[pickPlace()]! + text;
    if (rnd() < 0.3) text = text.replace(/。$/u, `，${people[pickPerson()]}说。`);
    return text.endsWith('。') ? text : `${text.replace(/[，；]$/u, '')}。`;
  };

  return {
    article(i: number) {
      const day = new Date(Date.UTC(2015, 0, 1) + Math.floor((i / 1_000_000) * 3650 + rnd() * 2) * 86_400_000);
      const byline: BylineEntry[] = Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, k) => ({
        role: k === 0 ? 'reporter' : ROLES[Math.floor(rnd() * ROLES.length)]!,
        name: people[pickPerson()]!,
      }));
      const paragraphs = 2 + Math.floor(rnd() * 6);
      const body = Array.from({ length: paragraphs }, () => ({ type: 'paragraph' as const, text: sentence() }));
      const headline = sentence()
        .slice(0, 12 + Math.floor(rnd() * 10))
        .replace(/[，。；！？]/gu, ' ')
        .trim();
      return {
        column: rnd() < 0.1 ? '沙市 简讯' : '',
        kicker: rnd() < 0.3 ? sentence().slice(0, 12) : '',
        headline,
        deck: '',
        dateline: '本报讯',
        bylineForm: 'standard',
        byline,
        body,
        photos: [],
        photoGroupCredit: null,
        jump: '',
        source: '',
        firstLine: 1,
        lastLine: 1,
        confidence: 1,
        doubts: [],
        editionDate: day.toISOString().slice(0, 10),
      };
    },
  };
}
