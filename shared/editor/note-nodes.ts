import {
  $applyNodeReplacement,
  createState,
  ElementNode,
  type EditorConfig,
  type LexicalNode,
  type LexicalParseJSON,
  type NodeKey,
  type SerializedElementNode,
  type Spread,
} from 'lexical';
import { $createElement } from './dom';
import { $holdsComposition } from './track-nodes';

export interface NoteReply {
  by: string;
  at: string;
  text: string;
}

/** A note (批注) and its answers. Kept in the story, never printed nor exported. */
export interface NoteThread {
  id: string;
  by: string;
  at: string;
  text: string;
  replies: NoteReply[];
  resolved: boolean;
}

/** A storage format, like every node's JSON: fields may only be added, and optional. */
export type SerializedNoteNode = Spread<{ id: string }, SerializedElementNode>;

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function parseReply(value: unknown): NoteReply | null {
  if (!isRecord(value)) return null;
  return { by: str(value.by), at: str(value.at), text: str(value.text) };
}

function parseThread(value: unknown): NoteThread | null {
  if (!isRecord(value) || typeof value.id !== 'string' || !value.id) return null;
  const replies = Array.isArray(value.replies) ? value.replies.map(parseReply).filter((r): r is NoteReply => r !== null) : [];
  return { id: value.id, by: str(value.by), at: str(value.at), text: str(value.text), replies, resolved: value.resolved === true };
}

const NO_THREADS: readonly NoteThread[] = Object.freeze([]);

/**
 * The note threads, kept as state of the root node (`root.$['banmian-notes']` in the stored
 * JSON). Not on the NoteNodes: a note's span is often cut into several nodes (across
 * paragraphs, around tracked changes) and any piece may be deleted, while the thread belongs to
 * the note as a whole. Not a node in the text either: no caret can land in it, selecting all
 * and deleting cannot take it, and undo still covers it as part of the same editor state.
 * A body with no notes stores nothing here, so bodies from before notes read and write as they
 * did. Parsing is lenient: a thread without an id is dropped, a missing field is empty.
 */
export const NOTES_STATE = createState('banmian-notes', {
  parse: (value: unknown): readonly NoteThread[] => {
    if (!Array.isArray(value) || value.length === 0) return NO_THREADS;
    return value.map(parseThread).filter((t): t is NoteThread => t !== null);
  },
  isEqual: (a, b) => a === b || JSON.stringify(a) === JSON.stringify(b),
});

/** The span of text a note is about: an inline element carrying the note's id. */
export class NoteNode extends ElementNode {
  __id: string;

  static override getType(): string {
    return 'banmian-note';
  }

  static override clone(node: NoteNode): NoteNode {
    return new NoteNode(node.__id, node.__key);
  }

  static override importJSON(json: LexicalParseJSON<SerializedNoteNode>): NoteNode {
    return $createNoteNode('').updateFromJSON(json);
  }

  constructor(id = '', key?: NodeKey) {
    super(key);
    this.__id = id;
  }

  getNoteId(): string {
    return this.getLatest().__id;
  }

  setNoteId(id: string): this {
    const self = this.getWritable();
    self.__id = id;
    return self;
  }

  override updateFromJSON(json: LexicalParseJSON<SerializedNoteNode>): this {
    return super.updateFromJSON(json).setNoteId(str(json.id));
  }

  override exportJSON(): SerializedNoteNode {
    return { ...super.exportJSON(), id: this.getNoteId() };
  }

  override createDOM(_config: EditorConfig): HTMLElement {
    const element = $createElement('mark');
    element.className = 'track-note';
    element.setAttribute('data-note-id', this.__id);
    return element;
  }

  override updateDOM(prevNode: this): boolean {
    return prevNode.__id !== this.__id;
  }

  override isInline(): true {
    return true;
  }

  override canBeEmpty(): false {
    return false;
  }

  override canInsertTextBefore(): boolean {
    return $holdsComposition(this);
  }

  override canInsertTextAfter(): boolean {
    return $holdsComposition(this);
  }

  /** Copied text leaves the note behind: pasted elsewhere it would claim a second span for one thread. */
  override excludeFromCopy(): boolean {
    return true;
  }
}

export function $createNoteNode(id: string): NoteNode {
  return $applyNodeReplacement(new NoteNode(id));
}

export function $isNoteNode(node: LexicalNode | null | undefined): node is NoteNode {
  return node instanceof NoteNode;
}
