import { createHeadlessEditor } from '@lexical/headless';
import { $createHeadingNode, $isHeadingNode } from '@lexical/rich-text';
import { $createParagraphNode, $createTextNode, $getRoot, type LexicalEditor } from 'lexical';
import type { BodyBlock } from '../domain/article';
import { BODY_NODES, EDITOR_NAMESPACE, INTERTITLE_TAG } from './nodes';
import { $acceptedText } from './track';

function headless(): LexicalEditor {
  return createHeadlessEditor({
    namespace: EDITOR_NAMESPACE,
    nodes: [...BODY_NODES],
    onError: (error) => {
      throw error;
    },
  });
}

/**
 * Reads body blocks out of the editor's root as they would print with every tracked change
 * accepted (deleted text left out, notes only their text); blank paragraphs are not printed, so
 * not kept. Everything downstream (search, the composer and copyfit, export, revisions,
 * proofreading) reads these.
 */
export function $readBodyBlocks(): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  for (const node of $getRoot().getChildren()) {
    const text = $acceptedText(node).trim();
    if (!text) continue;
    const type = $isHeadingNode(node) ? 'intertitle' : 'paragraph';
    blocks.push({ type, text });
  }
  return blocks;
}

/**
 * The plain blocks of a stored Lexical state. Throws when the JSON is not a state the body's
 * node list can hold: callers turn that into BODY_INVALID.
 */
export function bodyBlocksFromJson(json: string): BodyBlock[] {
  if (!json.trim()) return [];
  const editor = headless();
  const state = editor.parseEditorState(json);
  return state.read($readBodyBlocks);
}

/** A Lexical state holding the given blocks: for demo articles and text from outside. */
export function bodyJsonFromBlocks(blocks: readonly BodyBlock[]): string {
  const editor = headless();
  editor.update(
    () => {
      const root = $getRoot();
      root.clear();
      for (const block of blocks) {
        const node = block.type === 'intertitle' ? $createHeadingNode(INTERTITLE_TAG) : $createParagraphNode();
        node.append($createTextNode(block.text));
        root.append(node);
      }
      if (root.getChildrenSize() === 0) root.append($createParagraphNode());
    },
    { discrete: true },
  );
  return JSON.stringify(editor.getEditorState().toJSON());
}
