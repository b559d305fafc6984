/**
 * GB/T 15834-2011 (标点符号用法), as far as a machine can tell without understanding the
 * sentence: half-width marks inside Chinese text, marks that must come in pairs, the dash and
 * the ellipsis written as two marks, doubled marks, and marks where a line may not have them.
 * Every rule prefers silence when the context could be Latin text, a number or an address.
 */
import {
  charAt,
  charBefore,
  inAddress,
  isAsciiDigit,
  isChinese,
  isChinesePunct,
  isHan,
  isLatin,
  lineEnd,
  lineStart,
  neighbourAfter,
  neighbourBefore,
  type Finding,
} from './finding';

const FULL: Record<string, string> = { ',': '，', '.': '。', ';': '；', ':': '：', '?': '？', '!': '！', '(': '（', ')': '）' };

function halfwidth(text: string, at: number, length: number, mark: string, suggestion: string): Finding {
  return {
    offset: at,
    length,
    rule: 'halfwidth-punct',
    messageKey: 'proofread.messages.halfwidth',
    params: { mark, suggestion },
    suggestion,
  };
}

/** The half-width mark at `at` and the spaces after it, when Chinese follows: `会议, 代表` → `会议，代表`. */
function spanWithSpaces(text: string, at: number): number {
  let end = at + 1;
  while (end < text.length && text[end] === ' ') end++;
  return end < text.length && isChinese(charAt(text, end)) ? end - at : 1;
}

