import type { ApiInput, LayoutPage } from '../../../shared/api/contract';
import type { Article } from '../../../shared/domain/article';
import {
  pageLines,
  placementProblems,
  withStyle,
  type Edition,
  type Furniture,
  type HeadlineSize,
  type Page,
  type PageGeometry,
  type Placement,
  type PlacementStyle,
} from '../../../shared/domain/layout';
import { flowsOf, storiesOf } from '../../../shared/typeset/copyfit';
import type { PartFlow } from '../../../shared/typeset/flow';
import { pannedCrop, zoomedCrop } from '../../../shared/typeset/crop';
import { fitDepth, setFrame, type SetFrame } from '../../../shared/typeset/frame';
import { storyTextOf, type StoryText } from '../../../shared/typeset/story';
import type { RemoteChange } from '../app/newsroom';
import { emptyHistory, record, redo, undo, type History, type Step } from './history';
import { keepSame, sameList, sameMap, sameSet } from './keep-same';
import type { LiveMessage } from './live';

/** What the layout desk asks of the archive and the app (the API and channels; a test passes the services and fakes). */
/** Body lines a new 报头 takes: about a ninth of a broadsheet's type area, as front pages set it. */
const MASTHEAD_DEPTH = 12;

export interface LayoutDeps {
  editions(): Promise<Edition[]>;
  page(input: ApiInput<'layout.page'>): Promise<LayoutPage>;
  place(input: ApiInput<'layout.place'>): Promise<LayoutPage>;
  unplace(input: ApiInput<'layout.unplace'>): Promise<LayoutPage>;
  updatePage(input: ApiInput<'layout.updatePage'>): Promise<LayoutPage>;
  /** A story to place: its text, for the free-space search. */
  article(input: { id: string }): Promise<Article>;
  /** Drafts typed and saves made in story desks in other windows (BroadcastChannel in the app). */
  onLive(listener: (message: LiveMessage) => void): () => void;
  /** What the newsroom changed on other machines. */
  onRemoteChange(listener: (change: RemoteChange) => void): () => void;
  /** A new placement's id (crypto.randomUUID in the app). */
  newId(): string;
  /**
   * Resolves once the page as it now stands has been drawn (after the browser's next frame in
   * the app): a change drawn at once is sent to the archive after that, so that sending it
   * never holds up the frame that shows it. Absent, at once.
   */
  drawn?(): Promise<void>;
}

/** Something the desk must see: a refused or failed call (translated by the view), or no room to place. */
export type LayoutProblem = { kind: 'error'; error: unknown } | { kind: 'noRoom' } | { kind: 'said'; message: string };

/** A line the desk shows in passing: the page was changed elsewhere. */
export type LayoutNote = 'liveFromOtherTab' | 'remoteChanged';

export interface PageRef {
  date: string;
  number: number;
}

export interface LayoutSnapshot {
  editions: Edition[] | null;
  /** The page shown (asked for, or the newest edition's first); null while no edition has a page. */
  target: PageRef | null;
  /** The page as the archive last answered it, with the changes sent and not yet answered drawn over it. */
  layout: LayoutPage | null;
  /** Drafts typed in other windows for stories on this page, not yet saved. */
  live: ReadonlyMap<string, StoryText>;
  /** The page's stories as they are set: the archive's text, with the live drafts over it. */
  stories: ReadonlyMap<string, StoryText>;
  frames: readonly SetFrame[];
  /** The page's parts of stories set in parts (转版), by placement id: where each part's text begins. */
  flows: ReadonlyMap<string, PartFlow>;
  headlines: ReadonlyMap<string, string>;
  /** Headlines of every story seen on a page here, also those taken off since (for the audit trail). */
  knownHeadlines: ReadonlyMap<string, string>;
  /** Stories spiked (撤稿) since they were placed. */
  spiked: ReadonlySet<string>;
  /** Every story placed in this edition, with the page it is on. */
  placedInEdition: ReadonlyMap<string, number>;
  selectedId: string | null;
  /** The story whose galley (毛条) is open. */
  galleyFor: string | null;
  canUndo: boolean;
  canRedo: boolean;
  /** Changes sent to the archive and not yet answered. */
  pending: number;
  problem: LayoutProblem | null;
  note: LayoutNote | null;
}

