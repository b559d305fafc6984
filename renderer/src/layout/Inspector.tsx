import { useId } from 'react';
import { HEADLINE_SIZES, pageLines, type HeadlineSize, type Page, type Placement } from '../../../shared/domain/layout';
import { copyfitText } from '../../../shared/typeset/copyfit';
import { fitDepth, type SetFrame } from '../../../shared/typeset/frame';
import type { StoryText } from '../../../shared/typeset/story';
import { i18n, useT } from '../i18n';
import { NumberField } from './NumberField';

/**
 * The selected story's placement as fields: columns and lines are counted from 1 here, as the
 * desk says them (第1栏, 第1行); the archive counts from 0.
 */
export function Inspector(props: {
  placement: Placement;
  frame: SetFrame;
  page: Page;
  story: StoryText | null;
  headline: string;
  onCommit: (next: Placement) => void;
  onRemove: () => void;
}) {
  const { t } = useT();
  const id = useId();
  const p = props.placement;
  const g = props.page.geometry;
  const set = (patch: Partial<Placement>) => {
    const next = { ...p, ...patch };
    if (patch.span !== undefined && p.bodySpan === p.span) next.bodySpan = patch.span;
    if (next.bodySpan > next.span) next.bodySpan = next.span;
    if (patch.span !== undefined || patch.bodySpan !== undefined) {
      if (p.split === p.bodySpan) next.split = next.bodySpan;
    }
    props.onCommit(next);
  };
  const lines = pageLines(g);
  return (
    <section className="inspector" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {t('layout:selected')}: {props.headline}
      </h2>
      <p className={`copyfit-state ${props.frame.copyfit.state}`} data-testid="selected-copyfit">
        {copyfitText(i18n, props.frame.copyfit)}
      </p>
      <div className="field-grid">
        <NumberField
          label={t('layout:frameColumn')}
          value={p.column + 1}
          min={1}
          max={g.columns}
          onCommit={(v) => set({ column: v - 1 })}
        />
        <NumberField label={t('layout:frameSpan')} value={p.span} min={1} max={g.columns} onCommit={(v) => set({ span: v })} />
        <NumberField label={t('layout:frameTop')} value={p.top + 1} min={1} max={lines} onCommit={(v) => set({ top: v - 1 })} />
        <NumberField label={t('layout:frameDepth')} value={p.depth} min={1} max={lines} onCommit={(v) => set({ depth: v })} />
        <NumberField label={t('layout:frameBodySpan')} value={p.bodySpan} min={1} max={p.span} onCommit={(v) => set({ bodySpan: v })} />
        <NumberField label={t('layout:frameSplit')} value={p.split} min={1} max={p.bodySpan * 3} onCommit={(v) => set({ split: v })} />
        <div className="field">
          <label htmlFor={`${id}-size`}>{t('layout:headlineSize')}</label>
          <select id={`${id}-size`} value={p.headlineSize} onChange={(e) => set({ headlineSize: e.target.value as HeadlineSize })}>
            {HEADLINE_SIZES.map((s) => (
              <option key={s} value={s}>
                {t(`layout:headlineSizes.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {p.photos.map((f, i) => {
        const setFrameField = (patch: Partial<Placement['photos'][number]>) =>
          set({ photos: p.photos.map((x, k) => (k === i ? { ...x, ...patch } : x)) });
        const label = t('layout:photoFrame', { n: f.photo + 1 });
        return (
          <fieldset key={`${f.photo}-${i}`} className="photo-frame-fields">
            <legend>{label}</legend>
            <div className="field-grid">
              <NumberField
                label={`${label} ${t('layout:frameColumn')}`}
                value={f.column + 1}
                min={1}
                max={p.span}
                onCommit={(v) => setFrameField({ column: v - 1 })}
              />
              <NumberField
                label={`${label} ${t('layout:frameSpan')}`}
                value={f.span}
                min={1}
                max={p.span}
                onCommit={(v) => setFrameField({ span: v })}
              />
              <NumberField
                label={`${label} ${t('layout:frameTop')}`}
                value={f.top + 1}
                min={1}
                max={p.depth}
                onCommit={(v) => setFrameField({ top: v - 1 })}
              />
              <NumberField
                label={`${label} ${t('layout:frameDepth')}`}
                value={f.depth}
                min={2}
                max={p.depth}
                onCommit={(v) => setFrameField({ depth: v })}
              />
            </div>
            <button type="button" onClick={() => set({ photos: p.photos.filter((_, k) => k !== i) })}>
              {t('layout:removePhotoFrame', { n: f.photo + 1 })}
            </button>
          </fieldset>
        );
      })}
      <div className="actions">
        <button
          type="button"
          disabled={!props.story}
          onClick={() => props.story && set({ depth: fitDepth(g, p, props.story, lines - p.top) })}
        >
          {t('layout:fitDepth')}
        </button>
        {props.story && p.photos.length < props.story.photos.length ? (
          <button
            type="button"
            onClick={() => {
              const used = new Set(p.photos.map((f) => f.photo));
              const photo = props.story!.photos.findIndex((_, i) => !used.has(i));
              const span = Math.min(p.span, Math.max(1, p.span - p.bodySpan) || 1);
              set({
                photos: [
                  ...p.photos,
                  { photo, column: p.span - span, span, top: 0, depth: Math.min(8, Math.max(2, p.depth - props.frame.headingDepth)) },
                ],
              });
            }}
          >
            {t('layout:addPhotoFrame')}
          </button>
        ) : null}
        <button type="button" aria-label={t('layout:removeFrame', { headline: props.headline })} onClick={props.onRemove}>
          {t('layout:remove')}
        </button>
      </div>
    </section>
  );
}
