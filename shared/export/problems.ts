import type { i18n } from 'i18next';
import type { PlacedStory } from '../api/contract';
import type { Status } from '../domain/status';
import { PROOFREAD_RULES, type ProofreadRule } from '../proofread/check';
import type { StoryFinding } from '../proofread/story';
import type { SetFrame } from '../typeset/frame';

/** What stops a page from going to press unless the exporter says so. */
export type ExportProblem =
  | { code: 'overset'; articleId: string; headline: string; lines: number; chars: number }
  | { code: 'photoMissing'; articleId: string; headline: string; photo: number }
  | { code: 'photoWithoutCredit'; articleId: string; headline: string; photo: number }
  | { code: 'notApproved'; articleId: string; headline: string; status: Status }
  | { code: 'spiked'; articleId: string; headline: string };

/**
 * What goes to press but deserves a look: proofreading findings left in a story (neither fixed
 * nor kept on purpose), by rule. A warning, never a refusal: the chief editor signed the text.
 */
export interface ExportWarning {
  code: 'proofreading';
  articleId: string;
  headline: string;
  count: number;
  /** How many of each rule, in the checker's order. */
  rules: { rule: ProofreadRule; count: number }[];
}

/** A story's findings as one warning (none when it has none left). */
export function proofreadingWarning(articleId: string, headline: string, findings: readonly StoryFinding[]): ExportWarning | null {
  if (!findings.length) return null;
  const counts = new Map<ProofreadRule, number>();
  for (const f of findings) counts.set(f.finding.rule, (counts.get(f.finding.rule) ?? 0) + 1);
  const rules = PROOFREAD_RULES.filter((r) => counts.has(r)).map((rule) => ({ rule, count: counts.get(rule)! }));
  return { code: 'proofreading', articleId, headline, count: findings.length, rules };
}

/** A warning as the export report says it: 《…》还有 7 处校对问题（错别字 2、中文里的半角标点 5）. */
export function warningText(i18n: Pick<i18n, 't'>, w: ExportWarning): string {
  const rules = w.rules
    .map((r) => i18n.t('export:warning.rule', { rule: i18n.t(`story:proofread.rules.${r.rule}`), count: r.count }))
    .join(i18n.t('common:listSeparator'));
  return i18n.t('export:warning.proofreading', { headline: w.headline || i18n.t('common:untitled'), count: w.count, rules });
}

/** What "export anyway" cannot override: a spiked story (撤稿) is withdrawn from print. */
export function unforceable(problem: ExportProblem): boolean {
  return problem.code === 'spiked';
}

export function pageProblems(
  stories: readonly PlacedStory[],
  frames: readonly SetFrame[],
  imageAvailable: (hash: string) => boolean,
): ExportProblem[] {
  const problems: ExportProblem[] = [];
  for (const frame of frames) {
    const placed = stories.find((s) => s.articleId === frame.articleId);
    if (!placed) continue;
    const base = { articleId: frame.articleId, headline: placed.story.headline };
    if (placed.status === 'spiked') problems.push({ ...base, code: 'spiked' });
    else if (placed.status !== 'approved') problems.push({ ...base, code: 'notApproved', status: placed.status });
    if (frame.copyfit.state === 'over') problems.push({ ...base, code: 'overset', lines: frame.copyfit.lines, chars: frame.copyfit.chars });
    for (const ph of frame.photos) {
      const photo = placed.story.photos[ph.photo];
      if (!ph.hash || !imageAvailable(ph.hash)) problems.push({ ...base, code: 'photoMissing', photo: ph.photo + 1 });
      if (photo && !photo.credited) problems.push({ ...base, code: 'photoWithoutCredit', photo: ph.photo + 1 });
    }
  }
  return problems;
}

/** A problem as the export report says it. */
export function problemText(i18n: Pick<i18n, 't'>, p: ExportProblem): string {
  const headline = p.headline || i18n.t('common:untitled');
  switch (p.code) {
    case 'overset':
      return i18n.t('export:problem.overset', { headline, lines: p.lines, chars: p.chars });
    case 'photoMissing':
      return i18n.t('export:problem.photoMissing', { headline, photo: p.photo });
    case 'photoWithoutCredit':
      return i18n.t('export:problem.photoWithoutCredit', { headline, photo: p.photo });
    case 'notApproved':
      return i18n.t('export:problem.notApproved', { headline, status: i18n.t(`common:status.${p.status}`) });
    case 'spiked':
      return i18n.t('export:problem.spiked', { headline });
  }
}
