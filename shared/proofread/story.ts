/**
 * Proofreading a whole story (稿件校对): every part a reader sees — the one-line fields, the body
 * paragraphs and the captions — checked part by part, each finding named by where it stands
 * and by an id that survives edits elsewhere, so a desk can keep ("ignore") it for the story.
 * One path for the editor (as someone types), the command line and the export preflight.
 */
import type { BodyBlock } from '../domain/article';
import { proofread, type Finding, type ProofreadOptions } from './check';

/** The one-line fields a proofreader reads, in reading order. */
export const PROOF_FIELDS = ['column', 'kicker', 'headline', 'deck', 'dateline', 'jump', 'source'] as const;
export type ProofField = (typeof PROOF_FIELDS)[number];

/** Where a finding stands: a field, a body block (counted from 0) or a photo's caption (by index). */
export type ProofPlace = { part: ProofField } | { part: 'body'; block: number } | { part: 'caption'; photo: number; photoId: string };

/** What a story shows a proofreader. */
export interface ProofreadableStory {
  column: string;
  kicker: string;
  headline: string;
  deck: string;
  dateline: string;
  jump: string;
  source: string;
  body: readonly BodyBlock[];
  photos: readonly { id: string; caption: string }[];
  proofIgnores?: readonly string[];
}

export interface StoryFinding {
  /** `headline|typo:己经:0`, `body|repeated-char:的的:1`, `caption:p1|halfwidth-punct:,:0`. */
  id: string;
  place: ProofPlace;
  finding: Finding;
  /** The text of the part it was found in (a field, a paragraph, a caption). */
  text: string;
}

export interface StoryProofreading {
  findings: StoryFinding[];
  /** Findings the story keeps on purpose, left out of `findings`. */
  ignored: number;
}

/**
 * Findings by text, so that as someone types only the paragraph that changed is checked again.
 * Made for one set of options: new options, new cache.
 */
export class ProofreadCache {
  private last = new Map<string, Finding[]>();
  private next = new Map<string, Finding[]>();

  constructor(readonly options: ProofreadOptions = {}) {}

  check(text: string): Finding[] {
    let found = this.next.get(text) ?? this.last.get(text);
    if (!found) found = proofread(text, this.options);
    this.next.set(text, found);
    return found;
  }

  /** Forgets texts not checked since the last sweep: a story's cache stays the size of the story. */
  sweep(): void {
    this.last = this.next;
    this.next = new Map();
  }
}

/** A part's findings, each with an id that counts occurrences of the same rule and text within `scope`. */
function named(scope: string, text: string, findings: readonly Finding[], seen: Map<string, number>, place: ProofPlace): StoryFinding[] {
  return findings.map((finding) => {
    const key = `${finding.rule}:${text.slice(finding.offset, finding.offset + finding.length)}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return { id: `${scope}|${key}:${n}`, place, finding, text };
  });
}

/**
 * Every finding in the story in reading order (fields, body, captions, then the end fields), with
 * those it keeps counted apart. Body ids count occurrences across the whole body, so inserting a
 * paragraph does not make a kept finding come back.
 */
export function proofreadStory(story: ProofreadableStory, cache: ProofreadCache = new ProofreadCache()): StoryProofreading {
  const all: StoryFinding[] = [];
  const field = (name: ProofField) => {
    const text = story[name];
    if (text.trim()) all.push(...named(name, text, cache.check(text), new Map(), { part: name }));
  };
  for (const name of ['column', 'kicker', 'headline', 'deck', 'dateline'] as const) field(name);
  const seen = new Map<string, number>();
  story.body.forEach((block, i) => all.push(...named('body', block.text, cache.check(block.text), seen, { part: 'body', block: i })));
  story.photos.forEach((photo, i) => {
    if (!photo.caption.trim()) return;
    const place: ProofPlace = { part: 'caption', photo: i, photoId: photo.id };
    all.push(...named(`caption:${photo.id}`, photo.caption, cache.check(photo.caption), new Map(), place));
  });
  field('jump');
  field('source');
  cache.sweep();
  const ignores = new Set(story.proofIgnores ?? []);
  const findings = all.filter((f) => !ignores.has(f.id));
  return { findings, ignored: all.length - findings.length };
}
