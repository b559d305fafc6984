import { $getDocument } from 'lexical';

declare global {
  /**
   * shared/ compiles without the DOM's types: the headless editor on the main side reads and
   * writes states and never draws. Our nodes still say how the page draws them, so this names
   * the little of an element they touch. In the page's world it merges with the DOM's own
   * HTMLElement, which declares these members with the same types.
   */
  interface HTMLElement {
    className: string;
    title: string;
    setAttribute(qualifiedName: string, value: string): void;
  }
}

interface ElementMaker {
  createElement(tagName: string): HTMLElement;
}

/** A new element in the editor's document, for a node's createDOM (only ever called in the page). */
export function $createElement(tagName: 'ins' | 'del' | 'mark'): HTMLElement {
  return ($getDocument() as unknown as ElementMaker).createElement(tagName);
}
