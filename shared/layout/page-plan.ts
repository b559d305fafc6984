import type { EditionPlan } from '../api/contract';
import type { Status } from '../domain/status';
import { flowsOf } from '../typeset/copyfit';
import { setPage, type Copyfit } from '../typeset/frame';
import type { StoryText } from '../typeset/story';

/**
 * The page plan (版面计划): every page of an edition with its section, editor and stories, each
 * story with its status and its copyfit as the composer sets it in its placement. The desk's
 * plan view and `banmian editions plan` both print this.
 */
export interface PlanStory {
  articleId: string;
  placementId: string;
  headline: string;
  status: Status;
  /** Null when the story's text is not at hand (it has not reached this desk). */
  copyfit: Copyfit | null;
}

export interface PlanPage {
  number: number;
  section: string;
  editor: string;
  stories: PlanStory[];
}

/** How the plan's stories stand, summed for the edition: what the desk reads first. */
export interface PlanTotals {
  pages: number;
  stories: number;
  over: number;
  short: number;
  /** Stories not yet signed off (签发): spiked ones included, as they must come off. */
  notApproved: number;
}

/**
 * Sets every page of the plan; `live` holds text typed in a story desk and not yet saved,
 * set in place of the saved text as the layout desk does.
 */
export function pagePlan(plan: EditionPlan, live: ReadonlyMap<string, StoryText> = new Map()): PlanPage[] {
  return plan.pages.map(({ page, stories, flows }) => {
    const texts = new Map(stories.map((s) => [s.articleId, live.get(s.articleId) ?? s.story]));
    const frames = new Map(setPage(page, texts, flowsOf({ flows })).map((f) => [f.placementId, f]));
    const status = new Map(stories.map((s) => [s.articleId, s.status]));
    return {
      number: page.number,
      section: page.section,
      editor: page.editor,
      // Reading order on the page: top to bottom, then left to right.
      stories: [...page.placements]
        .sort((a, b) => a.top - b.top || a.column - b.column)
        .map((p) => ({
          articleId: p.articleId,
          placementId: p.id,
          headline: texts.get(p.articleId)?.headline ?? '',
          status: status.get(p.articleId) ?? 'draft',
          copyfit: frames.get(p.id)?.copyfit ?? null,
        })),
    };
  });
}

export function planTotals(pages: readonly PlanPage[]): PlanTotals {
  const stories = pages.flatMap((p) => p.stories);
  return {
    pages: pages.length,
    stories: stories.length,
    over: stories.filter((s) => s.copyfit?.state === 'over').length,
    short: stories.filter((s) => s.copyfit?.state === 'short').length,
    notApproved: stories.filter((s) => s.status !== 'approved').length,
  };
}
