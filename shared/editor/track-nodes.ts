import {
  $applyNodeReplacement,
  $isTextNode,
  ElementNode,
  type EditorConfig,
  type LexicalNode,
  type LexicalParseJSON,
  type NodeKey,
  type SerializedElementNode,
  type Spread,
} from 'lexical';
import { $createElement } from './dom';

/** Who made a tracked change and when: an account's name and an ISO time. */
export interface ChangeMark {
  /** Groups the pieces of one change (a deletion across a note's edge is two nodes, one change). */
  id: string;
  author: string;
  at: string;
}

/**
 * The stored form of both kinds of change. A storage format: fields may only ever be added,
 * and optional; an incompatible change needs a new node type and a migration.
 */
export type SerializedChangeNode = Spread<ChangeMark, SerializedElementNode>;

/**
 * The colour an author's changes are drawn in: one of eight, picked by the name alone so that
 * every desk shows a person in the same colour without storing it. They all reach 4.5:1 on
 * white, as text must (WCAG AA); CSS holds them as `.track-colour-N`.
 */
export const AUTHOR_COLOURS = ['#0b5cad', '#b42318', '#067647', '#6941c6', '#9a4d00', '#0e6e85', '#a0177f', '#475467'] as const;

export function authorColourIndex(author: string): number {
  // FNV-1a over the UTF-16 units: stable across runs and machines, unlike any built-in hash.
  let hash = 0x811c9dc5;
  for (let i = 0; i < author.length; i++) {
    hash ^= author.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % AUTHOR_COLOURS.length;
}

export function authorColour(author: string): string {
  return AUTHOR_COLOURS[authorColourIndex(author)]!;
}

/**
 * Whether an IME is composing in this element's text. Lexical moves a caret at the inner edge
 * of an inline element that takes no text there out of it, which would tear a composition
 * from the text node the input method writes into: while one runs, the edges stay open.
 */
export function $holdsComposition(element: ElementNode): boolean {
  return element.getChildren().some((child) => $isTextNode(child) && child.isComposing());
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * What insertions and deletions share: an inline element around the text it marks, carrying
 * who and when. Text typed at its edges does not join it (Lexical puts it beside), so another
 * person's typing next to a change is a change of its own.
 */
abstract class ChangeNode extends ElementNode {
  __id: string;
  __author: string;
  __at: string;

  constructor(mark?: ChangeMark, key?: NodeKey) {
    super(key);
    this.__id = mark?.id ?? '';
    this.__author = mark?.author ?? '';
    this.__at = mark?.at ?? '';
  }

  /** For clone, which copies the version it is given, not the latest. */
  markOfThisVersion(): ChangeMark {
    return { id: this.__id, author: this.__author, at: this.__at };
  }

  getMark(): ChangeMark {
    const self = this.getLatest();
    return { id: self.__id, author: self.__author, at: self.__at };
  }

  setMark(mark: ChangeMark): this {
    const self = this.getWritable();
    self.__id = mark.id;
    self.__author = mark.author;
    self.__at = mark.at;
    return self;
  }

  override updateFromJSON(json: LexicalParseJSON<SerializedChangeNode>): this {
    const node = super.updateFromJSON(json);
    return node.setMark({ id: text(json.id), author: text(json.author), at: text(json.at) });
  }

  override exportJSON(): SerializedChangeNode {
    return { ...super.exportJSON(), ...this.getMark() };
  }

  protected drawn(tag: 'ins' | 'del', kind: string): HTMLElement {
    const element = $createElement(tag);
    element.className = `${kind} track-colour-${authorColourIndex(this.__author)}`;
    element.title = `${this.__author} ${this.__at}`;
    element.setAttribute('data-change-id', this.__id);
    return element;
  }

  override updateDOM(prevNode: this): boolean {
    return prevNode.__id !== this.__id || prevNode.__author !== this.__author || prevNode.__at !== this.__at;
  }

  override isInline(): true {
    return true;
  }

  override canBeEmpty(): false {
    return false;
  }

  override canInsertTextBefore(): boolean {
    return false;
  }

  override canInsertTextAfter(): boolean {
    return false;
  }

  /** Copied text is plain text: pasted, it is a new insertion of whoever pastes, not a copy of someone's change. */
  override excludeFromCopy(): boolean {
    return true;
  }
}

/** Text someone added while changes were tracked (修订：插入). Printed once accepted, and until rejected. */
export class InsertionNode extends ChangeNode {
  override canInsertTextBefore(): boolean {
    return $holdsComposition(this);
  }

  override canInsertTextAfter(): boolean {
    return $holdsComposition(this);
  }

  static override getType(): string {
    return 'banmian-insertion';
  }

  static override clone(node: InsertionNode): InsertionNode {
    return new InsertionNode(node.markOfThisVersion(), node.__key);
  }

  static override importJSON(json: LexicalParseJSON<SerializedChangeNode>): InsertionNode {
    return $createInsertionNode({ id: '', author: '', at: '' }).updateFromJSON(json);
  }

  override createDOM(_config: EditorConfig): HTMLElement {
    return this.drawn('ins', 'track-insertion');
  }
}

/** Text someone struck out while changes were tracked (修订：删除). Kept, shown struck through, never printed. */
export class DeletionNode extends ChangeNode {
  static override getType(): string {
    return 'banmian-deletion';
  }

  static override clone(node: DeletionNode): DeletionNode {
    return new DeletionNode(node.markOfThisVersion(), node.__key);
  }

  static override importJSON(json: LexicalParseJSON<SerializedChangeNode>): DeletionNode {
    return $createDeletionNode({ id: '', author: '', at: '' }).updateFromJSON(json);
  }

  override createDOM(_config: EditorConfig): HTMLElement {
    return this.drawn('del', 'track-deletion');
  }
}

export function $createInsertionNode(mark: ChangeMark): InsertionNode {
  return $applyNodeReplacement(new InsertionNode(mark));
}

export function $isInsertionNode(node: LexicalNode | null | undefined): node is InsertionNode {
  return node instanceof InsertionNode;
}

export function $createDeletionNode(mark: ChangeMark): DeletionNode {
  return $applyNodeReplacement(new DeletionNode(mark));
}

export function $isDeletionNode(node: LexicalNode | null | undefined): node is DeletionNode {
  return node instanceof DeletionNode;
}
