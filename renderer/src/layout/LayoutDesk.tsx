import { memo, useCallback, useEffect, useId, useMemo, useState } from 'react';
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
import { FrameList } from './FrameList';
import { Galley } from './Galley';
import { FurniturePanel } from './FurniturePanel';
import { GeometryForm } from './GeometryForm';
import { Inspector } from './Inspector';
import { LayoutController, type LayoutDeps, type LayoutProblem } from './layout-controller';
import { onLive } from './live';
import { PageView } from './PageView';
import { StoryPicker } from './StoryPicker';
import { TypefacesPanel } from './TypefacesPanel';
import type { Translate } from './translate';
import { useDesk } from './use-desk';

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
    // A task queued from the frame's animation callback runs once the frame is drawn; a window
    // out of sight draws no frames, and its change goes after a moment all the same.
    drawn: () =>
      new Promise((done) => {
        requestAnimationFrame(() => setTimeout(done, 0));
        setTimeout(done, 100);
      }),
  };
}

function problemText(problem: LayoutProblem | null): string | null {
  if (!problem) return null;
  if (problem.kind === 'noRoom') return i18n.t('layout:noRoom');
  return problem.kind === 'said' ? problem.message : messageOf(problem.error);
}

/**
 * The layout desk (版面): a view of its controller, which holds the page and every change to it.
 * Each part of the desk selects from the controller's snapshot what it shows (use-desk.ts) and
 * is memoised on it, so a move redraws the frame moved and what describes it (the inspector,
 * the frame list, the trail), not every panel beside the page.
 */
export function LayoutDesk(props: { date?: string; page?: number }) {
  const { t } = useT();
  const ids = useId();
  const desk = useMemo(() => new LayoutController(layoutDeps()), []);
  useEffect(() => desk.start(), [desk]);
  const editions = useDesk(desk, (s) => s.editions);
  const target = useDesk(desk, (s) => s.target);
  const problem = useDesk(desk, (s) => s.problem);
  const note = useDesk(desk, (s) => s.note);
  const header = useDesk(desk, (s) => s.layout?.edition);
  const pageNumber = useDesk(desk, (s) => s.layout?.page.number);
  const section = useDesk(desk, (s) => s.layout?.page.section);
  const geometry = useDesk(desk, (s) => s.layout?.page.geometry);
  const furniture = useDesk(desk, (s) => s.layout?.page.furniture);
  const placed = useDesk(desk, (s) => s.placedInEdition);
  const canUndo = useDesk(desk, (s) => s.canUndo);
  const canRedo = useDesk(desk, (s) => s.canRedo);
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

  // The panels' props, each the same object or function until what it stands for changes.
  const current = useMemo(() => (target ? { date: target.date, page: target.number } : null), [target]);
  const onEditionsChanged = useCallback(
    (d?: string, n?: number) => {
      void desk.loadEditions();
      if (d && n) navigate({ view: 'layout', date: d, page: n });
    },
    [desk],
  );
  const onPanelError = useCallback((message: string) => desk.report(message), [desk]);
  const onDismiss = useCallback(() => desk.dismissProblem(), [desk]);
  const onPlace = useCallback((id: string, continues: boolean) => desk.place(id, 2, continues), [desk]);
  const onExported = useCallback(() => setExports((n) => n + 1), []);
  const onApplyGeometry = useCallback((g: Parameters<LayoutController['setGeometry']>[0]) => void desk.setGeometry(g), [desk]);
  const onTypefacesSaved = useCallback(() => void desk.refresh(), [desk]);

  const edition = header ? editions?.find((e) => e.date === header.date) : undefined;
  const shown = header && geometry && pageNumber !== undefined;
  const effectiveZoom = geometry ? (zoom === 'fit' ? Math.max(0.1, (viewportWidth - 24) / (geometry.paperWidthMm * PX_PER_MM)) : zoom) : 1;

  return (
    <section className="layout-desk" aria-labelledby={`${ids}-title`}>
      <h1 id={`${ids}-title`} className="visually-hidden">
        {t('layout:pageView')}
      </h1>
      <aside className="layout-side">
        <EditionsPanel editions={editions} current={current} onChanged={onEditionsChanged} onError={onPanelError} />
      </aside>
      <div className="layout-main">
        <Notice message={problemText(problem)} onDismiss={onDismiss} />
        {note ? (
          <p className="muted" role="status">
            {t(`layout:${note}`)}
          </p>
        ) : null}
        {shown ? (
          <>
            <div className="layout-toolbar" role="toolbar" aria-label={t('layout:zoom')}>
              <strong>
                {t('layout:editionTitle', {
                  date: header.date,
                  number: header.number,
                  total: header.totalNumber,
                  paper: header.paper,
                })}{' '}
                · {t('layout:pageTitle', { number: pageNumber, section })}
              </strong>
              <span className="spacer" />
              <button type="button" aria-label={t('layout:undo')} disabled={!canUndo} onClick={() => void desk.undo()}>
                ↶
              </button>
              <button type="button" aria-label={t('layout:redo')} disabled={!canRedo} onClick={() => void desk.redo()}>
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
              <PageView desk={desk} zoom={effectiveZoom} t={t} />
            </div>
          </>
        ) : editions && !editions.length ? (
          <p className="muted">{t('layout:noEditions')}</p>
        ) : null}
      </div>
      {shown ? (
        <aside className="layout-side right">
          <FrameList desk={desk} t={t} />
          <StoryPicker placed={placed} page={pageNumber} onPlace={onPlace} />
          <SelectedInspector desk={desk} t={t} />
          {edition ? <ExportPanel edition={edition} page={pageNumber} onExported={onExported} /> : null}
          <GeometryForm geometry={geometry} onApply={onApplyGeometry} />
          <FurniturePanel desk={desk} geometry={geometry} furniture={furniture} />
          <TypefacesPanel onSaved={onTypefacesSaved} />
          <PageAudit desk={desk} exports={exports} />
        </aside>
      ) : null}
      <OpenGalley desk={desk} />
    </section>
  );
}

