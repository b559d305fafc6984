import { diffArrays } from 'diff';
import { bodyBlocksFromJson } from '../editor/body';
import { diffChars, type DiffRun } from '../text/diff';
import type { ArticleDraft, BodyBlock } from './article';
import { formatByline, formatBylinePeople, formatCaption, formatPhotoCredit } from './byline';

/** The one-line fields, compared as printed (trimmed). */
const LINE_FIELDS = ['column', 'kicker', 'headline', 'deck', 'dateline'] as const;
const END_FIELDS = ['jump', 'source'] as const;

type LineField = (typeof LINE_FIELDS)[number] | (typeof END_FIELDS)[number];

/** Where a body block stands (counted from 1) and what it is. */
export interface BlockPlace {
  number: number;
  type: BodyBlock['type'];
}

/**
 * One part of a story that differs between two versions, with the difference. Body blocks and
 * captions say where they stand in either version: null where they are not (inserted or deleted).
 */
export type StoryChange =
  | { field: LineField | 'byline' | 'groupCredit'; runs: DiffRun[] }
  | { field: 'body'; before: BlockPlace | null; after: BlockPlace | null; runs: DiffRun[] }
  | { field: 'caption'; before: number | null; after: number | null; runs: DiffRun[] };

/**
 * A version of a story to compare: a draft, with its body already read when the caller has it
 * (the editor does, as it types); otherwise it is read from the draft's Lexical JSON.
 */
export type StoryVersion = ArticleDraft & { body?: readonly BodyBlock[] };

/** The byline in house form: 记者王子瑶 通讯员陈勇, or a feature byline's line □ 通讯员 余延平. */
function bylineText(d: ArticleDraft): string {
  return d.bylineForm === 'feature' ? formatByline('', d.byline, 'feature') : formatBylinePeople(d.byline, 'standard');
}

/** Each photo's caption as printed (numbered in a group, with its credit otherwise), by photo id. */
function captions(d: ArticleDraft): { id: string; text: string }[] {
  const group = d.photoGroupCredit !== null;
  return d.photos.map((p, i) => ({ id: p.id, text: formatCaption(p.caption, p.credit, group ? i : null) }));
}

/** Characters in common, as shares of character pairs (Dice's coefficient): 0 unrelated, 1 alike. */
function likeness(a: string, b: string): number {
  const pairs = (s: string) => {
    const chars = [...s];
    const counts = new Map<string, number>();
    if (chars.length === 1) counts.set(chars[0]!, 1);
    for (let i = 0; i + 1 < chars.length; i++) {
      const pair = chars[i]! + chars[i + 1]!;
      counts.set(pair, (counts.get(pair) ?? 0) + 1);
    }
    return counts;
  };
  const pa = pairs(a);
  const pb = pairs(b);
  let total = 0;
  let common = 0;
  for (const n of pa.values()) total += n;
  for (const [pair, n] of pb) {
    total += n;
    common += Math.min(n, pa.get(pair) ?? 0);
  }
  return total === 0 ? 0 : (2 * common) / total;
}

/** Paragraphs this alike are one paragraph changed; less alike, one deleted and another inserted. */
const ALIKE = 0.3;
/** Beyond this many pairs to weigh, a stretch of changed paragraphs is paired in order. */
const MAX_PAIRINGS = 10_000;

type Step = { kind: 'pair'; before: number; after: number } | { kind: 'deleted'; before: number } | { kind: 'inserted'; after: number };

/**
 * Deleted paragraphs `removed` and inserted `added` (one stretch between unchanged ones) paired
 * up where they are the same paragraph changed: in order, the pairing with the most likeness
 * (an alignment as in Needleman–Wunsch, pairs below ALIKE not allowed). Deleted ones come before
 * inserted ones at the same place.
 */
function pairUp(removed: readonly string[], added: readonly string[]): Step[] {
  const r = removed.length;
  const a = added.length;
  if (r * a > MAX_PAIRINGS) {
    const steps: Step[] = [];
    for (let i = 0; i < Math.max(r, a); i++) {
      if (i < r && i < a && likeness(removed[i]!, added[i]!) >= ALIKE) steps.push({ kind: 'pair', before: i, after: i });
      else {
        if (i < r) steps.push({ kind: 'deleted', before: i });
        if (i < a) steps.push({ kind: 'inserted', after: i });
      }
    }
    return steps;
  }
  const like = removed.map((x) => added.map((y) => likeness(x, y)));
  // best[i][j]: the most likeness pairing the first i deleted with the first j inserted can have.
  const best = Array.from({ length: r + 1 }, () => new Array<number>(a + 1).fill(0));
  for (let i = 1; i <= r; i++) {
    for (let j = 1; j <= a; j++) {
      const l = like[i - 1]![j - 1]!;
      best[i]![j] = Math.max(best[i - 1]![j]!, best[i]![j - 1]!, l >= ALIKE ? best[i - 1]![j - 1]! + l : 0);
    }
  }
  const steps: Step[] = [];
  let i = r;
  let j = a;
  // Walking back, an insertion is taken before a deletion, so that forward the deletion comes first.
  while (i > 0 || j > 0) {
    const here = best[i]![j]!;
    if (i > 0 && j > 0) {
      const l = like[i - 1]![j - 1]!;
      if (l >= ALIKE && here === best[i - 1]![j - 1]! + l) {
        steps.push({ kind: 'pair', before: --i, after: --j });
        continue;
      }
    }
    if (j > 0 && (i === 0 || here === best[i]![j - 1]!)) steps.push({ kind: 'inserted', after: --j });
    else steps.push({ kind: 'deleted', before: --i });
  }
  return steps.reverse();
}

