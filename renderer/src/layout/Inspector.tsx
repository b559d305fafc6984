import { memo, useId } from 'react';
import {
  BOX_KINDS,
  HAO_SIZES,
  HEADLINE_SHAPES,
  HEADLINE_SIZES,
  MAX_CROP_ZOOM,
  pageLines,
  TINTS,
  type BoxKind,
  type HeadlineShape,
  type HeadlineSize,
  type PageGeometry,
  type Placement,
  type PlacementStyle,
} from '../../../shared/domain/layout';
import { copyfitText } from '../../../shared/typeset/copyfit';
import type { PartFlow } from '../../../shared/typeset/flow';
import type { SetFrame } from '../../../shared/typeset/frame';
import type { StoryText } from '../../../shared/typeset/story';
import { i18n } from '../i18n';
import type { LayoutController } from './layout-controller';
import { NumberField } from './NumberField';
import type { Translate } from './translate';

/**
 * The selected story's placement as fields: columns and lines are counted from 1 here, as the
 * desk says them (第1栏, 第1行); the archive counts from 0. Each field is one of the desk's actions.
 */
export const Inspector = memo(function Inspector(props: {
  t: Translate;
  desk: Pick<
    LayoutController,
    | 'edit'
    | 'setStyle'
    | 'setHeadlineSize'
    | 'fitDepth'
    | 'addPhotoFrame'
    | 'editPhotoFrame'
    | 'removePhotoFrame'
    | 'zoomPhoto'
    | 'resetCrop'
    | 'unplace'
  >;
  placement: Placement;
  frame: SetFrame;
  /** Its flow when the story is set in parts (转版). */
  flow?: PartFlow | undefined;
  geometry: PageGeometry;
  /** The page shown. */
  pageNumber: number;
  story: StoryText | null;
  headline: string;
}) {
  const { t } = props;
  const id = useId();
  const { desk } = props;
  const p = props.placement;
  const g = props.geometry;
  const set = (patch: Partial<Placement>) => void desk.edit(p.id, patch);
  const setStyle = (patch: PlacementStyle) => void desk.setStyle(p.id, patch);
  const lines = pageLines(g);
  return (
    <section className="inspector" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {t('layout:selected')}: {props.headline}
      </h2>
      <p className={`copyfit-state ${props.frame.copyfit.state}`} data-testid="selected-copyfit">
        {copyfitText(i18n, props.frame.copyfit)}
      </p>
      {props.flow ? (
        <p className="muted" data-testid="selected-parts">
          {[
            props.flow.from ? t('layout:parts.continued', { page: props.flow.jumpIn ?? props.pageNumber }) : t('layout:parts.begins'),
            props.flow.jumpOut !== null ? t('layout:parts.continuesOn', { page: props.flow.jumpOut }) : null,
          ]
            .filter(Boolean)
            .join(t('common:listSeparator'))}
        </p>
      ) : null}
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
          <select
            id={`${id}-size`}
            value={p.headlineSize}
            onChange={(e) => void desk.setHeadlineSize(p.id, e.target.value as HeadlineSize)}
          >
            <HeadlineSizeOptions t={t} />
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-hao`}>{t('layout:headlineHao')}</label>
          <select
            id={`${id}-hao`}
            value={p.headlinePt ?? ''}
            onChange={(e) => set({ headlinePt: e.target.value ? Number(e.target.value) : undefined })}
          >
            <option value="">{t('layout:headlineHaoBySize')}</option>
            <HaoOptions t={t} />
            {p.headlinePt && !HAO_SIZES.some(([, pt]) => pt === p.headlinePt) ? (
              <option value={p.headlinePt}>{t('layout:ptOption', { pt: p.headlinePt })}</option>
            ) : null}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-shape`}>{t('layout:headlineShape')}</label>
          <select
            id={`${id}-shape`}
            value={p.headlineShape ?? 'normal'}
            onChange={(e) => set({ headlineShape: e.target.value === 'normal' ? undefined : (e.target.value as HeadlineShape) })}
          >
            <ShapeOptions t={t} />
          </select>
        </div>
      </div>
      <fieldset className="frame-style">
        <legend>{t('layout:style.title')}</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={p.style?.columnRules === true}
            disabled={p.split < 2}
            onChange={(e) => setStyle({ columnRules: e.target.checked })}
          />
          {t('layout:style.columnRules')}
        </label>
        <div className="field">
          <label htmlFor={`${id}-box`}>{t('layout:style.box')}</label>
          <select id={`${id}-box`} value={p.style?.box ?? 'none'} onChange={(e) => setStyle({ box: e.target.value as BoxKind })}>
            <BoxOptions t={t} />
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-tint`}>{t('layout:style.tint')}</label>
          <select id={`${id}-tint`} value={p.style?.tint ?? 0} onChange={(e) => setStyle({ tint: Number(e.target.value) })}>
            <TintOptions t={t} />
          </select>
        </div>
      </fieldset>
      {p.photos.map((f, i) => {
        const setFrameField = (patch: Partial<Placement['photos'][number]>) => void desk.editPhotoFrame(p.id, i, patch);
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
              <NumberField
                label={`${label} ${t('layout:crop.zoom')}`}
                value={Math.round((f.crop?.zoom ?? 1) * 100)}
                min={100}
                max={MAX_CROP_ZOOM * 100}
                step={10}
                onCommit={(v) => void desk.zoomPhoto(p.id, i, v / 100)}
              />
            </div>
            <button
              type="button"
              disabled={!f.crop}
              aria-label={t('layout:crop.resetPhoto', { n: f.photo + 1 })}
              onClick={() => void desk.resetCrop(p.id, i)}
            >
              {t('layout:crop.reset')}
            </button>
            <button type="button" onClick={() => void desk.removePhotoFrame(p.id, i)}>
              {t('layout:removePhotoFrame', { n: f.photo + 1 })}
            </button>
          </fieldset>
        );
      })}
      <div className="actions">
        <button type="button" disabled={!props.story} onClick={() => void desk.fitDepth(p.id)}>
          {t('layout:fitDepth')}
        </button>
        {props.story && p.photos.length < props.story.photos.length ? (
          <button type="button" onClick={() => void desk.addPhotoFrame(p.id)}>
            {t('layout:addPhotoFrame')}
          </button>
        ) : null}
        <button type="button" aria-label={t('layout:removeFrame', { headline: props.headline })} onClick={() => void desk.unplace(p.id)}>
          {t('layout:remove')}
        </button>
      </div>
    </section>
  );
});

// The fields' choices, the same for every story: drawn once for a language, not on every move.
const HeadlineSizeOptions = memo(function HeadlineSizeOptions({ t }: { t: Translate }) {
  return HEADLINE_SIZES.map((s) => (
    <option key={s} value={s}>
      {t(`layout:headlineSizes.${s}`)}
    </option>
  ));
});

const HaoOptions = memo(function HaoOptions({ t }: { t: Translate }) {
  return HAO_SIZES.map(([name, pt]) => (
    <option key={name} value={pt}>
      {t('layout:haoOption', { name, pt })}
    </option>
  ));
});

const ShapeOptions = memo(function ShapeOptions({ t }: { t: Translate }) {
  return HEADLINE_SHAPES.map((shape) => (
    <option key={shape} value={shape}>
      {t(`layout:headlineShapes.${shape}`)}
    </option>
  ));
});

const BoxOptions = memo(function BoxOptions({ t }: { t: Translate }) {
  return BOX_KINDS.map((kind) => (
    <option key={kind} value={kind}>
      {t(`layout:style.boxes.${kind}`)}
    </option>
  ));
});

const TintOptions = memo(function TintOptions({ t }: { t: Translate }) {
  return TINTS.map((percent) => (
    <option key={percent} value={percent}>
      {percent ? `${percent}%` : t('layout:style.noTint')}
    </option>
  ));
});
