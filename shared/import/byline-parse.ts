import type { BylineEntry, CreditPerson, PhotoCredit } from '../domain/article';
import { ROLE_WORDS, type CreditKind, type Role } from '../domain/roles';
import { namesFromText } from './names';

/** Role words, longest first so that 特约记者 is not read as 记者. */
const ROLE_BY_WORD: [string, Role][] = (Object.entries(ROLE_WORDS) as [Role, string][])
  .map(([role, word]) => [word, role] as [string, Role])
  .sort((a, b) => b[0].length - a[0].length);
const ROLE_PATTERN = new RegExp(ROLE_BY_WORD.map(([w]) => w).join('|'), 'gu');

/** What an outlet's name ends with: 湖北日报, 新华社, 荆州电视台, 长江网. */
const OUTLET_END = /(报|社|台|网|刊|站|杂志|传媒|融媒体中心)$/u;

export interface ParsedPerson {
  role: Role | null;
  name: string;
  outlet?: string;
}

/**
 * Reads the people of a byline or credit: one role word covers every name after it until the
 * next role word; text glued to the front of a role word is an outlet (湖北日报记者) when it
 * looks like one, else the last name of the previous run whose space a wrap swallowed.
 */
export function parsePeople(text: string): ParsedPerson[] {
  const source = text.replace(/\s+/gu, ' ').trim();
  const people: ParsedPerson[] = [];
  let role: Role | null = null;
  let outlet = '';
  let cursor = 0;
  const add = (chunk: string) => {
    for (const name of namesFromText(chunk)) people.push(outlet ? { role, name, outlet } : { role, name });
  };
  for (const match of source.matchAll(ROLE_PATTERN)) {
    const at = match.index;
    const before = source.slice(cursor, at);
    const lastSpace = before.lastIndexOf(' ');
    const glued = before.slice(lastSpace + 1);
    let names = before.slice(0, lastSpace + 1);
    let nextOutlet = '';
    if (glued && OUTLET_END.test(glued)) nextOutlet = glued;
    else names += glued;
    add(names);
    role = ROLE_BY_WORD.find(([w]) => w === match[0])![1];
    outlet = nextOutlet;
    cursor = at + match[0].length;
  }
  add(source.slice(cursor));
  return people;
}

export function toBylineEntries(people: ParsedPerson[]): BylineEntry[] {
  return people.map((p) => ({ role: p.role ?? 'reporter', name: p.name, ...(p.outlet ? { outlet: p.outlet } : {}) }));
}

/** 本报讯（…）, 新华社北京12月3日电（…）: a dateline lead and the byline in its parentheses. */
const DATELINE_LEAD =
  /^\s*((?:本报讯|本报[^（(）)，。]{1,12}讯|[^（(）)，。\s]{1,6}社[^（(）)，。]{0,16}电))\s*[（(]([^（()）]{1,120})[）)]/u;

export interface DatelineLead {
  dateline: string;
  byline: BylineEntry[];
  /** What follows the parentheses: the start of the first paragraph. */
  rest: string;
}

export function parseDatelineLead(paragraph: string): DatelineLead | null {
  const match = DATELINE_LEAD.exec(paragraph);
  if (!match) {
    const bare = /^\s*(本报讯)\s*/u.exec(paragraph);
    return bare ? { dateline: bare[1]!, byline: [], rest: paragraph.slice(bare[0].length) } : null;
  }
  const people = parsePeople(match[2]!);
  if (!people.length || people.some((p) => p.role === null)) {
    // Parentheses without role words are not a byline (本报讯（沙市区融媒体中心）…): keep them in the text.
    return { dateline: match[1]!, byline: [], rest: paragraph.trimStart().slice(match[1]!.length).trimStart() };
  }
  return { dateline: match[1]!, byline: toBylineEntries(people), rest: paragraph.slice(match[0].length) };
}

/** □ 通讯员 余延平 秦超: a feature byline on a line of its own. */
export function parseFeatureByline(line: string): BylineEntry[] | null {
  const match = /^\s*[□■◇]\s*(.+)$/u.exec(line);
  if (!match) return null;
  const people = parsePeople(match[1]!);
  if (!people.length || people[0]!.role === null) return null;
  return toBylineEntries(people);
}

export interface ParsedCredit {
  credit: PhotoCredit;
  group: boolean;
  /** The text before the credit on the same paragraph: the caption, if any. */
  caption: string;
}

const CREDIT = /[（(]\s*(本组图片\s*[：:]\s*)?([^（()）]{1,80}?)\s*(摄|供图)\s*[）)]\s*$/u;

/** （通讯员 汤海娟 摄）, （刘艺 摄）, （某某单位 供图）, （本组图片：潘路 肖琦 张钧凯 摄） at a paragraph's end. */
export function parseCredit(paragraph: string): ParsedCredit | null {
  // Every paragraph is asked, and CREDIT is tried from each bracket of it: only one that ends
  // in a closing bracket can be a credit.
  const end = paragraph.trimEnd();
  const last = end.charCodeAt(end.length - 1);
  if (last !== 0xff09 && last !== 0x29) return null;
  const match = CREDIT.exec(paragraph);
  if (!match) return null;
  const kind: CreditKind = match[3] === '供图' ? 'courtesy' : 'photo';
  const people: CreditPerson[] = parsePeople(match[2]!).map((p) => ({ role: p.role, name: p.outlet ? p.outlet + p.name : p.name }));
  if (!people.length) return null;
  return { credit: { kind, people }, group: Boolean(match[1]), caption: paragraph.slice(0, match.index).trim() };
}
