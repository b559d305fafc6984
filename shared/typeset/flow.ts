import type { Placement } from '../domain/layout';
import type { StoryText } from './story';
import { bodyParagraphs } from './story';

/**
 * 转版: a story set in parts on several pages of an edition. The first part carries the headline
 * block and runs until its placement is full; each further part picks the text up where the one
 * before stopped, under the repeated 主题 and a （上接第N版） line, and a part that does not hold
 * the rest ends on （下转第N版）. The desk writes these lines from where the parts sit, so moving a
 * part to another page rewrites them.
 */

/** Where in a story's body blocks a part starts: a block, and a character (code point) inside it. */
export interface BodyCursor {
  block: number;
  char: number;
}

/** What a placement sets of its story when the story runs over several parts. */
export interface PartFlow {
  /** Where its text starts; null for the story's first part (headlines, byline and all). */
  from: BodyCursor | null;
  /** The page the text comes from, printed as （上接第N版） where it differs from this part's. */
  jumpIn: number | null;
  /** The page the next part is on; the part ends on （下转第N版） when its text runs on there. */
  jumpOut: number | null;
  /** Whether a later part follows at all (on this page or another): the text runs on instead of being overset. */
  continues: boolean;
}

export type BlockKind = 'byline' | 'paragraph' | 'intertitle' | 'jump' | 'source';

export interface BodyBlockText {
  kind: BlockKind;
  text: string;
}

/**
 * The story's body as blocks in reading order: a feature byline on its own line, the paragraphs
 * and intertitles (the standard byline opening the first paragraph), the jump line and source
 * note. A story set in parts has its jump lines written by the desk, so its own (an imported
 * page's printed one) is left out.
 */
export function bodyBlocks(story: StoryText, parted = false): BodyBlockText[] {
  const blocks: BodyBlockText[] = [];
  if (story.bylineForm === 'feature' && story.byline) blocks.push({ kind: 'byline', text: story.byline });
  for (const b of bodyParagraphs(story)) blocks.push({ kind: b.type === 'intertitle' ? 'intertitle' : 'paragraph', text: b.text });
  if (story.jump && !parted) blocks.push({ kind: 'jump', text: story.jump });
  if (story.source) blocks.push({ kind: 'source', text: story.source });
  return blocks;
}

/** The jump lines as a Chinese paper prints them, page numbers in Arabic figures. */
export const jumpOutText = (page: number): string => `（下转第${page}版）`;
export const jumpInText = (page: number): string => `（上接第${page}版）`;

interface PagePlacements {
  number: number;
  placements: readonly Placement[];
}

export interface StoryPart {
  page: number;
  placement: Placement;
}

/**
 * Every story of the edition that is set in more than one part, with its parts in order: the
 * story's first part (the placement not marked as continuing) first, then the continuations by
 * page, from the top, from the left.
 */
export function partedStories(pages: readonly PagePlacements[]): Map<string, StoryPart[]> {
  const byArticle = new Map<string, StoryPart[]>();
  for (const page of pages) {
    for (const placement of page.placements) {
      const parts = byArticle.get(placement.articleId) ?? [];
      parts.push({ page: page.number, placement });
      byArticle.set(placement.articleId, parts);
    }
  }
  const parted = new Map<string, StoryPart[]>();
  for (const [articleId, parts] of byArticle) {
    if (parts.length < 2) continue;
    parts.sort(
      (a, b) =>
        Number(a.placement.continues === true) - Number(b.placement.continues === true) ||
        a.page - b.page ||
        a.placement.top - b.placement.top ||
        a.placement.column - b.placement.column,
    );
    parted.set(articleId, parts);
  }
  return parted;
}

/** Where the part after it starts, given what a part set: null when the story ended in it. */
export type SetPart = (page: number, placement: Placement, story: StoryText, flow: PartFlow) => BodyCursor | null;

/**
 * The flow of every part of every story set in parts: each part set in turn by `setPart` (the
 * composer, in its placement) to learn where the next one starts. Stories whose text is not at
 * hand are left out; their parts set as whole stories.
 */
export function editionFlows(
  pages: readonly PagePlacements[],
  stories: ReadonlyMap<string, StoryText>,
  setPart: SetPart,
): Map<string, PartFlow> {
  const flows = new Map<string, PartFlow>();
  for (const [articleId, parts] of partedStories(pages)) {
    const story = stories.get(articleId);
    if (!story) continue;
    let from: BodyCursor | null = null;
    let ended = false;
    parts.forEach((part, k) => {
      const previous = parts[k - 1];
      const next = parts[k + 1];
      const flow: PartFlow = {
        // A part after the story has ended sets nothing: its start is past the last block.
        from: k === 0 ? null : ended ? { block: Number.MAX_SAFE_INTEGER, char: 0 } : from,
        jumpIn: previous && previous.page !== part.page && !ended ? previous.page : null,
        jumpOut: next && next.page !== part.page ? next.page : null,
        continues: next !== undefined,
      };
      flows.set(part.placement.id, flow);
      if (ended) return;
      from = setPart(part.page, part.placement, story, flow);
      if (from === null) ended = true;
    });
  }
  return flows;
}