/** The inspector of the selected story, if one is. */
const SelectedInspector = memo(function SelectedInspector({ desk, t }: { desk: LayoutController; t: Translate }) {
  const selectedId = useDesk(desk, (s) => s.selectedId);
  const selected = useDesk(desk, (s) => s.layout?.page.placements.find((p) => p.id === s.selectedId));
  const frame = useDesk(desk, (s) => s.frames.find((f) => f.placementId === s.selectedId));
  const flow = useDesk(desk, (s) => (s.selectedId ? s.flows.get(s.selectedId) : undefined));
  const geometry = useDesk(desk, (s) => s.layout?.page.geometry);
  const pageNumber = useDesk(desk, (s) => s.layout?.page.number);
  const story = useDesk(desk, (s) => (selected ? (s.stories.get(selected.articleId) ?? null) : null));
  const headline = useDesk(desk, (s) => (selected ? s.headlines.get(selected.articleId) : undefined));
  if (!selectedId || !selected || !frame || !geometry || pageNumber === undefined) return null;
  return (
    <Inspector
      key={selected.id}
      t={t}
      desk={desk}
      placement={selected}
      frame={frame}
      flow={flow}
      geometry={geometry}
      pageNumber={pageNumber}
      story={story}
      headline={headline || t('common:untitled')}
    />
  );
});

/** The page's trail, read again when the page changed or was exported. */
const PageAudit = memo(function PageAudit({ desk, exports }: { desk: LayoutController; exports: number }) {
  const page = useDesk(desk, (s) => s.layout?.page);
  const date = useDesk(desk, (s) => s.layout?.edition.date);
  const headlines = useDesk(desk, (s) => s.knownHeadlines);
  const changed = useMemo(() => [page, exports], [page, exports]);
  if (!page || !date) return null;
  return <AuditPanel date={date} page={page.number} changed={changed} headlines={headlines} />;
});

/** The galley (毛条) of the story it is open for. */
const OpenGalley = memo(function OpenGalley({ desk }: { desk: LayoutController }) {
  const galleyFor = useDesk(desk, (s) => s.galleyFor);
  const frame = useDesk(desk, (s) => s.frames.find((f) => f.articleId === s.galleyFor));
  const story = useDesk(desk, (s) => (s.galleyFor ? s.stories.get(s.galleyFor) : undefined));
  const onClose = useCallback(() => desk.showGalley(null), [desk]);
  if (!galleyFor || !frame || !story) return null;
  return <Galley story={story} columnChars={frame.columnChars} capacity={frame.copyfit.capacity} onClose={onClose} />;
});
