import { describe, expect, it } from 'vitest';
import {
  applySuggestion,
  applySuggestions,
  findingIds,
  lineAndColumn,
  proofread,
  PROOFREAD_RULES,
  type Finding,
  type ProofreadRule,
} from '../../shared/proofread/check';
import { chineseNumber, toChinese } from '../../shared/proofread/numbers';
import { wordList } from '../../shared/proofread/words';
import { proofreadMessage } from '../../shared/proofread/message';
import { createI18n } from '../../shared/i18n/setup';
import { PAGE_FILES, pageText } from '../support/fixtures';

/** The findings of one rule as `[covered text, suggestion]`. */
function found(text: string, rule: ProofreadRule): [string, string | undefined][] {
  return proofread(text, { rules: [rule] }).map((f) => [text.slice(f.offset, f.offset + f.length), f.suggestion]);
}

/** The text with every suggestion of `rule` applied. */
function fixed(text: string, rule: ProofreadRule): string {
  return applySuggestions(text, proofread(text, { rules: [rule] }));
}

describe('GB/T 15834 punctuation', () => {
  it('flags half-width , . ; : ? ! ( ) " inside Chinese text and makes them full width', () => {
    expect(fixed('会议,代表们说:好!', 'halfwidth-punct')).toBe('会议，代表们说：好！');
    expect(fixed('本报讯(记者王子瑶)近日,区委召开会议.', 'halfwidth-punct')).toBe('本报讯（记者王子瑶）近日，区委召开会议。');
    expect(fixed('真的吗?是的;没错', 'halfwidth-punct')).toBe('真的吗？是的；没错');
    expect(fixed('他说"好"就走了', 'halfwidth-punct')).toBe('他说“好”就走了');
    // The space after a half-width comma goes with it.
    expect(fixed('会议, 代表', 'halfwidth-punct')).toBe('会议，代表');
    // No address holds a Chinese character.
    expect(fixed('网址:www.jz.gov.cn', 'halfwidth-punct')).toBe('网址：www.jz.gov.cn');
  });

  it('leaves numbers, English, addresses and numbered lists alone', () => {
    for (const text of [
      '圆周率约为3.14，共1,000人',
      '会议于10:30开始',
      'He said, "Hello, world." 然后走了。',
      '访问 https://www.example.com/a,b?x=1 或 www.jz.gov.cn 了解',
      '发邮件至 desk@example.cn 咨询',
      '1.开展工作。2.总结经验',
      '(1)开展工作',
      '国内生产总值(GDP)增长',
      'f(x)的值',
      'wait... ok!',
    ]) {
      expect(found(text, 'halfwidth-punct'), text).toEqual([]);
    }
  });

  it('finds unpaired and wrongly nested quotes, brackets and title marks', () => {
    expect(found('他说“好', 'paired-marks')).toEqual([['“', undefined]]);
    expect(found('他说好”', 'paired-marks')).toEqual([['”', undefined]]);
    expect(found('见《荆州日报（副刊》）', 'paired-marks')).toEqual([
      ['（', undefined],
      ['）', undefined],
    ]);
    expect(fixed('他说“她说“好”。”', 'paired-marks')).toBe('他说“她说‘好’。”');
    expect(fixed('《荆州日报《副刊》》', 'paired-marks')).toBe('《荆州日报〈副刊〉》');
    for (const ok of ['他说“好”', '他说：“她说‘好’。”', '《〈荆州日报〉》（第1版）【快讯】〔2024〕', 'don’t and the 90’s']) {
      expect(found(ok, 'paired-marks'), ok).toEqual([]);
    }
  });

  it('accepts a quotation over several paragraphs, each opened with “ and only the last closed', () => {
    const text = '他说：“第一段。\n“第二段。\n“第三段。”\n下一段。';
    expect(proofread(text, { rules: ['paired-marks', 'forbidden-position'] })).toEqual([]);
    // A quotation that runs over a hard line break of page text is one quotation.
    expect(found('让“人\n人公益 人人慈善”成为新风尚', 'paired-marks')).toEqual([]);
  });

  it('turns quotation marks that are the wrong way round', () => {
    expect(fixed('他说”好“就走了', 'quote-direction')).toBe('他说“好”就走了');
    expect(found('他说“好”就走了', 'quote-direction')).toEqual([]);
  });

  it('writes the dash and the ellipsis as two marks', () => {
    expect(fixed('他说…', 'dash-ellipsis')).toBe('他说……');
    expect(fixed('他说...然后', 'dash-ellipsis')).toBe('他说……然后');
    expect(fixed('好。。。', 'dash-ellipsis')).toBe('好……');
    expect(fixed('他说--我', 'dash-ellipsis')).toBe('他说——我');
    expect(fixed('—沙市区持续推进改革', 'dash-ellipsis')).toBe('——沙市区持续推进改革');
    expect(fixed('他来了，—不，是她', 'dash-ellipsis')).toBe('他来了，——不，是她');
    // The en-rule connective (一字线) stays; so do the real marks, Latin dots and options.
    for (const ok of ['北京—上海', '沈括（1031—1095）', '——沙市区', '他说……', '……', 'wait... ok', 'banmian proofread --json']) {
      expect(found(ok, 'dash-ellipsis'), ok).toEqual([]);
    }
  });

  it('finds doubled marks', () => {
    expect(fixed('好，，的、、是；；', 'doubled-punct')).toBe('好，的、是；');
    expect(found('好，。', 'doubled-punct')).toEqual([['，。', undefined]]);
    expect(found('真的？！好！！', 'doubled-punct')).toEqual([]);
  });

  it('finds marks where a line may not have them', () => {
    expect(found('，开头\n好', 'forbidden-position')).toEqual([['，', undefined]]);
    expect(found('好\n”开头', 'forbidden-position')).toEqual([['”', undefined]]);
    expect(found('结尾《\n好', 'forbidden-position')).toEqual([['《', undefined]]);
    expect(found('“开头”\n（上接第1版）\n……', 'forbidden-position')).toEqual([]);
  });
});

