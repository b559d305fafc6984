import { memo } from 'react';
import { Ink } from '../../../shared/typeset/chars';
import type { Glyph } from '../../../shared/typeset/compose';
import type { SetLine } from '../../../shared/typeset/frame';

/**
 * Draws composed lines exactly where the composer put them: each character in its own box, so
 * Chromium's line breaking and justification never get a say. Places are in ems of body type;
 * the container's font size is the zoom.
 */

function glyphBox(g: Glyph): { left: number; width: number; align: 'left' | 'right' | 'center' } {
  // A squeezed mark keeps its ink: a closing mark's ink sits at the left of its em box, an
  // opening mark's at the right, so the box is a full em anchored on the inked side.
  if (g.ink === Ink.Closing) return { left: g.x, width: 1, align: 'left' };
  if (g.ink === Ink.Opening) return { left: g.x + g.advance - 1, width: 1, align: 'right' };
  return { left: g.x, width: g.advance, align: 'center' };
}

function sameLine(a: SetLine, b: SetLine): boolean {
  if (a.x !== b.x || a.y !== b.y || a.size !== b.size || a.bold !== b.bold || a.role !== b.role || a.line.text !== b.line.text) return false;
  const ga = a.line.glyphs;
  const gb = b.line.glyphs;
  for (let i = 0; i < ga.length; i++) if (ga[i]!.x !== gb[i]!.x || ga[i]!.advance !== gb[i]!.advance) return false;
  return true;
}

export const LineView = memo(function LineView({ line, overset }: { line: SetLine; overset?: boolean }) {
  const size = line.size;
  return (
    <div
      className={`set-line role-${line.role}${line.bold ? ' bold' : ''}${overset ? ' overset' : ''}`}
      data-line={line.line.text}
      data-number={line.number}
      style={{ left: `${line.x / size}em`, top: `${line.y / size}em`, fontSize: size === 1 ? undefined : `${size}em` }}
    >
      {line.line.glyphs.map((g, i) => {
        const box = glyphBox(g);
        return (
          <span key={i} style={{ left: `${box.left}em`, width: `${box.width}em`, textAlign: box.align }}>
            {g.ch}
          </span>
        );
      })}
    </div>
  );
}, (a, b) => a.overset === b.overset && sameLine(a.line, b.line));
