import { HeadingNode } from '@lexical/rich-text';
import type { Klass, LexicalNode } from 'lexical';
import { NoteNode } from './note-nodes';
import { DeletionNode, InsertionNode } from './track-nodes';

/**
 * The node types an article body may hold. The live editor and the headless editor on the main
 * side use this one list, so a state the editor writes is a state the archive can read.
 * An intertitle (小标题) is a HeadingNode with tag h3; paragraphs and bold text are Lexical's own.
 * Tracked changes (修订) and the spans of notes (批注) are inline nodes of our own around text.
 */
export const BODY_NODES: ReadonlyArray<Klass<LexicalNode>> = [HeadingNode, InsertionNode, DeletionNode, NoteNode];

export const INTERTITLE_TAG = 'h3';
export const EDITOR_NAMESPACE = 'banmian-body';
