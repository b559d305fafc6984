import { describe, expect, it } from 'vitest';
import { splitPageText, undouble, type ImportedArticle } from '../../shared/import/page-text';
import { PAGE_FILES, pageText } from '../support/fixtures';

const pages = Object.fromEntries(PAGE_FILES.map((f) => [f, splitPageText(pageText(f))])) as Record<
  (typeof PAGE_FILES)[number],
  ImportedArticle[]
>;
const names = (a: ImportedArticle | undefined) => a?.byline.map((b) => b.name);
const withPerson = (list: ImportedArticle[], name: string) => list.find((a) => a.byline.some((b) => b.name === name));
const text = (a: ImportedArticle) => a.body.map((b) => b.text).join('\n');

describe('importing the text of printed pages', () => {
  it('starts exactly one article at every dateline of every page', () => {
    for (const file of PAGE_FILES) {
      const datelines = pageText(file).match(/本报讯/g)!.length;
      expect(pages[file].filter((a) => a.dateline === '本报讯').length, file).toBe(datelines);
    }
  });

  it('reads a byline cut by a wrap as people in roles, with another paper’s reporter', () => {
    const article = withPerson(pages['jingzhou-2023-11.txt'], '王丙全');
    expect(article?.byline).toEqual([
      { role: 'reporter', name: '王丙全', outlet: '湖北日报' },
      { role: 'correspondent', name: '杨婕' },
      { role: 'correspondent', name: '甘茹' },
    ]);
    expect(article?.source).toBe('（原载11月 27日《湖北日报》）');
    expect(article?.body[0]?.text).toMatch(/^近日，省财政厅发布优化政府采购营商环境先行区改革试点项目验收情况通报/);
  });

  it('joins a name cut by a wrap and one spread out by justification, and tidies the spread text', () => {
    const article = withPerson(pages['jingzhou-2023-11.txt'], '王大玲');
    expect(names(article)).toEqual(['王大玲', '高欣慰', '张榕坤']);
    expect(article?.kicker).toBe('市政务服务和大数据管理局：');
    expect(article?.headline).toBe('加强清廉大厅建设 擦亮为民服务底色');
    expect(article?.body[0]?.text).toMatch(/^“清正在德、廉洁在志”……走进荆州市民之家/);
  });

  it('gives a headline printed after its story to that story: the short line its 主题, the longer factual line under it its 副题', () => {
    const article = withPerson(pages['jingzhou-2023-11.txt'], '艾周梦');
    expect(article?.byline[1]).toEqual({ role: 'trainee-reporter', name: '艾周梦' });
    expect(article?.headline).toBe('推动环保工作取得更大成效');
    expect(article?.deck).toBe('全市“坚持生态优先 推动绿色发展”专题研讨班开班');
    // no dash, no colon: which of 主题 and 副题 is which is the review's to confirm
    expect(article?.doubts).toContain('headline-parts-guessed');
    expect(withPerson(pages['jingzhou-2023-11.txt'], '夏雨彬')?.headline).toBe('全市债务融资工具规模破百亿元');
  });

  it('unwraps paragraphs: Chinese lines join with nothing between, across column breaks, and stay apart', () => {
    const article = withPerson(pages['jingzhou-2023-11.txt'], '王丙全')!;
    expect(article.body.length).toBeGreaterThanOrEqual(4);
    expect(article.body.some((p) => p.text.startsWith('荆州坚持把优化营商环境作为“一号改革工程”，打响攻坚战'))).toBe(true);
    expect(text(article)).toContain('2022年度共有32项营商环境改革试点获省通报表扬，数量居全省第四。');
    for (const list of Object.values(pages)) {
      for (const a of list) for (const p of a.body) expect(p.text).not.toMatch(/\n|近 期|\p{Script=Han} \p{Script=Han} \p{Script=Han}/u);
    }
  });

  it('reads a photo story: headline, its text, and the credit of two photographers', () => {
    const story = pages['jingzhou-2023-11.txt'].find((a) => a.headline === '过驳减载 安全保畅');
    expect(story?.photos).toHaveLength(1);
    // the text a photo story prints beside its picture is the story's text
    expect(story?.body[0]?.text).toMatch(/^日前，在长江江陵段安全水域/);
    expect(story?.photos[0]?.credit).toEqual({
      kind: 'photo',
      people: [
        { role: null, name: '黄国舜' },
        { role: null, name: '潘路' },
      ],
    });
  });

  it('keeps jump lines', () => {
    const continued = pages['jingzhou-2023-11.txt'].find((a) => a.jump === '（上接第1版）');
    expect(continued?.body[0]?.text).toMatch(/^“这几栋违建房快垮了/);
  });

  it('reads a feature byline, a credit with a role, and a briefs column label', () => {
    const june = pages['shashi-2024-06.txt'];
    const feature = june.find((a) => a.bylineForm === 'feature');
    expect(feature?.byline).toEqual([
      { role: 'correspondent', name: '余延平' },
      { role: 'correspondent', name: '秦超' },
    ]);
    const credited = june.flatMap((a) => a.photos).find((p) => p.credit.people.some((c) => c.name === '汤海娟'));
    expect(credited?.credit).toEqual({ kind: 'photo', people: [{ role: 'correspondent', name: '汤海娟' }] });
    expect(june[0]).toMatchObject({ column: '沙市 简讯', byline: [{ role: 'correspondent', name: '代艳丽' }] });
    expect(june[0]?.headline).toBe('全区2024年度招聘双选会举行');
  });

  it('reads a set of photos with numbered captions and one group credit', () => {
    const set = pages['shashi-2024-03.txt'].find((a) => a.photoGroupCredit);
    expect(set?.headline).toBe('学雷锋 见行动');
    expect(set?.photoGroupCredit?.people.map((p) => p.name)).toEqual(['潘路', '肖琦', '张钧凯', '王慧', '李群', '胡梦莹']);
    expect(set?.photos.map((p) => p.caption)).toHaveLength(6);
    expect(set?.photos[0]?.caption).toBe('税务部门志愿者向群众宣传税费政策。');
  });

  it('reads a page with a paragraph per line and half-width punctuation', () => {
    const march = pages['shashi-2024-03.txt'];
    const first = march[0]!;
    expect(first.byline).toEqual([{ role: 'correspondent', name: '刘江林' }]);
    // 引题 and 主题 printed as one line: the long factual phrase, then the short headline
    expect(first.kicker).toBe('省委编办表彰全省2023年度市县机构编制工作综合考核奖励单位');
    expect(first.headline).toBe('区委编办荣获二等奖');
    expect(first.body.map((p) => p.text.slice(0, 8))).toEqual(['近日,省委编办印', '2023年,区委', '2024年,区委']);
    expect(withPerson(march, '万佳')?.byline).toEqual([{ role: 'contributing-reporter', name: '万佳' }]);
  });

  it('keeps half-width punctuation as printed, in a heading as in the text, and flags it without doubting the story', () => {
    const fullWidthBody = '本报讯（通讯员刘江林）2月29日上午，沙市区召开区委常委会（扩大）会议，听取各党委（党组）书记抓基层党建工作述职。';
    const page = (kicker: string) => `${kicker}\n以高质量党建引领保障高质量发展\n\n${fullWidthBody}\n`;
    const [printed] = splitPageText(page('沙市区召开2023年度党委(党组)书记抓基层党建工作述职评议会议'));
    expect(printed).toMatchObject({
      kicker: '沙市区召开2023年度党委(党组)书记抓基层党建工作述职评议会议',
      headline: '以高质量党建引领保障高质量发展',
    });
    expect(printed!.doubts).toEqual(['halfwidth-punctuation']);
    expect(printed!.confidence).toBe(1);
    const [clean] = splitPageText(page('沙市区召开2023年度党委（党组）书记抓基层党建工作述职评议会议'));
    expect(clean!.doubts).toEqual([]);
  });

  it('tells the desk how sure it is, and why not more', () => {
    for (const list of Object.values(pages)) {
      for (const a of list) {
        expect(a.confidence).toBeGreaterThan(0);
        expect(a.confidence).toBeLessThanOrEqual(1);
        if (!a.headline) expect(a.doubts).toContain('no-headline');
        expect(a.firstLine).toBeLessThanOrEqual(a.lastLine);
      }
    }
  });

  it('undoes a doubled headline', () => {
    expect(undouble('主动搭台引流主动搭台引流')).toBe('主动搭台引流');
    expect(undouble('学雷锋 见行动')).toBe('学雷锋 见行动');
  });
});
