/**
 * The proofreading checker (校对): one pass of every rule over a text, for the editor (per
 * paragraph as someone types), the command line (`banmian proofread`) and the export preflight.
 * Pure and synchronous; a paragraph of 500 characters takes well under a millisecond.
 *
 * A finding names its span in UTF-16 code units, its rule, a message (`story:${messageKey}`
 * with `params`) and, when the fix is certain, the text to put in its place.
 */
import { PROOFREAD_RULES, type Finding, type ProofreadRule } from './finding';
import { dashesAndEllipses, doubledPunctuation, forbiddenPositions, halfwidthPunctuation, pairedMarks } from './punctuation';
import { arabicForChinese, chineseDates, chinesePercentages, fullwidthDigits, mixedNumerals, rangeMarks } from './numbers';
import { AVOID_WORDS, listedWords, repeatedCharacters, TYPOS, type WordList } from './words';

export { PROOFREAD_RULES, isProofreadRule, type Finding, type ProofreadRule } from './finding';

export interface ProofreadOptions {
  /** Only these rules (default: all). */
  rules?: Iterable<ProofreadRule>;
  /** Rules switched off. */
  off?: Iterable<ProofreadRule>;
  /** The newsroom's words to avoid, when it keeps its own list (default: resources/proofread/avoid-words.json). */
  avoidWords?: WordList;
  /** Wrong characters and words, when the newsroom extends the list (default: resources/proofread/typos.json). */
  typos?: WordList;
}

type Check = (text: string, out: Finding[], options: ProofreadOptions) => void;

/** The checks, each with the rules it reports (pairedMarks reports pairs the wrong way round too). */
const CHECKS: [Check, ProofreadRule[]][] = [
  [halfwidthPunctuation, ['halfwidth-punct']],
  [pairedMarks, ['paired-marks', 'quote-direction']],
  [dashesAndEllipses, ['dash-ellipsis']],
  [doubledPunctuation, ['doubled-punct']],
  [forbiddenPositions, ['forbidden-position']],
  [fullwidthDigits, ['fullwidth-digits']],
  [mixedNumerals, ['mixed-numeral']],
  [chinesePercentages, ['chinese-percent']],
  [chineseDates, ['chinese-date']],
  [arabicForChinese, ['arabic-for-chinese']],
  [rangeMarks, ['range-mark']],
  [(text, out, options) => listedWords(text, options.typos ?? TYPOS, 'typo', out), ['typo']],
  [repeatedCharacters, ['repeated-char']],
  [(text, out, options) => listedWords(text, options.avoidWords ?? AVOID_WORDS, 'avoid-word', out), ['avoid-word']],
];

/** Every finding in `text`, by offset. */
export function proofread(text: string, options: ProofreadOptions = {}): Finding[] {
  const on = new Set<ProofreadRule>(options.rules ?? PROOFREAD_RULES);
  for (const rule of options.off ?? []) on.delete(rule);
  const out: Finding[] = [];
  for (const [check, rules] of CHECKS) if (rules.some((r) => on.has(r))) check(text, out, options);
  const order = (rule: ProofreadRule) => PROOFREAD_RULES.indexOf(rule);
  const found = out.filter((f) => on.has(f.rule)).sort((a, b) => a.offset - b.offset || order(a.rule) - order(b.rule));
  // A mark at a line's edge that another rule already reports (an unclosed “ ending a line) is one finding, not two.
  return found.filter((f, i) => f.rule !== 'forbidden-position' || found[i - 1]?.offset !== f.offset);
}

/** The text with one finding's suggestion in place (unchanged when it has none). */
export function applySuggestion(text: string, finding: Finding): string {
  if (finding.suggestion === undefined) return text;
  return text.slice(0, finding.offset) + finding.suggestion + text.slice(finding.offset + finding.length);
}

/**
 * The text with the suggestions of all `findings` in place (of one rule, when `rule` is given).
 * A finding overlapping one applied before it is skipped: run the checker again for it.
 */
export function applySuggestions(text: string, findings: readonly Finding[], rule?: ProofreadRule): string {
  const chosen = findings
    .filter((f) => f.suggestion !== undefined && (rule === undefined || f.rule === rule))
    .sort((a, b) => a.offset - b.offset);
  let result = '';
  let done = 0;
  for (const f of chosen) {
    if (f.offset < done) continue;
    result += text.slice(done, f.offset) + f.suggestion!;
    done = f.offset + f.length;
  }
  return result + text.slice(done);
}

/**
 * A finding's stable identity in its text: the rule, the text it covers and which occurrence
 * of that pair it is (0 for the first), e.g. `typo:己经:0`. It survives edits elsewhere in the
 * story, so the editor can store "ignore this one" against it.
 */
export function findingIds(text: string, findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const key = `${f.rule}:${text.slice(f.offset, f.offset + f.length)}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return `${key}:${n}`;
  });
}

/** Line and column (1-based; the column counts characters, an astral one as one) of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: [...text.slice(start, offset)].length + 1 };
}
