import {
  $addUpdateTag,
  $getSelection,
  $isRangeSelection,
  $isTextNode,
  BEFORE_INPUT_COMMAND,
  COMMAND_PRIORITY_HIGH,
  COMMAND_PRIORITY_NORMAL,
  COMPOSITION_START_COMMAND,
  CONTROLLED_TEXT_INSERTION_COMMAND,
  COPY_COMMAND,
  createCommand,
  CUT_COMMAND,
  DELETE_CHARACTER_COMMAND,
  DELETE_LINE_COMMAND,
  DELETE_WORD_COMMAND,
  mergeRegister,
  PASTE_COMMAND,
  PASTE_TAG,
  REMOVE_TEXT_COMMAND,
  type LexicalEditor,
} from 'lexical';
import {
  $acceptAll,
  $acceptChange,
  $deleteCharacterTracked,
  $deleteSelectionTracked,
  $insertTracked,
  $rejectAll,
  $rejectChange,
  type TrackContext,
} from '../../../../shared/editor/track';

/** Who is editing, as the tracked changes show them. */
export interface TrackAuthor {
  name: string;
  color: string;
}

export interface TrackChangesOptions {
  /** The signed-in person; null tracks nothing (no one to name). */
  author: () => TrackAuthor | null;
  /** Whether changes are tracked now; asked at every edit, so it may change at any time. */
  enabled: () => boolean;
  now?: () => Date;
  newId?: () => string;
}

export const ACCEPT_CHANGE_COMMAND = createCommand<string>('ACCEPT_CHANGE_COMMAND');
export const REJECT_CHANGE_COMMAND = createCommand<string>('REJECT_CHANGE_COMMAND');
export const ACCEPT_ALL_CHANGES_COMMAND = createCommand<void>('ACCEPT_ALL_CHANGES_COMMAND');
export const REJECT_ALL_CHANGES_COMMAND = createCommand<void>('REJECT_ALL_CHANGES_COMMAND');

/**
 * Lexical's COMPOSITION_START_CHAR in Chromium (not exported): a caret-holding character that
 * Lexical strips from the composed text node when the composition ends.
 */
const COMPOSITION_START_CHAR = '\u200b';

function $spliceAtCaret(text: string): boolean {
  const selection = $getSelection();
  if (!$isRangeSelection(selection) || !selection.isCollapsed()) return false;
  const node = selection.anchor.getNode();
  if (!$isTextNode(node)) return false;
  node.spliceText(selection.anchor.offset, 0, text, true);
  return true;
}

function $insertLines(text: string, ctx: TrackContext): void {
  // Paragraph breaks are structure, not text: they are made, not tracked.
  text.split(/\r?\n/u).forEach((line, i) => {
    const selection = $getSelection();
    if (i > 0 && $isRangeSelection(selection)) selection.insertParagraph();
    if (line) $insertTracked(line, ctx);
  });
}

/**
 * Tracked changes (修订) in a live editor. While `enabled()` says so, typed, pasted, dropped and
 * composed (IME) text becomes an insertion of the current author, and Backspace, Delete, cut and
 * typing over a selection strike text out instead of removing it; the author's own insertions
 * are really removed. Commands are taken before Lexical's rich-text handlers, which run as
 * usual when tracking is off. Returns the cleanup.
 *
 * Not tracked: paragraph breaks made or joined, and formatting (bold, intertitle).
 */
