import { useEffect, useId, useMemo, useState, useSyncExternalStore } from 'react';
import { copyfitText } from '../../../shared/typeset/copyfit';
import { api } from '../api/client';
import { onCommand } from '../app/commands';
import { messageOf } from '../app/errors';
import { newsroom } from '../app/newsroom';
import { Notice } from '../app/Notice';
import { navigate } from '../app/route';
import { i18n, useT } from '../i18n';
import { AuditPanel } from './AuditPanel';
import { EditionsPanel } from './EditionsPanel';
import { ExportPanel } from './ExportPanel';
import { Galley } from './Galley';
import { FurniturePanel } from './FurniturePanel';
import { GeometryForm } from './GeometryForm';
import { Inspector } from './Inspector';
import { LayoutController, type LayoutDeps, type LayoutProblem } from './layout-controller';
import { onLive } from './live';
import { PageView } from './PageView';
import { StoryPicker } from './StoryPicker';
import { TypefacesPanel } from './TypefacesPanel';

const PX_PER_MM = 96 / 25.4;
const ZOOMS = [0.25, 0.33, 0.5, 0.67, 0.75, 1, 1.25, 1.5, 2];

/** The layout desk's calls into the archive and the app, for its controller. */
function layoutDeps(): LayoutDeps {
  return {
    editions: () => api.layout.editions({}),
    page: (input) => api.layout.page(input),
    place: (input) => api.layout.place(input),
    unplace: (input) => api.layout.unplace(input),
    updatePage: (input) => api.layout.updatePage(input),
    article: (input) => api.articles.get(input),
    onLive,
    onRemoteChange: (listener) => newsroom.onRemoteChange(listener),
    newId: () => crypto.randomUUID(),
  };
}

function problemText(problem: LayoutProblem | null): string | null {
  if (!problem) return null;
  if (problem.kind === 'noRoom') return i18n.t('layout:noRoom');
  return problem.kind === 'said' ? problem.message : messageOf(problem.error);
}