/** The body's blocks that differ, in reading order: changed, inserted and deleted paragraphs. */
function bodyChanges(before: readonly BodyBlock[], after: readonly BodyBlock[]): StoryChange[] {
  // A block is its kind and its text: a paragraph made an intertitle is a change.
  const key = (b: BodyBlock) => `${b.type}\n${b.text}`;
  const changes: StoryChange[] = [];
  let bi = 0;
  let ai = 0;
  const place = (blocks: readonly BodyBlock[], i: number): BlockPlace => ({ number: i + 1, type: blocks[i]!.type });
  const parts = diffArrays(before.map(key), after.map(key));
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    if (!part.added && !part.removed) {
      bi += part.count;
      ai += part.count;
      continue;
    }
    // A deletion and the insertion after it (in either order) are one stretch of change.
    const next = parts[p + 1];
    const removedCount = part.removed ? part.count : next?.removed ? next.count : 0;
    const addedCount = part.added ? part.count : next?.added ? next.count : 0;
    if (next && (next.added || next.removed) && next.added !== part.added) p++;
    const removed = before.slice(bi, bi + removedCount);
    const added = after.slice(ai, ai + addedCount);
    for (const step of pairUp(
      removed.map((b) => b.text),
      added.map((b) => b.text),
    )) {
      if (step.kind === 'pair') {
        changes.push({
          field: 'body',
          before: place(before, bi + step.before),
          after: place(after, ai + step.after),
          runs: diffChars(removed[step.before]!.text, added[step.after]!.text),
        });
      } else if (step.kind === 'deleted') {
        changes.push({
          field: 'body',
          before: place(before, bi + step.before),
          after: null,
          runs: diffChars(removed[step.before]!.text, ''),
        });
      } else {
        changes.push({ field: 'body', before: null, after: place(after, ai + step.after), runs: diffChars('', added[step.after]!.text) });
      }
    }
    bi += removedCount;
    ai += addedCount;
  }
  return changes;
}

/** Captions that differ, by photo: those of photos kept or added in the later order, then those of photos taken out. */
function captionChanges(before: ArticleDraft, after: ArticleDraft): StoryChange[] {
  const was = captions(before);
  const now = captions(after);
  const changes: StoryChange[] = [];
  now.forEach((c, i) => {
    const j = was.findIndex((w) => w.id === c.id);
    const old = j === -1 ? '' : was[j]!.text;
    if (old !== c.text) changes.push({ field: 'caption', before: j === -1 ? null : j + 1, after: i + 1, runs: diffChars(old, c.text) });
  });
  was.forEach((w, j) => {
    if (w.text && !now.some((c) => c.id === w.id))
      changes.push({ field: 'caption', before: j + 1, after: null, runs: diffChars(w.text, '') });
  });
  return changes;
}

/**
 * What differs between two versions of a story (the text as signed off and the text now, say),
 * part by part in the order they are printed: column, kicker, headline, deck, dateline, the
 * byline in house form, the body block by block, the captions (with their credits) and the
 * group credit, the jump line and the source note. Nothing when they print alike.
 */
export function storyChanges(before: StoryVersion, after: StoryVersion): StoryChange[] {
  const changes: StoryChange[] = [];
  const line = (field: LineField | 'byline' | 'groupCredit', a: string, b: string) => {
    if (a !== b) changes.push({ field, runs: diffChars(a, b) });
  };
  for (const field of LINE_FIELDS) line(field, before[field].trim(), after[field].trim());
  line('byline', bylineText(before), bylineText(after));
  changes.push(...bodyChanges(before.body ?? bodyBlocksFromJson(before.bodyJson), after.body ?? bodyBlocksFromJson(after.bodyJson)));
  changes.push(...captionChanges(before, after));
  const group = (d: ArticleDraft) => (d.photoGroupCredit ? formatPhotoCredit(d.photoGroupCredit, true) : '');
  line('groupCredit', group(before), group(after));
  for (const field of END_FIELDS) line(field, before[field].trim(), after[field].trim());
  return changes;
}