describe('GB/T 15835 numbers', () => {
  it('makes full-width digits half width', () => {
    expect(fixed('共１２３人，增长１２．５', 'fullwidth-digits')).toBe('共123人，增长12.5');
  });

  it('writes one number in one form', () => {
    expect(fixed('1千2百人', 'mixed-numeral')).toBe('1200人');
    expect(fixed('3万5千元', 'mixed-numeral')).toBe('35000元');
    expect(fixed('3千5百万元', 'mixed-numeral')).toBe('3500万元');
    expect(fixed('1千零5', 'mixed-numeral')).toBe('1005');
    expect(fixed('二0二四年', 'mixed-numeral')).toBe('2024年');
    expect(found('1千2', 'mixed-numeral')).toEqual([['1千2', undefined]]);
    for (const ok of ['5千瓦', '3千米', '10万人', '3.5万元', '1亿', '2024年', '50余个']) expect(found(ok, 'mixed-numeral'), ok).toEqual([]);
  });

  it('writes percentages in Arabic numerals, but not 百分之百 or approximations', () => {
    expect(fixed('增长百分之五十', 'chinese-percent')).toBe('增长50%');
    expect(fixed('百分之三点五', 'chinese-percent')).toBe('3.5%');
    expect(fixed('百分之一百二十', 'chinese-percent')).toBe('120%');
    expect(fixed('百分之50', 'chinese-percent')).toBe('50%');
    for (const ok of ['百分之百的信心', '百分之十几', '百分之几', '50%']) expect(found(ok, 'chinese-percent'), ok).toEqual([]);
  });

  it('writes Gregorian dates in Arabic numerals', () => {
    expect(fixed('二〇二四年三月五日', 'chinese-date')).toBe('2024年3月5日');
    expect(fixed('一九四九年十月一日', 'chinese-date')).toBe('1949年10月1日');
    expect(fixed('二〇二三年度', 'chinese-date')).toBe('2023年度');
    for (const ok of ['2024年3月5日', '三年五个月', '农历正月初一', '十三五年']) expect(found(ok, 'chinese-date'), ok).toEqual([]);
  });

  it('writes approximations with 几 and days of the week in Chinese numerals', () => {
    expect(fixed('10几个人，几100人', 'arabic-for-chinese')).toBe('十几个人，几百人');
    expect(fixed('星期1开会', 'arabic-for-chinese')).toBe('星期一开会');
    expect(fixed('星期7休息', 'arabic-for-chinese')).toBe('星期日休息');
    for (const ok of ['十几个', '3.5几', '星期12']) expect(found(ok, 'arabic-for-chinese'), ok).toEqual([]);
  });

  it('uses the wave mark for ranges', () => {
    expect(fixed('3~5天', 'range-mark')).toBe('3～5天');
    expect(fixed('3 ~ 5天', 'range-mark')).toBe('3～5天');
    for (const ok of ['3～5天', '3—5天', '~/banmian', '2024-03-05']) expect(found(ok, 'range-mark'), ok).toEqual([]);
  });

  it('reads Chinese numerals', () => {
    expect(['五', '十', '十五', '三十五', '一百零五', '一百二十', '两千', '零点五'].map(chineseNumber)).toEqual([
      5, 10, 15, 35, 105, 120, 2000, 0.5,
    ]);
    expect(['二五', '一百二', '几', '十百'].map(chineseNumber)).toEqual([null, null, null, null]);
    expect([1, 10, 15, 20, 105, 100, 1010].map(toChinese)).toEqual(['一', '十', '十五', '二十', '一百零五', '一百', '一千零一十']);
  });
});

