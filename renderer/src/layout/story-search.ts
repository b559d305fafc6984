import type { ApiInput, ArticleSummary, SearchRequest, SearchResponse } from '../../../shared/api/contract';
import type { Status } from '../../../shared/domain/status';

/** A story the picker offers: what the layout editor needs to choose it. */
export interface PickerItem {
  id: string;
  kicker: string;
  headline: string;
  status: Status;
  /** 字数. */
  chars: number;
  byline: string;
}

export interface StorySearchDeps {
  /** The desk's list, newest first (`articles.list`). */
  list(input: ApiInput<'articles.list'>): Promise<ArticleSummary[]>;
  /** The desk's archive search (`search.query`). */
  search(input: SearchRequest): Promise<SearchResponse>;
  /** Runs `fn` after `ms` (setTimeout in the app); returns its cancel. */
  schedule(fn: () => void, ms: number): () => void;
}

export interface StorySearchSnapshot {
  query: string;
  status: Status | '';
  items: readonly PickerItem[];
  /** How many match in all, where the search counted them; null for the plain list. */
  total: number | null;
  /** More to read after these. */
  more: boolean;
  loading: boolean;
  error: unknown;
}

/** Stories read at a time: the list pages on as far as the archive goes, never stopping at 500. */
export const PICKER_PAGE = 100;
const TYPING_PAUSE_MS = 150;

/**
 * The story picker's search, outside React: the newest stories (no empty draft) until words
 * are typed, then the desk's archive search, a page at a time. Spiked stories (撤稿) are not
 * offered: they may not be printed.
 */
export class StorySearch {
  private snapshot: StorySearchSnapshot = { query: '', status: '', items: [], total: null, more: false, loading: false, error: null };
  private readonly listeners = new Set<() => void>();
  /** Read so far, before spiked stories are left out: where the next page starts. */
  private read = 0;
  /** Bumped by every new search: an answer to an older one is dropped. */
  private run = 0;
  private cancelTimer: (() => void) | null = null;

  constructor(private readonly deps: StorySearchDeps) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): StorySearchSnapshot => this.snapshot;

  private set(patch: Partial<StorySearchSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }

  /** Words typed: searched a moment after the last key. */
  setQuery(query: string): void {
    this.set({ query });
    this.cancelTimer?.();
    this.cancelTimer = this.deps.schedule(() => void this.start(), TYPING_PAUSE_MS);
  }

  setStatus(status: Status | ''): Promise<void> {
    this.set({ status });
    return this.start();
  }

  /** The first page for the query and status as they stand (also after a story was placed). */
  start(): Promise<void> {
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.run++;
    this.read = 0;
    this.set({ items: [], total: null, more: false });
    return this.next();
  }

  /** The next page, after what is listed. */
  async loadMore(): Promise<void> {
    if (!this.snapshot.more || this.snapshot.loading) return;
    await this.next();
  }

  private async next(): Promise<void> {
    const run = this.run;
    const { query, status, items } = this.snapshot;
    const q = query.trim();
    this.set({ loading: true });
    try {
      let found: PickerItem[];
      let total: number | null = null;
      let more: boolean;
      if (q) {
        const response = await this.deps.search({
          q,
          order: 'newest',
          limit: PICKER_PAGE,
          offset: this.read,
          ...(status ? { filters: { status } } : {}),
        });
        found = response.results;
        total = response.total;
        more = this.read + found.length < response.total && found.length > 0;
      } else {
        found = await this.deps.list({ ...(status ? { status } : {}), nonEmpty: true, limit: PICKER_PAGE, offset: this.read });
        more = found.length === PICKER_PAGE;
      }
      if (run !== this.run) return;
      this.read += found.length;
      const seen = new Set(items.map((i) => i.id));
      const fresh = found
        .filter((a) => a.status !== 'spiked' && !seen.has(a.id))
        .map(({ id, kicker, headline, status: s, chars, byline }) => ({ id, kicker, headline, status: s, chars, byline }));
      this.set({ items: [...items, ...fresh], total, more, loading: false, error: null });
    } catch (error) {
      if (run === this.run) this.set({ loading: false, error });
    }
  }

  /** Drops the typing timer and any answer still to come. */
  stop(): void {
    this.cancelTimer?.();
    this.run++;
  }
}
