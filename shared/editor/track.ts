import {
  $createRangeSelection,
  $createTextNode,
  $getRoot,
  $getSelection,
  $getState,
  $isElementNode,
  $isLineBreakNode,
  $isRangeSelection,
  $isTextNode,
  $setState,
  createState,
  type ElementNode,
  type LexicalNode,
  type LineBreakNode,
  type PointType,
  type RangeSelection,
  type TextNode,
} from 'lexical';
import { $createNoteNode, $isNoteNode, NOTES_STATE, type NoteReply, type NoteThread } from './note-nodes';
import {
  $createDeletionNode,
  $createInsertionNode,
  $isDeletionNode,
  $isInsertionNode,
  type ChangeMark,
  type DeletionNode,
  type InsertionNode,
} from './track-nodes';

/*
 * Tracked changes (修订) and notes (批注) as pure Lexical functions: they run in the live editor
 * and in a headless one alike. Changes wrap the text they touch as tightly as they can, each
 * piece of text in its own InsertionNode or DeletionNode, so that changes never need to be cut
 * apart to be accepted: accepting an insertion unwraps it, rejecting it removes it with its
 * text, and the opposite for a deletion. Text someone deleted inside another person's insertion
 * is a DeletionNode inside that InsertionNode.
 */

type ChangeNode = InsertionNode | DeletionNode;
/** What a caret steps over one at a time: characters, and line breaks within a paragraph. */
type Leaf = TextNode | LineBreakNode;

/** Who is changing the text now: an account's name, an ISO time, and a source of new ids. */
export interface TrackContext {
  author: string;
  at: string;
  newId: () => string;
}

const isLeaf = (node: LexicalNode | null | undefined): node is Leaf => $isTextNode(node) || $isLineBreakNode(node);
const isChange = (node: LexicalNode | null | undefined): node is ChangeNode => $isInsertionNode(node) || $isDeletionNode(node);

/** Every node under `node` (itself excluded) in document order. */
function $descendants(node: ElementNode): LexicalNode[] {
  const out: LexicalNode[] = [];
  const walk = (parent: ElementNode) => {
    for (const child of parent.getChildren()) {
      out.push(child);
      if ($isElementNode(child)) walk(child);
    }
  };
  walk(node);
  return out;
}

function $leavesOf(node: ElementNode): Leaf[] {
  return $descendants(node).filter(isLeaf);
}

function $blockOf(node: LexicalNode): ElementNode | null {
  if ($isElementNode(node) && !node.isInline() && node.getParent() !== null) return node;
  const top = node.getTopLevelElement();
  return $isElementNode(top) ? top : null;
}

/** The innermost change around `node`: a deletion anywhere around it wins, as its text is gone. */
function $changeAround(node: LexicalNode): ChangeNode | null {
  let innermost: ChangeNode | null = null;
  for (let parent = node.getParent(); parent !== null && parent.isInline(); parent = parent.getParent()) {
    if ($isDeletionNode(parent)) return parent;
    if ($isInsertionNode(parent) && innermost === null) innermost = parent;
  }
  return innermost;
}

const isDeleted = (node: LexicalNode): boolean => $isDeletionNode($changeAround(node));

function isOwnInsertion(change: ChangeNode | null, author: string): change is InsertionNode {
  return $isInsertionNode(change) && change.getMark().author === author;
}

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * A node's text as it would print with every change accepted: deleted text left out, inserted
 * and noted text kept, the notes themselves nowhere. Follows ElementNode.getTextContent, so a
 * body without changes reads exactly as getTextContent reads it.
 */
export function $acceptedText(node: LexicalNode): string {
  if ($isDeletionNode(node)) return '';
  if (!$isElementNode(node)) return node.getTextContent();
  const children = node.getChildren();
  let text = '';
  children.forEach((child, i) => {
    text += $acceptedText(child);
    if ($isElementNode(child) && !child.isInline() && i !== children.length - 1) text += '\n\n';
  });
  return text;
}

export interface TrackedChange extends ChangeMark {
  kind: 'insertion' | 'deletion';
  /** The text it inserts or deletes, its pieces joined. */
  text: string;
}

/** The pending changes in document order; the pieces of one change are one entry. */
export function $listChanges(): TrackedChange[] {
  const byId = new Map<string, TrackedChange>();
  for (const node of $descendants($getRoot())) {
    if (!isChange(node)) continue;
    const mark = node.getMark();
    const found = byId.get(mark.id);
    if (found) found.text += node.getTextContent();
    else byId.set(mark.id, { ...mark, kind: $isInsertionNode(node) ? 'insertion' : 'deletion', text: node.getTextContent() });
  }
  return [...byId.values()];
}

