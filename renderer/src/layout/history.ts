import type { Placement } from '../../../shared/domain/layout';

/**
 * Undo and redo for the layout desk: each step is a placement before and after (null where it
 * did not exist), so undoing a move moves it back and undoing a placement removes it.
 */
export interface Step {
  before: Placement | null;
  after: Placement | null;
}

export interface History {
  done: Step[];
  undone: Step[];
}

export const emptyHistory = (): History => ({ done: [], undone: [] });

const LIMIT = 200;

export function record(h: History, step: Step): History {
  return { done: [...h.done, step].slice(-LIMIT), undone: [] };
}

/** The step to undo and the history once it is undone; null when there is nothing to undo. */
export function undo(h: History): { step: Step; history: History } | null {
  const step = h.done.at(-1);
  if (!step) return null;
  return { step: { before: step.after, after: step.before }, history: { done: h.done.slice(0, -1), undone: [...h.undone, step] } };
}

export function redo(h: History): { step: Step; history: History } | null {
  const step = h.undone.at(-1);
  if (!step) return null;
  return { step, history: { done: [...h.done, step], undone: h.undone.slice(0, -1) } };
}
