import { memo } from 'react';
import { glyphBox, stretchTransform } from '../../../shared/typeset/draw';
import type { SetLine } from '../../../shared/typeset/frame';

/**
 * Draws composed lines exactly where the composer put them (see shared/typeset/draw.ts, which
 * the export draws by too). Places are in ems of body type; the container's font size is the zoom.
 */

function sameLine(a: SetLine, b: SetLine): boolean {
  if (a.x !== b.x || a.y !== b.y || a.size !== b.size || a.bold !== b.bold || a.role !== b.role || a.line.text !== b.line.text)
    return false;
  if (a.stretch?.x !== b.stretch?.x || a.stretch?.y !== b.stretch?.y) return false;
  const ga = a.line.glyphs;
  const gb = b.line.glyphs;
  for (let i = 0; i < ga.length; i++) if (ga[i]!.x !== gb[i]!.x || ga[i]!.advance !== gb[i]!.advance) return false;
  return true;
}

export const LineView = memo(
  function LineView({ line, overset }: { line: SetLine; overset?: boolean }) {
    const size = line.size;
    return (
      <div
        className={`set-line role-${line.role}${line.bold ? ' bold' : ''}${overset ? ' overset' : ''}`}
        data-line={line.line.text}
        data-number={line.number}
        style={{
          left: `${line.x / size}em`,
          top: `${line.y / size}em`,
          fontSize: size === 1 ? undefined : `${size}em`,
          ...(line.stretch ? { transform: stretchTransform(line.stretch), transformOrigin: '0 0' } : {}),
        }}
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
  },
  (a, b) => a.overset === b.overset && sameLine(a.line, b.line),
);
