import type { EditionHeader } from '../api/contract';
import type { Furniture, PageGeometry } from '../domain/layout';
import { furnitureDepth } from '../domain/layout';
import { composeParagraph } from './compose';
import { columnX, gridMetrics, spanWidth, type Box, type SetLine } from './frame';

/**
 * A page's fixed furniture set for the page view and the export alike: the 报头 with the
 * edition's name, date, weekday, 农历 and numbers; rules; standing lines of text. Places are in
 * ems of body type from the type area's top left, as the stories' frames are.
 */

export interface SetFurniture {
  index: number;
  kind: Furniture['kind'];
  box: Box;
  lines: SetLine[];
  /** Solid black rectangles: the rules under a masthead, a 通栏线. */
  rules: Box[];
}

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** A day of a Chinese month as printed: 初一 … 初十, 十一 … 二十, 廿一 … 廿九, 三十. */
export function lunarDayName(day: number): string {
  if (day <= 10) return `初${DIGITS[day]}`;
  if (day < 20) return `十${DIGITS[day - 10]}`;
  if (day === 20) return '二十';
  if (day < 30) return `廿${DIGITS[day - 20]}`;
  return '三十';
}

/** The date lines of a masthead: 2024年3月5日 星期二, and 农历甲辰年正月廿五 (by the Chinese calendar of ICU). */
export function mastheadDates(date: string): { solar: string; lunar: string } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d, 12));
  const solar = `${y}年${m}月${d}日 ${WEEKDAYS[day.getUTCDay()]}`;
  const parts = new Intl.DateTimeFormat('zh-CN-u-ca-chinese', {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).formatToParts(day);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  // The first month is 正月 and the last 腊月 in print; ICU says 正月 and 十二月.
  const month = part('month').replace(/^十二月$/u, '腊月');
  const lunar = `农历${part('yearName')}年${month}${lunarDayName(Number(part('day')))}`;
  return { solar, lunar };
}

function lineAt(text: string, x: number, y: number, width: number, size: number, align: 'start' | 'end', bold: boolean): SetLine[] {
  const [line] = composeParagraph(text, { width: width / size, align });
  if (!line) return [];
  return [{ role: bold ? 'headline' : 'source', line, x, y, size, bold, face: bold ? 'hei' : 'song', weight: bold ? 700 : 400 }];
}

function setMasthead(f: Extract<Furniture, { kind: 'masthead' }>, box: Box, edition: EditionHeader): Pick<SetFurniture, 'lines' | 'rules'> {
  const { solar, lunar } = mastheadDates(edition.date);
  const info = [solar, lunar, `第${edition.number}期 总第${edition.totalNumber}期`];
  if (f.registration.trim()) info.push(`国内统一连续出版物号 ${f.registration.trim()}`);
  if (f.publisher.trim()) info.push(f.publisher.trim());
  // The rules at the foot: a thick one over a thin one, as a front page closes its head.
  const ruleRoom = 1;
  const height = box.height - ruleRoom;
  const infoSize = Math.min(1.5, height / (info.length * 1.5));
  const infoWidth = Math.max(...info.map((t) => Array.from(t).length)) * infoSize * 0.92;
  // The paper's name as large as the room beside the date block allows.
  const name = Array.from(edition.paper);
  const nameRoom = Math.max(1, box.width - infoWidth - 2);
  const nameSize = Math.max(1, Math.min(height * 0.8, nameRoom / Math.max(1, name.length)));
  const lines: SetLine[] = [
    ...lineAt(edition.paper, box.x, box.y + (height - nameSize) / 2, nameSize * name.length, nameSize, 'start', true),
  ];
  const top = box.y + (height - info.length * infoSize * 1.5) / 2;
  info.forEach((text, k) => {
    lines.push(...lineAt(text, box.x + box.width - infoWidth, top + k * infoSize * 1.5, infoWidth, infoSize, 'end', false));
  });
  const foot = box.y + box.height;
  return {
    lines,
    rules: [
      { x: box.x, y: foot - 0.7, width: box.width, height: 0.3 },
      { x: box.x, y: foot - 0.25, width: box.width, height: 0.08 },
    ],
  };
}

/** Every piece of a page's furniture, set. */
export function setFurniture(g: PageGeometry, furniture: readonly Furniture[], edition: EditionHeader): SetFurniture[] {
  const m = gridMetrics(g);
  return furniture.map((f, index) => {
    const depth = furnitureDepth(f);
    const box: Box = { x: columnX(g, f.column), y: f.top * m.lead, width: spanWidth(g, f.span), height: (depth - 1) * m.lead + 1 };
    if (f.kind === 'masthead') return { index, kind: f.kind, box, ...setMasthead(f, box, edition) };
    if (f.kind === 'rule') {
      const thickness = f.weight === 'thick' ? 0.3 : 0.08;
      return {
        index,
        kind: f.kind,
        box,
        lines: [],
        rules: [{ x: box.x, y: box.y + 0.5 - thickness / 2, width: box.width, height: thickness }],
      };
    }
    const lines: SetLine[] = composeParagraph(f.text, { width: box.width, align: 'start' })
      .slice(0, depth)
      .map((line, k) => ({ role: 'source', line, x: box.x, y: box.y + k * m.lead, size: 1, bold: false, face: 'song', weight: 400 }));
    return { index, kind: f.kind, box, lines, rules: [] };
  });
}
