import {
  $getSelection,
  $isRangeSelection,
  COMMAND_PRIORITY_NORMAL,
  createCommand,
  mergeRegister,
  type LexicalEditor,
  type RangeSelection,
} from 'lexical';
import { $addNote, $deleteNote, $getNotes, $replyToNote, $resolveNote } from '../../../../shared/editor/track';
import { $isNoteNode } from '../../../../shared/editor/note-nodes';
import type { TrackAuthor } from './track-changes';
import { $dfs } from '@lexical/utils';

/** Notes the selection (or the one given: a panel's field has the focus by then). */
export const ADD_NOTE_COMMAND = createCommand<{ text: string; selection?: RangeSelection | null }>('ADD_NOTE_COMMAND');
export const REPLY_NOTE_COMMAND = createCommand<{ id: string; text: string }>('REPLY_NOTE_COMMAND');
export const RESOLVE_NOTE_COMMAND = createCommand<{ id: string; resolved: boolean }>('RESOLVE_NOTE_COMMAND');
export const DELETE_NOTE_COMMAND = createCommand<string>('DELETE_NOTE_COMMAND');

export interface NotesOptions {
  author: () => TrackAuthor | null;
  now?: () => Date;
  newId?: () => string;
}

/**
 * Notes (批注) in a live editor: added to the selected text, answered, resolved or reopened, and
 * deleted, each signed with the current author and time. Returns the cleanup.
 */
/**
 * A resolved note stays in the text (it can be reopened) but no longer asks for attention: its
 * spans are marked track-note-resolved in the editor's page, as the editor opens and after each
 * change. Its thread is on the root, not on the node, so the reconciler does not redraw the span.
 */
export function registerResolvedNotes(editor: LexicalEditor): () => void {
  return mergeRegister(
    editor.registerUpdateListener(() => markResolved(editor)),
    editor.registerRootListener(() => markResolved(editor)),
  );
}

function markResolved(editor: LexicalEditor): void {
  editor.getEditorState().read(() => {
    const resolved = new Set($getNotes().flatMap((n) => (n.resolved ? [n.id] : [])));
    for (const { node } of $dfs()) {
      if ($isNoteNode(node)) editor.getElementByKey(node.getKey())?.classList.toggle('track-note-resolved', resolved.has(node.getNoteId()));
    }
  });
}

export function registerNotes(editor: LexicalEditor, options: NotesOptions): () => void {
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? (() => crypto.randomUUID());
  const signed = () => {
    const author = options.author();
    return author ? { by: author.name, at: now().toISOString() } : null;
  };
  return mergeRegister(
    editor.registerCommand(
      ADD_NOTE_COMMAND,
      ({ text, selection }) => {
        const who = signed();
        const range = selection ?? $getSelection();
        if (who === null || !text.trim() || !$isRangeSelection(range)) return false;
        return $addNote(range, { id: newId(), ...who, text: text.trim() });
      },
      COMMAND_PRIORITY_NORMAL,
    ),
    editor.registerCommand(
      REPLY_NOTE_COMMAND,
      ({ id, text }) => {
        const who = signed();
        if (who === null || !text.trim()) return false;
        $replyToNote(id, { ...who, text: text.trim() });
        return true;
      },
      COMMAND_PRIORITY_NORMAL,
    ),
    editor.registerCommand(RESOLVE_NOTE_COMMAND, ({ id, resolved }) => ($resolveNote(id, resolved), true), COMMAND_PRIORITY_NORMAL),
    editor.registerCommand(DELETE_NOTE_COMMAND, (id) => ($deleteNote(id), true), COMMAND_PRIORITY_NORMAL),
  );
}
