/**
 * Words: wrong characters (错别字) from resources/proofread/typos.json, the newsroom's words to
 * avoid from resources/proofread/avoid-words.json, and a function character typed twice (的的).
 */
import typoList from '../../resources/proofread/typos.json';
import avoidList from '../../resources/proofread/avoid-words.json';
import { charAt, charBefore, type Finding, type ProofreadRule } from './finding';

/** Where an entry does not apply: after one of notAfter, before one of notBefore, in a sentence with one of notSentence. */
interface Context {
  notAfter?: string;
  notBefore?: string;
  notSentence?: string[];
}

interface Entry extends Context {
  wrong: string;
  right: string;
}

/** A word list as the checker uses it: entries by their first character. */
export type WordList = Map<string, Entry[]>;

/** Reads a list in the form of the files in resources/proofread/: `{ entries: [[wrong, right, context?]…] }`. */
export function wordList(data: { entries: unknown[] }): WordList {
  const list: WordList = new Map();
  for (const raw of data.entries) {
    if (!Array.isArray(raw) || typeof raw[0] !== 'string' || typeof raw[1] !== 'string' || !raw[0]) continue;
    const context = (raw[2] ?? {}) as Context;
    const entry: Entry = { ...context, wrong: raw[0], right: raw[1] };
    const first = entry.wrong[0]!;
    const bucket = list.get(first) ?? [];
    bucket.push(entry);
    list.set(first, bucket);
  }
  // The longest word first, so that 侯选人 wins over a shorter entry starting the same way.
  for (const bucket of list.values()) bucket.sort((a, b) => b.wrong.length - a.wrong.length);
  return list;
}

export const TYPOS: WordList = wordList(typoList);
export const AVOID_WORDS: WordList = wordList(avoidList);

/** A word pair a newsroom adds to the shipped lists: the wrong or avoided form and the one to print. */
export interface HouseWord {
  wrong: string;
  right: string;
}

/**
 * The shipped list of one kind with the newsroom's own pairs added. A newsroom pair for a word
 * the shipped list has too wins (it is the house's choice), and carries no context exceptions.
 */
export function houseList(kind: 'typo' | 'avoid', extra: readonly HouseWord[]): WordList {
  const base = kind === 'typo' ? typoList.entries : avoidList.entries;
  const own = new Set(extra.map((w) => w.wrong));
  const kept = (base as unknown[]).filter((raw) => !(Array.isArray(raw) && own.has(raw[0] as string)));
  return wordList({ entries: [...kept, ...extra.map((w) => [w.wrong, w.right])] });
}

function sentenceAround(text: string, from: number, to: number): string {
  let start = from;
  while (start > 0 && !'。！？\n'.includes(text[start - 1]!)) start--;
  let end = to;
  while (end < text.length && !'。！？\n'.includes(text[end]!)) end++;
  return text.slice(start, end);
}

function applies(entry: Entry, text: string, at: number): boolean {
  const end = at + entry.wrong.length;
  if (text.slice(at, end) !== entry.wrong) return false;
  const before = charBefore(text, at);
  if (entry.notAfter && before && entry.notAfter.includes(before)) return false;
  const after = charAt(text, end);
  if (entry.notBefore && after && entry.notBefore.includes(after)) return false;
  if (entry.notSentence) {
    const sentence = sentenceAround(text, at, end);
    if (entry.notSentence.some((word) => sentence.includes(word))) return false;
  }
  return true;
}

/** Every entry of `list` found in `text`, none overlapping. */
export function listedWords(text: string, list: WordList, rule: ProofreadRule, out: Finding[]): void {
  const messageKey = rule === 'typo' ? 'proofread.messages.typo' : 'proofread.messages.avoidWord';
  for (let at = 0; at < text.length; at++) {
    const bucket = list.get(text[at]!);
    if (!bucket) continue;
    const entry = bucket.find((e) => applies(e, text, at));
    if (!entry) continue;
    out.push({
      offset: at,
      length: entry.wrong.length,
      rule,
      messageKey,
      params: { found: entry.wrong, suggestion: entry.right },
      suggestion: entry.right,
    });
    at += entry.wrong.length - 1;
  }
}

/**
 * Function characters that are never doubled in written Chinese, with the neighbours that make
 * a doubling legitimate after all: 目的的实现 (目的 + 的), 为了了解, 的的确确, 现在在家. Content
 * words double as reduplication (常常, 看看, 人人) and are not listed.
 */
const DOUBLED: Record<string, Context> = {
  的: { notAfter: '目标有端别', notBefore: '确' },
  了: { notAfter: '不时', notBefore: '解却结断然如之得' },
  在: { notAfter: '现存所实自正内外潜' },
  与: { notAfter: '参给赋授' },
  被: { notAfter: '棉' },
  将: { notAfter: '即必终行大' },
  从: { notAfter: '服听顺随自侍' },
  也: {},
  就: { notAfter: '成造迁' },
  都: { notAfter: '首成古京国建定迁' },
  而: { notAfter: '然进从因继反' },
  但: { notAfter: '不非' },
  并: { notAfter: '合兼吞' },
  于: {},
  其: { notAfter: '尤极与' },
  这: {},
};

/** 的的, 了了 and the like: a function character typed twice. */
export function repeatedCharacters(text: string, out: Finding[]): void {
  const doubled = /([的了在与被将从也就都而但并于其这])\1+/g;
  for (let m = doubled.exec(text); m; m = doubled.exec(text)) {
    const ch = m[1]!;
    const context = DOUBLED[ch]!;
    if (m[0].length === 2) {
      const before = charBefore(text, m.index);
      const after = charAt(text, m.index + 2);
      if (context.notAfter && before && context.notAfter.includes(before)) continue;
      if (context.notBefore && after && context.notBefore.includes(after)) continue;
    }
    out.push({
      offset: m.index,
      length: m[0].length,
      rule: 'repeated-char',
      messageKey: 'proofread.messages.repeated',
      params: { found: m[0], suggestion: ch },
      suggestion: ch,
    });
  }
}
