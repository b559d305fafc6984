import { HeadingNode } from '@lexical/rich-text';
import type { Klass, LexicalNode } from 'lexical';

/**
 * The node types an article body may hold. The live editor and the headless editor on the main
 * side use this one list, so a state the editor writes is a state the archive can read.
 * An intertitle (小标题) is a HeadingNode with tag h3; paragraphs and bold text are Lexical's own.
 */
export const BODY_NODES: ReadonlyArray<Klass<LexicalNode>> = [HeadingNode];

export const INTERTITLE_TAG = 'h3';
export const EDITOR_NAMESPACE = 'banmian-body';
