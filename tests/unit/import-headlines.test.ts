import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMasthead, isMastheadLine } from '../../shared/import/masthead';
import { headlineParts, readPageText, splitPageText, type ImportedArticle } from '../../shared/import/page-text';
import { PAGE_FILES, PAGES_DIR, pageText } from '../support/fixtures';

/** Which printed headline is whose on the fixture pages, as a copy editor read them. */
interface Truth {
  kicker: string | null;
  headline: string | null;
  deck: string | null;
  body_start: string;
  intertitles: string[];
}
const truth = JSON.parse(readFileSync(join(PAGES_DIR, '..', 'headlines.json'), 'utf8')) as Record<string, Truth[] | string>;
const squeeze = (s: string | null | undefined) => (s ?? '').replace(/\s+/gu, '');
const bodyOf = (a: ImportedArticle) => squeeze(a.body.map((b) => b.text).join(''));
/** The article whose text starts with the story's first twelve characters. */
const find = (articles: ImportedArticle[], story: Truth) => articles.find((a) => bodyOf(a).startsWith(squeeze(story.body_start)));

/** Hard-wraps a paragraph at a column width, as text pulled from a printed column comes. */
const wrap = (text: string, width = 15) => text.match(new RegExp(`.{1,${width}}`, 'gu'))!.join('\n');

/**
 * Pages the rules were not written on (made up for this test, in the shapes printed pages
 * take): a wrapped page printing headlines above their stories under a 报眉, with a kicker, a
 * deck, a column label, an intertitle and a photo story; and a page with a paragraph per line
 * printing each headline after its story, one with 引题 and 主题 on one line.
 */
const ABOVE = [
  '江城日报 二〇二四年五月十四日 星期二',
  '第3版 城乡建设 责任编辑：李明',
  '',
  '我市二季度重大项目集中开工',
  '',
  '28个项目总投资86.03亿元',
  '',
  wrap('本报讯（记者周晓峰 通讯员钱程）5月13日上午，我市二季度重大项目集中开工活动在经开区举行，28个项目集中开工，总投资86.03亿元。'),
  '',
  wrap(
    '据介绍，本次开工的项目涵盖先进制造、新能源、城市更新等领域，其中投资超过10亿元的项目有3个。项目全部建成后，预计年产值可达120亿元。',
  ),
  '',
  '文明创建在行动',
  '',
  '老旧小区焕新颜',
  '——东门街道推进老旧小区改造纪实',
  '',
  wrap('本报讯（通讯员孙立）走进东门街道桂花苑小区，新铺的沥青路平整宽阔，加装的电梯运行平稳，墙面粉刷一新。'),
  '',
  '电梯装到家门口',
  '',
  wrap('“以前爬六楼要歇三次，现在电梯一按就到。”家住桂花苑小区的张大爷说。今年以来，东门街道已为12个老旧小区加装电梯41部。'),
  '',
  '龙舟竞渡',
  '迎端阳',
  '',
  wrap('5月12日，西湖公园龙舟邀请赛开赛，来自全市的16支龙舟队同场竞技，吸引数千名市民观看。'),
  '（记者 何平 摄）',
  '',
  '市科技馆新馆开放',
  '',
  wrap('本报讯（记者吴敏）5月13日，市科技馆新馆正式对外开放。新馆展厅面积1.2万平方米，设有航天、机器人等8个展区。'),
  '',
  wrap('开馆首日，科技馆接待参观者5600人次。科技馆实行免费预约参观，市民可通过微信公众号预约。'),
].join('\n');

const BELOW = [
  '本报讯(通讯员郑雪)近日,城南区举办2024年春季招聘会,86家企业提供岗位2300余个,现场达成就业意向460人。',
  '招聘会还设置了政策咨询区,为求职者解答社保、创业补贴等问题。',
  '',
  '城南区春季招聘会达成意向460人',
  '',
  '本报讯(特约记者冯刚)5月10日,全区防汛工作会议召开,会议部署了汛期值守、隐患排查和应急演练等工作。',
  '会议要求,各镇街要对辖区内42座水库逐一排查,确保安全度汛。',
  '',
  '全区防汛工作会议召开 压实责任 确保安全度汛',
  '',
  '本报讯(通讯员韩梅 陈东)日前,城南区图书馆推出“夜读时光”服务,每周五延长开放至晚上9时。',
  '服务推出以来,已有1800余名读者走进夜读空间。',
  '',
  '图书馆延时开放 点亮“夜读时光”',
].join('\r\n');

