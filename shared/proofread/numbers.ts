/**
 * GB/T 15835-2011 (出版物上数字用法), only where the standard leaves no doubt: one number in one
 * form (not 1千2百), half-width digits, Arabic numerals for percentages and for the years, months
 * and days of the Gregorian calendar, Chinese numerals for approximate numbers with 几 and in
 * fixed expressions (星期一), and the wave mark ～ between the ends of a range. Thousands
 * separators are left alone: the standard allows both 1,000 and 1 000 and no separator.
 */
import { charAt, charBefore, type Finding } from './finding';

const DIGITS = '〇一二三四五六七八九';

function finding(rule: Finding['rule'], messageKey: string, at: number, found: string, suggestion?: string): Finding {
  const f: Finding = { offset: at, length: found.length, rule, messageKey: `proofread.messages.${messageKey}`, params: { found } };
  if (suggestion !== undefined) {
    f.suggestion = suggestion;
    f.params.suggestion = suggestion;
  }
  return f;
}

/** １２３ → 123. */
export function fullwidthDigits(text: string, out: Finding[]): void {
  const runs = /[０-９]+(?:[．.][０-９]+)?/g;
  for (let m = runs.exec(text); m; m = runs.exec(text)) {
    const ascii = m[0].replace(/[０-９．]/g, (c) => (c === '．' ? '.' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
    out.push(finding('fullwidth-digits', 'fullwidthDigits', m.index, m[0], ascii));
  }
}

const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/** The value of 3万5千, 1千零5, 1千2百: Arabic digit groups each with a Chinese unit. */
function mixedValue(found: string): number | null {
  const groups = [...found.matchAll(/(零?)(\d+)([万千百十]?)/g)];
  let total = 0;
  let section = 0;
  for (const [index, group] of groups.entries()) {
    const n = Number(group[2]);
    const unit = group[3]!;
    if (!unit) {
      // A bare last group counts units only after 零 (1千零5); 1千2 is colloquial, left unsuggested.
      if (index !== groups.length - 1 || !group[1]) return null;
      section += n;
    } else if (unit === '万') {
      total += (section + n) * 10000;
      section = 0;
    } else section += n * UNIT[unit]!;
  }
  return total + section;
}

/** Units that 千 and 百 start rather than multiply: 千瓦, 千克, 千米, 百分点. */
const MEASURE_AFTER = /^(?:瓦|克|米|伏|帕|卡|赫|焦|兆|字节|分)/;

/** One number in two forms: 1千2百 → 1200, 3万5千 → 35000; 二0二四年 → 2024年. */
export function mixedNumerals(text: string, out: Finding[]): void {
  const mixed = /\d+(?:零?[万千百十]零?\d+)+[千百十]?/g;
  for (let m = mixed.exec(text); m; m = mixed.exec(text)) {
    let found = m[0];
    if (/[千百]$/.test(found) && MEASURE_AFTER.test(text.slice(m.index + found.length))) found = found.slice(0, -1);
    if (!/[万千百十]零?\d/.test(found)) continue;
    const value = mixedValue(found);
    out.push(finding('mixed-numeral', 'mixedNumeral', m.index, found, value === null ? undefined : String(value)));
  }
  const years = /[〇一二三四五六七八九0-9]{4}(?=年)/g;
  for (let m = years.exec(text); m; m = years.exec(text)) {
    const year = m[0];
    if (!/\d/.test(year) || !/[〇一二三四五六七八九]/.test(year)) continue;
    if (/[〇一二三四五六七八九0-9]/.test(charBefore(text, m.index))) continue;
    out.push(
      finding(
        'mixed-numeral',
        'mixedNumeral',
        m.index,
        year,
        year.replace(/[〇一二三四五六七八九]/g, (c) => String(DIGITS.indexOf(c))),
      ),
    );
  }
}

function digitOf(c: string): number {
  return c === '两' ? 2 : c === '零' ? 0 : DIGITS.indexOf(c);
}

/** 三十五, 十, 一百二十, 一百零五, 三点五 as a number; null for anything else (二五, 一百二). */
export function chineseNumber(words: string): number | null {
  const [whole, fraction, ...more] = words.split('点');
  if (more.length || whole === undefined || whole === '') return null;
  let value = 0;
  let digit = -1;
  let lastUnit = Infinity;
  let zero = false;
  for (const c of whole) {
    const d = digitOf(c);
    if (d === 0 && whole.length > 1) {
      if (digit >= 0 || zero || lastUnit === Infinity) return null;
      zero = true;
    } else if (d >= 0) {
      if (digit >= 0) return null;
      digit = d;
    } else {
      const unit = UNIT[c];
      if (unit === undefined || unit === 10000 || unit >= lastUnit) return null;
      if (digit < 0 && !(unit === 10 && lastUnit === Infinity)) return null;
      value += (digit < 0 ? 1 : digit) * unit;
      digit = -1;
      zero = false;
      lastUnit = unit;
    }
  }
  if (digit >= 0) {
    // 一百二 is colloquial for 120: too loose to rewrite.
    if (lastUnit !== Infinity && lastUnit > 10 && !zero) return null;
    value += digit;
  }
  if (fraction === undefined) return value;
  if (!/^[〇零一二三四五六七八九]+$/.test(fraction)) return null;
  return Number(`${value}.${[...fraction].map(digitOf).join('')}`);
}

/** 百分之五十 → 50%, 百分之3.5 → 3.5%. 百分之百 (an idiom) and 百分之十几 (approximate) stay. */
export function chinesePercentages(text: string, out: Finding[]): void {
  const percent = /百分之([〇零一二三四五六七八九十百两点]+|\d+(?:\.\d+)?)/g;
  for (let m = percent.exec(text); m; m = percent.exec(text)) {
    const words = m[1]!;
    if (words === '百') continue;
    if (/^[几多余来]/.test(text.slice(m.index + m[0].length))) continue;
    const value = /\d/.test(words) ? Number(words) : chineseNumber(words);
    if (value === null || value > 1000) continue;
    out.push(finding('chinese-percent', 'chinesePercent', m.index, m[0], `${value}%`));
  }
}

/** 二〇二四年三月五日 → 2024年3月5日: Gregorian dates take Arabic numerals in news copy. */
export function chineseDates(text: string, out: Finding[]): void {
  const dates =
    /(?<![〇零一二三四五六七八九十])([〇零一二三四五六七八九]{4})年(?:([一二三四五六七八九十]{1,2})月(?:([一二三四五六七八九十]{1,3})日)?)?/g;
  for (let m = dates.exec(text); m; m = dates.exec(text)) {
    const year = [...m[1]!].map((c) => (c === '零' ? 0 : DIGITS.indexOf(c))).join('');
    const month = m[2] === undefined ? null : chineseNumber(m[2]);
    const day = m[3] === undefined ? null : chineseNumber(m[3]);
    let found = `${m[1]}年`;
    let suggestion = `${year}年`;
    if (month !== null && month >= 1 && month <= 12) {
      found += `${m[2]}月`;
      suggestion += `${month}月`;
      if (day !== null && day >= 1 && day <= 31) {
        found += `${m[3]}日`;
        suggestion += `${day}日`;
      }
    }
    out.push(finding('chinese-date', 'chineseDate', m.index, found, suggestion));
  }
}

/** 1 to 9999 in Chinese numerals: 20 → 二十, 10 → 十, 105 → 一百零五. */
export function toChinese(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) return String(n);
  const units = ['千', '百', '十', ''];
  const digits = String(n).padStart(4, '0');
  let words = '';
  let zero = false;
  for (const [i, c] of [...digits].entries()) {
    const d = Number(c);
    if (d === 0) {
      zero = words !== '';
      continue;
    }
    if (zero) words += '零';
    zero = false;
    words += DIGITS[d]! + units[i]!;
  }
  return words.replace(/^一十/, '十');
}

const WEEKDAYS = ['', '一', '二', '三', '四', '五', '六', '日'];

/** Approximations with 几 (10几 → 十几, 几10 → 几十) and 星期1 → 星期一 take Chinese numerals. */
export function arabicForChinese(text: string, out: Finding[]): void {
  const approx = /(\d+)几|几(\d+)(?![\d.])/g;
  for (let m = approx.exec(text); m; m = approx.exec(text)) {
    if (m[1] !== undefined && /[\d.]/.test(charBefore(text, m.index))) continue;
    const n = Number(m[1] ?? m[2]);
    if (!(n >= 1 && n <= 9999)) continue;
    const suggestion = m[1] !== undefined ? `${toChinese(n)}几` : `几${toChinese(n).replace(/^一(?=[十百千])/, '')}`;
    out.push(finding('arabic-for-chinese', 'approximate', m.index, m[0], suggestion));
  }
  const weekday = /星期([1-7])(?!\d)/g;
  for (let m = weekday.exec(text); m; m = weekday.exec(text)) {
    out.push(finding('arabic-for-chinese', 'weekday', m.index, m[0], `星期${WEEKDAYS[Number(m[1])]!}`));
  }
}

/** 3~5 → 3～5: the range mark is the full-width wave (GB/T 15835-2011, 4.1.3; GB/T 15834 4.13). */
export function rangeMarks(text: string, out: Finding[]): void {
  const ranges = /(?<=\d%?) ?[~〜] ?(?=\d)/g;
  for (let m = ranges.exec(text); m; m = ranges.exec(text)) {
    if (charBefore(text, m.index) === '~' || charAt(text, m.index + m[0].length) === '~') continue;
    out.push(finding('range-mark', 'rangeMark', m.index, m[0], '～'));
  }
}
