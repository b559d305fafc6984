import { memo, useId, useState } from 'react';
import { pageLines, type Furniture, type PageGeometry } from '../../../shared/domain/layout';
import { useT } from '../i18n';
import type { LayoutController } from './layout-controller';
import { NumberField } from './NumberField';

/** A labelled line of text that commits on Enter or leaving it, as NumberField does. */
function TextField(props: { label: string; value: string; maxLength: number; required?: boolean; onCommit(value: string): void }) {
  const id = useId();
  const [text, setText] = useState(props.value);
  const [shown, setShown] = useState(props.value);
  if (shown !== props.value) {
    setShown(props.value);
    setText(props.value);
  }
  const commit = () => {
    const next = text.trim();
    if (props.required && !next) return setText(props.value);
    if (next !== props.value) props.onCommit(next);
  };
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        value={text}
        maxLength={props.maxLength}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
    </div>
  );
}

/**
 * The page's fixed furniture (版面固定元素): the 报头 of a front page, set from the edition's own
 * data, rules across columns (通栏线) and standing lines of text. Each field is one change,
 * through the layout controller; a template keeps them with the grid.
 */
export const FurniturePanel = memo(function FurniturePanel(props: {
  desk: Pick<LayoutController, 'setFurniture' | 'addFurniture'>;
  geometry: PageGeometry;
  furniture: readonly Furniture[] | undefined;
}) {
  const { t } = useT();
  const id = useId();
  const [standing, setStanding] = useState('');
  const g = props.geometry;
  const list = props.furniture ?? [];
  const lines = pageLines(g);
  const change = (index: number, patch: Partial<Furniture>) =>
    void props.desk.setFurniture(list.map((f, k) => (k === index ? ({ ...f, ...patch } as Furniture) : f)));
  const remove = (index: number) => void props.desk.setFurniture(list.filter((_, k) => k !== index));
  return (
    <section className="furniture-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('layout:furniture.title')}</h2>
      {list.length ? null : <p className="muted">{t('layout:furniture.none')}</p>}
      {list.map((f, k) => {
        const name = t(`layout:furniture.kind.${f.kind}`);
        return (
          <fieldset key={k} className="furniture-piece">
            <legend>{name}</legend>
            <div className="field-grid">
              <NumberField
                label={t('layout:frameColumn')}
                value={f.column + 1}
                min={1}
                max={g.columns}
                onCommit={(v) => change(k, { column: v - 1 })}
              />
              <NumberField label={t('layout:frameSpan')} value={f.span} min={1} max={g.columns} onCommit={(v) => change(k, { span: v })} />
              <NumberField label={t('layout:frameTop')} value={f.top + 1} min={1} max={lines} onCommit={(v) => change(k, { top: v - 1 })} />
              {f.kind !== 'rule' ? (
                <NumberField
                  label={t('layout:frameDepth')}
                  value={f.depth}
                  min={f.kind === 'masthead' ? 4 : 1}
                  max={lines}
                  onCommit={(v) => change(k, { depth: v })}
                />
              ) : null}
            </div>
            {f.kind === 'masthead' ? (
              <>
                <TextField
                  label={t('layout:furniture.registration')}
                  value={f.registration}
                  maxLength={40}
                  onCommit={(v) => change(k, { registration: v })}
                />
                <TextField
                  label={t('layout:furniture.publisher')}
                  value={f.publisher}
                  maxLength={80}
                  onCommit={(v) => change(k, { publisher: v })}
                />
              </>
            ) : f.kind === 'rule' ? (
              <div className="field">
                <label htmlFor={`${id}-weight-${k}`}>{t('layout:furniture.weight')}</label>
                <select
                  id={`${id}-weight-${k}`}
                  value={f.weight}
                  onChange={(e) => change(k, { weight: e.target.value as 'thin' | 'thick' })}
                >
                  <option value="thin">{t('layout:furniture.thin')}</option>
                  <option value="thick">{t('layout:furniture.thick')}</option>
                </select>
              </div>
            ) : (
              <TextField
                label={t('layout:furniture.text')}
                value={f.text}
                maxLength={400}
                required
                onCommit={(v) => change(k, { text: v })}
              />
            )}
            <button type="button" onClick={() => remove(k)}>
              {t('layout:furniture.remove', { name })}
            </button>
          </fieldset>
        );
      })}
      <div className="actions">
        <button type="button" disabled={list.some((f) => f.kind === 'masthead')} onClick={() => void props.desk.addFurniture('masthead')}>
          {t('layout:furniture.addMasthead')}
        </button>
        <button type="button" onClick={() => void props.desk.addFurniture('rule')}>
          {t('layout:furniture.addRule')}
        </button>
      </div>
      <div className="field">
        <label htmlFor={`${id}-standing`}>{t('layout:furniture.standing')}</label>
        <input id={`${id}-standing`} value={standing} maxLength={400} onChange={(e) => setStanding(e.target.value)} />
      </div>
      <button
        type="button"
        disabled={!standing.trim()}
        onClick={() => {
          void props.desk.addFurniture('text', standing);
          setStanding('');
        }}
      >
        {t('layout:furniture.addText')}
      </button>
    </section>
  );
});
