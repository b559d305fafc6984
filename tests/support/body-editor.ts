import { createHeadlessEditor } from '@lexical/headless';
import { createEmptyHistoryState, registerHistory } from '@lexical/history';
import { registerRichText } from '@lexical/rich-text';
import type { LexicalEditor } from 'lexical';
import { BODY_NODES, EDITOR_NAMESPACE } from '../../shared/editor/nodes';

/**
 * A body editor as the story desk runs it, without a page: the body's nodes, rich text (so
 * typing, deleting and pasting go through the commands they go through in the app) and, when
 * asked, the undo history.
 */
export function headlessBodyEditor(options: { history?: boolean } = {}): LexicalEditor {
  const editor = createHeadlessEditor({
    namespace: EDITOR_NAMESPACE,
    nodes: [...BODY_NODES],
    onError: (error) => {
      throw error;
    },
  });
  registerRichText(editor);
  if (options.history) registerHistory(editor, createEmptyHistoryState(), 0);
  return editor;
}
