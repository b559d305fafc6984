import type { ArticleAccess, ImportDating, ImportFix, RevisionSummary, StatusChange } from '../../../shared/api/contract';
import { storableDraft, type Article, type ArticleDraft, type BodyBlock } from '../../../shared/domain/article';
import type { StatusAction } from '../../../shared/domain/status';
import { applySuggestion, applySuggestions, type ProofreadRule } from '../../../shared/proofread/check';
import { DEFAULT_HOUSE_PROOFREADING, houseOptions, type HouseProofreading } from '../../../shared/proofread/house';
import { ProofreadCache, proofreadStory, type StoryFinding } from '../../../shared/proofread/story';
import { storyTextOf, type StoryText } from '../../../shared/typeset/story';
import { countChars, type CharCounts } from '../../../shared/text/count';
import type { LiveMessage } from '../layout/live';
import { Autosave, type SaveRequest, type SaveState } from './autosave';
import { Checkout, type CheckoutDeps } from './checkout';
import { TrackingSwitch } from './track/track-changes';

/** What the story desk asks of the archive (the app's API; a test passes the services over a temp archive). */
export interface StoryDeps extends Pick<CheckoutDeps, 'lock' | 'release'> {
  get(input: { id: string }): Promise<Article>;
  access(input: { id: string }): Promise<ArticleAccess>;
  statusLog(input: { id: string }): Promise<StatusChange[]>;
  save(request: SaveRequest): Promise<Article>;
  setStatus(input: { id: string; action: StatusAction; reason?: string }): Promise<unknown>;
  restore(input: { articleId: string; revisionId: number; baseVersion: number }): Promise<Article>;
  markReviewed(input: { id: string }): Promise<unknown>;
  /** One fix of an imported story (a headline re-attached, two pieces joined, one split); the story as fixed. */
  fixImport(input: { id: string; baseVersion: number; fix: ImportFix }): Promise<{ article: Article; other: string | null }>;
  /** An imported story's edition date (and page), given with the undated rest of its page. */
  setImportDate(input: { id: string; date: string; page?: number }): Promise<ImportDating>;
  /** The newsroom's proofreading rules (the archive's settings). */
  houseProofreading(): Promise<HouseProofreading>;
  /** Announces the draft to the layout views open elsewhere (BroadcastChannel in the app). */
  publishLive(message: LiveMessage): void;
  /** An error in words, for the check-out's problem line. */
  describe(error: unknown): string;
  /** Quiet time after typing before the changed paragraph is proofread again (default 200 ms). */
  proofDelayMs?: number;
  /** Save debounce, passed to the autosave (tests shorten it). */
  saveDelayMs?: number;
  now?: () => Date;
}

/** What the desk tells the person, translated by the view: a message key, or an error. */
export type StoryNotice =
  | { kind: 'message'; key: 'pasteTooLong'; params: { chars: number } }
  | { kind: 'message'; key: 'changedRemotely' }
  | { kind: 'message'; key: 'restored' | 'restoredToDraft'; params: { at: string } }
  | { kind: 'message'; key: 'fixedAll'; params: { count: number } }
  | { kind: 'message'; key: 'dated'; params: { date: string; others: number; skipped: number } }
  | { kind: 'error'; error: unknown };

/**
 * The body editor as the controller uses it (the Lexical editor behind BodyEditor): to put a
 * proofreading fix in place, and to show a finding. Offsets are in the text of the numbered
 * body block, as `BodyBlock.text` holds it.
 */
export interface BodyHandle {
  /** Replaces the spans (of blocks as they stand now) in one undoable step; false if the text moved on. */
  replace(edits: readonly BodyEdit[]): boolean;
  /** Selects the span and scrolls it into view. */
  reveal(block: number, offset: number, length: number): void;
}

export interface BodyEdit {
  block: number;
  offset: number;
  length: number;
  /** The text the span must still hold for the edit to apply. */
  expected: string;
  text: string;
}

export interface Proofreading {
  /** The findings not kept on purpose, in reading order. */
  findings: StoryFinding[];
  ignored: number;
  /** The story changed since the findings were made; they are refreshed shortly. */
  stale: boolean;
}