export type Resize = 'move' | 'resize';

/** A placement moved or resized by whole columns and lines (the arrow keys, a drag snapped to the grid). */
export function adjusted(p: Placement, mode: Resize, columns: number, lines: number): Placement {
  if (mode === 'move') return { ...p, column: Math.max(0, p.column + columns), top: Math.max(0, p.top + lines) };
  const span = Math.max(1, p.span + columns);
  const bodySpan = Math.min(span, p.bodySpan === p.span ? span : p.bodySpan);
  return {
    ...p,
    span,
    bodySpan,
    split: p.split === p.bodySpan ? bodySpan : Math.min(p.split, bodySpan * 3),
    depth: Math.max(1, p.depth + lines),
  };
}

/**
 * Whole columns and lines for a pointer moved by (dx, dy) CSS pixels on a page drawn `emPx`
 * pixels to the em: the nearest grid step, so a frame lands on the grid wherever it is let go.
 */
export function snapToGrid(g: PageGeometry, emPx: number, dx: number, dy: number): { columns: number; lines: number } {
  const columns = Math.round(dx / emPx / (g.columnChars + g.gutterChars));
  const lines = Math.round(dy / emPx / (g.leadingPt / g.bodySizePt));
  // No -0: a step of nothing compares equal to nothing.
  return { columns: columns || 0, lines: lines || 0 };
}

/**
 * A placement with fields changed as the inspector changes them: a body as wide as the
 * headline stays as wide when the headline widens, a plain grid stays plain (split = body
 * columns), and the body is never wider than the placement.
 */
export function reshaped(p: Placement, patch: Partial<Placement>): Placement {
  const next = { ...p, ...patch };
  if (patch.span !== undefined && p.bodySpan === p.span && patch.bodySpan === undefined) next.bodySpan = patch.span;
  if (next.bodySpan > next.span) next.bodySpan = next.span;
  if ((patch.span !== undefined || patch.bodySpan !== undefined) && patch.split === undefined && p.split === p.bodySpan) {
    next.split = next.bodySpan;
  }
  return next;
}

/**
 * Where a new story goes: the first free spot, top to bottom and left to right, where it is
 * set whole at `span` columns; failing that, the free spot with the most room.
 */
export function freeSpot(page: Page, base: Omit<Placement, 'column' | 'top' | 'depth'>, story: StoryText): Placement | null {
  const lines = pageLines(page.geometry);
  let best: Placement | null = null;
  for (let top = 0; top < lines; top++) {
    for (let column = 0; column + base.span <= page.geometry.columns; column++) {
      const trial: Placement = { ...base, column, top, depth: 1 };
      if (placementProblems(page, trial).length) continue;
      let room = 1;
      while (top + room < lines && !placementProblems(page, { ...trial, depth: room + 1 }).length) room++;
      const depth = fitDepth(page.geometry, trial, story, room);
      const spot = { ...trial, depth };
      if (setFrame(page.geometry, spot, story).copyfit.state !== 'over') return spot;
      if (!best || room > best.depth) best = { ...trial, depth: room };
    }
  }
  return best;
}

const same = (a: PageRef | null, b: PageRef | null) => a?.date === b?.date && a?.number === b?.number;
const keyOf = (r: PageRef) => `${r.date}/${r.number}`;

interface CachedFrame {
  placement: string;
  story: StoryText;
  /** The story as JSON: the archive answers a change with the whole page anew, every story a new object. */
  text: string;
  geometry: PageGeometry;
  frame: SetFrame;
}