function $unwrap(node: ElementNode): void {
  for (const child of node.getChildren()) node.insertBefore(child);
  node.remove();
}

function $settle(node: ChangeNode, accept: boolean): void {
  if (!node.isAttached()) return;
  if ($isInsertionNode(node) === accept) $unwrap(node);
  else node.remove();
}

function $changeNodes(id?: string): ChangeNode[] {
  return $descendants($getRoot()).filter((n): n is ChangeNode => isChange(n) && (id === undefined || n.getMark().id === id));
}

/** Accepts one change: its insertion becomes plain text, or its deleted text goes. */
export function $acceptChange(id: string): void {
  for (const node of $changeNodes(id)) $settle(node, true);
}

/** Rejects one change: its inserted text goes, or its deleted text is plain text again. */
export function $rejectChange(id: string): void {
  for (const node of $changeNodes(id)) $settle(node, false);
}

export function $acceptAll(): void {
  for (const node of $changeNodes()) $settle(node, true);
}

export function $rejectAll(): void {
  for (const node of $changeNodes()) $settle(node, false);
}

// ---------------------------------------------------------------------------------------------
// Whether the story's changes are tracked

/**
 * Tracking is the story's, not one desk's (as in InCopy): switched on, every editor's changes to
 * it are tracked until someone switches it off. Kept on the root (`root.$['banmian-tracking']`),
 * stored only while on, so bodies from before read and write as they did.
 */
const TRACKING_STATE = createState('banmian-tracking', { parse: (value: unknown): boolean => value === true });

export function $isTracking(): boolean {
  return $getState($getRoot(), TRACKING_STATE);
}

export function $setTracking(on: boolean): void {
  $setState($getRoot(), TRACKING_STATE, on);
}

// Notes

export interface NoteView extends NoteThread {
  /** The noted text as it stands; empty once all of it has been deleted. */
  span: string;
}

export function $getNotes(): readonly NoteThread[] {
  return $getState($getRoot(), NOTES_STATE);
}

function $setNotes(update: (threads: readonly NoteThread[]) => readonly NoteThread[]): void {
  $setState($getRoot(), NOTES_STATE, update);
}

/** The notes in the order of their text, those whose text is gone last. */
export function $listNotes(): NoteView[] {
  const spans = new Map<string, string>();
  for (const node of $descendants($getRoot())) {
    if ($isNoteNode(node)) spans.set(node.getNoteId(), (spans.get(node.getNoteId()) ?? '') + node.getTextContent());
  }
  const order = [...spans.keys()];
  const position = (id: string) => (spans.has(id) ? order.indexOf(id) : order.length);
  return $getNotes()
    .map((thread) => ({ ...thread, span: spans.get(thread.id) ?? '' }))
    .sort((a, b) => position(a.id) - position(b.id));
}

function $forward(selection: RangeSelection): RangeSelection {
  const [start, end] = selection.isBackward() ? [selection.focus, selection.anchor] : [selection.anchor, selection.focus];
  const forward = $createRangeSelection();
  forward.anchor.set(start.key, start.offset, start.type);
  forward.focus.set(end.key, end.offset, end.type);
  return forward;
}

/** The characters and line breaks a selection covers, text cut at its ends. */
function $selectedLeaves(selection: RangeSelection): Leaf[] {
  if (selection.isCollapsed()) return [];
  return $forward(selection).extract().filter(isLeaf);
}

/** Wraps each run of neighbouring leaves in a node of its own, innermost, so no other node is cut. */
function $wrapLeaves<T extends ElementNode>(leaves: readonly Leaf[], create: () => T): T[] {
  const made: T[] = [];
  let last: T | null = null;
  for (const leaf of leaves) {
    if (last === null || !leaf.getPreviousSibling()?.is(last)) {
      last = create();
      leaf.insertBefore(last);
      made.push(last);
    }
    last.append(leaf);
  }
  return made;
}

/** Notes the selected text; false when nothing is selected. */
export function $addNote(selection: RangeSelection, note: { id: string; by: string; at: string; text: string }): boolean {
  const leaves = $selectedLeaves(selection);
  if (!leaves.some((leaf) => $isTextNode(leaf) && leaf.getTextContentSize() > 0)) return false;
  $wrapLeaves(leaves, () => $createNoteNode(note.id));
  $setNotes((threads) => [...threads, { ...note, replies: [], resolved: false }]);
  return true;
}

