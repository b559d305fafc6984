import type { ApiOutput, ArticleSummary } from '../../../shared/api/contract';
import { api } from '../api/client';
import { FIRST_PAGE } from '../desk/list-page';
import { parseRoute } from './route';
import { session } from './session';
import { preloadRouteView } from './views';

/**
 * The calls the first screen waits for, sent the moment the page's first chunk starts running
 * (main.tsx imports this module first), before React is set up: the archive answers while the
 * page is still reading its code. The archive's language and who is signed in decide what
 * shows; on the desk, the start of the list is asked for at once too (FIRST_PAGE rows), and a
 * page opened on another view starts reading that view's code.
 */
const route = parseRoute(window.location.hash);

export const firstSettings: Promise<ApiOutput<'settings.get'>> = api.settings.get({});
// The boot waits for the language; a failure leaves the page in zh-CN.
firstSettings.catch(() => undefined);

/** Who is signed in (never refused: a failure is the session's `unavailable` state). */
export const firstSession: Promise<void> = session.start();

interface FirstList {
  sentAt: number;
  answer: Promise<ArticleSummary[]>;
  /** The answer once it is in, for the desk's first frame. */
  rows: ArticleSummary[] | null;
}
let firstList: FirstList | null = null;
if (route.view === 'desk') {
  const answer = api.articles.list({ limit: FIRST_PAGE, offset: 0 });
  const first: FirstList = { sentAt: performance.now(), answer, rows: null };
  // Refused (no one signed in yet): the desk asks again once it opens.
  answer.then((rows) => (first.rows = rows)).catch(() => undefined);
  firstList = first;
} else {
  preloadRouteView(route);
}

/** An answer older than this is the list as it stood before a sign-in or a wait: asked again. */
const FIRST_LIST_FRESH_MS = 5000;

const fresh = (first: FirstList | null): first is FirstList => first !== null && performance.now() - first.sentAt < FIRST_LIST_FRESH_MS;

/** The start of the desk's list if it is in already and not taken yet: the desk draws its rows in its first frame. */
export function firstListRows(): ArticleSummary[] | null {
  return fresh(firstList) ? firstList.rows : null;
}

/**
 * The start of the desk's unfiltered list (FIRST_PAGE rows) as asked for at boot, once (null
 * after that, or when it is too old); the desk asks again itself when it was refused.
 */
export function takeFirstList(): Promise<ArticleSummary[]> | null {
  const first = firstList;
  firstList = null;
  return fresh(first) ? first.answer : null;
}
