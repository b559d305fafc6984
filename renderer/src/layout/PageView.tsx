import { memo, useCallback, useMemo, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import type { EditionHeader } from '../../../shared/api/contract';
import { MM_PER_PT, placementProblems, type PageGeometry, type Placement } from '../../../shared/domain/layout';
import { copyfitText } from '../../../shared/typeset/copyfit';
import { pannedPicture } from '../../../shared/typeset/crop';
import { columnX, setFrame, spanWidth, type SetFrame } from '../../../shared/typeset/frame';
import { i18n } from '../i18n';
import { adjusted, snapToGrid, type LayoutController, type Resize } from './layout-controller';
import { FrameLines } from './SetLines';
import { DecorView } from './DecorView';
import { FurnitureView } from './FurnitureView';
import type { Translate } from './translate';
import { useDesk } from './use-desk';
import './page-view.css';

/** CSS pixels of one point: the page at zoom 1 is the paper's real size on a 96 dpi screen. */
const PX_PER_PT = 96 / 72;

interface Drag {
  id: string;
  mode: Resize;
  startX: number;
  startY: number;
  original: Placement;
  /** Whole columns and lines from where the drag began, as the pointer stands. */
  columns: number;
  lines: number;
}

/** A picture dragged inside its frame (a crop being moved), by ems from where the drag began. */
interface Pan {
  id: string;
  index: number;
  startX: number;
  startY: number;
  dx: number;
  dy: number;
}

const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

type PageDesk = Pick<LayoutController, 'select' | 'move' | 'resize' | 'panPhoto' | 'subscribe' | 'getSnapshot'>;

/**
 * The page as it will print, drawn from the desk's snapshot. Each frame is a view of its own,
 * drawn again only when its placement, its set lines or its marks change: a move redraws the
 * story moved, not the page. A drag is drawn in its frame as it goes (the frame set again at
 * every grid step); what it and the arrow keys change goes to the desk.
 */
export const PageView = memo(function PageView(props: { desk: PageDesk; zoom: number; t: Translate }) {
  const { desk, t } = props;
  const layout = useDesk(desk, (s) => s.layout);
  const frames = useDesk(desk, (s) => s.frames);
  const headlines = useDesk(desk, (s) => s.headlines);
  const spiked = useDesk(desk, (s) => s.spiked);
  const selectedId = useDesk(desk, (s) => s.selectedId);
  const deselect = useCallback(() => desk.select(null), [desk]);
  const drawn = useSteadyOrder(frames);
  if (!layout) return null;
  const { page, edition } = layout;
  const g = page.geometry;
  const emPx = g.bodySizePt * PX_PER_PT * props.zoom;
  const emMm = g.bodySizePt * MM_PER_PT;
  const byId = new Map(page.placements.map((p) => [p.id, p]));

  return (
    <div
      className="page-sheet"
      role="region"
      aria-label={t('layout:pageTitle', { number: page.number, section: page.section })}
      style={{ fontSize: `${emPx}px`, width: `${g.paperWidthMm / emMm}em`, height: `${g.paperHeightMm / emMm}em` }}
      onPointerDown={deselect}
    >
      {/* A front page's masthead says all its 报眉 would. */}
      {page.furniture?.some((f) => f.kind === 'masthead') ? null : (
        <PageHeader t={t} edition={edition} geometry={g} number={page.number} section={page.section} editor={page.editor} />
      )}
      <TypeArea geometry={g}>
        <FurnitureView geometry={g} furniture={page.furniture} edition={edition} />
        <DecorView placements={page.placements} geometry={g} frames={drawn} />
        {drawn.map((frame) => {
          const placement = byId.get(frame.placementId);
          if (!placement) return null;
          return (
            <FrameView
              key={placement.id}
              t={t}
              desk={desk}
              placement={placement}
              frame={frame}
              geometry={g}
              emPx={emPx}
              headline={headlines.get(placement.articleId) || t('common:untitled')}
              selected={selectedId === placement.id}
              spiked={spiked.has(placement.articleId)}
            />
          );
        })}
      </TypeArea>
    </div>
  );
});

/**
 * The frames in the order the page view first drew them, a new one after the rest. The archive
 * lists a page's stories top to bottom, so a story moved down a line may come after its
 * neighbours; drawn in that order, its element would be taken out of the document and put back
 * at every such move, losing focus and set out and painted anew whole. Stories do not overlap,
 * so the order they are drawn in shows nowhere.
 */
function useSteadyOrder(frames: readonly SetFrame[]): readonly SetFrame[] {
  const [order, setOrder] = useState<readonly string[]>(() => frames.map((f) => f.placementId));
  const next = useMemo(() => steadyOrder(order, frames), [order, frames]);
  // A frame added or taken off: the order is made again at once, before the page is drawn.
  if (next !== order) setOrder(next);
  return useMemo(() => {
    const byId = new Map(frames.map((f) => [f.placementId, f]));
    return next.flatMap((id) => byId.get(id) ?? []);
  }, [frames, next]);
}

/** `order` itself while it names the same frames; else those it names still there, then the new ones. */
function steadyOrder(order: readonly string[], frames: readonly SetFrame[]): readonly string[] {
  const ids = new Set(frames.map((f) => f.placementId));
  const kept = order.filter((id) => ids.has(id));
  if (kept.length === order.length && kept.length === ids.size) return order;
  const known = new Set(kept);
  return [...kept, ...frames.map((f) => f.placementId).filter((id) => !known.has(id))];
}

/** The running head (报眉): paper, date, numbers, page and editor. */
const PageHeader = memo(function PageHeader(props: {
  t: Translate;
  edition: EditionHeader;
  geometry: PageGeometry;
  number: number;
  section: string;
  editor: string;
}) {
  const { t, edition, geometry: g } = props;
  const emMm = g.bodySizePt * MM_PER_PT;
  return (
    <header
      className="page-header"
      style={{ left: `${g.marginLeftMm / emMm}em`, width: `${spanWidth(g, g.columns)}em`, top: `${g.marginTopMm / emMm - 3}em` }}
    >
      <span className="paper-name">{edition.paper}</span>
      <span>{edition.date}</span>
      <span>{t('layout:editionTitle', { date: '', number: edition.number, total: edition.totalNumber, paper: '' }).trim()}</span>
      <span className="page-name">{t('layout:pageTitle', { number: props.number, section: props.section })}</span>
      <span>
        {t('layout:editorInCharge')}：{props.editor}
      </span>
    </header>
  );
});

/** The type area with its columns shaded; the stories and furniture are placed in it. */
function TypeArea(props: { geometry: PageGeometry; children: ReactNode }) {
  const g = props.geometry;
  const emMm = g.bodySizePt * MM_PER_PT;
  return (
    <div
      className="type-area"
      style={{
        left: `${g.marginLeftMm / emMm}em`,
        top: `${g.marginTopMm / emMm}em`,
        width: `${spanWidth(g, g.columns)}em`,
        height: `${(g.paperHeightMm - g.marginTopMm - g.marginBottomMm) / emMm}em`,
      }}
    >
      <GridColumns geometry={g} />
      {props.children}
    </div>
  );
}

const GridColumns = memo(function GridColumns({ geometry: g }: { geometry: PageGeometry }) {
  return (
    <>
      {Array.from({ length: g.columns }, (_, c) => (
        <div key={c} className="grid-column" style={{ left: `${columnX(g, c)}em`, width: `${g.columnChars}em` }} />
      ))}
    </>
  );
});

/**
 * One story's frame: its photos, its lines and its marks. Its own drag and crop are its state,
 * so a drag redraws only this frame; while it is dragged it reads the page and its story from
 * the desk to set itself again and to show where it would not fit.
 */
const FrameView = memo(function FrameView(props: {
  t: Translate;
  desk: PageDesk;
  placement: Placement;
  frame: SetFrame;
  geometry: PageGeometry;
  emPx: number;
  headline: string;
  selected: boolean;
  spiked: boolean;
}) {
  const { t, desk, placement, geometry: g, emPx, headline, spiked } = props;
  const [drag, setDrag] = useState<Drag | null>(null);
  const [pan, setPan] = useState<Pan | null>(null);
  const dragging = drag !== null;
  const page = useDesk(desk, (s) => (dragging ? s.layout?.page : undefined));
  const typefaces = useDesk(desk, (s) => (dragging ? s.layout?.typefaces : undefined));
  const story = useDesk(desk, (s) => (dragging ? s.stories.get(placement.articleId) : undefined));
  const flow = useDesk(desk, (s) => (dragging ? s.flows.get(placement.id) : undefined));
  const p = useMemo(() => (drag ? adjusted(drag.original, drag.mode, drag.columns, drag.lines) : placement), [drag, placement]);
  // While it is dragged the frame is set again at every step: the text reflows live.
  const reset = useMemo(() => (drag && story ? setFrame(g, p, story, flow, typefaces) : null), [drag, story, g, p, flow, typefaces]);
  const frame = reset ?? props.frame;
  const invalid = drag !== null && page !== undefined && placementProblems(page, p).length > 0;

  const startDrag = (event: PointerEvent, mode: Resize) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    desk.select(placement.id);
    setDrag({ id: placement.id, mode, startX: event.clientX, startY: event.clientY, original: placement, columns: 0, lines: 0 });
  };
  const stepOf = (d: Drag, event: PointerEvent) => snapToGrid(g, emPx, event.clientX - d.startX, event.clientY - d.startY);
  const moveDrag = (event: PointerEvent) => {
    if (!drag) return;
    event.stopPropagation();
    const { columns, lines } = stepOf(drag, event);
    if (columns !== drag.columns || lines !== drag.lines) setDrag({ ...drag, columns, lines });
  };
  const endDrag = (event: PointerEvent) => {
    if (!drag) return;
    // The corner handle sits inside its frame: the frame must not end the same drag again
    // (a step is relative, so a second one would resize twice).
    event.stopPropagation();
    // From the pointer itself: the last move may not have been drawn yet.
    const { columns, lines } = stepOf(drag, event);
    setDrag(null);
    if (columns || lines) void (drag.mode === 'move' ? desk.move(drag.id, columns, lines) : desk.resize(drag.id, columns, lines));
  };

  // A drag inside a photo moves the picture in its frame, not the story: the frame stops it.
  const startPan = (event: PointerEvent, index: number) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    desk.select(placement.id);
    setPan({ id: placement.id, index, startX: event.clientX, startY: event.clientY, dx: 0, dy: 0 });
  };
  const panOf = (d: Pan, event: PointerEvent) => ({ dx: (event.clientX - d.startX) / emPx, dy: (event.clientY - d.startY) / emPx });
  const movePan = (event: PointerEvent) => {
    if (!pan) return;
    event.stopPropagation();
    setPan({ ...pan, ...panOf(pan, event) });
  };
  const endPan = (event: PointerEvent) => {
    if (!pan) return;
    event.stopPropagation();
    const { dx, dy } = panOf(pan, event);
    setPan(null);
    if (dx || dy) void desk.panPhoto(pan.id, pan.index, dx, dy);
  };

  // The arrow keys on a photo move its picture as a drag would, an em a press, not the story.
  const onPhotoKey = (event: KeyboardEvent, index: number) => {
    const step = ARROWS[event.key];
    if (!step) return;
    event.preventDefault();
    event.stopPropagation();
    void desk.panPhoto(placement.id, index, step[0], step[1]);
  };

  const onKey = (event: KeyboardEvent) => {
    const step = ARROWS[event.key];
    if (!step) return;
    event.preventDefault();
    void (event.shiftKey ? desk.resize(placement.id, ...step) : desk.move(placement.id, ...step));
  };

  return (
    <div
      className={`frame${props.selected ? ' selected' : ''}${invalid ? ' invalid' : ''}${spiked ? ' spiked' : ''} copyfit-${frame.copyfit.state}`}
      role="group"
      tabIndex={0}
      aria-label={t('layout:frameOf', { headline })}
      aria-invalid={invalid || undefined}
      data-placement={p.id}
      style={{
        left: 0,
        top: 0,
        // Placed by a translation, not by its left and top: a story moved is the same picture
        // drawn elsewhere, its lines neither set out nor painted again.
        transform: `translate(${frame.box.x}em, ${frame.box.y}em)`,
        width: `${frame.box.width}em`,
        height: `${frame.box.height}em`,
      }}
      onPointerDown={(e) => startDrag(e, 'move')}
      onPointerMove={moveDrag}
      onPointerUp={endDrag}
      onPointerCancel={() => setDrag(null)}
      onFocus={() => desk.select(placement.id)}
      onKeyDown={onKey}
    >
      <div className="frame-content">
        {frame.photos.map((ph, index) => {
          const panned = pan?.index === index;
          const picture = panned ? pannedPicture(ph.image, ph.picture, pan.dx, pan.dy) : ph.picture;
          return (
            <div
              key={`photo-${ph.photo}`}
              className={`photo-frame${ph.hash ? ' croppable' : ''}`}
              data-photo={index}
              title={ph.hash ? t('layout:crop.photo', { n: ph.photo + 1 }) : undefined}
              style={{
                left: `${ph.image.x - frame.box.x}em`,
                top: `${ph.image.y - frame.box.y}em`,
                width: `${ph.image.width}em`,
                height: `${ph.image.height}em`,
              }}
              {...(ph.hash
                ? {
                    role: 'group',
                    tabIndex: 0,
                    'aria-label': t('layout:crop.photo', { n: ph.photo + 1 }),
                    onPointerDown: (e: PointerEvent) => startPan(e, index),
                    onPointerMove: movePan,
                    onPointerUp: endPan,
                    onPointerCancel: () => setPan(null),
                    onKeyDown: (e: KeyboardEvent) => onPhotoKey(e, index),
                  }
                : {})}
            >
              {ph.hash ? (
                <img
                  src={`photos/${ph.hash}`}
                  alt=""
                  draggable={false}
                  style={{
                    left: `${picture.x}em`,
                    top: `${picture.y}em`,
                    width: `${picture.width}em`,
                    height: `${picture.height}em`,
                  }}
                />
              ) : (
                <span className="photo-missing">{t('layout:photoMissing')}</span>
              )}
            </div>
          );
        })}
        <FrameLines lines={frame.lines} ox={frame.box.x} oy={frame.box.y} />
      </div>
      {spiked ? (
        <span className="spiked-mark" role="img" aria-label={t('layout:spikedMark', { headline })}>
          {t('layout:spiked')}
        </span>
      ) : null}
      {frame.overset.length ? (
        <span className="overset-mark" role="img" aria-label={t('layout:overset')}>
          +
        </span>
      ) : null}
      <span className={`copyfit-badge ${frame.copyfit.state}`} data-testid="frame-copyfit">
        {copyfitText(i18n, frame.copyfit)}
      </span>
      <span
        className="resize-handle"
        aria-hidden="true"
        onPointerDown={(e) => startDrag(e, 'resize')}
        onPointerMove={moveDrag}
        onPointerUp={endDrag}
      />
    </div>
  );
});
