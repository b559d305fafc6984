import type { EditionPlan } from '../../../shared/api/contract';
import { pagePlan, planTotals, type PlanPage, type PlanTotals } from '../../../shared/layout/page-plan';
import type { StoryText } from '../../../shared/typeset/story';

/** What the page plan shows: the edition's pages set from the archive, and text typed elsewhere. */
export interface PagePlanSnapshot {
  date: string;
  /** Null until the first answer, and after a failed one. */
  plan: EditionPlan | null;
  pages: readonly PlanPage[];
  totals: PlanTotals | null;
  loading: boolean;
  /** Why the plan could not be read, in words. */
  error: string | null;
}

export interface PagePlanDeps {
  plan(input: { date: string }): Promise<EditionPlan>;
  /** An error in the desk's words. */
  describe(error: unknown): string;
}

/**
 * The page plan's state outside React: read the edition's plan, set it again as stories are
 * typed in another window (live drafts), read it again when a story is saved or the newsroom
 * changes one of its pages. The view subscribes and draws.
 */
export class PagePlanController {
  private snapshot: PagePlanSnapshot;
  private readonly listeners = new Set<() => void>();
  private live = new Map<string, StoryText>();
  /** Bumped by each read: an answer to an older one is dropped. */
  private reading = 0;

  constructor(
    private readonly deps: PagePlanDeps,
    date: string,
  ) {
    this.snapshot = { date, plan: null, pages: [], totals: null, loading: false, error: null };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): PagePlanSnapshot => this.snapshot;

  private set(patch: Partial<PagePlanSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of [...this.listeners]) listener();
  }

  /** Sets the plan from `plan` with the live drafts in place of the saved text. */
  private setPlan(plan: EditionPlan): void {
    const pages = pagePlan(plan, this.live);
    this.set({ plan, pages, totals: planTotals(pages), loading: false, error: null });
  }

  async load(): Promise<void> {
    const reading = ++this.reading;
    this.set({ loading: true });
    try {
      const plan = await this.deps.plan({ date: this.snapshot.date });
      if (reading !== this.reading) return;
      // Saved text replaces what was typed: a draft announced before the save is stale now.
      this.live = new Map();
      this.setPlan(plan);
    } catch (error) {
      if (reading !== this.reading) return;
      this.set({ loading: false, error: this.deps.describe(error) });
    }
  }

  dismissError = (): void => this.set({ error: null });

  /** Whether the plan shows this story. */
  shows(articleId: string): boolean {
    return this.snapshot.pages.some((p) => p.stories.some((s) => s.articleId === articleId));
  }

  /** Text typed in a story desk, not yet saved: its copyfit follows at once. */
  draft(articleId: string, story: StoryText): void {
    if (!this.shows(articleId) || !this.snapshot.plan) return;
    this.live.set(articleId, story);
    this.setPlan(this.snapshot.plan);
  }

  /**
   * The newsroom changed pages (as `YYYY-MM-DD/n`) or stories: read again when one of them is
   * in this edition (`all`: more changed than was named).
   */
  changed(change: { all: boolean; pages: ReadonlySet<string>; articles: ReadonlySet<string> }): boolean {
    const prefix = `${this.snapshot.date}/`;
    const touches = change.all || [...change.pages].some((p) => p.startsWith(prefix)) || [...change.articles].some((id) => this.shows(id));
    if (touches) void this.load();
    return touches;
  }
}
