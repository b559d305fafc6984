import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ArticleSummary, LayoutPage } from '../../../shared/api/contract';
import { pageLines, placementProblems, type Edition, type Page, type PageGeometry, type Placement } from '../../../shared/domain/layout';
import { copyfitText, storiesOf } from '../../../shared/typeset/copyfit';
import { fitDepth, setFrame, setPage, type SetFrame } from '../../../shared/typeset/frame';
import { storyTextOf, type StoryText } from '../../../shared/typeset/story';
import { api } from '../api/client';
import { onCommand } from '../app/commands';
import { messageOf } from '../app/errors';
import { Notice } from '../app/Notice';
import { navigate } from '../app/route';
import { i18n, useT } from '../i18n';
import { EditionsPanel } from './EditionsPanel';
import { ExportPanel } from './ExportPanel';
import { Galley } from './Galley';
import { GeometryForm } from './GeometryForm';
import { emptyHistory, record, redo, undo, type History, type Step } from './history';
import { Inspector } from './Inspector';
import { onLive } from './live';
import { newsroom } from '../app/newsroom';
import { PageView } from './PageView';
import { AuditPanel } from './AuditPanel';

const PX_PER_MM = 96 / 25.4;
const ZOOMS = [0.25, 0.33, 0.5, 0.67, 0.75, 1, 1.25, 1.5, 2];

/**
 * Where a new story goes: the first free spot, top to bottom and left to right, where it is
 * set whole at `span` columns; failing that, the free spot with the most room.
 */
function freeSpot(page: Page, base: Omit<Placement, 'column' | 'top' | 'depth'>, story: StoryText): Placement | null {
  const lines = pageLines(page.geometry);
  let best: Placement | null = null;
  for (let top = 0; top < lines; top++) {
    for (let column = 0; column + base.span <= page.geometry.columns; column++) {
      const trial: Placement = { ...base, column, top, depth: 1 };
      if (placementProblems(page, trial).length) continue;
      let room = 1;
      while (top + room < lines && !placementProblems(page, { ...trial, depth: room + 1 }).length) room++;
      const depth = fitDepth(page.geometry, trial, story, room);
      const spot = { ...trial, depth };
      if (setFrame(page.geometry, spot, story).copyfit.state !== 'over') return spot;
      if (!best || room > best.depth) best = { ...trial, depth: room };
    }
  }
  return best;
}

