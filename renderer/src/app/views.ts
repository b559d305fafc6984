import { lazy } from 'react';
import type { Route } from './route';

/**
 * The views beyond the desk's list, each a chunk of its own: the story editor (Lexical), the
 * layout desk and the page plan, people and accounts, the trash and the import review. The
 * desk paints without them; once its first screen is up they are read while the page is idle
 * (`prefetchViews`), so that opening a story does not wait for its code.
 */
const load = {
  story: () => import('../story/StoryEditor'),
  layout: () => import('../layout/LayoutDesk'),
  plan: () => import('../layout/PagePlan'),
  people: () => import('../people/People'),
  accounts: () => import('../people/Accounts'),
  trash: () => import('../desk/TrashPanel'),
  review: () => import('../desk/ReviewPanel'),
};

export const StoryEditor = lazy(() => load.story().then((m) => ({ default: m.StoryEditor })));
export const LayoutDesk = lazy(() => load.layout().then((m) => ({ default: m.LayoutDesk })));
export const PagePlan = lazy(() => load.plan().then((m) => ({ default: m.PagePlan })));
export const People = lazy(() => load.people().then((m) => ({ default: m.People })));
export const Accounts = lazy(() => load.accounts().then((m) => ({ default: m.Accounts })));
export const TrashPanel = lazy(() => load.trash().then((m) => ({ default: m.TrashPanel })));
export const ReviewPanel = lazy(() => load.review().then((m) => ({ default: m.ReviewPanel })));

const ROUTE_VIEWS: Partial<Record<Route['view'], keyof typeof load>> = {
  article: 'story',
  layout: 'layout',
  plan: 'plan',
  people: 'people',
  accounts: 'accounts',
};

/** A page opened on a view other than the desk starts reading that view's code at once, beside its first calls. */
export function preloadRouteView(route: Route): void {
  const view = ROUTE_VIEWS[route.view];
  // A failure shows when the view renders (its error boundary), not here.
  if (view) load[view]().catch(() => undefined);
}

let shown: () => void = () => undefined;
const firstScreen = new Promise<void>((resolve) => (shown = resolve));

/** The first screen is up (the desk's first rows): the other views may be read now. */
export function firstScreenShown(): void {
  shown();
}

/** After this long the other views are read anyway (a page opened on a story has no desk list to wait for). */
const FIRST_SCREEN_WAIT_MS = 1500;
/**
 * A moment after the first screen before reading more: the story editor's chunk is a long task
 * to run (Lexical), which would hold up the rows' first frame and the first keys typed.
 */
const AFTER_FIRST_SCREEN_MS = 500;

/**
 * Reads the other views' code one at a time in the page's idle moments, once the first screen
 * is up: the story editor first (what a desk opens next), accounts only for an administrator.
 * Returns the stop.
 */
export function prefetchViews(admin: boolean): () => void {
  const queue = [load.story, load.layout, load.plan, load.people, load.review, load.trash, ...(admin ? [load.accounts] : [])];
  let stopped = false;
  let idle: number | undefined;
  const next = () => {
    const view = queue.shift();
    if (stopped || !view) return;
    // A chunk that cannot be read is reported where its view is opened, not here.
    void view().then(schedule, schedule);
  };
  const schedule = () => {
    if (!stopped) idle = requestIdleCallback(next, { timeout: 2000 });
  };
  const timer = setTimeout(shown, FIRST_SCREEN_WAIT_MS);
  let pause: ReturnType<typeof setTimeout> | undefined;
  void firstScreen.then(() => {
    if (!stopped) pause = setTimeout(schedule, AFTER_FIRST_SCREEN_MS);
  });
  return () => {
    stopped = true;
    clearTimeout(timer);
    clearTimeout(pause);
    if (idle !== undefined) cancelIdleCallback(idle);
  };
}
