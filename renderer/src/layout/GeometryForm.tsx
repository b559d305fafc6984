import { memo, useId, useState } from 'react';
import { columnMeasure, MEASURE_STEP, type PageGeometry } from '../../../shared/domain/layout';
import { pageGeometrySchema } from '../../../shared/domain/layout-schemas';
import { useT } from '../i18n';

const FIELDS = [
  ['columns', 'layout:columns', 1],
  ['columnChars', 'layout:columnChars', MEASURE_STEP],
  ['gutterChars', 'layout:gutterChars', 0.25],
  ['paperWidthMm', 'layout:paperWidth', 1],
  ['paperHeightMm', 'layout:paperHeight', 1],
  ['marginTopMm', 'layout:marginTop', 0.5],
  ['marginBottomMm', 'layout:marginBottom', 0.5],
  ['marginLeftMm', 'layout:marginLeft', 0.5],
  ['marginRightMm', 'layout:marginRight', 0.5],
  ['bodySizePt', 'layout:bodySize', 0.25],
  ['leadingPt', 'layout:leading', 0.25],
] as const satisfies readonly (readonly [keyof PageGeometry, string, number])[];

const textsOf = (geometry: PageGeometry): Record<string, string> =>
  Object.fromEntries(Object.entries(geometry).map(([k, v]) => [k, String(v)]));

/** The page's paper, margins and grid; applied together, and refused if a story would fall off it. */
export const GeometryForm = memo(function GeometryForm(props: { geometry: PageGeometry; onApply(geometry: PageGeometry): void }) {
  const { t } = useT();
  const id = useId();
  const [values, setValues] = useState(() => textsOf(props.geometry));
  // The page's geometry as it now stands (applied, or the page reloaded) replaces what is typed.
  const [shown, setShown] = useState(props.geometry);
  if (shown !== props.geometry) {
    setShown(props.geometry);
    setValues(textsOf(props.geometry));
  }
  const numbers = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Number(v)])) as PageGeometry;
  const parsed = pageGeometrySchema.safeParse(numbers);
  // The measure the paper, margins, columns and gutter leave each column, in quarter ems, once
  // every other field is one the page may have.
  const measure = pageGeometrySchema.safeParse({ ...numbers, columnChars: 4 }).success ? columnMeasure(numbers) : null;
  const measurable = measure !== null && pageGeometrySchema.shape.columnChars.safeParse(measure).success;
  return (
    <details className="geometry">
      <summary>{t('layout:geometry')}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (parsed.success) props.onApply(parsed.data);
        }}
      >
        <div className="field-grid">
          {FIELDS.map(([key, label, step]) => (
            <div className="field" key={key}>
              <label htmlFor={`${id}-${key}`}>{t(label)}</label>
              <input
                id={`${id}-${key}`}
                type="number"
                step={step}
                value={values[key] ?? ''}
                onChange={(e) => setValues((v) => ({ ...v, [key]: e.target.value }))}
              />
            </div>
          ))}
        </div>
        <button type="button" disabled={!measurable} onClick={() => setValues((v) => ({ ...v, columnChars: String(measure) }))}>
          {t('layout:measureFromPaper')}
        </button>
        <button type="submit" disabled={!parsed.success}>
          {t('layout:applyGeometry')}
        </button>
      </form>
    </details>
  );
});
