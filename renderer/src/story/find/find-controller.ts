import { LIMITS, type ArticleDraft } from '../../../../shared/domain/article';
import { photoSchema } from '../../../../shared/domain/article-schemas';
import { findMatches, replaceMatches, type FindOptions, type TextMatch } from '../../../../shared/text/find';

/** The one-line fields searched, in the order the story form shows them (the body sits after the dateline). */
export const FIELDS_BEFORE_BODY = ['column', 'kicker', 'headline', 'deck', 'dateline'] as const;
export const FIELDS_AFTER_BODY = ['jump', 'source'] as const;
export type FindField = (typeof FIELDS_BEFORE_BODY)[number] | (typeof FIELDS_AFTER_BODY)[number];

/** The parts of the draft that find and replace reads and writes; captions are in `photos`. */
export type StoryFields = Pick<ArticleDraft, FindField | 'photos'>;

/** Where a match is: a field, a block of the body (paragraph or intertitle), or a photo's caption. */
export type FindPlace =
  { kind: 'field'; field: FindField } | { kind: 'body'; block: number } | { kind: 'caption'; photoId: string; photo: number };

export interface StoryMatch extends TextMatch {
  place: FindPlace;
  /** The matched text as it stands (in its own width and case). */
  text: string;
}

/** A span of one body block; `text` is what it held when found, so a stale span is left alone. */
export interface BodySpan extends TextMatch {
  block: number;
  text: string;
}

/** The body editor as find and replace sees it (lexical-body.ts over Lexical; a fake in tests). */
export interface BodyTarget {
  /** The text of each top-level block, in order. */
  blocks(): string[];
  /** Replaces the spans in one step of the editor's own undo; answers how many it replaced. */
  replace(spans: readonly BodySpan[], replacement: string): number;
  /** The whole body, to put back by `restore`. */
  save(): string;
  restore(saved: string): void;
  /** Called after every change of the body's content (not of its selection). */
  onChange(listener: () => void): () => void;
}

/** The story around the body: its fields as they now stand, and the way to change them. */
export interface FindStory {
  fields(): StoryFields;
  /** Goes through the story's own change path (autosave included). */
  setFields(patch: Partial<StoryFields>): void;
  /** False for a story that may not be changed here (signed off, someone else's, checked out elsewhere). */
  editable(): boolean;
}

export type FindNotice =
  | { kind: 'replaced'; count: number }
  | { kind: 'restored' }
  | { kind: 'readOnly' }
  /** A replacement would take a field or the body past its limit: nothing was replaced. */
  | { kind: 'tooLong' };

export interface FindSnapshot {
  open: boolean;
  query: string;
  replacement: string;
  options: FindOptions;
  /** Every match in reading order. */
  matches: readonly StoryMatch[];
  /** Index into `matches`; -1 when none is current. */
  current: number;
  /** Bumped when the current match should be shown (navigation, a new query, a replace), not when the text merely changed. */
  reveal: number;
  editable: boolean;
  /** A replace (one or all) that can still be taken back: nothing it changed has changed since. */
  canUndo: boolean;
  notice: FindNotice | null;
}

const CAPTION_MAX = photoSchema.shape.caption.maxLength ?? 2000;

/** What one replace changed, before and after, to take it back while the text still stands so. */
interface ReplaceStep {
  fields: Map<FindField, { before: string; after: string }>;
  captions: Map<string, { before: string; after: string }>;
  body: { before: string; after: string } | null;
}

interface Position {
  rank: number;
  index: number;
  offset: number;
}

function rankOf(place: FindPlace): Position {
  switch (place.kind) {
    case 'field': {
      const before = (FIELDS_BEFORE_BODY as readonly string[]).indexOf(place.field);
      const rank = before >= 0 ? before : FIELDS_BEFORE_BODY.length + 1 + (FIELDS_AFTER_BODY as readonly string[]).indexOf(place.field);
      return { rank, index: 0, offset: 0 };
    }
    case 'body':
      return { rank: FIELDS_BEFORE_BODY.length, index: place.block, offset: 0 };
    case 'caption':
      return { rank: FIELDS_BEFORE_BODY.length + 1 + FIELDS_AFTER_BODY.length, index: place.photo, offset: 0 };
  }
}

function positionOf(match: StoryMatch): Position {
  return { ...rankOf(match.place), offset: match.start };
}

function compare(a: Position, b: Position): number {
  return a.rank - b.rank || a.index - b.index || a.offset - b.offset;
}

export const DEFAULT_FIND_OPTIONS: FindOptions = { matchWidth: true, caseSensitive: false };

/**
 * Find and replace in one story (查找替换), outside React: the query and its options, every match
 * across the fields, the body and the captions in reading order, the current one, and the
 * replaces with their own undo. A replace across fields and body is one change to the reader, but
 * the fields and the body each have an undo of their own; so the controller keeps what it
 * replaced and puts it back in one step (撤销替换), as long as nothing it touched changed since.
 */
