import type { AppCommand } from '../../../shared/api/methods';

/**
 * The app's commands on one path, whether they come from the menu or the keyboard: the story
 * editor listens for save and its find bar for find-in-story and replace-in-story, the desk for
 * find (the archive search).
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

const IS_MAC = typeof navigator !== 'undefined' && /^Mac/u.test(navigator.platform);

/**
 * The keys the menu shows: Ctrl/Cmd+N, S, F (find in the story; the shell turns it into the
 * archive search where no story is open), Ctrl+Shift+F (the archive search), Ctrl+H or, on a
 * Mac, Cmd+Option+F (replace in the story). Z and the rest stay with the editor.
 */
export function commandForKey(event: KeyboardEvent): AppCommand | null {
  if (!(event.ctrlKey || event.metaKey)) return null;
  // Option+F types ƒ on a Mac keyboard: the key's place says F.
  if (event.altKey) return event.metaKey && !event.ctrlKey && !event.shiftKey && event.code === 'KeyF' ? 'replace-in-story' : null;
  const key = event.key.toLowerCase();
  if (event.shiftKey) return key === 'f' ? 'find' : null;
  switch (key) {
    case 'n':
      return 'new-article';
    case 's':
      return 'save';
    case 'f':
      return 'find-in-story';
    case 'h':
      // On a Mac, Ctrl+H deletes backwards in every text field (and Cmd+H hides the app).
      return IS_MAC ? null : 'replace-in-story';
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
