import { Ink } from './chars';
import type { Glyph } from './compose';
import type { LineRole } from './frame';

/**
 * How a set line is drawn, for the preview and the export alike: each character in its own
 * box at the composer's place, so no browser's line breaking or justification gets a say.
 */

export interface GlyphBox {
  /** Left edge and width of the character's box, in ems of its line's type size. */
  left: number;
  width: number;
  align: 'left' | 'right' | 'center';
}

export function glyphBox(g: Glyph): GlyphBox {
  // A squeezed mark keeps its ink: a closing mark's ink sits at the left of its em box, an
  // opening mark's at the right, so the box is a full em anchored on the inked side.
  if (g.ink === Ink.Closing) return { left: g.x, width: 1, align: 'left' };
  if (g.ink === Ink.Opening) return { left: g.x + g.advance - 1, width: 1, align: 'right' };
  return { left: g.x, width: g.advance, align: 'center' };
}

/** The typeface each part of a story is set in: 宋 (serif) for text, 黑 (sans) for display. */
export const ROLE_FACE: Record<LineRole, 'serif' | 'sans'> = {
  column: 'sans',
  kicker: 'sans',
  headline: 'sans',
  deck: 'sans',
  byline: 'serif',
  body: 'serif',
  intertitle: 'sans',
  caption: 'serif',
  jump: 'serif',
  source: 'serif',
};

export function roleWeight(role: LineRole, bold: boolean): 400 | 700 {
  return role === 'headline' || role === 'column' || role === 'intertitle' || bold ? 700 : 400;
}