/**
 * The layout desk (版面) outside React: the page as the archive has it, the live overlay of
 * drafts typed in other windows, one queue for every change sent to the archive (each reads
 * the page as it stands when its turn comes, so two quick key presses make two moves), undo
 * and redo, selection, and the free-space search for placing a story. The page view, the
 * inspector and the desk's panels are views of its snapshot and call its actions.
 */
export class LayoutController {
  private snapshot: LayoutSnapshot = {
    editions: null,
    target: null,
    layout: null,
    live: new Map(),
    stories: new Map(),
    frames: [],
    flows: new Map(),
    headlines: new Map(),
    knownHeadlines: new Map(),
    spiked: new Set(),
    placedInEdition: new Map(),
    selectedId: null,
    galleyFor: null,
    canUndo: false,
    canRedo: false,
    pending: 0,
    problem: null,
    note: null,
  };
  private readonly listeners = new Set<() => void>();
  private history: History = emptyHistory();
  private queue: Promise<void> = Promise.resolve();
  /** The page asked for by the route: an edition's date (else the newest) and a page (else its first). */
  private asked: { date?: string | undefined; number?: number | undefined } = {};
  /** Frames set before, by placement: a draft typed in one story sets only that story again. */
  private frameCache = new Map<string, CachedFrame>();
  /** The house's typefaces the cached frames were set in: another choice sets every frame again. */
  private cachedFaces = '';
  /** The page as the archive last answered it (the snapshot's `layout` has the guesses over it). */
  private confirmed: LayoutPage | null = null;
  /**
   * Changes of a placement sent to the archive and not yet answered, as they will most likely
   * be answered: the page is drawn with them at once, not a round trip to the archive later.
   * Each goes when its answer comes; a refusal takes every guess back.
   */
  private guesses: { seq: number; id: string; after: Placement }[] = [];
  private guessed = 0;

  constructor(private readonly deps: LayoutDeps) {}

  /**
   * Listens to the other windows and the newsroom; returns the stop. Apart from the constructor,
   * so that a view mounted twice (React's StrictMode) listens once at a time.
   */
  start(): () => void {
    const stops = [this.deps.onLive((message) => this.heardLive(message)), this.deps.onRemoteChange((change) => this.heardRemote(change))];
    return () => stops.forEach((stop) => stop());
  }

