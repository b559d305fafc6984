import { createHeadlessEditor } from '@lexical/headless';
import {
  $createParagraphNode,
  $getRoot,
  $getState,
  $isElementNode,
  $parseSerializedNode,
  $setState,
  type LexicalEditor,
  type LexicalNode,
  type SerializedLexicalNode,
} from 'lexical';
import type { BodyBlock } from '../domain/article';
import { bodyJsonFromBlocks } from '../editor/body';
import { $isNoteNode, NOTES_STATE, type NoteThread } from '../editor/note-nodes';
import { BODY_NODES, EDITOR_NAMESPACE } from '../editor/nodes';
import { $acceptedText, $isTracking, $setTracking } from '../editor/track';
import { $isDeletionNode, $isInsertionNode } from '../editor/track-nodes';

/*
 * The review fixes of an import (a paragraph made the 主题, the next piece joined on, a story
 * split in two) cut and join bodies as the editor stores them, node by node, rather than
 * rebuilding them from their plain blocks: a story edited after its import holds tracked
 * changes (修订), notes (批注), bold text and whether its changes are tracked, and a body rebuilt
 * from the text as it would print had silently accepted every change and lost the rest.
 *
 * Paragraphs are counted as the archive's body blocks count them (shared/editor/body.ts): a
 * top-level node whose text, every change accepted, is blank is not a block.
 */

function headless(): LexicalEditor {
  return createHeadlessEditor({
    namespace: EDITOR_NAMESPACE,
    nodes: [...BODY_NODES],
    onError: (error) => {
      throw error;
    },
  });
}

interface Top {
  stored: SerializedLexicalNode;
  /** A body block (its text as printed is not blank). */
  block: boolean;
  /** Holds no text at all, not even struck out: an empty paragraph. */
  empty: boolean;
  /** Holds a tracked change not yet accepted or rejected. */
  changes: boolean;
  /** The notes with text in it. */
  notes: Set<string>;
}

interface StoredBody {
  tops: Top[];
  tracking: boolean;
  notes: readonly NoteThread[];
}

function $inside(node: LexicalNode, visit: (node: LexicalNode) => void): void {
  visit(node);
  if ($isElementNode(node)) for (const child of node.getChildren()) $inside(child, visit);
}

function read(bodyJson: string): StoredBody {
  // A body never opened in the editor (an import stores its text only) has no state yet.
  const state = headless().parseEditorState(bodyJson.trim() ? bodyJson : bodyJsonFromBlocks([]));
  const stored = state.toJSON().root.children;
  return state.read(() => {
    const root = $getRoot();
    const tops = root.getChildren().map((node, i): Top => {
      const notes = new Set<string>();
      let changes = false;
      $inside(node, (n) => {
        if ($isInsertionNode(n) || $isDeletionNode(n)) changes = true;
        if ($isNoteNode(n)) notes.add(n.getNoteId());
      });
      return { stored: stored[i]!, block: $acceptedText(node).trim() !== '', empty: node.getTextContent().trim() === '', changes, notes };
    });
    return { tops, tracking: $isTracking(), notes: $getState(root, NOTES_STATE) };
  });
}

/** The top-level index of each body block. */
const blockIndexes = (body: StoredBody): number[] => body.tops.flatMap((t, i) => (t.block ? [i] : []));

function write(tops: readonly SerializedLexicalNode[], tracking: boolean, notes: readonly NoteThread[]): string {
  const editor = headless();
  editor.update(
    () => {
      const root = $getRoot();
      root.clear();
      for (const node of tops) root.append($parseSerializedNode(node));
      if (root.getChildrenSize() === 0) root.append($createParagraphNode());
      $setTracking(tracking);
      $setState(root, NOTES_STATE, notes);
    },
    { discrete: true },
  );
  return JSON.stringify(editor.getEditorState().toJSON());
}

/** Plain blocks as stored top-level nodes. */
const storedBlocks = (blocks: readonly BodyBlock[]): SerializedLexicalNode[] =>
  blocks.length ? (JSON.parse(bodyJsonFromBlocks(blocks)) as { root: { children: SerializedLexicalNode[] } }).root.children : [];

const notesIn = (tops: readonly Top[]): Set<string> => new Set(tops.flatMap((t) => [...t.notes]));

/** Does this body block hold a tracked change not yet accepted or rejected? */
export function blockHoldsChanges(bodyJson: string, block: number): boolean {
  const body = read(bodyJson);
  const at = blockIndexes(body)[block];
  return at !== undefined && body.tops[at]!.changes;
}

/**
 * The body with one block taken out (it became the headline) and, when given, a plain paragraph
 * in its place (the old headline, text of the page). Everything else stays as it was stored; a
 * note on the block taken keeps its thread, as a note whose text was deleted does.
 */
export function replaceBlock(bodyJson: string, block: number, replacement: BodyBlock | null): string {
  const body = read(bodyJson);
  const at = blockIndexes(body)[block];
  if (at === undefined) throw new RangeError(`no block ${block}`);
  const tops = body.tops.map((t) => t.stored);
  tops.splice(at, 1, ...storedBlocks(replacement ? [replacement] : []));
  return write(tops, body.tracking, body.notes);
}

/**
 * Two bodies as one: the second's nodes after the first's, with the given blocks between (the
 * second piece's headline as an intertitle); empty paragraphs at the seam dropped; the notes of
 * both; tracked when either was.
 */
export function joinBodies(first: string, between: readonly BodyBlock[], second: string): string {
  const a = read(first);
  const b = read(second);
  let end = a.tops.length;
  while (end > 0 && a.tops[end - 1]!.empty) end--;
  let start = 0;
  while (start < b.tops.length && b.tops[start]!.empty) start++;
  const tops = [...a.tops.slice(0, end), ...b.tops.slice(start)].map((t) => t.stored);
  tops.splice(end, 0, ...storedBlocks(between));
  const known = new Set(a.notes.map((n) => n.id));
  return write(tops, a.tracking || b.tracking, [...a.notes, ...b.notes.filter((n) => !known.has(n.id))]);
}

/**
 * A body cut before a block (not the first): both parts keep their nodes as stored and whether
 * changes are tracked; a note goes with the part that holds its text, and one whose text is gone
 * (or lies in both) stays with the first.
 */
export function splitBody(bodyJson: string, block: number): [string, string] {
  const body = read(bodyJson);
  const at = blockIndexes(body)[block];
  if (at === undefined || block === 0) throw new RangeError(`cannot split at block ${block}`);
  const [before, after] = [body.tops.slice(0, at), body.tops.slice(at)];
  const [inBefore, inAfter] = [notesIn(before), notesIn(after)];
  const moves = (n: NoteThread) => inAfter.has(n.id) && !inBefore.has(n.id);
  return [
    write(
      before.map((t) => t.stored),
      body.tracking,
      body.notes.filter((n) => !moves(n)),
    ),
    write(
      after.map((t) => t.stored),
      body.tracking,
      body.notes.filter(moves),
    ),
  ];
}
