import { useSyncExternalStore } from 'react';
import type { LayoutController, LayoutSnapshot } from './layout-controller';

/**
 * The part of the layout desk's snapshot that a view shows: the view is drawn again only when
 * that part changes (compared by identity; the controller keeps unchanged parts the same
 * objects), not on every change of the desk (a change sent, answered, the history moved on).
 * `select` returns a part of the snapshot or a plain value, never a new object.
 */
export function useDesk<T>(desk: Pick<LayoutController, 'subscribe' | 'getSnapshot'>, select: (s: LayoutSnapshot) => T): T {
  return useSyncExternalStore(desk.subscribe, () => select(desk.getSnapshot()));
}