function $updateNote(id: string, update: (thread: NoteThread) => NoteThread): void {
  $setNotes((threads) => threads.map((t) => (t.id === id ? update(t) : t)));
}

export function $replyToNote(id: string, reply: NoteReply): void {
  $updateNote(id, (t) => ({ ...t, replies: [...t.replies, reply] }));
}

export function $resolveNote(id: string, resolved: boolean): void {
  $updateNote(id, (t) => ({ ...t, resolved }));
}

/** Removes a note and its thread; its text stays as it is. */
export function $deleteNote(id: string): void {
  for (const node of $descendants($getRoot())) if ($isNoteNode(node) && node.getNoteId() === id) $unwrap(node);
  $setNotes((threads) => threads.filter((t) => t.id !== id));
}

// ---------------------------------------------------------------------------------------------
// Editing with changes tracked

/** Copies an inline element without its children, for cutting it in two. */
function $emptyCopy(node: ElementNode): ElementNode {
  if ($isInsertionNode(node)) return $createInsertionNode(node.getMark());
  if ($isDeletionNode(node)) return $createDeletionNode(node.getMark());
  if ($isNoteNode(node)) return $createNoteNode(node.getNoteId());
  throw new Error(`cannot split a ${node.getType()} node`);
}

/**
 * Puts `inserted` at `point`, cutting the inline elements around the point up to and including
 * `outermost` in two (a deletion, another person's insertion), so that it stands beside them.
 */
function $insertAt(point: PointType, inserted: LexicalNode, outermost: ElementNode | null): void {
  let parent: ElementNode;
  let left: LexicalNode | null;
  let right: LexicalNode | null;
  const node = point.getNode();
  if ($isTextNode(node)) {
    parent = node.getParentOrThrow();
    if (point.offset <= 0) [left, right] = [node.getPreviousSibling(), node];
    else if (point.offset >= node.getTextContentSize()) [left, right] = [node, node.getNextSibling()];
    else [left, right] = node.splitText(point.offset) as [TextNode, TextNode];
  } else {
    parent = node;
    [left, right] = [node.getChildAtIndex(point.offset - 1), node.getChildAtIndex(point.offset)];
  }
  while (outermost !== null && parent.isInline()) {
    const reached = parent.is(outermost);
    if (right === null) [left, right] = [parent, parent.getNextSibling()];
    else if (left === null) [left, right] = [parent.getPreviousSibling(), parent];
    else {
      const copy = $emptyCopy(parent);
      parent.insertAfter(copy);
      for (let moving: LexicalNode | null = right; moving !== null;) {
        const next: LexicalNode | null = moving.getNextSibling();
        copy.append(moving);
        moving = next;
      }
      [left, right] = [parent, copy];
    }
    parent = parent.getParentOrThrow();
    if (reached) break;
  }
  if (left !== null) left.insertAfter(inserted);
  else if (right !== null) right.insertBefore(inserted);
  else parent.append(inserted);
}

/** Joins `node` to a neighbouring change of the same kind and author; returns the one that stays. */
function $joinNeighbours(node: ChangeNode, same: (other: LexicalNode | null) => other is ChangeNode, at: string): ChangeNode {
  let kept: ChangeNode = node;
  const previous = kept.getPreviousSibling();
  if (same(previous)) {
    for (const child of kept.getChildren()) previous.append(child);
    kept.remove();
    kept = previous;
  }
  const next = kept.getNextSibling();
  if (same(next)) {
    for (const child of next.getChildren()) kept.append(child);
    next.remove();
  }
  return kept.setMark({ ...kept.getMark(), at });
}

const sameInsertion =
  (author: string) =>
  (node: LexicalNode | null): node is InsertionNode =>
    $isInsertionNode(node) && node.getMark().author === author;
const sameDeletion =
  (author: string) =>
  (node: LexicalNode | null): node is DeletionNode =>
    $isDeletionNode(node) && node.getMark().author === author;

/**
 * Types `text` at the selection as an insertion by `ctx.author`, first striking out what is
 * selected. With no context (tracking off) it only keeps typed text out of deleted text, which
 * would otherwise vanish from print with it; false when Lexical's own insertion should run.
 */