/** The layout desk (版面): a view of its controller, which holds the page and every change to it. */
export function LayoutDesk(props: { date?: string; page?: number }) {
  const { t } = useT();
  const ids = useId();
  const desk = useMemo(() => new LayoutController(layoutDeps()), []);
  useEffect(() => desk.start(), [desk]);
  const state = useSyncExternalStore(desk.subscribe, desk.getSnapshot);
  const { layout, editions, frames, stories, headlines, spiked, selectedId, galleyFor } = state;
  const [zoom, setZoom] = useState<number | 'fit'>('fit');
  const [exports, setExports] = useState(0);
  const [viewport, setViewport] = useState<HTMLDivElement | null>(null);
  const [viewportWidth, setViewportWidth] = useState(800);

  useEffect(() => void desk.show(props.date, props.page), [desk, props.date, props.page]);
  // Signed in again after the lock: read what may have been refused meanwhile.
  useEffect(() => onCommand((command) => command === 'refresh' && void desk.refresh()), [desk]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
      if (!(event.ctrlKey || event.metaKey)) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) {
        event.preventDefault();
        void desk.undo();
      } else if ((key === 'z' && event.shiftKey) || key === 'y') {
        event.preventDefault();
        void desk.redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [desk]);

  useEffect(() => {
    if (!viewport) return;
    // Observing reports the first size too.
    const observer = new ResizeObserver(() => setViewportWidth(viewport.clientWidth));
    observer.observe(viewport);
    return () => observer.disconnect();
  }, [viewport]);

  const edition = layout ? editions?.find((e) => e.date === layout.edition.date) : undefined;
  const effectiveZoom = layout
    ? zoom === 'fit'
      ? Math.max(0.1, (viewportWidth - 24) / (layout.page.geometry.paperWidthMm * PX_PER_MM))
      : zoom
    : 1;
  const selected = layout?.page.placements.find((p) => p.id === selectedId) ?? null;
  const selectedFrame = frames.find((f) => f.placementId === selectedId) ?? null;
  const galleyFrame = frames.find((f) => f.articleId === galleyFor) ?? null;
  const galleyStory = galleyFor ? stories.get(galleyFor) : undefined;

  return (
    <section className="layout-desk" aria-labelledby={`${ids}-title`}>
      <h1 id={`${ids}-title`} className="visually-hidden">
        {t('layout:pageView')}
      </h1>
      <aside className="layout-side">
        <EditionsPanel
          editions={editions}
          current={state.target ? { date: state.target.date, page: state.target.number } : null}
          onChanged={(d, n) => {
            void desk.loadEditions();
            if (d && n) navigate({ view: 'layout', date: d, page: n });
          }}
          onError={(message) => desk.report(message)}
        />
      </aside>
      <div className="layout-main">
        <Notice message={problemText(state.problem)} onDismiss={() => desk.dismissProblem()} />
        {state.note ? (
          <p className="muted" role="status">
            {t(`layout:${state.note}`)}
          </p>
        ) : null}
        {layout ? (
          <>
            <div className="layout-toolbar" role="toolbar" aria-label={t('layout:zoom')}>
              <strong>
                {t('layout:editionTitle', {
                  date: layout.edition.date,
                  number: layout.edition.number,
                  total: layout.edition.totalNumber,
                  paper: layout.edition.paper,
                })}{' '}
                · {t('layout:pageTitle', { number: layout.page.number, section: layout.page.section })}
              </strong>
              <span className="spacer" />
              <button type="button" aria-label={t('layout:undo')} disabled={!state.canUndo} onClick={() => void desk.undo()}>
                ↶
              </button>
              <button type="button" aria-label={t('layout:redo')} disabled={!state.canRedo} onClick={() => void desk.redo()}>
                ↷
              </button>
              <button
                type="button"
                aria-label={t('layout:zoomOut')}
                onClick={() => setZoom(ZOOMS.filter((z) => z < effectiveZoom - 0.01).at(-1) ?? ZOOMS[0]!)}
              >
                −
              </button>
              <output aria-label={t('layout:zoom')}>{Math.round(effectiveZoom * 100)}%</output>
              <button
                type="button"
                aria-label={t('layout:zoomIn')}
                onClick={() => setZoom(ZOOMS.find((z) => z > effectiveZoom + 0.01) ?? ZOOMS.at(-1)!)}
              >
                +
              </button>
              <button type="button" aria-pressed={zoom === 'fit'} onClick={() => setZoom('fit')}>
                {t('layout:fitWindow')}
              </button>
            </div>
            <p className="muted layout-hint">{t('layout:moveHint')}</p>
            <div className="page-viewport" ref={setViewport}>
              <PageView desk={desk} state={state} zoom={effectiveZoom} />
            </div>
          </>
        ) : editions && !editions.length ? (
          <p className="muted">{t('layout:noEditions')}</p>
        ) : null}
      </div>
      {layout ? (
        <aside className="layout-side right">
          <section aria-labelledby={`${ids}-frames`}>
            <h2 id={`${ids}-frames`}>{t('layout:frames')}</h2>
            {frames.length ? (
              <ul className="frame-list">
                {frames.map((f) => (
                  <li key={f.placementId} className={f.placementId === selectedId ? 'selected' : undefined}>
                    <button type="button" className="link" onClick={() => desk.select(f.placementId)}>
                      {headlines.get(f.articleId) || t('common:untitled')}
                    </button>
                    {spiked.has(f.articleId) ? (
                      <span className="spiked-badge" data-testid="frame-spiked">
                        {t('layout:spiked')}
                      </span>
                    ) : null}
                    <span className={`copyfit-state ${f.copyfit.state}`} data-testid="copyfit-state">
                      {copyfitText(i18n, f.copyfit)}
                    </span>
                    <button
                      type="button"
                      aria-label={`${t('layout:galley')}: ${headlines.get(f.articleId) || t('common:untitled')}`}
                      aria-pressed={galleyFor === f.articleId}
                      onClick={() => desk.showGalley(galleyFor === f.articleId ? null : f.articleId)}
                    >
                      {t('layout:galley')}
                    </button>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('layout:noFrames')}</p>
            )}
          </section>
          <StoryPicker
            placed={state.placedInEdition}
            page={state.layout?.page.number ?? 0}
            onPlace={(id, continues) => desk.place(id, 2, continues)}
          />
          {selected && selectedFrame ? (
            <Inspector
              key={selected.id}
              desk={desk}
              placement={selected}
              frame={selectedFrame}
              flow={state.flows.get(selected.id)}
              page={layout.page}
              story={stories.get(selected.articleId) ?? null}
              headline={headlines.get(selected.articleId) || t('common:untitled')}
            />
          ) : null}
          {edition ? <ExportPanel edition={edition} page={layout.page.number} onExported={() => setExports((n) => n + 1)} /> : null}
          <GeometryForm page={layout.page} onApply={(geometry) => void desk.setGeometry(geometry)} />
          <FurniturePanel desk={desk} page={layout.page} />
          <TypefacesPanel onSaved={() => void desk.refresh()} />
          <AuditPanel
            date={layout.edition.date}
            page={layout.page.number}
            changed={`${layout.page.placements.map((p) => JSON.stringify(p)).join()}/${exports}`}
            headlines={state.knownHeadlines}
          />
        </aside>
      ) : null}
      {galleyFrame && galleyStory ? (
        <Galley
          story={galleyStory}
          columnChars={galleyFrame.columnChars}
          capacity={galleyFrame.copyfit.capacity}
          onClose={() => desk.showGalley(null)}
        />
      ) : null}
    </section>
  );
}