  // ---- the store React reads ----

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): LayoutSnapshot => this.snapshot;

  /**
   * The next snapshot, each part of it the same object as before unless it changed: the desk's
   * views select the parts they show (use-desk.ts) and are drawn again only when those change.
   */
  private set(patch: Partial<LayoutSnapshot>): void {
    const prev = this.snapshot;
    const next = { ...prev, ...patch };
    if (patch.layout) next.layout = keepSame(prev.layout, patch.layout);
    if (patch.layout !== undefined || patch.live !== undefined) {
      const d = this.derived(next.layout, next.live);
      next.stories = sameMap(prev.stories, d.stories);
      next.frames = sameList(prev.frames, d.frames);
      next.flows = sameMap(prev.flows, d.flows);
      next.headlines = sameMap(prev.headlines, d.headlines);
      next.knownHeadlines = sameMap(prev.knownHeadlines, d.knownHeadlines);
      next.spiked = sameSet(prev.spiked, d.spiked);
    }
    if (patch.layout !== undefined || patch.editions !== undefined) {
      next.placedInEdition = sameMap(prev.placedInEdition, placedIn(next.editions, next.layout));
    }
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }

  private derived(layout: LayoutPage | null, live: ReadonlyMap<string, StoryText>) {
    const stories = layout ? storiesOf(layout) : new Map<string, StoryText>();
    const known = new Map(this.snapshot.knownHeadlines);
    for (const [id, s] of stories) known.set(id, s.headline);
    for (const [id, story] of live) if (stories.has(id)) stories.set(id, story);
    const frames: SetFrame[] = [];
    const cache = new Map<string, CachedFrame>();
    const faces = JSON.stringify(layout?.typefaces ?? null);
    if (faces !== this.cachedFaces) this.frameCache.clear();
    this.cachedFaces = faces;
    const flows = layout ? flowsOf(layout) : new Map<string, PartFlow>();
    for (const p of layout?.page.placements ?? []) {
      const story = stories.get(p.articleId);
      if (!story) continue;
      const flow = flows.get(p.id);
      const placement = JSON.stringify(flow ? [p, flow] : p);
      const geometry = layout!.page.geometry;
      const old = this.frameCache.get(p.id);
      const text = old?.story === story ? old.text : JSON.stringify(story);
      const frame =
        old &&
        old.text === text &&
        old.placement === placement &&
        (old.geometry === geometry || JSON.stringify(old.geometry) === JSON.stringify(geometry))
          ? old.frame
          : setFrame(geometry, p, story, flow, layout!.typefaces);
      cache.set(p.id, { placement, story, text, geometry, frame });
      frames.push(frame);
    }
    this.frameCache = cache;
    return {
      stories,
      frames,
      flows,
      headlines: new Map([...stories].map(([id, s]) => [id, s.headline])),
      knownHeadlines: known,
      spiked: new Set(layout?.stories.filter((s) => s.status === 'spiked').map((s) => s.articleId)),
    };
  }

  /** The archive's page, and the page shown: it with the guesses not yet answered over it. */
  private setConfirmed(layout: LayoutPage | null, patch: Partial<LayoutSnapshot> = {}): void {
    this.confirmed = layout;
    this.set({ ...patch, layout: this.withGuesses(layout) });
  }

  private withGuesses(layout: LayoutPage | null): LayoutPage | null {
    if (!layout || !this.guesses.length) return layout;
    let placements = layout.page.placements;
    for (const { id, after } of this.guesses) placements = placements.map((p) => (p.id === id ? after : p));
    return { ...layout, page: { ...layout.page, placements } };
  }

  /**
   * Draws a change of placement `id` at once, as `make` makes it of the placement shown, unless
   * the archive would refuse it (off the grid, over another story): that one waits for the
   * archive, which says why. Returns the guess, to be taken back once answered.
   */
  private guess(id: string | null, make: (placement: Placement | null) => Placement | null): number | null {
    const shown = this.snapshot.layout;
    const before = (id && shown?.page.placements.find((p) => p.id === id)) || null;
    if (!shown || !before) return null;
    const after = make(before);
    if (!after || after.id !== before.id || JSON.stringify(after) === JSON.stringify(before)) return null;
    if (placementProblems(shown.page, after).length) return null;
    const seq = ++this.guessed;
    this.guesses.push({ seq, id: before.id, after });
    this.set({ layout: this.withGuesses(this.confirmed) });
    return seq;
  }

  /**
   * The frame `p` is set in: the one drawn when `p` is the placement shown, else set for it now
   * (a change's turn comes while the page still shows it guessed, or another change after it).
   */
  private frameOf(p: Placement): SetFrame | undefined {
    const { layout, stories, flows, frames } = this.snapshot;
    const story = stories.get(p.articleId);
    if (!layout || !story) return undefined;
    const shown = layout.page.placements.find((x) => x.id === p.id);
    if (shown && JSON.stringify(shown) === JSON.stringify(p)) return frames.find((f) => f.placementId === p.id);
    return setFrame(layout.page.geometry, p, story, flows.get(p.id), layout.typefaces);
  }

  private setHistory(history: History): void {
    this.history = history;
    this.set({ canUndo: history.done.length > 0, canRedo: history.undone.length > 0 });
  }

  // ---- life ----

  /**
   * Shows a page (the route's), or the newest edition's first page when none is named. Another
   * page starts with an undo history of its own, nothing selected and no galley open.
   */
  async show(date?: string, number?: number): Promise<void> {
    this.asked = { date, number };
    const editions = this.snapshot.editions ?? (await this.loadEditions());
    const target = pageOf(editions, this.asked);
    if (same(target, this.snapshot.target) && this.snapshot.layout) return;
    this.history = emptyHistory();
    this.frameCache.clear();
    this.guesses = [];
    this.confirmed = null;
    this.set({
      target,
      layout: null,
      live: new Map(),
      selectedId: null,
      galleyFor: null,
      canUndo: false,
      canRedo: false,
      note: null,
    });
    if (target) await this.reload();
  }

  /** Reads the editions and the page again (signed in again after the lock, say). */
  async refresh(): Promise<void> {
    const editions = await this.loadEditions();
    if (!this.snapshot.target && pageOf(editions, this.asked)) return this.show(this.asked.date, this.asked.number);
    await this.reload();
  }

  async loadEditions(): Promise<Edition[]> {
    try {
      const editions = await this.deps.editions();
      this.set({ editions });
      return editions;
    } catch (error) {
      this.set({ problem: { kind: 'error', error } });
      return this.snapshot.editions ?? [];
    }
  }

  /** Reads the page again, in the queue: after every change sent before it, never over a newer answer. */
  reload(): Promise<void> {
    return this.enqueue(async () => {
      const target = this.snapshot.target;
      if (!target) return;
      try {
        const layout = await this.deps.page(target);
        if (same(target, this.snapshot.target)) this.setConfirmed(layout, { live: new Map() });
      } catch (error) {
        this.set({ problem: { kind: 'error', error } });
      }
    });
  }

  /** Every change sent so far answered. */
  idle(): Promise<void> {
    return this.queue;
  }

  // ---- what happens elsewhere ----

  private placed(articleId: string): boolean {
    return this.snapshot.layout?.page.placements.some((p) => p.articleId === articleId) ?? false;
  }

  /** Text typed in a story desk elsewhere is set here as it is typed; a save reloads the page. */
  private heardLive(message: LiveMessage): void {
    if (!this.placed(message.articleId)) return;
    if (message.kind === 'draft') {
      this.set({ live: new Map(this.snapshot.live).set(message.articleId, message.story), note: 'liveFromOtherTab' });
    } else void this.reload();
  }

  /** A page or a story placed here changed in the newsroom (on another machine): read again, the copyfit follows. */
  private heardRemote(change: RemoteChange): void {
    const target = this.snapshot.target;
    if (!target) {
      // No page yet: one may have been added elsewhere.
      if (change.all || change.pages.size) void this.refresh();
      return;
    }
    if (change.all || change.pages.size) void this.loadEditions();
    if (change.all || change.pages.has(keyOf(target)) || [...change.articles].some((id) => this.placed(id))) {
      void this.reload();
      if (!change.all) this.set({ note: 'remoteChanged' });
    }
  }

  // ---- the queue ----

  private enqueue(work: () => Promise<void>): Promise<void> {
    this.set({ pending: this.snapshot.pending + 1 });
    const run = async () => {
      try {
        await work();
      } finally {
        this.set({ pending: this.snapshot.pending - 1 });
      }
    };
    // A failed change does not stop the ones after it.
    this.queue = this.queue.then(run, run);
    return this.queue;
  }

  /**
   * Sends one step to the archive for the page it was made on; false when refused or failed (the
   * problem is shown, and every guess taken back). `guess`: the step as drawn before it was sent.
   */
  private async apply(step: Step, on: PageRef, guess: number | null = null): Promise<boolean> {
    const now = this.confirmed;
    if (!now || !same(on, this.snapshot.target)) return false;
    try {
      const next = step.after
        ? await this.deps.place({ date: on.date, page: on.number, placement: step.after })
        : step.before
          ? await this.deps.unplace({ date: on.date, page: on.number, id: step.before.id })
          : now;
      this.guesses = this.guesses.filter((g) => g.seq !== guess);
      if (same(on, this.snapshot.target)) this.setConfirmed(next, { problem: null });
      return true;
    } catch (error) {
      const problem: LayoutProblem = { kind: 'error', error };
      if (!this.guesses.length) this.set({ problem });
      else {
        this.guesses = [];
        this.setConfirmed(this.confirmed, { problem });
      }
      return false;
    }
  }

  /**
   * Changes the placement `id` (null: a new one) to what `make` makes of it (null: removed),
   * `make` given the placement as it stands when the change's turn comes.
   */
  change(id: string | null, make: (placement: Placement | null) => Placement | null): Promise<void> {
    const on = this.snapshot.target;
    const guess = this.guess(id, make);
    const drawn = guess !== null ? this.deps.drawn?.() : undefined;
    return this.enqueue(async () => {
      try {
        if (!on) return;
        await drawn;
        const before = (id && this.confirmed?.page.placements.find((p) => p.id === id)) || null;
        const after = make(before);
        if (JSON.stringify(before) === JSON.stringify(after)) return;
        if (await this.apply({ before, after }, on, guess)) this.setHistory(record(this.history, { before, after }));
      } finally {
        // Not sent (nothing to change, another page by now): the guess goes with it.
        if (guess !== null && this.guesses.some((g) => g.seq === guess)) {
          this.guesses = this.guesses.filter((g) => g.seq !== guess);
          this.set({ layout: this.withGuesses(this.confirmed) });
        }
      }
    });
  }

  undo(): Promise<void> {
    const on = this.snapshot.target;
    return this.enqueue(async () => {
      const u = undo(this.history);
      if (on && u && (await this.apply(u.step, on))) this.setHistory(u.history);
    });
  }

  redo(): Promise<void> {
    const on = this.snapshot.target;
    return this.enqueue(async () => {
      const r = redo(this.history);
      if (on && r && (await this.apply(r.step, on))) this.setHistory(r.history);
    });
  }

  // ---- named actions ----

  select(id: string | null): void {
    if (id !== this.snapshot.selectedId) this.set({ selectedId: id });
  }

  showGalley(articleId: string | null): void {
    this.set({ galleyFor: articleId });
  }

  /** A problem a panel met on its own (the editions form), in words. */
  report(message: string): void {
    this.set({ problem: { kind: 'said', message } });
  }

  dismissProblem(): void {
    this.set({ problem: null });
  }

  /** Moves a placement by whole columns and lines (an arrow key, a drag). */
  move(id: string, columns: number, lines: number): Promise<void> {
    return this.change(id, (p) => p && adjusted(p, 'move', columns, lines));
  }

  /** Makes a placement wider or narrower, deeper or shallower (Shift+arrow, the corner handle). */
  resize(id: string, columns: number, lines: number): Promise<void> {
    return this.change(id, (p) => p && adjusted(p, 'resize', columns, lines));
  }

  /** Changes a placement's fields as the inspector does (see `reshaped`). */
  edit(id: string, patch: Partial<Placement>): Promise<void> {
    return this.change(id, (p) => p && reshaped(p, patch));
  }

  /**
   * Changes parts of how a story is set off (栏线, box, tint), merged with its style as it stands
   * when the change's turn comes: quick changes of one part after another all hold.
   */
  setStyle(id: string, patch: PlacementStyle): Promise<void> {
    return this.change(id, (p) => {
      if (!p) return p;
      const { style: _old, ...rest } = p;
      const style = withStyle(p.style, patch);
      return style ? { ...rest, style } : rest;
    });
  }

  setHeadlineSize(id: string, headlineSize: HeadlineSize): Promise<void> {
    return this.edit(id, { headlineSize });
  }

  /** Makes the placement just deep enough for its story (按稿长定行数). */
  fitDepth(id: string): Promise<void> {
    return this.change(id, (p) => {
      const layout = this.snapshot.layout;
      const story = p && this.snapshot.stories.get(p.articleId);
      if (!p || !layout || !story) return p;
      const flow = this.snapshot.flows.get(p.id);
      return { ...p, depth: fitDepth(layout.page.geometry, p, story, pageLines(layout.page.geometry) - p.top, flow) };
    });
  }

  /** Gives the next of the story's photos not yet on the page a frame, at the placement's right edge. */
  addPhotoFrame(id: string): Promise<void> {
    return this.change(id, (p) => {
      const story = p && this.snapshot.stories.get(p.articleId);
      const frame = p && this.frameOf(p);
      if (!p || !story || p.photos.length >= story.photos.length) return p;
      const used = new Set(p.photos.map((f) => f.photo));
      const photo = story.photos.findIndex((_, i) => !used.has(i));
      const span = Math.min(p.span, Math.max(1, p.span - p.bodySpan) || 1);
      const depth = Math.min(8, Math.max(2, p.depth - (frame?.headingDepth ?? 0)));
      return { ...p, photos: [...p.photos, { photo, column: p.span - span, span, top: 0, depth }] };
    });
  }

  editPhotoFrame(id: string, index: number, patch: Partial<Placement['photos'][number]>): Promise<void> {
    return this.change(id, (p) => p && { ...p, photos: p.photos.map((f, k) => (k === index ? { ...f, ...patch } : f)) });
  }

  removePhotoFrame(id: string, index: number): Promise<void> {
    return this.change(id, (p) => p && { ...p, photos: p.photos.filter((_, k) => k !== index) });
  }

  /**
   * Crops a photo again (the image itself never changes): `crop` is given the frame's picture
   * box and the picture as drawn when the change's turn comes, so quick drags add up.
   */
  private recrop(
    id: string,
    index: number,
    crop: (frame: SetFrame['photos'][number], zoom: number) => Placement['photos'][number]['crop'],
  ): Promise<void> {
    return this.change(id, (p) => {
      const f = p?.photos[index];
      const drawn = p && this.frameOf(p)?.photos[index];
      if (!p || !f || !drawn) return p;
      const { crop: _old, ...rest } = f;
      const next = crop(drawn, f.crop?.zoom ?? 1);
      return { ...p, photos: p.photos.map((g, k) => (k === index ? (next ? { ...rest, crop: next } : rest) : g)) };
    });
  }

  /** Moves the picture inside its frame by (dx, dy) ems, as far as it still fills the frame (a drag inside the frame). */
  panPhoto(id: string, index: number, dx: number, dy: number): Promise<void> {
    return this.recrop(id, index, (drawn, zoom) => pannedCrop(drawn.image, drawn.picture, zoom, dx, dy));
  }

  /** Zooms the picture in its frame (1: the whole frame filled, nothing more cut), about the point at the frame's centre. */
  zoomPhoto(id: string, index: number, zoom: number): Promise<void> {
    return this.recrop(id, index, (drawn, old) => zoomedCrop(drawn.image, drawn.picture, old, zoom));
  }

  /** The picture uncropped again: the frame filled, centred. */
  resetCrop(id: string, index: number): Promise<void> {
    return this.recrop(id, index, () => undefined);
  }

  /** Takes a story off the page (the story stays in the archive). */
  unplace(id: string): Promise<void> {
    if (this.snapshot.selectedId === id) this.set({ selectedId: null });
    return this.change(id, () => null);
  }

  /**
   * Places a story on the page's first free spot where it is set whole (two columns wide), or
   * failing that the free spot with the most room; selects it. False when it was not placed.
   * `continues`: the story is begun on another page and goes on here (转版), from where it stops there.
   */
  async place(articleId: string, span = 2, continues = false): Promise<boolean> {
    const on = this.snapshot.target;
    let story: StoryText;
    try {
      story = storyTextOf(await this.deps.article({ id: articleId }));
    } catch (error) {
      this.set({ problem: { kind: 'error', error } });
      return false;
    }
    let placedId: string | null = null;
    await this.enqueue(async () => {
      const layout = this.confirmed;
      if (!on || !layout || !same(on, this.snapshot.target)) return;
      const columns = Math.min(span, layout.page.geometry.columns);
      const spot = freeSpot(
        layout.page,
        {
          id: this.deps.newId(),
          articleId,
          span: columns,
          bodySpan: columns,
          split: columns,
          headlineSize: 'medium',
          photos: [],
          ...(continues ? { continues: true as const } : {}),
        },
        story,
      );
      if (!spot) {
        this.set({ problem: { kind: 'noRoom' } });
        return;
      }
      if (await this.apply({ before: null, after: spot }, on)) {
        this.setHistory(record(this.history, { before: null, after: spot }));
        placedId = spot.id;
      }
    });
    if (placedId) this.select(placedId);
    return placedId !== null;
  }

  /**
   * The page's fixed furniture (报头, rules, standing text), whole: refused by the archive when a
   * piece would cover a story or leave the grid.
   */
  setFurniture(furniture: readonly Furniture[]): Promise<void> {
    const on = this.snapshot.target;
    return this.enqueue(async () => {
      if (!on) return;
      try {
        const layout = await this.deps.updatePage({ date: on.date, number: on.number, furniture: [...furniture] });
        if (same(on, this.snapshot.target)) this.setConfirmed(layout, { problem: null });
      } catch (error) {
        this.set({ problem: { kind: 'error', error } });
      }
    });
  }

  /**
   * Adds a piece of furniture at the top of the page, across it, as a front page's 报头 stands
   * (the desk then moves it); standing text needs its words.
   */
  addFurniture(kind: Furniture['kind'], text = ''): Promise<void> {
    const page = this.confirmed?.page;
    if (!page) return Promise.resolve();
    const across = { column: 0, span: page.geometry.columns, top: 0 };
    const piece: Furniture =
      kind === 'masthead'
        ? { kind, ...across, depth: MASTHEAD_DEPTH, registration: '', publisher: '' }
        : kind === 'rule'
          ? { kind, ...across, weight: 'thick' }
          : { kind, ...across, depth: 1, text: text.trim() };
    if (piece.kind === 'text' && !piece.text) return Promise.resolve();
    return this.setFurniture([...(page.furniture ?? []), piece]);
  }

  /** The page's grid (版心设置): refused by the archive when a story would no longer fit it. */
  setGeometry(geometry: PageGeometry): Promise<void> {
    const on = this.snapshot.target;
    return this.enqueue(async () => {
      if (!on) return;
      try {
        const layout = await this.deps.updatePage({ date: on.date, number: on.number, geometry });
        if (same(on, this.snapshot.target)) this.setConfirmed(layout, { problem: null });
      } catch (error) {
        this.set({ problem: { kind: 'error', error } });
      }
    });
  }
}

/** The page asked for, its edition's first page when only the edition is named, the newest edition's first when neither is. */
function pageOf(editions: readonly Edition[], asked: { date?: string | undefined; number?: number | undefined }): PageRef | null {
  const date = asked.date ?? editions[0]?.date;
  const number = asked.number ?? editions.find((e) => e.date === date)?.pages[0]?.number;
  return date && number ? { date, number } : null;
}

/** The stories placed in the shown page's edition, each with its page: this page as it now stands, the others as last read. */
function placedIn(editions: readonly Edition[] | null, layout: LayoutPage | null): Map<string, number> {
  const placed = new Map<string, number>();
  if (!layout) return placed;
  const edition = editions?.find((e) => e.date === layout.edition.date);
  for (const page of edition?.pages ?? []) {
    if (page.number === layout.page.number) continue;
    // A story set in parts is named by the page it begins on.
    for (const p of page.placements) if (!p.continues || !placed.has(p.articleId)) placed.set(p.articleId, page.number);
  }
  for (const p of layout.page.placements) if (!p.continues || !placed.has(p.articleId)) placed.set(p.articleId, layout.page.number);
  return placed;
}
