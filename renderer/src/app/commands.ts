import type { AppCommand } from '../../../shared/api/methods';

/**
 * The app's commands on one path, whether they come from the menu or the keyboard: the story
 * editor listens for save, the desk for find.
 */
type Listener = (command: AppCommand) => void;
const listeners = new Set<Listener>();

export function emitCommand(command: AppCommand): void {
  for (const listener of [...listeners]) listener(command);
}

export function onCommand(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Ctrl/Cmd+N, S and F, as the menu shows them; Z and the rest stay with the editor. */
export function commandForKey(event: KeyboardEvent): AppCommand | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return null;
  switch (event.key.toLowerCase()) {
    case 'n':
      return 'new-article';
    case 's':
      return 'save';
    case 'f':
      return 'find';
    default:
      return null;
  }
}

/**
 * Work that must be saved before the page goes (the open article's pending edits): each
 * saves and answers whether nothing is left unsaved.
 */
const flushers = new Set<() => Promise<boolean>>();

export function registerFlush(flush: () => Promise<boolean>): () => void {
  flushers.add(flush);
  return () => flushers.delete(flush);
}

/** Saves all pending work; true when nothing is left unsaved. */
export async function flushAll(): Promise<boolean> {
  return (await Promise.all([...flushers].map((f) => f()))).every(Boolean);
}

/** A command given away from the desk that the desk carries out when it opens (find). */
type DeskCommand = 'find';
const pending = new Set<DeskCommand>();

export function markPending(command: DeskCommand): void {
  pending.add(command);
}

export function takePending(command: DeskCommand): boolean {
  return pending.delete(command);
}