describe('headlines to their stories, as a copy editor reads the page', () => {
  const pages = Object.fromEntries(PAGE_FILES.map((f) => [f, splitPageText(pageText(f))]));

  it('puts at least nine stories in ten under their printed headline, and never a wrong one at full confidence', () => {
    let right = 0;
    let total = 0;
    const wrongButSure: string[] = [];
    for (const file of PAGE_FILES) {
      for (const story of truth[file] as Truth[]) {
        if (!story.headline) continue;
        total++;
        const article = find(pages[file]!, story);
        expect(article, `${file}: ${story.body_start}`).toBeDefined();
        if (squeeze(article!.headline) === squeeze(story.headline)) right++;
        else if (article!.confidence >= 0.9) wrongButSure.push(`${story.headline} ← ${article!.headline}`);
      }
    }
    expect(right / total).toBeGreaterThanOrEqual(0.9);
    expect(wrongButSure).toEqual([]);
  });

  it('gives every story its kicker and deck as the copy editor read them, and says where the split is a guess', () => {
    for (const file of PAGE_FILES) {
      for (const story of truth[file] as Truth[]) {
        if (!story.headline) continue;
        const article = find(pages[file]!, story)!;
        expect([article.kicker, article.headline, article.deck].map(squeeze), story.headline).toEqual(
          [story.kicker, story.headline, story.deck].map(squeeze),
        );
        if (article.confidence === 1) expect(article.doubts.filter((d) => d.startsWith('headline'))).toEqual([]);
      }
    }
  });

  it('keeps intertitles as intertitles inside their story, not as headlines of pieces of it', () => {
    for (const file of PAGE_FILES) {
      for (const story of truth[file] as Truth[]) {
        if (!story.intertitles.length) continue;
        const article = find(pages[file]!, story)!;
        expect(article.body.filter((b) => b.type === 'intertitle').map((b) => squeeze(b.text))).toEqual(story.intertitles.map(squeeze));
        for (const t of story.intertitles) expect(pages[file]!.some((a) => squeeze(a.headline) === squeeze(t))).toBe(false);
      }
    }
  });

  it('reads a headline, byline and text printed in three places as one story, and a photo story whose headline is far off', () => {
    const june = pages['shashi-2024-06.txt']!;
    const feature = june.find((a) => a.bylineForm === 'feature')!;
    expect(feature.headline).toBe('“政银企”携手共进 精准赋能实体经济');
    expect(feature.body[0]?.text).toMatch(/^6月20日，荆州市奇傲服饰/);
    expect(feature.doubts).toContain('pieces-joined');
    const photo = june.find((a) => a.headline === '垃圾分类进校园 绿色环保入童心')!;
    expect(photo.photos[0]?.credit.people).toEqual([{ role: 'correspondent', name: '汤海娟' }]);
    expect(photo.confidence).toBeLessThan(1);
  });

  it('takes a column label beside a headline as the column, not as part of the headline', () => {
    const jingzhou = pages['jingzhou-2023-11.txt']!;
    expect(jingzhou.find((a) => a.headline === '荆州两项营商环境改革经验获全省推广')?.column).toBe('“双优化”攻坚战');
    const march = pages['shashi-2024-03.txt']!;
    expect(march.find((a) => a.headline === '打造便民利民服务圈')?.column).toBe('全国文明城市创建进行时');
  });

  it('reads pages it has never seen by the same rules', () => {
    const above = readPageText(ABOVE);
    expect(above.masthead).toEqual({ date: '2024-05-14', page: 3, issue: null, totalIssue: null });
    const [projects, renewal, boats, museum] = above.articles;
    expect(above.articles).toHaveLength(4);
    expect(projects).toMatchObject({ headline: '28个项目总投资86.03亿元', kicker: '我市二季度重大项目集中开工' });
    expect(projects!.doubts).toContain('headline-parts-guessed');
    expect(renewal).toMatchObject({ column: '文明创建在行动', headline: '老旧小区焕新颜', deck: '——东门街道推进老旧小区改造纪实' });
    expect(renewal!.body.map((b) => b.type)).toEqual(['paragraph', 'intertitle', 'paragraph']);
    expect(boats).toMatchObject({ headline: '龙舟竞渡 迎端阳', photos: [{ credit: { people: [{ name: '何平' }] } }] });
    // few of its words are in the text: right, but not sure
    expect(boats!.confidence).toBeLessThan(0.9);
    expect(museum).toMatchObject({ headline: '市科技馆新馆开放', confidence: 1 });

    const below = readPageText(BELOW).articles;
    expect(below.map((a) => [a.kicker, a.headline])).toEqual([
      ['', '城南区春季招聘会达成意向460人'],
      ['全区防汛工作会议召开', '压实责任 确保安全度汛'],
      ['', '图书馆延时开放 点亮“夜读时光”'],
    ]);
    // half-width marks kept as printed, and said for the proofreader
    expect(below[0]!.body[0]!.text).toContain('近日,城南区');
    expect(below.every((a) => a.doubts.includes('halfwidth-punctuation'))).toBe(true);
    expect(readPageText(ABOVE).articles.some((a) => a.doubts.includes('halfwidth-punctuation'))).toBe(false);
  });
});