export class FindController {
  private snapshot: FindSnapshot;
  private readonly listeners = new Set<() => void>();
  private body: BodyTarget | null = null;
  private offBody: (() => void) | null = null;
  private readonly steps: ReplaceStep[] = [];
  /** While a replace or an undo writes: the changes it causes are its own, read once at its end. */
  private writing = false;

  constructor(private readonly story: FindStory) {
    this.snapshot = {
      open: false,
      query: '',
      replacement: '',
      options: DEFAULT_FIND_OPTIONS,
      matches: [],
      current: -1,
      reveal: 0,
      editable: story.editable(),
      canUndo: false,
      notice: null,
    };
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): FindSnapshot => this.snapshot;

  /** The current match, if any. */
  get currentMatch(): StoryMatch | null {
    return this.snapshot.matches[this.snapshot.current] ?? null;
  }

  /** The body editor (a new one when the body is loaded again); null while it is not there. */
  setBody(body: BodyTarget | null): void {
    if (body === this.body) return;
    this.offBody?.();
    this.body = body;
    this.offBody = body ? body.onChange(() => this.refresh()) : null;
    // Another editor is another text: what was replaced in the old one cannot be put back in it.
    this.steps.length = 0;
    this.refresh();
  }

  dispose(): void {
    this.offBody?.();
    this.offBody = null;
    this.body = null;
    this.listeners.clear();
  }

  /** The whole text of a place as it now stands (a field, a caption, a body block); null when it is gone. */
  textOf(place: FindPlace): string | null {
    switch (place.kind) {
      case 'field':
        return this.story.fields()[place.field];
      case 'caption':
        return this.story.fields().photos.find((p) => p.id === place.photoId)?.caption ?? null;
      case 'body':
        return this.body?.blocks()[place.block] ?? null;
    }
  }

  open(): void {
    this.update({ open: true }, { reveal: true });
  }

  close(): void {
    this.set({ open: false, notice: null });
  }

  setQuery(query: string): void {
    this.update({ query, notice: null }, { reveal: true });
  }

  setReplacement(replacement: string): void {
    this.set({ replacement });
  }

  setOptions(patch: Partial<FindOptions>): void {
    this.update({ options: { ...this.snapshot.options, ...patch }, notice: null }, { reveal: true });
  }

  next(): void {
    this.move(1);
  }

  previous(): void {
    this.move(-1);
  }

  /**
   * The text changed (typed, loaded, saved elsewhere) or who may edit it did: the matches are read
   * again, and the current one stays where the reader was.
   */
  refresh(): void {
    if (this.writing) return;
    this.dropStaleSteps();
    this.update({});
  }

  /** Replaces the current match and moves to the next one; false when nothing was replaced. */
  replaceCurrent(): boolean {
    const match = this.currentMatch;
    if (!match || !this.mayWrite()) return false;
    const done = this.write([match]);
    if (!done) {
      // The text had moved on under the match: show the matches as they now stand.
      this.update({});
      return false;
    }
    // Go on from just after the replacement: a replacement that holds the query is not found again.
    this.update(
      { notice: null },
      { reveal: true, from: { ...rankOf(match.place), offset: match.start + this.snapshot.replacement.length } },
    );
    return true;
  }

  /** Replaces every match at once; answers how many. */
  replaceAll(): number {
    const matches = this.snapshot.matches;
    if (!matches.length || !this.mayWrite()) return 0;
    const count = this.write(matches);
    if (count) this.update({ notice: { kind: 'replaced', count } }, { reveal: true });
    return count;
  }

  /** Puts back what the last replace changed (while it still stands); false when there is nothing to undo. */
  undoReplace(): boolean {
    this.dropStaleSteps();
    if (!this.steps.length) {
      this.update({});
      return false;
    }
    if (!this.mayWrite()) return false;
    const step = this.steps.pop()!;
    this.writing = true;
    try {
      const patch = this.fieldsPatch(step, (change) => change.before);
      if (Object.keys(patch).length) this.story.setFields(patch);
      if (step.body && this.body) this.body.restore(step.body.before);
    } finally {
      this.writing = false;
    }
    this.update({ notice: { kind: 'restored' } }, { reveal: true });
    return true;
  }

  private mayWrite(): boolean {
    if (this.story.editable()) return true;
    this.set({ notice: { kind: 'readOnly' }, editable: false });
    return false;
  }

