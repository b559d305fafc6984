import { $getRoot, COMMAND_PRIORITY_HIGH, PASTE_COMMAND, type LexicalEditor } from 'lexical';
import { $acceptedText } from '../../../shared/editor/track';

/**
 * Refuses a paste that would take the body past `max` characters, before Lexical inserts any
 * of it: the body stays as it was and `onRefuse` says why. The body is counted as it would
 * print (text struck out by a tracked deletion is on its way out, and not counted).
 */
export function registerPasteLimit(editor: LexicalEditor, max: number, onRefuse: (pastedChars: number) => void): () => void {
  return editor.registerCommand(
    PASTE_COMMAND,
    (event) => {
      const data = 'clipboardData' in event ? event.clipboardData : null;
      const text = data?.getData('text/plain') ?? '';
      const current = editor.getEditorState().read(() => $acceptedText($getRoot()).length);
      if (current + text.length <= max) return false;
      event.preventDefault();
      onRefuse(text.length);
      return true;
    },
    COMMAND_PRIORITY_HIGH,
  );
}
