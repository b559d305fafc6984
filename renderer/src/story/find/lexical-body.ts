import {
  $createRangeSelection,
  $getRoot,
  $getSelection,
  $isElementNode,
  $isLineBreakNode,
  $isRangeSelection,
  $isTextNode,
  $parseSerializedNode,
  $setSelection,
  CONTROLLED_TEXT_INSERTION_COMMAND,
  HISTORY_PUSH_TAG,
  SKIP_DOM_SELECTION_TAG,
  SKIP_SCROLL_INTO_VIEW_TAG,
  type ElementNode,
  type LexicalEditor,
  type LexicalNode,
  type SerializedEditorState,
  type TextNode,
} from 'lexical';
import { $isDeletionNode } from '../../../../shared/editor/track-nodes';
import type { BodySpan, BodyTarget } from './find-controller';

/** Text a tracked deletion holds is not the story's text any more: not found, not replaced. */
const $isPrinted = (node: LexicalNode): boolean => !$isDeletionNode(node);

/** A piece of a block's text: a text node, or a line break (no match can sit inside one). */
interface Piece {
  node: TextNode | null;
  start: number;
  end: number;
}

interface Block {
  node: ElementNode;
  pieces: Piece[];
  /** Where the trimmed text starts in the block's raw text. */
  lead: number;
  text: string;
}

function $pieces(block: ElementNode): { pieces: Piece[]; raw: string } {
  const pieces: Piece[] = [];
  let raw = '';
  const walk = (node: LexicalNode) => {
    if (!$isPrinted(node)) return;
    if ($isTextNode(node)) {
      const text = node.getTextContent();
      pieces.push({ node, start: raw.length, end: raw.length + text.length });
      raw += text;
    } else if ($isLineBreakNode(node)) {
      pieces.push({ node: null, start: raw.length, end: raw.length + 1 });
      raw += '\n';
    } else if ($isElementNode(node)) node.getChildren().forEach(walk);
  };
  block.getChildren().forEach(walk);
  return { pieces, raw };
}

/**
 * The body's blocks as `$readBodyBlocks` numbers them (blank blocks are none, text trimmed), so a
 * block number and offset here mean the same as in `BodyBlock.text` and the history's 正文第 n 段.
 */
function $blocks(): Block[] {
  const blocks: Block[] = [];
  for (const node of $getRoot().getChildren()) {
    if (!$isElementNode(node)) continue;
    const { pieces, raw } = $pieces(node);
    const text = raw.trim();
    if (text) blocks.push({ node, pieces, lead: raw.length - raw.trimStart().length, text });
  }
  return blocks;
}

/**
 * The text node and offset of a point in the block. A point between two nodes belongs to the
 * one the span lies in (the start to the node after, the end to the node before), so a
 * replacement takes the formatting of the text it replaces, not of its neighbour's.
 */
function pointAt(pieces: readonly Piece[], offset: number, side: 'start' | 'end'): { node: TextNode; offset: number } | null {
  for (const piece of pieces) {
    if (!piece.node) continue;
    const inside = side === 'start' ? offset >= piece.start && offset < piece.end : offset > piece.start && offset <= piece.end;
    if (inside) return { node: piece.node, offset: offset - piece.start };
  }
  return null;
}

function $selectSpan(block: Block, span: BodySpan): boolean {
  const from = pointAt(block.pieces, block.lead + span.start, 'start');
  const to = pointAt(block.pieces, block.lead + span.end, 'end');
  if (!from || !to) return false;
  $selectPoints(from, to);
  return true;
}

function $selectPoints(from: { node: TextNode; offset: number }, to: { node: TextNode; offset: number }): void {
  const range = $createRangeSelection();
  range.anchor.set(from.node.getKey(), from.offset, 'text');
  range.focus.set(to.node.getKey(), to.offset, 'text');
  $setSelection(range);
}

/**
 * The span's part of each text node it covers, first to last. A span across a tracked deletion
 * is edited node by node, so that the deletion between (text no longer printed) stays as it is.
 */
function coveredParts(block: Block, span: BodySpan): { node: TextNode; start: number; end: number }[] {
  const start = block.lead + span.start;
  const end = block.lead + span.end;
  return block.pieces.flatMap((piece) =>
    piece.node && piece.end > start && piece.start < end
      ? [{ node: piece.node, start: Math.max(start, piece.start) - piece.start, end: Math.min(end, piece.end) - piece.start }]
      : [],
  );
}

/** The innermost DOM text of a Lexical text node's element (bold nests it in <strong>). */
function domText(element: HTMLElement | null): Text | null {
  let node: Node | null = element;
  while (node && node.nodeType !== Node.TEXT_NODE) node = node.firstChild;
  return node as Text | null;
}