  /** Writes the replacement over these matches (of the current snapshot); answers how many were replaced. */
  private write(matches: readonly StoryMatch[]): number {
    const replacement = this.snapshot.replacement;
    const fields = this.story.fields();
    const byField = new Map<FindField, StoryMatch[]>();
    const byCaption = new Map<string, StoryMatch[]>();
    const spans: BodySpan[] = [];
    for (const match of matches) {
      const { place } = match;
      if (place.kind === 'field') byField.set(place.field, [...(byField.get(place.field) ?? []), match]);
      else if (place.kind === 'caption') byCaption.set(place.photoId, [...(byCaption.get(place.photoId) ?? []), match]);
      else spans.push({ block: place.block, start: match.start, end: match.end, text: match.text });
    }

    const step: ReplaceStep = { fields: new Map(), captions: new Map(), body: null };
    let count = 0;
    const fresh = (text: string, list: readonly StoryMatch[]) => list.filter((m) => text.slice(m.start, m.end) === m.text);
    for (const [field, list] of byField) {
      const before = fields[field];
      const valid = fresh(before, list);
      if (!valid.length) continue;
      const after = replaceMatches(before, valid, replacement);
      if (after.length > LIMITS.line) return this.tooLong();
      step.fields.set(field, { before, after });
      count += valid.length;
    }
    for (const [photoId, list] of byCaption) {
      const before = fields.photos.find((p) => p.id === photoId)?.caption;
      if (before === undefined) continue;
      const valid = fresh(before, list);
      if (!valid.length) continue;
      const after = replaceMatches(before, valid, replacement);
      if (after.length > CAPTION_MAX) return this.tooLong();
      step.captions.set(photoId, { before, after });
      count += valid.length;
    }
    const body = spans.length ? this.body : null;
    if (body) {
      const blocks = body.blocks();
      const total = blocks.reduce((n, b) => n + b.length, 0);
      const grows = spans.reduce((n, s) => n + replacement.length - (s.end - s.start), 0);
      if (total + grows > LIMITS.bodyChars) return this.tooLong();
    }

    this.writing = true;
    try {
      const patch = this.fieldsPatch(step, (change) => change.after);
      if (Object.keys(patch).length) this.story.setFields(patch);
      if (body) {
        const before = body.save();
        const replaced = body.replace(spans, replacement);
        if (replaced) {
          step.body = { before, after: body.save() };
          count += replaced;
        }
      }
    } finally {
      this.writing = false;
    }
    if (count) this.steps.push(step);
    return count;
  }

  private tooLong(): 0 {
    this.set({ notice: { kind: 'tooLong' } });
    return 0;
  }

  /** The draft patch that sets each field and caption the step touched to one side of the change. */
  private fieldsPatch(step: ReplaceStep, side: (change: { before: string; after: string }) => string): Partial<StoryFields> {
    const patch: Partial<StoryFields> = {};
    for (const [field, change] of step.fields) patch[field] = side(change);
    if (step.captions.size) {
      patch.photos = this.story.fields().photos.map((photo) => {
        const change = step.captions.get(photo.id);
        return change ? { ...photo, caption: side(change) } : photo;
      });
    }
    return patch;
  }

  /** A step can be taken back only while what it wrote still stands; else it and those under it go. */
  private dropStaleSteps(): void {
    const step = this.steps.at(-1);
    if (!step) return;
    const fields = this.story.fields();
    const stands =
      [...step.fields].every(([field, change]) => fields[field] === change.after) &&
      [...step.captions].every(([id, change]) => fields.photos.find((p) => p.id === id)?.caption === change.after) &&
      (!step.body || (this.body !== null && this.body.save() === step.body.after));
    if (!stands) this.steps.length = 0;
  }

  private move(direction: 1 | -1): void {
    const { matches, current } = this.snapshot;
    if (!matches.length) return;
    const next = current < 0 ? (direction > 0 ? 0 : matches.length - 1) : (current + direction + matches.length) % matches.length;
    this.set({ current: next, reveal: this.snapshot.reveal + 1, notice: null });
  }

  private search(query: string, options: FindOptions): StoryMatch[] {
    if (!query) return [];
    const fields = this.story.fields();
    const matches: StoryMatch[] = [];
    const add = (text: string, place: FindPlace) => {
      for (const m of findMatches(text, query, options)) matches.push({ ...m, place, text: text.slice(m.start, m.end) });
    };
    for (const field of FIELDS_BEFORE_BODY) add(fields[field], { kind: 'field', field });
    this.body?.blocks().forEach((text, block) => add(text, { kind: 'body', block }));
    for (const field of FIELDS_AFTER_BODY) add(fields[field], { kind: 'field', field });
    fields.photos.forEach((photo, index) => add(photo.caption, { kind: 'caption', photoId: photo.id, photo: index }));
    return matches;
  }

  /**
   * Reads the matches again under the new settings. The current match is the first at or after
   * `from` (by default where the current one was), so typing elsewhere does not move the reader.
   */
  private update(patch: Partial<FindSnapshot>, how: { reveal?: boolean; from?: Position } = {}): void {
    const next = { ...this.snapshot, ...patch };
    const matches = next.open ? this.search(next.query, next.options) : [];
    const previous = this.currentMatch;
    const from = how.from ?? (previous ? positionOf(previous) : null);
    let current = matches.length ? 0 : -1;
    if (from) {
      const at = matches.findIndex((m) => compare(positionOf(m), from) >= 0);
      current = at >= 0 ? at : matches.length ? 0 : -1;
    }
    this.set({
      ...patch,
      matches,
      current,
      reveal: how.reveal ? this.snapshot.reveal + 1 : this.snapshot.reveal,
      editable: this.story.editable(),
      canUndo: this.steps.length > 0,
    });
  }

  private set(patch: Partial<FindSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch, canUndo: this.steps.length > 0 };
    for (const listener of [...this.listeners]) listener();
  }
}
