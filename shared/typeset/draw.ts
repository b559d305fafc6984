import { Ink } from './chars';
import type { Glyph } from './compose';

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

/** A stretch of a line drawn as one piece of text: full-width characters evenly spaced. */
export interface GlyphRun {
  text: string;
  /** Left edge of the first character's box, and the space added after each character, in ems. */
  left: number;
  spacing: number;
  /** Boxes for anything else: marks, letters, digits (each drawn alone, as glyphBox says). */
  box: GlyphBox | null;
}

const EPS = 1e-6;

/**
 * A line as few pieces as its composition allows: a run of full-width characters whose places
 * are evenly spaced (a justified line is mostly that) becomes one piece of text with letter
 * spacing, since a Chinese character's advance is exactly one em; every other character keeps
 * its own box. Chromium draws and prints a page of these far faster than one box per character,
 * at the very same places.
 */
export function glyphRuns(glyphs: readonly Glyph[]): GlyphRun[] {
  const runs: GlyphRun[] = [];
  let i = 0;
  while (i < glyphs.length) {
    const g = glyphs[i]!;
    if (/^\s$/u.test(g.ch)) {
      i++;
      continue;
    }
    // eslint-disable-next-line no-control-regex -- the range is all of ASCII, NUL included
    const solidFull = g.ink === Ink.Solid && g.advance === 1 && !/^[\x00-\x7f]$/u.test(g.ch);
    if (!solidFull) {
      runs.push({ text: g.ch, left: g.x, spacing: 0, box: glyphBox(g) });
      i++;
      continue;
    }
    let j = i + 1;
    let spacing = 0;
    while (j < glyphs.length) {
      const h = glyphs[j]!;
      // eslint-disable-next-line no-control-regex -- the range is all of ASCII, NUL included
      if (!(h.ink === Ink.Solid && h.advance === 1 && !/^[\x00-\x7f\s]$/u.test(h.ch))) break;
      const gap = h.x - (glyphs[j - 1]!.x + 1);
      if (j === i + 1) spacing = gap;
      else if (Math.abs(gap - spacing) > EPS) break;
      j++;
    }
    runs.push({
      text: glyphs
        .slice(i, j)
        .map((x) => x.ch)
        .join(''),
      left: g.x,
      spacing: j > i + 1 ? spacing : 0,
      box: null,
    });
    i = j;
  }
  return runs;
}

/** 长体 or 扁体 as CSS: the line scaled across or down from its top left, in the page view and the export alike. */
export function stretchTransform(stretch: { x: number; y: number }): string {
  return `scale(${stretch.x},${stretch.y})`;
}