describe('a headline’s lines as 引题, 主题 and 副题', () => {
  it('reads a colon as ending the kicker and a dash as opening the deck', () => {
    expect(headlineParts(['市政务服务和大数据管理局：', '加强清廉大厅建设 擦亮为民服务底色'])).toMatchObject({
      kicker: '市政务服务和大数据管理局：',
      headline: '加强清廉大厅建设 擦亮为民服务底色',
      sure: true,
    });
    expect(headlineParts(['“政银企”携手共进 精准赋能实体经济', '——沙市区持续推进融资便利化改革创新略记'])).toMatchObject({
      headline: '“政银企”携手共进 精准赋能实体经济',
      deck: '——沙市区持续推进融资便利化改革创新略记',
    });
  });

  it('splits a one-line kicker and headline at the space after the long phrase, never inside quotes', () => {
    expect(headlineParts(['区委巡察工作领导小组会议召开 加强协同配合 深化成果共享'])).toEqual({
      kicker: '区委巡察工作领导小组会议召开',
      headline: '加强协同配合 深化成果共享',
      deck: '',
      sure: true,
    });
    expect(headlineParts(['全市“坚持生态优先 推动绿色发展”专题研讨班开班']).headline).toBe('全市“坚持生态优先 推动绿色发展”专题研讨班开班');
    expect(headlineParts(['垃圾分类进校园 绿色环保入童心']).headline).toBe('垃圾分类进校园 绿色环保入童心');
  });

  it('joins a headline wrapped like text when the story prints the join as one phrase, and two short halves with a space', () => {
    const text = '11月27日，共青团荆州市委五届八次全体（扩大）会议召开，熊燃当选';
    expect(headlineParts(['共青团荆州市委五届八次', '全体（扩大）会议召开'], text).headline).toBe(
      '共青团荆州市委五届八次全体（扩大）会议召开',
    );
    expect(headlineParts(['共青团荆州市委五届八次', '全体（扩大）会议召开']).kicker).toBe('共青团荆州市委五届八次');
    expect(headlineParts(['过驳减载', '安全保畅']).headline).toBe('过驳减载 安全保畅');
  });
});

describe('the 报眉: date, page and issue as the page prints them', () => {
  it('reads dates in digits and in characters, the page and the issue', () => {
    expect(readMasthead(['2024年3月5日 星期二', '第3版：要闻', '第12345期'])).toEqual({
      date: '2024-03-05',
      page: 3,
      issue: 12345,
      totalIssue: null,
    });
    expect(readMasthead(['二〇二三年十一月二十八日 星期二 农历十月十六', '总第6789期'])).toEqual({
      date: '2023-11-28',
      page: null,
      issue: null,
      totalIssue: 6789,
    });
    expect(readMasthead(['2024年2月30日 星期五']).date).toBeNull();
  });

  it('keeps 第N期 and 总第N期 apart, as the edition does, wherever the page prints them', () => {
    expect(readMasthead(['2025年3月19日 星期三 第58期 总第12345期'])).toMatchObject({ date: '2025-03-19', issue: 58, totalIssue: 12345 });
    expect(readMasthead(['第3版：要闻', '总第12345期 第五十八期'])).toMatchObject({ page: 3, issue: 58, totalIssue: 12345 });
    const { masthead } = readPageText(
      `2025年3月19日 星期三 第58期 总第12345期\n第2版 沙市新闻 责任编辑：王平\n\n${pageText('shashi-2024-06.txt')}`,
    );
    expect(masthead).toEqual({ date: '2025-03-19', page: 2, issue: 58, totalIssue: 12345 });
  });

  it('tells a masthead line from a headline or a sentence that mentions a date', () => {
    expect(isMastheadLine('2024年3月5日 星期二')).toBe(true);
    expect(isMastheadLine('第2版 沙市新闻 责任编辑：王平')).toBe(true);
    expect(isMastheadLine('3月5日,沙市区集中开展“3·5”学雷锋纪念日主题活动。')).toBe(false);
    expect(isMastheadLine('全区2024年度招聘双选会举行')).toBe(false);
  });
});
