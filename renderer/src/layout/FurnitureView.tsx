import { memo, useMemo } from 'react';
import type { EditionHeader } from '../../../shared/api/contract';
import type { Furniture, PageGeometry } from '../../../shared/domain/layout';
import { setFurniture } from '../../../shared/typeset/furniture';
import { LineView } from './SetLines';

/** The page's fixed furniture (报头, rules, standing text), set as the export sets it. */
export const FurnitureView = memo(function FurnitureView(props: {
  geometry: PageGeometry;
  furniture: readonly Furniture[] | undefined;
  edition: EditionHeader;
}) {
  const { geometry, furniture, edition } = props;
  const set = useMemo(() => setFurniture(geometry, furniture ?? [], edition), [geometry, furniture, edition]);
  return (
    <>
      {set.map((f) => (
        <div key={f.index} className={`furniture furniture-${f.kind}`} data-testid={`furniture-${f.kind}`}>
          {f.rules.map((r, k) => (
            <div
              key={k}
              className="furniture-rule"
              aria-hidden="true"
              style={{ left: `${r.x}em`, top: `${r.y}em`, width: `${r.width}em`, height: `${r.height}em` }}
            />
          ))}
          {f.lines.map((line, k) => (
            <LineView key={k} line={line} />
          ))}
        </div>
      ))}
    </>
  );
});