export interface StorySnapshot {
  draft: ArticleDraft;
  /** The body as plain blocks, as the editor reads it while someone types. */
  blocks: BodyBlock[];
  /** The story as the composer sets it (what the copyfit and the layout views see). */
  storyText: StoryText;
  counts: CharCounts;
  status: Article['status'];
  statusLog: StatusChange[];
  saveState: SaveState;
  access: ArticleAccess;
  signedRevision: number | null;
  needsReview: boolean;
  /** Where an imported story came from and what of it is in doubt (null: written here). */
  origin: Article['origin'];
  /** The edition date and page it was printed on as typed into the import review: the story's own until changed. */
  dating: { date: string; page: string };
  notice: StoryNotice | null;
  busy: boolean;
  /** Bumped when the body editor must load the draft's body afresh (a restore, a newer version). */
  bodyKey: number;
  /** Bumped when the history should read the revisions again. */
  historyKey: number;
  /** When the newsroom's newer text was last loaded into the editor. */
  reloadedAt: string | null;
  proofreading: Proofreading;
  house: HouseProofreading;
}

function draftOf(article: Article): ArticleDraft {
  const { column, kicker, headline, deck, dateline, bylineForm, byline, bodyJson, photos, photoGroupCredit, jump, source, proofIgnores } =
    article;
  return { column, kicker, headline, deck, dateline, bylineForm, byline, bodyJson, photos, photoGroupCredit, jump, source, proofIgnores };
}

/** An article's origin, and the review's date fields filled in from its edition date and page. */
function editionOf(article: Article): Pick<StorySnapshot, 'origin' | 'dating'> {
  return {
    origin: article.origin,
    dating: { date: article.editionDate ?? '', page: article.page === null ? '' : String(article.page) },
  };
}

/**
 * One story open in the story desk (稿件编辑), outside React: its draft as typed, the autosave,
 * the check-out, the live broadcast to layout views, workflow and history actions, and the
 * proofreading findings. The components are views of its snapshot and call its actions.
 */
