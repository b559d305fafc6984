import type { Article, ArticleDraft } from '../../../shared/domain/article';
import { ClientError } from '../api/client';

export type SaveState =
  | { kind: 'saved'; at: string }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'failed'; error: ClientError }
  | { kind: 'conflict'; current: Article };

export interface SaveRequest {
  id: string;
  baseVersion: number;
  draft: ArticleDraft;
  checkpoint: boolean;
}

export interface AutosaveOptions {
  save(request: SaveRequest): Promise<Article>;
  onState(state: SaveState): void;
  onSaved(article: Article): void;
  /** Quiet time after the last change before saving; well inside the 1 s the desk expects. */
  delayMs?: number;
  /** Pauses before trying a failed save again, growing to the last; the draft is kept meanwhile. */
  retryMs?: readonly number[];
}

/** A failed save is tried again after 1, 2, 5, 10, then every 30 seconds, while the text waits. */
const RETRY_MS = [1000, 2000, 5000, 10_000, 30_000] as const;

/**
 * Saves an article's draft shortly after each burst of changes, one save at a time, always
 * the newest draft over the version it came from. A stale save stops autosaving until the
 * editor chooses between the newer version and their own. A failed save (the archive busy
 * with another program, the host gone for a moment) keeps the draft and is tried again by
 * itself, sooner when the editor types on.
 */
export class Autosave {
  private draft: ArticleDraft;
  private baseVersion: number;
  private dirty = false;
  private checkpointWanted = false;
  private blocked = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private readonly delayMs: number;
  private readonly retryMs: readonly number[];
  private failures = 0;

  constructor(
    private readonly articleId: string,
    article: Article,
    private readonly options: AutosaveOptions,
  ) {
    this.draft = article;
    this.baseVersion = article.version;
    this.delayMs = options.delayMs ?? 400;
    this.retryMs = options.retryMs ?? RETRY_MS;
  }

  get hasUnsavedChanges(): boolean {
    return this.dirty;
  }

  change(draft: ArticleDraft): void {
    this.draft = draft;
    this.dirty = true;
    if (this.blocked) return;
    this.options.onState({ kind: 'pending' });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Saves now; with `checkpoint` (Ctrl+S) the save also closes the current editing burst. */
  async flush(checkpoint = false): Promise<void> {
    clearTimeout(this.timer);
    if (checkpoint) this.checkpointWanted = true;
    while (this.running) await this.running;
    if (this.blocked || (!this.dirty && !this.checkpointWanted)) return;
    this.running = this.run().finally(() => {
      this.running = undefined;
    });
    await this.running;
  }

  private async run(): Promise<void> {
    const draft = this.draft;
    const checkpoint = this.checkpointWanted;
    this.dirty = false;
    this.checkpointWanted = false;
    this.options.onState({ kind: 'saving' });
    try {
      const saved = await this.options.save({ id: this.articleId, baseVersion: this.baseVersion, draft, checkpoint });
      this.failures = 0;
      this.baseVersion = saved.version;
      this.options.onSaved(saved);
      if (this.dirty) {
        this.options.onState({ kind: 'pending' });
        this.timer = setTimeout(() => void this.flush(), this.delayMs);
      } else {
        this.options.onState({ kind: 'saved', at: saved.updatedAt });
      }
    } catch (error) {
      this.dirty = true;
      if (error instanceof ClientError && error.code === 'ARTICLE_STALE') {
        this.blocked = true;
        this.options.onState({ kind: 'conflict', current: (error.details as { current: Article }).current });
        return;
      }
      const failure =
        error instanceof ClientError
          ? error
          : new ClientError({ code: 'INTERNAL', message: String(error), params: { reason: String(error) } });
      // An explicit save (Ctrl+S) that failed is still wanted when it is tried again.
      if (checkpoint) this.checkpointWanted = true;
      this.options.onState({ kind: 'failed', error: failure });
      const pause = this.retryMs[Math.min(this.failures, this.retryMs.length - 1)] ?? 1000;
      this.failures++;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.flush(), pause);
    }
  }

  /** After a conflict: write this draft over the newer version. */
  async keepMine(current: Article): Promise<void> {
    this.baseVersion = current.version;
    this.blocked = false;
    this.dirty = true;
    await this.flush(true);
  }

  /** After a conflict or a restore: start again from this article, dropping the local draft. */
  reset(article: Article): void {
    clearTimeout(this.timer);
    this.draft = article;
    this.baseVersion = article.version;
    this.blocked = false;
    this.dirty = false;
    this.options.onState({ kind: 'saved', at: article.updatedAt });
  }

  get version(): number {
    return this.baseVersion;
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