/**
 * The body editor as find and replace (and the proofreading's fixes, body-handle.ts) use it. Replacing is typed in as the editor types (the
 * text-insertion command over a selection within one text node): one step of the editor's
 * undo, the formatting of the replaced text kept, and a tracked change when changes are tracked.
 */
export class LexicalBody implements BodyTarget {
  constructor(readonly editor: LexicalEditor) {}

  blocks(): string[] {
    return this.editor.getEditorState().read(() => $blocks().map((b) => b.text));
  }

  replace(spans: readonly BodySpan[], replacement: string): number {
    return this.replaceEach(spans.map((span) => ({ ...span, replacement })));
  }

  /**
   * Each span with its own replacement, all in one step of the editor's undo (a proofreading
   * "fix all" puts ，（ and ） in place at once). Answers how many it replaced: a span whose text
   * moved on is left alone.
   */
  replaceEach(spans: readonly (BodySpan & { replacement: string })[]): number {
    if (!spans.length) return 0;
    let replaced = 0;
    this.editor.update(
      () => {
        const blocks = $blocks();
        // From the end back: what is replaced later in a block moves nothing before it.
        const order = [...spans].sort((a, b) => b.block - a.block || b.start - a.start);
        for (const span of order) {
          const block = blocks[span.block];
          if (!block || block.text.slice(span.start, span.end) !== span.text) continue;
          const parts = coveredParts(block, span);
          if (!parts.length) continue;
          // The last part first: the offsets of those before it still hold. The replacement goes
          // into the first, in its formatting.
          parts.reverse().forEach((part, i) => {
            $selectPoints({ node: part.node, offset: part.start }, { node: part.node, offset: part.end });
            this.$type(i === parts.length - 1 ? span.replacement : '');
          });
          replaced++;
        }
        // The reader's place is the find bar's to set; no caret is left in replaced text.
        $setSelection(null);
      },
      { discrete: true, tag: [HISTORY_PUSH_TAG, SKIP_DOM_SELECTION_TAG, SKIP_SCROLL_INTO_VIEW_TAG] },
    );
    return replaced;
  }

  /** Types over the selection as the editor does, so that tracked changes see it as typing. */
  private $type(text: string): void {
    if (this.editor.dispatchCommand(CONTROLLED_TEXT_INSERTION_COMMAND, text)) return;
    // No rich-text plugin (the headless editor): insert as it would.
    const selection = $getSelection();
    if ($isRangeSelection(selection)) selection.insertText(text);
  }

  save(): string {
    return JSON.stringify(this.editor.getEditorState().toJSON());
  }

  /** Puts a saved body back as one step of the editor's undo (so Ctrl+Z in the body can take the restore back too). */
  restore(saved: string): void {
    const state = JSON.parse(saved) as SerializedEditorState;
    this.editor.update(
      () => {
        const root = $getRoot();
        root.clear();
        root.append(...state.root.children.map((child) => $parseSerializedNode(child)));
        $setSelection(null);
      },
      { discrete: true, tag: [HISTORY_PUSH_TAG, SKIP_DOM_SELECTION_TAG, SKIP_SCROLL_INTO_VIEW_TAG] },
    );
  }

  onChange(listener: () => void): () => void {
    return this.editor.registerUpdateListener(({ dirtyElements, dirtyLeaves }) => {
      if (dirtyElements.size || dirtyLeaves.size) listener();
    });
  }

  /**
   * Makes the span the editor's selection without taking the focus from the find bar: the
   * editor shows it when it is focused (`focus`), and the bar highlights it meanwhile.
   */
  select(span: BodySpan): boolean {
    let done = false;
    this.editor.update(
      () => {
        const block = $blocks()[span.block];
        done = !!block && block.text.slice(span.start, span.end) === span.text && $selectSpan(block, span);
      },
      { discrete: true, tag: [SKIP_DOM_SELECTION_TAG, SKIP_SCROLL_INTO_VIEW_TAG] },
    );
    return done;
  }

  /** Focuses the editor on its selection (the match selected last). */
  focus(): void {
    this.editor.focus();
  }

  /** The span as a DOM range (to highlight and scroll to); null when the editor is not on a page. */
  rangeOf(span: BodySpan): Range | null {
    return this.editor.getEditorState().read(() => {
      const block = $blocks()[span.block];
      if (!block) return null;
      const from = pointAt(block.pieces, block.lead + span.start, 'start');
      const to = pointAt(block.pieces, block.lead + span.end, 'end');
      const start = from && domText(this.editor.getElementByKey(from.node.getKey()));
      const end = to && domText(this.editor.getElementByKey(to.node.getKey()));
      if (!from || !to || !start || !end) return null;
      const range = document.createRange();
      range.setStart(start, Math.min(from.offset, start.length));
      range.setEnd(end, Math.min(to.offset, end.length));
      return range;
    });
  }
}
