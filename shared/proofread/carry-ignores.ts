/**
 * Kept findings (proofIgnores) through a change that moves a story's parts about: a paragraph
 * made the 主题, two pieces joined, one story split in two, headlines swapped. An id names a
 * finding by its scope and by how many of the same rule and text come before it there
 * (shared/proofread/story.ts), so moving a part changes the ids of what it holds and of what
 * comes after it. Rather than rewrite ids, both stories are checked and each finding kept before
 * is looked for where its part went: the same rule over the same characters at the same place.
 * What is no longer there is no longer kept, and nothing is kept that was not before.
 */
import type { ProofreadOptions } from './check';
import { ProofreadCache, proofreadStory, type ProofField, type ProofPlace, type ProofreadableStory } from './story';

/** A part of a story: a one-line field, a body block (from 0), a caption (by the photo's index). */
export type ProofPart = { part: ProofField } | { part: 'body'; block: number } | { part: 'caption'; photo: number };

/** Where an old part went in the new story, and where its characters stand there. */
export interface PartMove {
  to: ProofPart;
  /** Added to each old offset (default 0): the text now follows other text in the part. */
  shift?: number;
  /** Where an old offset stands now, or null if its character is gone; overrides `shift`. */
  offset?: (offset: number) => number | null;
}

/** Where each part of one old story went; null for a part the new story does not hold. */
export type PartMoves = (from: ProofPart) => PartMove | null;

/** A story as it was before the change, with the findings it kept, and where its parts went. */
export interface StoryBefore {
  story: ProofreadableStory;
  moves: PartMoves;
}

/** Every part stays where it was. */
export const unmoved: PartMoves = (from) => ({ to: from });

const partKey = (p: ProofPart | ProofPlace): string =>
  p.part === 'body' ? `body:${p.block}` : p.part === 'caption' ? `caption:${p.photo}` : p.part;

/**
 * The ids the new story keeps: those of the findings the old stories kept that are in the new
 * one where their parts went. Every rule is checked, the house's switched off too, so a finding
 * kept under a rule switched off is still kept when the rule comes back; the options' word lists
 * must be the house's, so that findings and their counts are those the desk sees.
 */
export function carryIgnores(before: readonly StoryBefore[], after: ProofreadableStory, options: ProofreadOptions = {}): string[] {
  const { rules: _only, off: _off, ...lists } = options;
  const cache = new ProofreadCache(lists);
  // Counted: each finding kept is carried once, onto one finding of the new story.
  const wanted = new Map<string, number>();
  for (const { story, moves } of before) {
    const kept = new Set(story.proofIgnores ?? []);
    if (!kept.size) continue;
    for (const found of proofreadStory({ ...story, proofIgnores: [] }, cache).findings) {
      if (!kept.has(found.id)) continue;
      const move = moves(found.place);
      if (!move) continue;
      const at = move.offset ? move.offset(found.finding.offset) : found.finding.offset + (move.shift ?? 0);
      if (at === null) continue;
      const key = findingKey(
        move.to,
        found.finding.rule,
        at,
        found.text.slice(found.finding.offset, found.finding.offset + found.finding.length),
      );
      wanted.set(key, (wanted.get(key) ?? 0) + 1);
    }
  }
  if (!wanted.size) return [];
  const carried: string[] = [];
  for (const found of proofreadStory({ ...after, proofIgnores: [] }, cache).findings) {
    const { rule, offset, length } = found.finding;
    const key = findingKey(found.place, rule, offset, found.text.slice(offset, offset + length));
    const left = wanted.get(key) ?? 0;
    if (left === 0) continue;
    wanted.set(key, left - 1);
    carried.push(found.id);
  }
  return carried;
}

const findingKey = (part: ProofPart | ProofPlace, rule: string, offset: number, text: string) =>
  JSON.stringify([partKey(part), rule, offset, text]);

/**
 * Where each character of `text` stands once its runs of white space are one space and its ends
 * trimmed (a paragraph made a one-line headline); null for white space that went.
 */
export function oneLineOffsets(text: string): (offset: number) => number | null {
  const at: (number | null)[] = [];
  let out = 0;
  let space = false;
  for (const char of text) {
    if (/\s/u.test(char)) {
      at.push(null);
      space = true;
      continue;
    }
    if (space && out > 0) out++;
    space = false;
    for (let unit = 0; unit < char.length; unit++) at.push(out + unit);
    out += char.length;
  }
  return (offset) => at[offset] ?? null;
}
