/**
 * Where each part of a story goes in the review fixes of an import (electron/archive/import-review.ts
 * `applyFix`, the bodies cut and joined by review-body.ts), so that the findings a desk chose to
 * keep follow the text they are about (shared/proofread/carry-ignores.ts). A body block lands as
 * the archive reads it back: trimmed, one line for a headline.
 */
import { oneLineOffsets, unmoved, type PartMoves, type ProofPart } from '../proofread/carry-ignores';
import type { ProofreadableStory } from '../proofread/story';

/** A field's text as a body block reads it: trimmed at its start. */
const intoBlock = (text: string) => -(text.length - text.trimStart().length);

/** A paragraph (its text as a block) made the headline; the old headline, if any, a paragraph in its place. */
export function headlineFromParagraphMoves(paragraph: number, text: string, oldHeadline: string): PartMoves {
  const back = oldHeadline.trim() !== '';
  return (from) => {
    if (from.part === 'headline') return back ? { to: { part: 'body', block: paragraph }, shift: intoBlock(oldHeadline) } : null;
    if (from.part !== 'body' || from.block < paragraph) return { to: from };
    if (from.block === paragraph) return { to: { part: 'headline' }, offset: oneLineOffsets(text) };
    return { to: { part: 'body', block: back ? from.block : from.block - 1 } };
  };
}

/** Headlines swapped: a story keeps all but its headline, and takes the other's. */
export const swapMoves = {
  kept: ((from) => (from.part === 'headline' ? null : { to: from })) as PartMoves,
  taken: ((from) => (from.part === 'headline' ? { to: from } : null)) as PartMoves,
};

/** What a join reads of each story: its parts, its photos only counted. */
type Joined = Omit<ProofreadableStory, 'photos' | 'proofIgnores'> & { photos: readonly unknown[] };

/**
 * The next piece joined on: the story keeps everything where it was; the piece's body and photos
 * follow the story's (its headline, when both have one, as an intertitle between), its one-line
 * fields fill those the story left empty, its jump line follows the story's, its column goes.
 */
export function joinMoves(head: Joined, tail: Joined): { head: PartMoves; tail: PartMoves } {
  const intertitle = head.headline.trim() !== '' && tail.headline.trim() !== '';
  const bodyStart = head.body.length + (intertitle ? 1 : 0);
  const tailMoves: PartMoves = (from): ReturnType<PartMoves> => {
    switch (from.part) {
      case 'body':
        return { to: { part: 'body', block: bodyStart + from.block } };
      case 'caption':
        return { to: { part: 'caption', photo: head.photos.length + from.photo } };
      case 'headline':
        if (intertitle) return { to: { part: 'body', block: head.body.length }, shift: intoBlock(tail.headline) };
        return head.headline.trim() ? null : { to: from };
      case 'jump':
        return { to: from, shift: head.jump ? head.jump.length + 1 : 0 };
      case 'column':
        return null;
      default:
        return head[from.part] ? null : { to: from };
    }
  };
  return { head: unmoved, tail: tailMoves };
}

/** A story split before a block: the blocks from it on make the second story, counted from 0 there. */
export function splitMoves(paragraph: number): { head: PartMoves; rest: PartMoves } {
  const moved = (from: ProofPart) => from.part === 'body' && from.block >= paragraph;
  return {
    head: (from) => (moved(from) ? null : { to: from }),
    rest: (from) => (from.part === 'body' && moved(from) ? { to: { part: 'body', block: from.block - paragraph } } : null),
  };
}