export function $insertTracked(text: string, ctx: TrackContext | null): boolean {
  let selection = $getSelection();
  if (!$isRangeSelection(selection) || text === '') return false;
  if (ctx === null) {
    if (!selection.isCollapsed()) return false;
    const at = selection.anchor.getNode();
    const innermost = $isDeletionNode(at) ? at : $changeAround(at);
    if (!$isDeletionNode(innermost)) return false;
    let outermost: ElementNode = innermost;
    for (let p = innermost.getParent(); p !== null && p.isInline(); p = p.getParent()) if ($isDeletionNode(p)) outermost = p;
    const plain = $createTextNode(text).setFormat(selection.format).setStyle(selection.style);
    $insertAt(selection.anchor, plain, outermost);
    plain.select(text.length, text.length);
    return true;
  }
  if (!selection.isCollapsed()) {
    $deleteSelectionTracked(ctx);
    selection = $getSelection();
    if (!$isRangeSelection(selection)) return true;
  }
  const anchor = selection.anchor;
  const anchorNode = anchor.getNode();
  const change = $isElementNode(anchorNode) && isChange(anchorNode) ? anchorNode : $changeAround(anchorNode);
  if (isOwnInsertion(change, ctx.author)) {
    if ($isTextNode(anchorNode)) {
      anchorNode.spliceText(anchor.offset, 0, text, true);
    } else {
      const node = $createTextNode(text).setFormat(selection.format).setStyle(selection.style);
      $insertAt(anchor, node, null);
      node.select(text.length, text.length);
    }
    change.setMark({ ...change.getMark(), at: ctx.at });
    return true;
  }
  const node = $createTextNode(text).setFormat(selection.format).setStyle(selection.style);
  const insertion = $createInsertionNode({ id: ctx.newId(), author: ctx.author, at: ctx.at }).append(node);
  $insertAt(anchor, insertion, change);
  $joinNeighbours(insertion, sameInsertion(ctx.author), ctx.at);
  node.select(text.length, text.length);
  return true;
}

/** Where the caret stands among a block's leaves: before the character at `offset` of `leaf`. */
interface LeafPoint {
  leaves: Leaf[];
  index: number;
  offset: number;
}

const leafSize = (leaf: Leaf): number => ($isTextNode(leaf) ? leaf.getTextContentSize() : 1);

function $caretAmongLeaves(point: PointType): LeafPoint | null {
  const node = point.getNode();
  const block = $blockOf(node);
  if (block === null) return null;
  const leaves = $leavesOf(block);
  if (isLeaf(node)) {
    const index = leaves.findIndex((leaf) => leaf.is(node));
    return index < 0 ? null : { leaves, index, offset: $isTextNode(node) ? point.offset : 0 };
  }
  if (!$isElementNode(node)) return null;
  // An element point: before the first leaf of the child at the offset, or after the last leaf before it.
  const after = node.getChildAtIndex(point.offset);
  const firstAfter = after === null ? null : isLeaf(after) ? after : $isElementNode(after) ? ($leavesOf(after)[0] ?? null) : null;
  if (firstAfter !== null) return { leaves, index: leaves.findIndex((l) => l.is(firstAfter)), offset: 0 };
  const before = point.offset > 0 ? node.getChildAtIndex(point.offset - 1) : null;
  const lastBefore = before === null ? null : isLeaf(before) ? before : $isElementNode(before) ? ($leavesOf(before).at(-1) ?? null) : null;
  if (lastBefore !== null) {
    const index = leaves.findIndex((l) => l.is(lastBefore));
    return { leaves, index, offset: leafSize(lastBefore) };
  }
  return null;
}

/** Cuts the characters [from, to) of a text leaf out into a node of their own. */
function $isolate(leaf: Leaf, from: number, to: number): Leaf {
  if (!$isTextNode(leaf)) return leaf;
  let piece = leaf;
  if (from > 0) piece = piece.splitText(from)[1]!;
  if (to - from < piece.getTextContentSize()) piece = piece.splitText(to - from)[0]!;
  return piece;
}

function $selectAfter(leaf: Leaf): void {
  if ($isTextNode(leaf)) leaf.select(leaf.getTextContentSize(), leaf.getTextContentSize());
  else leaf.selectNext(0, 0);
}

function $selectBefore(leaf: Leaf): void {
  if ($isTextNode(leaf)) leaf.select(0, 0);
  else leaf.selectPrevious();
}

