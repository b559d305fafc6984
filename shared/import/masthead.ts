/**
 * The 报眉 (masthead line) of a printed page: the edition's date, the page number and the
 * issue number, as the page prints them. A page says when it was printed better than anything
 * the import is told; the batch's date is only the fallback, and the day of the import never is.
 */

export interface Masthead {
  /** YYYY-MM-DD, when the page prints a whole date. */
  date: string | null;
  /** 第N版 */
  page: number | null;
  /** 第N期: the issue's number (of the year, as most papers count; the edition's `number`). */
  issue: number | null;
  /** 总第N期: the issue's number since the paper began (the edition's `totalNumber`). */
  totalIssue: number | null;
}

const HAN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 3, 十二, 二十四, 二〇二四 (digit by digit): the numbers a masthead writes in characters. */
function number(text: string): number | null {
  const t = text.replace(/\s+/gu, '');
  if (/^[0-9０-９]+$/u.test(t)) return Number(t.replace(/[０-９]/gu, (d) => String(d.charCodeAt(0) - 0xff10)));
  if (!/^[〇零一二三四五六七八九十百]+$/u.test(t)) return null;
  if (!/[十百]/u.test(t)) return Number([...t].map((c) => HAN_DIGITS[c]).join(''));
  let total = 0;
  let digit = 0;
  for (const c of t) {
    if (c === '百') [total, digit] = [total + (digit || 1) * 100, 0];
    else if (c === '十') [total, digit] = [total + (digit || 1) * 10, 0];
    else digit = HAN_DIGITS[c] ?? 0;
  }
  return total + digit;
}

const N = '([0-9０-９]+|[〇零一二三四五六七八九十百]+)';
const DATE = new RegExp(`${N}\\s*年\\s*${N}\\s*月\\s*${N}\\s*日`, 'u');
const WEEKDAY = /星期[一二三四五六日天]|周[一二三四五六日]/u;
const PAGE = new RegExp(`第\\s*${N}\\s*版`, 'u');
const ISSUE = new RegExp(`(总)?第\\s*${N}\\s*期`, 'gu');
/** Words that only a masthead line carries, beside its date or page number. */
const MASTHEAD_WORDS = /责任编辑|责编|美编|版式|校对|编辑[:：]|农历|国内统一连续出版物号|邮发代号|CN\s*\d/u;

/** A character each of the answers below needs: a line with none of them is let go at once. */
const MASTHEAD_CHARS = /[责美版校编农国邮C日期]/u;

/** Is this line a masthead line (date with weekday, 第N版, 第N期, 责任编辑…) rather than text? */
export function isMastheadLine(line: string): boolean {
  // (every line of a page is asked, nearly all of them text: one scan instead of five)
  if (!MASTHEAD_CHARS.test(line)) return false;
  const t = line.trim();
  if (t.length > 80 || /[。；！？]/u.test(t)) return false;
  if (MASTHEAD_WORDS.test(t)) return true;
  // (every line of a page is asked: the characters each pattern needs are looked for first)
  if (t.includes('日') && DATE.test(t) && WEEKDAY.test(t)) return true;
  if (!t.includes('版') && !t.includes('期')) return false;
  // 第3版 or 第1234期 with little else (a section name: 第3版 要闻) and no sentence around it
  const bare = t.replace(PAGE, '').replace(ISSUE, '').replace(DATE, '').trim();
  return (PAGE.test(t) || new RegExp(ISSUE.source, 'u').test(t)) && bare.length <= 12 && !/[，,]/u.test(bare);
}

function validDate(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * What the masthead lines of a page say: its date, page and issue numbers. 第N期 and 总第N期
 * are kept apart, as the edition keeps them (`第58期 总第12345期` in the 报头): a page that
 * prints only 总第N期 says nothing of its 第N期, and one taken for the other is a wrong number.
 */
export function readMasthead(lines: readonly string[]): Masthead {
  const found: Masthead = { date: null, page: null, issue: null, totalIssue: null };
  for (const line of lines) {
    const date = DATE.exec(line);
    if (date && !found.date) {
      const [y, m, d] = [number(date[1]!), number(date[2]!), number(date[3]!)];
      if (y !== null && m !== null && d !== null) found.date = validDate(y, m, d);
    }
    const page = PAGE.exec(line);
    if (page && found.page === null) found.page = number(page[1]!);
    for (const issue of line.matchAll(ISSUE)) {
      const n = number(issue[2]!);
      if (n === null) continue;
      if (issue[1]) found.totalIssue ??= n;
      else found.issue ??= n;
    }
  }
  return found;
}
