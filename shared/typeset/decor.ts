/**
 * How a story is set off on the page (栏线, 边框/花边, 底纹), as shapes in page ems: drawn by the
 * layout desk's page view and by the export from this one function, so the preview shows what
 * prints. The box is drawn in the white around the frame (half a gutter either side, half a
 * line above and below), so it takes nothing from the text: the composer sets a boxed story
 * exactly as a plain one.
 */
import type { BoxKind, Placement } from '../domain/layout';
import type { Box, GridMetrics, SetFrame } from './frame';

/** A rule between two body columns, in the middle of their gutter. */
export interface ColumnRule {
  x: number;
  y: number;
  height: number;
}

export interface FrameDecor {
  /** The box's outline, with its kind; null without one. */
  box: (Box & { kind: Exclude<BoxKind, 'none'> }) | null;
  /** The tint's area (the box's, or the frame's with no box) and its percent of black; null without one. */
  tint: (Box & { percent: number }) | null;
  rules: ColumnRule[];
}

export const NO_DECOR: FrameDecor = { box: null, tint: null, rules: [] };

export function frameDecor(frame: SetFrame, p: Placement, m: GridMetrics): FrameDecor {
  const style = p.style;
  if (!style) return NO_DECOR;
  const { box } = frame;
  const around: Box = { x: box.x - m.gutter / 2, y: box.y - m.lead / 2, width: box.width + m.gutter, height: box.height + m.lead };
  const kind = style.box && style.box !== 'none' ? style.box : null;
  const rules: ColumnRule[] = [];
  if (style.columnRules && p.split > 1) {
    // The body's columns start below the headline block; the rules run from there to the foot.
    const top = box.y + frame.headingDepth * m.lead;
    const bottom = box.y + box.height;
    for (let c = 1; c < p.split; c++) {
      const x = box.x + c * (frame.columnChars + m.gutter) - m.gutter / 2;
      // A photo across the gutter interrupts the rule, with half a line of white either side.
      const across = frame.photos
        .filter((ph) => ph.box.x < x && x < ph.box.x + ph.box.width)
        .map((ph) => ({ from: ph.box.y - m.lead / 2, to: ph.box.y + ph.box.height + m.lead / 2 }))
        .sort((a, b) => a.from - b.from);
      let y = top;
      for (const cut of across) {
        if (cut.from > y) rules.push({ x, y, height: cut.from - y });
        y = Math.max(y, cut.to);
      }
      if (bottom > y) rules.push({ x, y, height: bottom - y });
    }
  }
  const percent = style.tint ?? 0;
  return {
    box: kind ? { ...around, kind } : null,
    tint: percent > 0 ? { ...(kind ? around : box), percent } : null,
    rules,
  };
}

/** Rule weights in ems of the body size (a 9 pt body: 0.5 pt rules, a 2.25 pt double). */
const HAIRLINE = 0.06;
const DOUBLE = 0.25;
const ORNAMENT = 0.3;

/**
 * Each shape's look as CSS properties (camelCase), absolutely placed in the type area in ems:
 * the page view sets them as a React style, the export writes them inline. One look, two renderers.
 */
export function decorStyles(d: FrameDecor): { kind: 'tint' | 'box' | 'rule'; style: Record<string, string> }[] {
  const em = (n: number) => `${Math.round(n * 1000) / 1000}em`;
  const at = (b: Box) => ({
    position: 'absolute',
    boxSizing: 'border-box',
    left: em(b.x),
    top: em(b.y),
    width: em(b.width),
    height: em(b.height),
  });
  const out: { kind: 'tint' | 'box' | 'rule'; style: Record<string, string> }[] = [];
  // An opaque grey, not black at some alpha: PDF/X-1a allows no transparency, and the press
  // export turns a neutral grey into that percent of black ink alone. The tint lies under the text.
  if (d.tint) {
    const level = Math.round(255 * (1 - d.tint.percent / 100));
    out.push({ kind: 'tint', style: { ...at(d.tint), background: `rgb(${level},${level},${level})` } });
  }
  for (const r of d.rules)
    out.push({ kind: 'rule', style: { ...at({ x: r.x - HAIRLINE / 2, y: r.y, width: HAIRLINE, height: r.height }), background: '#000' } });
  if (d.box) {
    const border =
      d.box.kind === 'line'
        ? `${em(HAIRLINE)} solid #000`
        : d.box.kind === 'double'
          ? `${em(DOUBLE)} double #000`
          : // 花边: a chain of dots between two hairlines.
            `${em(ORNAMENT)} dotted #000`;
    const ornament: Record<string, string> =
      d.box.kind === 'ornament' ? { outline: `${em(HAIRLINE)} solid #000`, outlineOffset: em(-ORNAMENT * 1.6) } : {};
    out.push({ kind: 'box', style: { ...at(d.box), border, ...ornament } });
  }
  return out;
}