export class StoryController {
  readonly articleId: string;
  readonly autosave: Autosave;
  readonly checkout: Checkout;
  /** Whether changes are tracked (修订): the story's, kept in its body (shared/editor/track.ts). */
  readonly tracking = new TrackingSwitch();
  private snapshot: StorySnapshot;
  private readonly listeners = new Set<() => void>();
  private body: BodyHandle | null = null;
  private proofCache = new ProofreadCache();
  private proofTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    initial: Article,
    access: ArticleAccess,
    private readonly deps: StoryDeps,
  ) {
    this.articleId = initial.id;
    const draft = draftOf(initial);
    this.snapshot = {
      draft,
      blocks: initial.body,
      storyText: storyTextOf({ ...draft, body: initial.body }),
      counts: countChars(initial.body.map((b) => b.text)),
      status: initial.status,
      statusLog: [],
      saveState: { kind: 'saved', at: initial.updatedAt },
      access,
      signedRevision: initial.signedRevision,
      needsReview: initial.needsReview,
      ...editionOf(initial),
      notice: null,
      busy: false,
      bodyKey: 0,
      historyKey: 0,
      reloadedAt: null,
      proofreading: { findings: [], ignored: 0, stale: true },
      house: DEFAULT_HOUSE_PROOFREADING,
    };
    this.autosave = new Autosave(initial.id, initial, {
      save: (request) => deps.save({ ...request, draft: storableDraft(request.draft) }),
      onState: (saveState) => {
        this.set({ saveState });
        // Refused for who may edit (signed off meanwhile, say): the desk shows the story as it now stands.
        if (saveState.kind === 'failed' && (saveState.error.code === 'ARTICLE_SIGNED' || saveState.error.code === 'PERMISSION_DENIED')) {
          deps.access({ id: initial.id }).then(
            (next) => this.set({ access: next }),
            () => undefined,
          );
        }
      },
      onSaved: (saved) => {
        this.set({ historyKey: this.snapshot.historyKey + 1 });
        deps.publishLive({ kind: 'saved', articleId: saved.id, version: saved.version });
      },
      ...(deps.saveDelayMs !== undefined ? { delayMs: deps.saveDelayMs } : {}),
    });
    this.checkout = new Checkout(initial.id, {
      lock: (input) => deps.lock(input),
      release: (input) => deps.release(input),
      flush: () => this.autosave.flush(),
      describe: (error) => deps.describe(error),
    });
  }

  // ---- the store React reads ----

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): StorySnapshot => this.snapshot;

  private set(patch: Partial<StorySnapshot>): void {
    if (this.disposed) return;
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }

  /** May the person change the story now: allowed, and not checked out by another desk. */
  get editable(): boolean {
    return this.snapshot.access.edit && this.checkout.getSnapshot().kind !== 'held';
  }

  // ---- life ----

  /** Reads the status log and the house's proofreading rules, and proofreads the story as loaded. */
  async open(): Promise<void> {
    this.scheduleProofreading(0);
    const [log, house] = await Promise.all([
      this.deps.statusLog({ id: this.articleId }).catch(() => this.snapshot.statusLog),
      this.deps.houseProofreading().catch(() => DEFAULT_HOUSE_PROOFREADING),
    ]);
    this.set({ statusLog: log });
    this.useHouse(house);
  }

  /** Saves what waits and stops the timers; the check-out is released by its own close. */
  async close(): Promise<void> {
    clearTimeout(this.proofTimer);
    try {
      await this.autosave.flush();
    } finally {
      this.autosave.dispose();
      this.disposed = true;
      this.listeners.clear();
    }
  }

  attachBody(handle: BodyHandle | null): void {
    this.body = handle;
  }

  // ---- typing ----

  /** A change to the draft as typed (refused silently when the story is read only). */
  update(patch: Partial<ArticleDraft>): void {
    if (!this.editable) return;
    const draft = { ...this.snapshot.draft, ...patch };
    this.changed(draft, this.snapshot.blocks);
  }

  /** The body editor's new state: its JSON to store and the blocks it reads as. */
  bodyChanged(json: string, blocks: BodyBlock[]): void {
    if (!this.editable) {
      // A read-only body reports its first state too: keep the blocks, save nothing.
      this.set({ blocks, counts: countChars(blocks.map((b) => b.text)) });
      return;
    }
    this.changed({ ...this.snapshot.draft, bodyJson: json }, blocks);
  }

  private changed(draft: ArticleDraft, blocks: BodyBlock[]): void {
    const storyText = storyTextOf({ ...draft, body: blocks });
    this.set({
      draft,
      blocks,
      storyText,
      counts: blocks === this.snapshot.blocks ? this.snapshot.counts : countChars(blocks.map((b) => b.text)),
      proofreading: { ...this.snapshot.proofreading, stale: true },
    });
    this.autosave.change(draft);
    this.deps.publishLive({ kind: 'draft', articleId: this.articleId, story: storyText });
    this.scheduleProofreading();
  }

  pasteRefused(chars: number): void {
    this.set({ notice: { kind: 'message', key: 'pasteTooLong', params: { chars } } });
  }

  dismissNotice(): void {
    this.set({ notice: null });
  }

  // ---- proofreading (校对) ----

  /** The house's rules (after the settings change in the desk, too): findings made again under them. */
  useHouse(house: HouseProofreading): void {
    this.proofCache = new ProofreadCache(houseOptions(house));
    this.set({ house });
    this.proofreadNow();
  }

  private scheduleProofreading(delay = this.deps.proofDelayMs ?? 200): void {
    clearTimeout(this.proofTimer);
    // Off the typing path: keystrokes only mark the findings stale; the check runs in a pause.
    this.proofTimer = setTimeout(() => this.proofreadNow(), delay);
  }

  /** Proofreads the story as it stands (only parts whose text changed are checked again). */
  proofreadNow(): void {
    clearTimeout(this.proofTimer);
    const { draft, blocks } = this.snapshot;
    const result = proofreadStory({ ...draft, body: blocks }, this.proofCache);
    this.set({ proofreading: { ...result, stale: false } });
  }

  private finding(id: string): StoryFinding | undefined {
    if (this.snapshot.proofreading.stale) this.proofreadNow();
    return this.snapshot.proofreading.findings.find((f) => f.id === id);
  }

  /** Puts one finding's suggestion in place. False when it has none or its text has moved on. */
  fix(id: string): boolean {
    const found = this.finding(id);
    if (!found || found.finding.suggestion === undefined || !this.editable) return false;
    return this.applyFixes([found]) > 0;
  }

  /** Puts in place every suggestion of one rule (or of all rules): returns how many. */
  fixAll(rule?: ProofreadRule): number {
    if (!this.editable) return 0;
    if (this.snapshot.proofreading.stale) this.proofreadNow();
    const chosen = this.snapshot.proofreading.findings.filter(
      (f) => f.finding.suggestion !== undefined && (rule === undefined || f.finding.rule === rule),
    );
    const count = this.applyFixes(chosen);
    if (count > 1) this.set({ notice: { kind: 'message', key: 'fixedAll', params: { count } } });
    return count;
  }

  private applyFixes(chosen: readonly StoryFinding[]): number {
    const { draft } = this.snapshot;
    const patch: Partial<ArticleDraft> = {};
    let count = 0;
    // Fields and captions: each text with all its chosen fixes, from the text they were found in.
    for (const field of new Set(chosen.flatMap((f) => (f.place.part === 'body' || f.place.part === 'caption' ? [] : [f.place.part])))) {
      const mine = chosen.filter((f) => f.place.part === field);
      if (draft[field] !== mine[0]!.text) continue;
      patch[field] =
        mine.length === 1
          ? applySuggestion(mine[0]!.text, mine[0]!.finding)
          : applySuggestions(
              mine[0]!.text,
              mine.map((f) => f.finding),
            );
      count += mine.length;
    }
    const captions = chosen.filter((f) => f.place.part === 'caption');
    if (captions.length) {
      patch.photos = draft.photos.map((photo) => {
        const mine = captions.filter((f) => f.place.part === 'caption' && f.place.photoId === photo.id && f.text === photo.caption);
        if (!mine.length) return photo;
        count += mine.length;
        return {
          ...photo,
          caption: applySuggestions(
            photo.caption,
            mine.map((f) => f.finding),
          ),
        };
      });
    }
    if (Object.keys(patch).length) this.update(patch);
    // The body through its editor, so the fix is one undoable step there (and tracked when tracking is on).
    const body = chosen.filter((f) => f.place.part === 'body');
    if (body.length && this.body) {
      const edits = nonOverlapping(body).map((f) => ({
        block: (f.place as { block: number }).block,
        offset: f.finding.offset,
        length: f.finding.length,
        expected: f.text.slice(f.finding.offset, f.finding.offset + f.finding.length),
        text: f.finding.suggestion!,
      }));
      if (this.body.replace(edits)) count += edits.length;
    }
    return count;
  }

  /** Keeps the finding for this story: it is no longer listed, here or in the export preflight. */
  ignore(id: string): void {
    const { proofIgnores } = this.snapshot.draft;
    if (proofIgnores.includes(id)) return;
    this.update({ proofIgnores: [...proofIgnores, id] });
    this.proofreadNow();
  }

  /** Lists every kept finding again. */
  unignoreAll(): void {
    if (!this.snapshot.draft.proofIgnores.length) return;
    this.update({ proofIgnores: [] });
    this.proofreadNow();
  }

  /** Shows the finding where it stands: the body's span selected in the editor. */
  reveal(id: string): StoryFinding | undefined {
    const found = this.finding(id);
    if (found?.place.part === 'body') this.body?.reveal(found.place.block, found.finding.offset, found.finding.length);
    return found;
  }

  // ---- loading newer text ----

  /** Replaces everything in the editor with this article (a restore, the newer version of a conflict). */
  load(article: Article): void {
    const draft = draftOf(article);
    this.set({
      draft,
      blocks: article.body,
      storyText: storyTextOf({ ...draft, body: article.body }),
      counts: countChars(article.body.map((b) => b.text)),
      status: article.status,
      signedRevision: article.signedRevision,
      ...editionOf(article),
      bodyKey: this.snapshot.bodyKey + 1,
      historyKey: this.snapshot.historyKey + 1,
    });
    this.autosave.reset(article);
    this.proofreadNow();
  }

  private async readAgain(): Promise<[Article, ArticleAccess, StatusChange[]]> {
    const id = this.articleId;
    return Promise.all([this.deps.get({ id }), this.deps.access({ id }), this.deps.statusLog({ id })]);
  }

  /**
   * Reads status, access and log again (after a status change or a restore); the text too, when
   * the archive holds a newer one and nothing typed here waits to be saved.
   */
  async reload(): Promise<void> {
    const [article, access, statusLog] = await this.readAgain();
    if (article.version !== this.autosave.version && !this.autosave.hasUnsavedChanges) this.load(article);
    this.set({
      status: article.status,
      signedRevision: article.signedRevision,
      access,
      statusLog,
      historyKey: this.snapshot.historyKey + 1,
    });
  }

  /**
   * The newsroom changed this story elsewhere: its newer text is loaded when nothing typed here
   * waits to be saved; otherwise the desk is told (the save's conflict flow decides later).
   */
  async reloadFromNewsroom(): Promise<void> {
    void this.checkout.recheck();
    try {
      const [article, access, statusLog] = await this.readAgain();
      if (article.version !== this.autosave.version) {
        const unsaved = this.autosave.hasUnsavedChanges || this.snapshot.saveState.kind !== 'saved';
        if (unsaved) this.set({ notice: { kind: 'message', key: 'changedRemotely' } });
        else {
          this.load(article);
          this.set({ reloadedAt: (this.deps.now?.() ?? new Date()).toISOString() });
        }
      }
      this.set({ status: article.status, signedRevision: article.signedRevision, access, statusLog });
    } catch (error) {
      this.set({ notice: { kind: 'error', error } });
    }
  }

  // ---- workflow and history ----

  async changeStatus(action: StatusAction, reason?: string): Promise<boolean> {
    this.set({ busy: true });
    try {
      await this.autosave.flush();
      await this.deps.setStatus({ id: this.articleId, action, ...(reason ? { reason } : {}) });
      this.set({ notice: null });
      await this.reload();
      return true;
    } catch (error) {
      this.set({ notice: { kind: 'error', error } });
      return false;
    } finally {
      this.set({ busy: false });
    }
  }

  async restore(revision: RevisionSummary): Promise<void> {
    this.set({ busy: true });
    try {
      await this.autosave.flush();
      const before = this.snapshot.status;
      const restored = await this.deps.restore({ articleId: this.articleId, revisionId: revision.id, baseVersion: this.autosave.version });
      this.load(restored);
      const toDraft = restored.status === 'draft' && before !== 'draft';
      this.set({ notice: { kind: 'message', key: toDraft ? 'restoredToDraft' : 'restored', params: { at: revision.updatedAt } } });
      await this.reload();
    } catch (error) {
      this.set({ notice: { kind: 'error', error } });
    } finally {
      this.set({ busy: false });
    }
  }

  async markReviewed(): Promise<void> {
    try {
      await this.deps.markReviewed({ id: this.articleId });
      this.set({ needsReview: false });
    } catch (error) {
      this.set({ notice: { kind: 'error', error } });
    }
  }

  /**
   * Puts right what the import got wrong, in one step, from the text as saved (what was typed
   * goes first): the editor then shows the story as fixed, reviewed. The other story touched
   * (split off, joined in, its headline taken) comes back; null when the fix was refused.
   */
  async fixImport(fix: ImportFix): Promise<{ other: string | null } | null> {
    this.set({ busy: true });
    try {
      await this.autosave.flush();
      const { article, other } = await this.deps.fixImport({ id: this.articleId, baseVersion: this.autosave.version, fix });
      this.load(article);
      this.set({ needsReview: false, notice: null });
      await this.reload();
      return { other };
    } catch (error) {
      this.set({ notice: { kind: 'error', error } });
      return null;
    } finally {
      this.set({ busy: false });
    }
  }

  /** The edition date or page typed into the import review. */
  changeDating(patch: Partial<StorySnapshot['dating']>): void {
    this.set({ dating: { ...this.snapshot.dating, ...patch } });
  }

  /**
   * Gives the imported story the edition date (and page, when one is typed) as typed, and with
   * it every story of the same page still undated: the archive then files and finds them under
   * that date. What was typed in the text is saved first. False when refused (the notice says why).
   */
  async setImportDate(): Promise<boolean> {
    const { date, page } = this.snapshot.dating;
    this.set({ busy: true });
    try {
      await this.autosave.flush();
      const { article, dated, skipped } = await this.deps.setImportDate({
        id: this.articleId,
        date: date.trim(),
        ...(page.trim() ? { page: Number(page) } : {}),
      });
      this.set({
        ...editionOf(article),
        notice: {
          kind: 'message',
          key: 'dated',
          params: { date: article.editionDate ?? date, others: dated.length, skipped: skipped.length },
        },
      });
      return true;
    } catch (error) {
      this.set({ notice: { kind: 'error', error } });
      return false;
    } finally {
      this.set({ busy: false });
    }
  }

  /** After a conflict: this desk's text over the newer version. */
  keepMine(current: Article): Promise<void> {
    return this.autosave.keepMine(current);
  }
}

/** Findings whose spans do not overlap an earlier one's (the first wins; the rest are checked again after). */
function nonOverlapping(findings: readonly StoryFinding[]): StoryFinding[] {
  const kept: StoryFinding[] = [];
  const end = new Map<number, number>();
  for (const f of [...findings].sort(
    (a, b) => (a.place as { block: number }).block - (b.place as { block: number }).block || a.finding.offset - b.finding.offset,
  )) {
    const block = (f.place as { block: number }).block;
    if ((end.get(block) ?? 0) > f.finding.offset) continue;
    end.set(block, f.finding.offset + f.finding.length);
    kept.push(f);
  }
  return kept;
}