describe('words', () => {
  it('finds wrong characters from the word list, but not where the letters belong to other words', () => {
    expect(fixed('工作己经完成，再接再励，按装空调', 'typo')).toBe('工作已经完成，再接再厉，安装空调');
    expect(fixed('既使困难再大，我们也要做好', 'typo')).toBe('即使困难再大，我们也要做好');
    for (const ok of [
      '他自己经常加班',
      '按装修标准验收',
      '既使群众满意，又使企业受益',
      '平安祥和',
      '这座落成于1990年的大楼',
      '顺利渡过难关',
    ]) {
      expect(found(ok, 'typo'), ok).toEqual([]);
    }
  });

  it('finds a function character typed twice, but not reduplication', () => {
    expect(fixed('这是的的错，他说了了', 'repeated-char')).toBe('这是的错，他说了');
    expect(fixed('在在家都都来', 'repeated-char')).toBe('在家都来');
    for (const ok of [
      '常常看看谢谢人人天天',
      '的的确确',
      '达到目的的手段',
      '为了了解情况',
      '不了了之',
      '小时了了',
      '现在在家',
      '首都都市圈',
      '参与与否',
    ]) {
      expect(found(ok, 'repeated-char'), ok).toEqual([]);
    }
  });

  it('finds the words the paper avoids, from its list or the newsroom’s own', () => {
    expect(fixed('北韩和南韩', 'avoid-word')).toBe('朝鲜和韩国');
    expect(found('瞎子摸象', 'avoid-word')).toEqual([]);
    const own = wordList({ entries: [['老板', '负责人', { notAfter: '大' }]] });
    const text = '老板说，大老板不在';
    expect(proofread(text, { rules: ['avoid-word'], avoidWords: own }).map((f) => [f.offset, f.suggestion])).toEqual([[0, '负责人']]);
  });
});