/** Half-width `, . ; : ? ! ( ) "` inside Chinese text. */
export function halfwidthPunctuation(text: string, out: Finding[]): void {
  const marks = /[,.;:?!()"]/g;
  for (let m = marks.exec(text); m; m = marks.exec(text)) {
    const at = m.index;
    const mark = m[0];
    const before = charBefore(text, at);
    const after = charAt(text, at + 1);
    const prev = neighbourBefore(text, at);
    const next = neighbourAfter(text, at + 1);
    if (mark === '(' || mark === ')' || mark === '"') continue;
    // No address holds a Chinese character: 网址:www.jz.gov.cn is Chinese text with a colon.
    if (!isHan(before) && inAddress(text, at)) continue;
    if (mark === ',') {
      if (isAsciiDigit(before) && isAsciiDigit(after)) continue; // 1,000
      if (!isChinese(prev) && !isChinese(next)) continue;
    } else if (mark === '.') {
      // 3.14, a.m., the 1. of a numbered list, an abbreviation: only a full stop after Chinese.
      if (before === '.' || after === '.') continue;
      if (!isChinese(before) || isLatin(after) || isAsciiDigit(after)) continue;
    } else {
      if (mark === ':' && isAsciiDigit(before) && isAsciiDigit(after)) continue; // 10:30
      if (before === mark || after === mark) continue; // ?? and !! in quoted Latin text
      if (!isChinese(prev) && !isChinese(next)) continue;
    }
    out.push(halfwidth(text, at, spanWithSpaces(text, at), mark, FULL[mark]!));
  }
  parentheses(text, out);
  straightQuotePairs(text, out);
}

/** `(…)` around Chinese: both marks full width. `(1)`, `(GDP)` and `f(x)` stay. */
function parentheses(text: string, out: Finding[]): void {
  const open = /\(/g;
  const closed = new Set<number>();
  for (let m = open.exec(text); m; m = open.exec(text)) {
    const at = m.index;
    if (inAddress(text, at)) continue;
    const end = lineEnd(text, at);
    const close = text.indexOf(')', at + 1);
    const inner = close >= 0 && close < end ? text.slice(at + 1, close) : null;
    const nested = inner?.includes('(');
    if (inner !== null && !nested) {
      closed.add(close);
      if (!/\p{Script=Han}/u.test(inner)) continue;
      out.push(halfwidth(text, at, 1, '(', '（'));
      out.push(halfwidth(text, close, 1, ')', '）'));
    } else if (inner === null && (isHan(charBefore(text, at)) || isHan(charAt(text, at + 1)))) {
      out.push(halfwidth(text, at, 1, '(', '（'));
    }
  }
  const shut = /\)/g;
  for (let m = shut.exec(text); m; m = shut.exec(text)) {
    const at = m.index;
    if (closed.has(at) || inAddress(text, at)) continue;
    const start = lineStart(text, at);
    if (text.lastIndexOf('(', at) >= start) continue; // nested or handled with its opening mark
    const before = charBefore(text, at);
    if (isHan(before) && isHan(charAt(text, at + 1))) out.push(halfwidth(text, at, 1, ')', '）'));
  }
}

/** Straight `"` next to Chinese: “ for the first of a pair on its line, ” for the second. */
function straightQuotePairs(text: string, out: Finding[]): void {
  const quote = /"/g;
  let line = -1;
  let count = 0;
  for (let m = quote.exec(text); m; m = quote.exec(text)) {
    const at = m.index;
    const start = lineStart(text, at);
    if (start !== line) {
      line = start;
      count = 0;
    }
    const suggestion = count % 2 === 0 ? '“' : '”';
    count++;
    if (isChinese(charBefore(text, at)) || isChinese(charAt(text, at + 1))) out.push(halfwidth(text, at, 1, '"', suggestion));
  }
}

const OPENERS = '“‘（〔【《〈「『';
const CLOSERS = '”’）〕】》〉」』';

interface Open {
  mark: string;
  at: number;
}

function pairFinding(at: number, mark: string, messageKey: string, suggestion?: string): Finding {
  const finding: Finding = {
    offset: at,
    length: 1,
    rule: 'paired-marks',
    messageKey: `proofread.messages.${messageKey}`,
    params: { mark },
  };
  if (suggestion !== undefined) {
    finding.suggestion = suggestion;
    finding.params.suggestion = suggestion;
  }
  return finding;
}

/** Whether only spaces stand between the start of its line and `at`: a paragraph's first mark. */
function opensLine(text: string, at: number): boolean {
  return /^[ \t\u3000]*$/.test(text.slice(lineStart(text, at), at));
}

/** An apostrophe in Latin text (don’t, 90’s): not a closing quotation mark. */
function isApostrophe(text: string, at: number): boolean {
  const before = charBefore(text, at);
  return (isLatin(before) || isAsciiDigit(before)) && !isChinese(charAt(text, at + 1));
}

/**
 * Quotation marks, brackets and title marks that must come in pairs, correctly nested. A
 * quotation that runs over several paragraphs opens each with “ and closes only the last
 * (GB/T 15834-2011, 4.1.3.4): an open “ followed by a paragraph that starts with “ is that.
 * A pair written the wrong way round (”…“) is reported as such (rule quote-direction).
 */
export function pairedMarks(text: string, out: Finding[]): void {
  const stack: Open[] = [];
  const marks = /[“‘（〔【《〈「『”’）〕】》〉」』]/g;
  const skip = new Set<number>();
  for (let m = marks.exec(text); m; m = marks.exec(text)) {
    const at = m.index;
    const mark = m[0];
    if (skip.has(at)) continue;
    const opening = OPENERS.indexOf(mark);
    if (opening >= 0) {
      const top = stack[stack.length - 1];
      if (top?.mark === mark && mark === '“' && opensLine(text, at) && top.at < lineStart(text, at)) {
        top.at = at; // the quotation goes on in a new paragraph
        continue;
      }
      stack.push({ mark, at });
      continue;
    }
    const closing = CLOSERS.indexOf(mark);
    const partner = OPENERS[closing]!;
    if (mark === '’' && isApostrophe(text, at)) continue;
    const top = stack[stack.length - 1];
    if (top?.mark === partner) {
      stack.pop();
      const outer = stack[stack.length - 1];
      if ((mark === '”' || mark === '》') && outer?.mark === partner) {
        const [inOpen, inClose] = mark === '”' ? ['‘', '’'] : ['〈', '〉'];
        out.push(pairFinding(top.at, partner, 'nestedSame', inOpen));
        out.push(pairFinding(at, mark, 'nestedSame', inClose));
      }
      continue;
    }
    const depth = stack.map((o) => o.mark).lastIndexOf(partner);
    if (depth >= 0) {
      for (const open of stack.splice(depth + 1)) out.push(pairFinding(open.at, open.mark, 'unclosed'));
      stack.pop();
      continue;
    }
    // A closing mark with nothing to close. ”…“ on one line is a pair the wrong way round.
    if (mark === '”' || mark === '’') {
      const wrong = mark === '”' ? '“' : '‘';
      const end = lineEnd(text, at);
      const rest = text.slice(at + 1, end);
      const next = rest.search(mark === '”' ? /[“”]/ : /[‘’]/);
      if (next >= 0 && rest[next] === wrong) {
        const other = at + 1 + next;
        skip.add(other);
        out.push({
          offset: at,
          length: 1,
          rule: 'quote-direction',
          messageKey: 'proofread.messages.quoteDirection',
          params: { mark, suggestion: wrong },
          suggestion: wrong,
        });
        out.push({
          offset: other,
          length: 1,
          rule: 'quote-direction',
          messageKey: 'proofread.messages.quoteDirection',
          params: { mark: wrong, suggestion: mark },
          suggestion: mark,
        });
        continue;
      }
    }
    out.push(pairFinding(at, mark, 'unopened'));
  }
  for (const open of stack) out.push(pairFinding(open.at, open.mark, 'unclosed'));
}

function dashFinding(at: number, length: number, text: string, suggestion: string): Finding {
  const mark = text.slice(at, at + length);
  return {
    offset: at,
    length,
    rule: 'dash-ellipsis',
    messageKey: 'proofread.messages.dashEllipsis',
    params: { mark, suggestion },
    suggestion,
  };
}

/**
 * The dash (破折号 ——) and the ellipsis (省略号 ……) take two cells: a lone …, `...`, `。。。`,
 * `--` or `──` in Chinese text is one of them written wrong. A lone — between two words is
 * the en-rule connective (一字线, 北京—上海, 1949—2024) and stays; a lone — at the start or end
 * of a line or beside another mark (the deck's `—沙市区…`) is a dash missing its half.
 */
export function dashesAndEllipses(text: string, out: Finding[]): void {
  const runs = /—+|…+|\.{3,}|。{3,}|·{3,}|-{2,}|─{2}|－{2}/g;
  for (let m = runs.exec(text); m; m = runs.exec(text)) {
    const at = m.index;
    const run = m[0];
    const before = charBefore(text, at);
    const after = charAt(text, at + run.length);
    const prev = neighbourBefore(text, at);
    const next = neighbourAfter(text, at + run.length);
    const chinese = isChinese(prev) || isChinese(next);
    switch (run[0]) {
      case '—': {
        if (run.length !== 1) break;
        const edge = prev === '' || next === '' || before === '\n' || after === '\n';
        const besideMark = (isChinesePunct(prev) && prev !== '—') || (isChinesePunct(next) && next !== '—');
        if (edge || besideMark) out.push(dashFinding(at, 1, text, '——'));
        break;
      }
      case '…':
        if (run.length === 1 || run.length === 3) out.push(dashFinding(at, run.length, text, '……'));
        break;
      case '.':
        if (chinese && !inAddress(text, at)) out.push(dashFinding(at, run.length, text, '……'));
        break;
      case '。':
      case '·':
        if (run[0] === '。' || chinese) out.push(dashFinding(at, run.length, text, '……'));
        break;
      case '-':
        if (isChinese(before) || isChinese(after)) out.push(dashFinding(at, run.length, text, '——'));
        break;
      default:
        if (chinese) out.push(dashFinding(at, run.length, text, '——'));
    }
  }
}

/** The same mark twice (，， 。。 、、 ；； ：：), or two different pausing marks in a row (，。). */
export function doubledPunctuation(text: string, out: Finding[]): void {
  const runs = /[，。、；：]{2,}/g;
  for (let m = runs.exec(text); m; m = runs.exec(text)) {
    const run = m[0];
    if (/^。{3,}$/.test(run)) continue; // an ellipsis written with full stops: dash-ellipsis
    const same = [...run].every((c) => c === run[0]);
    const finding: Finding = {
      offset: m.index,
      length: run.length,
      rule: 'doubled-punct',
      messageKey: same ? 'proofread.messages.doubled' : 'proofread.messages.doubledMixed',
      params: { mark: run },
    };
    if (same) {
      finding.suggestion = run[0]!;
      finding.params.suggestion = run[0]!;
    }
    out.push(finding);
  }
}

const NO_LINE_START = '，。、；：？！）》〉」』】〕”’';
const NO_LINE_END = '（《〈「『【〔“‘';

/** A line or paragraph never starts with a pausing or closing mark, nor ends with an opening one. */
export function forbiddenPositions(text: string, out: Finding[]): void {
  let start = 0;
  while (start <= text.length) {
    const end = lineEnd(text, start);
    const line = text.slice(start, end);
    const first = line.search(/[^ \t\u3000\r]/);
    if (first >= 0 && NO_LINE_START.includes(line[first]!)) {
      const mark = line[first]!;
      out.push({
        offset: start + first,
        length: 1,
        rule: 'forbidden-position',
        messageKey: 'proofread.messages.lineStart',
        params: { mark },
      });
    }
    const trimmed = line.replace(/[ \t\u3000\r]+$/, '');
    const last = trimmed[trimmed.length - 1];
    if (last !== undefined && NO_LINE_END.includes(last) && trimmed.length > 1) {
      out.push({
        offset: start + trimmed.length - 1,
        length: 1,
        rule: 'forbidden-position',
        messageKey: 'proofread.messages.lineEnd',
        params: { mark: last },
      });
    }
    start = end + 1;
  }
}