/**
 * Backspace (isBackward) or Delete at a caret with changes tracked: steps over text already
 * struck out, removes a character of the author's own insertion, and strikes out any other.
 * False at the edge of a paragraph: joining paragraphs is left to Lexical, untracked.
 */
export function $deleteCharacterTracked(isBackward: boolean, ctx: TrackContext): boolean {
  const selection = $getSelection();
  if (!$isRangeSelection(selection)) return false;
  if (!selection.isCollapsed()) {
    $deleteSelectionTracked(ctx);
    return true;
  }
  const caret = $caretAmongLeaves(selection.anchor);
  if (caret === null) return false;
  let { index, offset } = caret;
  const { leaves } = caret;
  for (;;) {
    const leaf = leaves[index];
    if (leaf === undefined) return false;
    const size = leafSize(leaf);
    if (isBackward ? offset <= 0 : offset >= size) {
      index += isBackward ? -1 : 1;
      const next = leaves[index];
      if (next === undefined) return false;
      offset = isBackward ? leafSize(next) : 0;
      continue;
    }
    if (isDeleted(leaf)) {
      offset = isBackward ? 0 : size;
      continue;
    }
    // One character, a surrogate pair kept whole.
    const content = leaf.getTextContent();
    let [from, to] = isBackward ? [offset - 1, offset] : [offset, offset + 1];
    if (isBackward && from > 0 && isLow(content, from) && isHigh(content, from - 1)) from--;
    if (!isBackward && to < size && isHigh(content, from) && isLow(content, to)) to++;
    const piece = $isolate(leaf, from, to);
    if (isOwnInsertion($changeAround(piece), ctx.author)) {
      $removeOwn(piece, leaves[index - 1], leaves[index + 1]);
      return true;
    }
    for (const deletion of $wrapLeaves([piece], () => $createDeletionNode({ id: ctx.newId(), author: ctx.author, at: ctx.at }))) {
      $joinNeighbours(deletion, sameDeletion(ctx.author), ctx.at);
    }
    if (isBackward) $selectBefore(piece);
    else $selectAfter(piece);
    return true;
  }
}

const isHigh = (text: string, i: number) => text.charCodeAt(i) >= 0xd800 && text.charCodeAt(i) <= 0xdbff;
const isLow = (text: string, i: number) => text.charCodeAt(i) >= 0xdc00 && text.charCodeAt(i) <= 0xdfff;

/** Removes a piece of the author's own insertion, the caret left where the piece was. */
function $removeOwn(piece: Leaf, leafBefore: Leaf | undefined, leafAfter: Leaf | undefined): void {
  const previous = piece.getPreviousSibling();
  const next = piece.getNextSibling();
  if (isLeaf(previous)) $selectAfter(previous);
  else if (isLeaf(next)) $selectBefore(next);
  else if (leafBefore?.isAttached() && !leafBefore.is(piece)) $selectAfter(leafBefore);
  else if (leafAfter?.isAttached() && !leafAfter.is(piece)) $selectBefore(leafAfter);
  else piece.getTopLevelElementOrThrow().selectStart();
  piece.remove();
}

/**
 * A selection deleted with changes tracked: the author's own inserted text goes, other text is
 * struck out (paragraphs are not joined), and the caret is left after it all.
 */
export function $deleteSelectionTracked(ctx: TrackContext): void {
  const selection = $getSelection();
  if (!$isRangeSelection(selection) || selection.isCollapsed()) return;
  const leaves = $selectedLeaves(selection);
  const last = leaves.at(-1);
  if (last === undefined) return;
  // Where the caret goes: before whatever follows the last selected leaf in its paragraph.
  const block = $blockOf(last);
  const blockLeaves = block === null ? [] : $leavesOf(block);
  const following = blockLeaves[blockLeaves.findIndex((l) => l.is(last)) + 1] ?? null;

  const own: Leaf[] = [];
  const strike: Leaf[] = [];
  for (const leaf of leaves) {
    const change = $changeAround(leaf);
    if ($isDeletionNode(change)) continue;
    if (isOwnInsertion(change, ctx.author)) own.push(leaf);
    else strike.push(leaf);
  }
  const id = ctx.newId();
  for (const deletion of $wrapLeaves(strike, () => $createDeletionNode({ id, author: ctx.author, at: ctx.at }))) {
    $joinNeighbours(deletion, sameDeletion(ctx.author), ctx.at);
  }
  for (const leaf of own) leaf.remove();
  if (following !== null && following.isAttached()) $selectBefore(following);
  else if (block !== null) block.selectEnd();
}