export function registerTrackChanges(editor: LexicalEditor, options: TrackChangesOptions): () => void {
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? (() => crypto.randomUUID());
  const context = (): TrackContext | null => {
    const author = options.enabled() ? options.author() : null;
    return author ? { author: author.name, at: now().toISOString(), newId } : null;
  };
  const collapsed = () => {
    const selection = $getSelection();
    return $isRangeSelection(selection) && selection.isCollapsed();
  };

  return mergeRegister(
    // Chromium types plain characters straight into the DOM when Lexical lets it, which no
    // command would see: with tracking on (or the caret in deleted text) every typed
    // character goes through the tracked insertion instead.
    editor.registerCommand(
      BEFORE_INPUT_COMMAND,
      (event) => {
        const data = event.data;
        // A composition's text is the input method's to write (and to replace when it commits).
        if (event.inputType !== 'insertText' || !data || data.includes('\n') || editor.isComposing()) return false;
        if (!$insertTracked(data, context())) return false;
        event.preventDefault();
        return true;
      },
      COMMAND_PRIORITY_HIGH,
    ),
    editor.registerCommand(
      CONTROLLED_TEXT_INSERTION_COMMAND,
      (payload) => {
        const text = typeof payload === 'string' ? payload : (payload.dataTransfer?.getData('text/plain') ?? payload.data ?? '');
        const ctx = context();
        if (!text) return false;
        if (editor.isComposing()) {
          // The composition's own text is the input method's to write. Lexical's placeholder for
          // it must go where the caret is, in the author's insertion: Lexical's insertion would
          // move it out of an inline element's end, and the composition with it.
          return ctx !== null && text === COMPOSITION_START_CHAR && $spliceAtCaret(text);
        }
        if (ctx === null || !text.includes('\n')) return $insertTracked(text, ctx);
        $insertLines(text, ctx);
        return true;
      },
      COMMAND_PRIORITY_HIGH,
    ),
    // An IME writes into the text node the caret is in: put the caret in an insertion of the
    // author's first (or, tracking off, out of deleted text), as Lexical itself does when a
    // composition needs a node of its own.
    editor.registerCommand(
      COMPOSITION_START_COMMAND,
      () => {
        $insertTracked(COMPOSITION_START_CHAR, context());
        return false;
      },
      COMMAND_PRIORITY_HIGH,
    ),
    editor.registerCommand(
      DELETE_CHARACTER_COMMAND,
      (isBackward) => {
        const ctx = context();
        return ctx !== null && $deleteCharacterTracked(isBackward, ctx);
      },
      COMMAND_PRIORITY_HIGH,
    ),
    ...[DELETE_WORD_COMMAND, DELETE_LINE_COMMAND].map((command) =>
      editor.registerCommand(
        command,
        (isBackward) => {
          const ctx = context();
          const selection = $getSelection();
          if (ctx === null || !$isRangeSelection(selection)) return false;
          if (selection.isCollapsed()) selection.modify('extend', isBackward, command === DELETE_WORD_COMMAND ? 'word' : 'lineboundary');
          if (selection.isCollapsed()) return $deleteCharacterTracked(isBackward, ctx);
          $deleteSelectionTracked(ctx);
          return true;
        },
        COMMAND_PRIORITY_HIGH,
      ),
    ),
    editor.registerCommand(
      REMOVE_TEXT_COMMAND,
      () => {
        const ctx = context();
        if (ctx === null) return false;
        $deleteSelectionTracked(ctx);
        return true;
      },
      COMMAND_PRIORITY_HIGH,
    ),
    editor.registerCommand(
      CUT_COMMAND,
      (event) => {
        if (context() === null || collapsed()) return false;
        // Lexical's copy writes the clipboard in an update of its own, queued behind this one;
        // the strike-out is queued behind the copy, so the copy still sees the selection.
        editor.dispatchCommand(COPY_COMMAND, event);
        editor.update(() => {
          const ctx = context();
          if (ctx !== null) $deleteSelectionTracked(ctx);
        });
        return true;
      },
      COMMAND_PRIORITY_HIGH,
    ),
    // Below the paste limit (HIGH), so that a paste too long for the body is refused first.
    editor.registerCommand(
      PASTE_COMMAND,
      (event) => {
        const ctx = context();
        const text = 'clipboardData' in event ? (event.clipboardData?.getData('text/plain') ?? '') : '';
        if (ctx === null || !text) return false;
        event.preventDefault();
        $addUpdateTag(PASTE_TAG);
        $insertLines(text, ctx);
        return true;
      },
      COMMAND_PRIORITY_NORMAL,
    ),
    editor.registerCommand(ACCEPT_CHANGE_COMMAND, (id) => ($acceptChange(id), true), COMMAND_PRIORITY_NORMAL),
    editor.registerCommand(REJECT_CHANGE_COMMAND, (id) => ($rejectChange(id), true), COMMAND_PRIORITY_NORMAL),
    editor.registerCommand(ACCEPT_ALL_CHANGES_COMMAND, () => ($acceptAll(), true), COMMAND_PRIORITY_NORMAL),
    editor.registerCommand(REJECT_ALL_CHANGES_COMMAND, () => ($rejectAll(), true), COMMAND_PRIORITY_NORMAL),
  );
}

/**
 * Whether changes are being tracked, outside React so that it can move into the story's
 * controller: views read it with useSyncExternalStore, the editor asks it at every edit.
 */
export class TrackingSwitch {
  private on = false;
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): boolean => this.on;

  set(on: boolean): void {
    if (on === this.on) return;
    this.on = on;
    for (const listener of [...this.listeners]) listener();
  }
}
