import { memo, type CSSProperties } from 'react';
import type { PageGeometry, Placement } from '../../../shared/domain/layout';
import { decorStyles, frameDecor } from '../../../shared/typeset/decor';
import { gridMetrics, type SetFrame } from '../../../shared/typeset/frame';

/** The page's rules, boxes and tints (栏线, 边框/花边, 底纹), drawn under the stories as the export draws them. */
export const DecorView = memo(function DecorView(props: {
  placements: readonly Placement[];
  geometry: PageGeometry;
  frames: readonly SetFrame[];
}) {
  const m = gridMetrics(props.geometry);
  return (
    <>
      {props.frames.flatMap((frame) => {
        const placement = props.placements.find((p) => p.id === frame.placementId);
        if (!placement?.style) return [];
        return decorStyles(frameDecor(frame, placement, m)).map((shape, i) => (
          <div
            key={`${frame.placementId}-${i}`}
            className={`decor decor-${shape.kind}`}
            data-decor-of={frame.placementId}
            aria-hidden="true"
            style={shape.style as CSSProperties}
          />
        ));
      })}
    </>
  );
});
