import type { BylineEntry, BylineForm, CreditPerson, PhotoCredit } from './article';
import { CREDIT_WORDS, ROLE_WORDS, type Role } from './roles';

interface RoleRun {
  role: Role | null;
  outlet: string;
  names: string[];
}

/**
 * One role word covers every name after it until the next role word, so consecutive
 * contributors of the same role (and outlet) print as one run: 通讯员杨婕 甘茹.
 */
function runsOf(people: readonly { role: Role | null; name: string; outlet?: string | undefined }[]): RoleRun[] {
  const runs: RoleRun[] = [];
  for (const p of people) {
    const name = p.name.trim();
    if (!name) continue;
    const outlet = (p.outlet ?? '').trim();
    const last = runs.at(-1);
    if (last && last.role === p.role && last.outlet === outlet) last.names.push(name);
    else runs.push({ role: p.role, outlet, names: [name] });
  }
  return runs;
}

/** 湖北日报记者 / 通讯员 / '' (a credited person with no role). */
function roleLabel(run: RoleRun): string {
  return run.outlet + (run.role ? ROLE_WORDS[run.role] : '');
}

/** The people of a byline in house form, without the dateline: 记者王子瑶 通讯员陈勇. */
export function formatBylinePeople(entries: readonly BylineEntry[], form: BylineForm = 'standard'): string {
  const sep = form === 'feature' ? ' ' : '';
  return runsOf(entries)
    .map((run) => roleLabel(run) + sep + run.names.join(' '))
    .join(' ');
}

/**
 * The byline as printed. Standard: 本报讯（记者王子瑶 通讯员陈勇）, opening the first paragraph.
 * Feature: □ 通讯员 余延平 秦超, a line of its own above the body (the dateline, if any, stays
 * at the head of the first paragraph).
 */
export function formatByline(dateline: string, entries: readonly BylineEntry[], form: BylineForm): string {
  const people = formatBylinePeople(entries, form);
  if (form === 'feature') return people ? `□ ${people}` : '';
  const lead = dateline.trim();
  return people ? `${lead}（${people}）` : lead;
}

function formatCreditPeople(people: readonly CreditPerson[]): string {
  return runsOf(people)
    .map((run) => {
      const label = roleLabel(run);
      return (label ? `${label} ` : '') + run.names.join(' ');
    })
    .join(' ');
}

/**
 * A photo credit in house form: （通讯员 汤海娟 摄）, （刘艺 摄）, （某某单位 供图）; with
 * `group`, the credit for a set of photos: （本组图片：潘路 肖琦 张钧凯 摄）. No people, no credit.
 */
export function formatPhotoCredit(credit: PhotoCredit, group = false): string {
  const people = formatCreditPeople(credit.people);
  if (!people) return '';
  const word = CREDIT_WORDS[credit.kind];
  return group ? `（本组图片：${people} ${word}）` : `（${people} ${word}）`;
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

/** The number a caption takes in a group of photos: ① for the first, up to ⑳, then (21). */
export function captionNumber(index: number): string {
  return [...CIRCLED][index] ?? `(${index + 1})`;
}

/** A caption as printed: numbered in a group, followed by the photo's own credit otherwise. */
export function formatCaption(caption: string, credit: PhotoCredit, groupIndex: number | null): string {
  const text = caption.trim();
  if (groupIndex !== null) return captionNumber(groupIndex) + text;
  return text + formatPhotoCredit(credit);
}