export function LayoutDesk(props: { date?: string; page?: number }) {
  const { t } = useT();
  const ids = useId();
  const [editions, setEditions] = useState<Edition[] | null>(null);
  const [layout, setLayout] = useState<LayoutPage | null>(null);
  const [live, setLive] = useState<Map<string, StoryText>>(new Map());
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [zoom, setZoom] = useState<number | 'fit'>('fit');
  const [history, setHistory] = useState<History>(emptyHistory);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [galleyFor, setGalleyFor] = useState<string | null>(null);
  const [articles, setArticles] = useState<ArticleSummary[]>([]);
  const [toPlace, setToPlace] = useState('');
  const [exports, setExports] = useState(0);
  const viewport = useRef<HTMLDivElement>(null);
  const [viewportWidth, setViewportWidth] = useState(800);

  const refreshEditions = useCallback(() => {
    api.layout.editions({}).then(setEditions, (e: unknown) => setError(messageOf(e)));
  }, []);
  useEffect(refreshEditions, [refreshEditions]);

  const date = props.date ?? editions?.[0]?.date;
  const pageNumber = props.page ?? editions?.find((e) => e.date === date)?.pages[0]?.number;

  const loadPage = useCallback(() => {
    if (!date || !pageNumber) return;
    api.layout.page({ date, number: pageNumber }).then(
      (p) => {
        setLayout(p);
        setLive(new Map());
      },
      (e: unknown) => setError(messageOf(e)),
    );
  }, [date, pageNumber]);

  // Every change goes through one queue and reads the page as it is by then, not as it was
  // drawn: two quick key presses make two moves, and an undo never undoes a step twice.
  const current = useRef<LayoutPage | null>(null);
  useLayoutEffect(() => {
    current.current = layout;
  }, [layout]);
  const historyRef = useRef<History>(history);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const enqueue = useCallback((work: () => Promise<void>) => {
    queue.current = queue.current.then(work, work);
    return queue.current;
  }, []);
  const setHistoryBoth = useCallback((h: History) => {
    historyRef.current = h;
    setHistory(h);
  }, []);

  // Another page: an undo history of its own, nothing selected, no galley open. The state is
  // reset as the page changes, the queue's copy of the history in the same commit.
  const pageKey = `${date}/${pageNumber}`;
  const [shownPage, setShownPage] = useState(pageKey);
  if (shownPage !== pageKey) {
    setShownPage(pageKey);
    setHistory(emptyHistory());
    setSelectedId(null);
    setGalleyFor(null);
  }
  useLayoutEffect(() => {
    historyRef.current = emptyHistory();
  }, [pageKey]);
  useEffect(loadPage, [loadPage]);
  // Signed in again after the lock: read what may have been refused meanwhile.
  useEffect(
    () =>
      onCommand((command) => {
        if (command !== 'refresh') return;
        refreshEditions();
        loadPage();
      }),
    [refreshEditions, loadPage],
  );

  useEffect(() => {
    api.articles.list({ limit: 500 }).then(setArticles, (e: unknown) => setError(messageOf(e)));
  }, [layout?.page.placements.length]);

  // Text typed in a story desk elsewhere is set here as it is typed; a save reloads the page.
  const placedIds = useMemo(() => new Set(layout?.page.placements.map((p) => p.articleId)), [layout]);
  useEffect(
    () =>
      onLive((message) => {
        if (!placedIds.has(message.articleId)) return;
        if (message.kind === 'draft') {
          setLive((m) => new Map(m).set(message.articleId, message.story));
          setNote(t('layout:liveFromOtherTab'));
        } else loadPage();
      }),
    [placedIds, loadPage, t],
  );

  // A page changed in the newsroom (on another machine): read it again; the copyfit follows, set
  // from the data. A story placed here changed there: its text is set again too.
  useEffect(
    () =>
      newsroom.onRemoteChange((change) => {
        if (change.all || change.pages.size) refreshEditions();
        const here = `${date ?? ''}/${pageNumber ?? ''}`;
        if (change.all || change.pages.has(here) || [...change.articles].some((id) => placedIds.has(id))) {
          loadPage();
          if (!change.all) setNote(t('layout:remoteChanged'));
        }
      }),
    [date, pageNumber, placedIds, loadPage, refreshEditions, t],
  );

  // The viewport is there once the page is.
  const hasViewport = layout !== null;
  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setViewportWidth(el.clientWidth));
    observer.observe(el);
    setViewportWidth(el.clientWidth);
    return () => observer.disconnect();
  }, [hasViewport]);

  const stories = useMemo(() => {
    const map = layout ? storiesOf(layout) : new Map<string, StoryText>();
    for (const [id, story] of live) if (map.has(id)) map.set(id, story);
    return map;
  }, [layout, live]);
  const headlines = useMemo(() => new Map([...stories].map(([id, s]) => [id, s.headline])), [stories]);
  // Headlines for the trail, which also names stories no longer on the page.
  const auditHeadlines = useMemo(() => new Map([...articles.map((a) => [a.id, a.headline] as const), ...headlines]), [articles, headlines]);
  const spiked = useMemo(() => new Set(layout?.stories.filter((s) => s.status === 'spiked').map((s) => s.articleId)), [layout]);
  const frames: SetFrame[] = useMemo(() => (layout ? setPage(layout.page, stories) : []), [layout, stories]);

  const apply = useCallback(async (step: Step): Promise<boolean> => {
    const now = current.current;
    if (!now) return false;
    const { date: d } = now.edition;
    const n = now.page.number;
    try {
      const next = step.after
        ? await api.layout.place({ date: d, page: n, placement: step.after })
        : step.before
          ? await api.layout.unplace({ date: d, page: n, id: step.before.id })
          : now;
      current.current = next;
      setLayout(next);
      setError(null);
      return true;
    } catch (e) {
      setError(messageOf(e));
      return false;
    }
  }, []);

  /** Changes the placement `id` (null: a new one) to what `make` makes of it (null: removed). */
  const commit = useCallback(
    (id: string | null, make: (placement: Placement | null) => Placement | null) =>
      enqueue(async () => {
        const before = (id && current.current?.page.placements.find((p) => p.id === id)) || null;
        const after = make(before);
        if (JSON.stringify(before) === JSON.stringify(after)) return;
        if (await apply({ before, after })) setHistoryBoth(record(historyRef.current, { before, after }));
      }),
    [apply, enqueue, setHistoryBoth],
  );

  const doUndo = useCallback(
    () =>
      enqueue(async () => {
        const u = undo(historyRef.current);
        if (u && (await apply(u.step))) setHistoryBoth(u.history);
      }),
    [apply, enqueue, setHistoryBoth],
  );
  const doRedo = useCallback(
    () =>
      enqueue(async () => {
        const r = redo(historyRef.current);
        if (r && (await apply(r.step))) setHistoryBoth(r.history);
      }),
    [apply, enqueue, setHistoryBoth],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
      if (!(event.ctrlKey || event.metaKey)) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) {
        event.preventDefault();
        void doUndo();
      } else if ((key === 'z' && event.shiftKey) || key === 'y') {
        event.preventDefault();
        void doRedo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [doUndo, doRedo]);

  const placeArticle = async () => {
    if (!layout || !toPlace) return;
    try {
      const article = await api.articles.get({ id: toPlace });
      const story = storyTextOf(article);
      const span = Math.min(2, layout.page.geometry.columns);
      const spot = freeSpot(
        layout.page,
        { id: crypto.randomUUID(), articleId: toPlace, span, bodySpan: span, split: span, headlineSize: 'medium', photos: [] },
        story,
      );
      if (!spot) {
        setError(t('layout:noRoom'));
        return;
      }
      await commit(null, () => spot);
      setSelectedId(spot.id);
      setToPlace('');
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const applyGeometry = async (geometry: PageGeometry) => {
    if (!layout) return;
    try {
      setLayout(await api.layout.updatePage({ date: layout.edition.date, number: layout.page.number, geometry }));
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const editionsPanel = (
    <EditionsPanel
      editions={editions}
      current={date && pageNumber ? { date, page: pageNumber } : null}
      onChanged={(d, n) => {
        refreshEditions();
        if (d && n) navigate({ view: 'layout', date: d, page: n });
      }}
      onError={setError}
    />
  );

  const effectiveZoom = layout
    ? zoom === 'fit'
      ? Math.max(0.1, (viewportWidth - 24) / (layout.page.geometry.paperWidthMm * PX_PER_MM))
      : zoom
    : 1;
  const selected = layout?.page.placements.find((p) => p.id === selectedId) ?? null;
  const selectedFrame = frames.find((f) => f.placementId === selectedId) ?? null;
  const galleyFrame = frames.find((f) => f.articleId === galleyFor) ?? null;
  const placedInEdition = new Set(editions?.find((e) => e.date === date)?.pages.flatMap((p) => p.placements.map((x) => x.articleId)));
  placedIds.forEach((id) => placedInEdition.add(id));

  return (
    <section className="layout-desk" aria-labelledby={`${ids}-title`}>
      <h1 id={`${ids}-title`} className="visually-hidden">
        {t('layout:pageView')}
      </h1>
      <aside className="layout-side">{editionsPanel}</aside>
      <div className="layout-main">
        <Notice message={error} onDismiss={() => setError(null)} />
        {note ? (
          <p className="muted" role="status">
            {note}
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
              <button type="button" aria-label={t('layout:undo')} disabled={!history.done.length} onClick={() => void doUndo()}>
                ↶
              </button>
              <button type="button" aria-label={t('layout:redo')} disabled={!history.undone.length} onClick={() => void doRedo()}>
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
            <div className="page-viewport" ref={viewport}>
              <PageView
                edition={layout.edition}
                page={layout.page}
                frames={frames}
                stories={stories}
                headlines={headlines}
                spiked={spiked}
                zoom={effectiveZoom}
                selectedId={selectedId}
                onSelect={setSelectedId}
                onCommit={(id, make) => void commit(id, make)}
              />
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
                    <button type="button" className="link" onClick={() => setSelectedId(f.placementId)}>
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
                      onClick={() => setGalleyFor(galleyFor === f.articleId ? null : f.articleId)}
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
          <section aria-labelledby={`${ids}-place`} className="place-form">
            <h2 id={`${ids}-place`}>{t('layout:placeArticle')}</h2>
            <div className="field">
              <label htmlFor={`${ids}-article`}>{t('layout:articleToPlace')}</label>
              <select id={`${ids}-article`} value={toPlace} onChange={(e) => setToPlace(e.target.value)}>
                <option value="">{t('layout:choose')}</option>
                {articles
                  .filter((a) => !placedInEdition.has(a.id) && a.status !== 'spiked')
                  .map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.headline || t('common:untitled')}
                    </option>
                  ))}
              </select>
            </div>
            <button type="button" disabled={!toPlace} onClick={() => void placeArticle()}>
              {t('layout:place')}
            </button>
          </section>
          {selected && selectedFrame ? (
            <Inspector
              key={selected.id}
              placement={selected}
              frame={selectedFrame}
              page={layout.page}
              story={stories.get(selected.articleId) ?? null}
              headline={headlines.get(selected.articleId) || t('common:untitled')}
              onCommit={(next) => void commit(selected.id, () => next)}
              onRemove={() => {
                setSelectedId(null);
                void commit(selected.id, () => null);
              }}
            />
          ) : null}
          {editions?.find((e) => e.date === layout.edition.date) ? (
            <ExportPanel
              edition={editions.find((e) => e.date === layout.edition.date)!}
              page={layout.page.number}
              onExported={() => setExports((n) => n + 1)}
            />
          ) : null}
          <GeometryForm page={layout.page} onApply={(geometry) => void applyGeometry(geometry)} />
          <AuditPanel
            date={layout.edition.date}
            page={layout.page.number}
            changed={`${layout.page.placements.map((p) => JSON.stringify(p)).join()}/${exports}`}
            headlines={auditHeadlines}
          />
        </aside>
      ) : null}
      {galleyFrame && galleyFor && stories.get(galleyFor) ? (
        <Galley
          story={stories.get(galleyFor)!}
          columnChars={galleyFrame.columnChars}
          capacity={galleyFrame.copyfit.capacity}
          onClose={() => setGalleyFor(null)}
        />
      ) : null}
    </section>
  );
}
