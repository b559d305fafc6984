import { memo } from 'react';
import { glyphRuns, stretchTransform } from '../../../shared/typeset/draw';
import type { SetLine } from '../../../shared/typeset/frame';
import { familyOf, registerPageFonts } from './page-fonts';

/**
 * Draws composed lines exactly where the composer put them, in the pieces the export draws them
 * in (shared/typeset/draw.ts `glyphRuns`): a run of evenly spaced full-width characters is one
 * piece of text with letter spacing, so a page is a few hundred boxes for Chromium to lay out
 * rather than one for every character. Places are in ems of body type; the container's font
 * size is the zoom.
 */

/** Equal as drawn: places compared to a millionth of an em (a frame moved by whole lines sets its lines at the same places within it, give or take the last bit). */
const near = (a: number, b: number) => Math.abs(a - b) < 1e-6;

/** The same line at the same place in its frame (`ox`, `oy`: the frame's top left, in body ems). */
function sameLine(a: SetLine, ao: Origin, b: SetLine, bo: Origin): boolean {
  if (!near(a.x - ao.ox, b.x - bo.ox) || !near(a.y - ao.oy, b.y - bo.oy)) return false;
  if (a.size !== b.size || a.bold !== b.bold || a.role !== b.role || a.line.text !== b.line.text) return false;
  if (a.face !== b.face || a.weight !== b.weight) return false;
  if (a.stretch?.x !== b.stretch?.x || a.stretch?.y !== b.stretch?.y) return false;
  const ga = a.line.glyphs;
  const gb = b.line.glyphs;
  for (let i = 0; i < ga.length; i++) if (ga[i]!.x !== gb[i]!.x || ga[i]!.advance !== gb[i]!.advance) return false;
  return true;
}

/** Where the lines' container stands on the page, in body ems: lines are drawn from there. */
interface Origin {
  ox: number;
  oy: number;
}

export const LineView = memo(
  function LineView({ line, overset, ox = 0, oy = 0 }: { line: SetLine; overset?: boolean; ox?: number; oy?: number }) {
    const size = line.size;
    registerPageFonts();
    return (
      <div
        className={`set-line role-${line.role}${line.bold ? ' bold' : ''}${overset ? ' overset' : ''}`}
        data-line={line.line.text}
        data-number={line.number}
        style={{
          left: `${(line.x - ox) / size}em`,
          top: `${(line.y - oy) / size}em`,
          fontSize: size === 1 ? undefined : `${size}em`,
          // The house's face for the line's role, decided with the line (shared/typeset/typefaces.ts), as the export prints it.
          fontFamily: familyOf(line.face),
          fontWeight: line.weight,
          ...(line.stretch ? { transform: stretchTransform(line.stretch), transformOrigin: '0 0' } : {}),
        }}
      >
        {glyphRuns(line.line.glyphs).map((run, i) =>
          run.box ? (
            <span key={i} style={{ left: `${run.box.left}em`, width: `${run.box.width}em`, textAlign: run.box.align }}>
              {run.text}
            </span>
          ) : (
            <span key={i} className="run" style={{ left: `${run.left}em`, letterSpacing: run.spacing ? `${run.spacing}em` : undefined }}>
              {run.text}
            </span>
          ),
        )}
      </div>
    );
  },
  (a, b) => a.overset === b.overset && sameLine(a.line, { ox: a.ox ?? 0, oy: a.oy ?? 0 }, b.line, { ox: b.ox ?? 0, oy: b.oy ?? 0 }),
);

/**
 * A frame's lines, drawn from the frame's top left (`ox`, `oy`), so that a story moved on the
 * page leaves its lines where they are within it: only the frame moves. The desk keeps a frame
 * it did not set again (layout-controller.ts), so a move, a resize or a keystroke in one story
 * leaves every other frame's lines alone, unvisited.
 */
export const FrameLines = memo(function FrameLines({ lines, ox, oy }: { lines: readonly SetLine[]; ox: number; oy: number }) {
  return (
    <>
      {lines.map((line, i) => (
        <LineView key={i} line={line} ox={ox} oy={oy} />
      ))}
    </>
  );
});