describe('findings', () => {
  it('counts offsets in UTF-16 code units, astral characters included', () => {
    const text = '𠮷𠮷己经,好';
    const findings = proofread(text);
    expect(findings.map((f) => [f.rule, f.offset, f.length])).toEqual([
      ['typo', 4, 2],
      ['halfwidth-punct', 6, 1],
    ]);
    expect(text.slice(4, 6)).toBe('己经');
    expect(applySuggestions(text, findings)).toBe('𠮷𠮷已经，好');
    expect(lineAndColumn(`x\n${text}`, 2 + 4)).toEqual({ line: 2, column: 3 });
  });

  it('applies one suggestion, those of one rule, or all', () => {
    const text = '会议,己经开过.';
    const findings = proofread(text);
    expect(applySuggestion(text, findings[0]!)).toBe('会议，己经开过.');
    expect(applySuggestions(text, findings, 'typo')).toBe('会议,已经开过.');
    expect(applySuggestions(text, findings)).toBe('会议，已经开过。');
    // Overlapping findings: the first wins, the checker finds the rest on its next run.
    const overlap: Finding[] = [
      { offset: 0, length: 2, rule: 'typo', messageKey: 'proofread.messages.typo', params: {}, suggestion: 'AB' },
      { offset: 1, length: 2, rule: 'typo', messageKey: 'proofread.messages.typo', params: {}, suggestion: 'XY' },
    ];
    expect(applySuggestions('abcd', overlap)).toBe('ABcd');
  });

  it('switches rules off and on by id', () => {
    const text = '会议,己经开过';
    expect(proofread(text, { off: ['typo'] }).map((f) => f.rule)).toEqual(['halfwidth-punct']);
    expect(proofread(text, { rules: ['typo'] }).map((f) => f.rule)).toEqual(['typo']);
    expect(new Set(PROOFREAD_RULES).size).toBe(PROOFREAD_RULES.length);
  });

  it('gives findings a stable identity: rule, text and occurrence', () => {
    const text = '己经,己经';
    const ids = findingIds(text, proofread(text));
    expect(ids).toEqual(['typo:己经:0', 'halfwidth-punct:,:0', 'typo:己经:1']);
    // An edit before them moves the offsets, not the identities.
    const edited = `前面加了字。${text}`;
    expect(findingIds(edited, proofread(edited))).toEqual(ids);
  });

  it('has a message for every finding in both languages', () => {
    const text = '会议,他说“好\n”…1千2百。百分之五十，二〇二四年，10几个，3~5天，１２，的的，己经，北韩，，';
    const findings = proofread(text);
    expect(new Set(findings.map((f) => f.rule)).size).toBeGreaterThanOrEqual(10);
    for (const language of ['zh-CN', 'en'] as const) {
      const i18n = createI18n(language);
      for (const f of findings) {
        const message = proofreadMessage(i18n, f);
        expect(message, f.messageKey).not.toContain('proofread.');
        expect(message, f.messageKey).not.toContain('{{');
      }
      for (const rule of PROOFREAD_RULES) expect(i18n.t(`story:proofread.rules.${rule}`)).not.toContain('proofread.');
    }
  });

  it('checks a paragraph of 500 characters well under a millisecond', () => {
    const paragraph = '荆州坚持把优化营商环境作为“一号改革工程”，打响攻坚战、翻身仗，2022年度共有32项改革试点获省通报表扬。'
      .repeat(9)
      .slice(0, 500);
    proofread(paragraph);
    const runs = 200;
    const start = performance.now();
    for (let i = 0; i < runs; i++) proofread(paragraph);
    const perParagraph = (performance.now() - start) / runs;
    console.log(`proofread: ${perParagraph.toFixed(3)} ms per paragraph of 500 characters`);
    expect(perParagraph).toBeLessThan(5); // generous for a loaded test machine; typically ~0.1 ms
  });
});

describe('real printed pages', () => {
  it('produces few findings on real copy, each one a real error', () => {
    for (const file of PAGE_FILES) {
      const text = pageText(file);
      const findings = proofread(text);
      const perThousand = (findings.length * 1000) / text.length;
      const counts = new Map<string, number>();
      for (const f of findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
      const byRule = [...counts].map(([rule, n]) => `${rule} ${n}`);
      console.log(
        `${file}: ${findings.length} findings in ${text.length} characters, ${perThousand.toFixed(2)} per 1,000 (${byRule.join(', ')})`,
      );
      // The 2024-03 page sets its body in half-width , and ( ) — a real error; nothing else is flagged.
      const others = findings.filter((f) => f.rule !== 'halfwidth-punct');
      expect((others.length * 1000) / text.length, file).toBeLessThan(1);
      if (file !== 'shashi-2024-03.txt') expect(perThousand, file).toBeLessThan(1);
    }
  });

  it('flags the half-width punctuation of the 2024-03 page and fixes it', () => {
    const text = pageText('shashi-2024-03.txt');
    const findings = proofread(text);
    expect(findings.length).toBeGreaterThan(100);
    const fixedText = applySuggestions(text, findings);
    expect(proofread(fixedText).filter((f) => f.rule === 'halfwidth-punct')).toEqual([]);
    expect(fixedText).toContain('本报讯（通讯员刘江林）近日，省委编办印发通报，');
  });
});
