import type { LexicalEditor } from 'lexical';
import { LexicalBody } from './find/lexical-body';
import type { BodyEdit, BodyHandle } from './story-controller';

/**
 * The story controller's way into the body editor, over the same reading of the body as find
 * and replace (find/lexical-body.ts). A fix is typed in as the editor types, so all the fixes of
 * one click are one undo step and, while changes are tracked, tracked changes like any other.
 */
export function lexicalBodyHandle(editor: LexicalEditor): BodyHandle {
  const body = new LexicalBody(editor);
  const span = (block: number, offset: number, length: number, text: string) => ({ block, start: offset, end: offset + length, text });
  return {
    replace(edits: readonly BodyEdit[]): boolean {
      if (!editor.isEditable() || !edits.length) return false;
      // Every edit is checked before any is made: a fix for text that moved on makes none.
      const blocks = body.blocks();
      if (edits.some((e) => blocks[e.block]?.slice(e.offset, e.offset + e.length) !== e.expected)) return false;
      const spans = edits.map((e) => ({ ...span(e.block, e.offset, e.length, e.expected), replacement: e.text }));
      return body.replaceEach(spans) === edits.length;
    },
    reveal(block: number, offset: number, length: number): void {
      const text = body.blocks()[block]?.slice(offset, offset + length);
      if (text === undefined) return;
      const where = span(block, offset, length, text);
      if (!body.select(where)) return;
      body.rangeOf(where)?.startContainer.parentElement?.scrollIntoView({ block: 'center' });
      body.focus();
    },
  };
}
