import { useState, type KeyboardEvent, type PointerEvent } from 'react';
import { MM_PER_PT, placementProblems, type Placement } from '../../../shared/domain/layout';
import { copyfitText } from '../../../shared/typeset/copyfit';
import { pannedPicture } from '../../../shared/typeset/crop';
import { columnX, setFrame, spanWidth } from '../../../shared/typeset/frame';
import { i18n, useT } from '../i18n';
import { adjusted, snapToGrid, type LayoutController, type LayoutSnapshot, type Resize } from './layout-controller';
import { FrameLines } from './SetLines';
import { DecorView } from './DecorView';
import { FurnitureView } from './FurnitureView';

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

/**
 * The page as it will print, drawn from the desk's snapshot. A drag is drawn here as it goes
 * (the frame set again at every grid step); what it and the arrow keys change goes to the desk.
 */
export function PageView(props: {
  desk: Pick<LayoutController, 'select' | 'move' | 'resize' | 'panPhoto'>;
  state: Pick<LayoutSnapshot, 'layout' | 'frames' | 'flows' | 'stories' | 'headlines' | 'spiked' | 'selectedId'>;
  zoom: number;
}) {
  const { t } = useT();
  const { desk, state } = props;
  const [drag, setDrag] = useState<Drag | null>(null);
  const [pan, setPan] = useState<Pan | null>(null);
  if (!state.layout) return null;
  const { page, edition } = state.layout;
  const g = page.geometry;
  const emPx = g.bodySizePt * PX_PER_PT * props.zoom;
  const emMm = g.bodySizePt * MM_PER_PT;

  const startDrag = (event: PointerEvent, p: Placement, mode: Resize) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    desk.select(p.id);
    setDrag({ id: p.id, mode, startX: event.clientX, startY: event.clientY, original: p, columns: 0, lines: 0 });
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
  const startPan = (event: PointerEvent, p: Placement, index: number) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    desk.select(p.id);
    setPan({ id: p.id, index, startX: event.clientX, startY: event.clientY, dx: 0, dy: 0 });
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
  const onPhotoKey = (event: KeyboardEvent, p: Placement, index: number) => {
    const step = ARROWS[event.key];
    if (!step) return;
    event.preventDefault();
    event.stopPropagation();
    void desk.panPhoto(p.id, index, step[0], step[1]);
  };

  const onKey = (event: KeyboardEvent, p: Placement) => {
    const step = ARROWS[event.key];
    if (!step) return;
    event.preventDefault();
    void (event.shiftKey ? desk.resize(p.id, ...step) : desk.move(p.id, ...step));
  };

  const widthEm = g.paperWidthMm / emMm;
  const heightEm = g.paperHeightMm / emMm;
  const originX = g.marginLeftMm / emMm;
  const originY = g.marginTopMm / emMm;
  const typeHeight = (g.paperHeightMm - g.marginTopMm - g.marginBottomMm) / emMm;

  return (
    <div
      className="page-sheet"
      role="region"
      aria-label={t('layout:pageTitle', { number: page.number, section: page.section })}
      style={{ fontSize: `${emPx}px`, width: `${widthEm}em`, height: `${heightEm}em` }}
      onPointerDown={() => desk.select(null)}
    >
      {/* A front page's masthead says all its 报眉 would. */}
      {page.furniture?.some((f) => f.kind === 'masthead') ? null : (
        <header className="page-header" style={{ left: `${originX}em`, width: `${spanWidth(g, g.columns)}em`, top: `${originY - 3}em` }}>
          <span className="paper-name">{edition.paper}</span>
          <span>{edition.date}</span>
          <span>{t('layout:editionTitle', { date: '', number: edition.number, total: edition.totalNumber, paper: '' }).trim()}</span>
          <span className="page-name">{t('layout:pageTitle', { number: page.number, section: page.section })}</span>
          <span>
            {t('layout:editorInCharge')}：{page.editor}
          </span>
        </header>
      )}
      <div
        className="type-area"
        style={{ left: `${originX}em`, top: `${originY}em`, width: `${spanWidth(g, g.columns)}em`, height: `${typeHeight}em` }}
      >
        {Array.from({ length: g.columns }, (_, c) => (
          <div key={c} className="grid-column" style={{ left: `${columnX(g, c)}em`, width: `${g.columnChars}em` }} />
        ))}
        <FurnitureView page={page} edition={edition} />
        <DecorView page={page} frames={state.frames} />
        {state.frames.map((settled) => {
          const placement = page.placements.find((p) => p.id === settled.placementId);
          if (!placement) return null;
          const dragging = drag?.id === placement.id;
          const p = dragging ? adjusted(drag.original, drag.mode, drag.columns, drag.lines) : placement;
          const story = state.stories.get(p.articleId);
          // While it is dragged the frame is set again at every step: the text reflows live.
          const frame = dragging && story ? setFrame(g, p, story, state.flows.get(p.id), state.layout?.typefaces) : settled;
          const invalid = dragging && placementProblems(page, p).length > 0;
          const headline = state.headlines.get(p.articleId) || t('common:untitled');
          const selected = state.selectedId === p.id;
          const spiked = state.spiked.has(p.articleId);
          return (
            <div
              key={p.id}
              className={`frame${selected ? ' selected' : ''}${invalid ? ' invalid' : ''}${spiked ? ' spiked' : ''} copyfit-${frame.copyfit.state}`}
              role="group"
              tabIndex={0}
              aria-label={t('layout:frameOf', { headline })}
              aria-invalid={invalid || undefined}
              data-placement={p.id}
              style={{ left: `${frame.box.x}em`, top: `${frame.box.y}em`, width: `${frame.box.width}em`, height: `${frame.box.height}em` }}
              onPointerDown={(e) => startDrag(e, placement, 'move')}
              onPointerMove={moveDrag}
              onPointerUp={endDrag}
              onPointerCancel={() => setDrag(null)}
              onFocus={() => desk.select(p.id)}
              onKeyDown={(e) => onKey(e, placement)}
            >
              <div className="frame-content" style={{ left: `${-frame.box.x}em`, top: `${-frame.box.y}em` }}>
                {frame.photos.map((ph, index) => {
                  const panned = pan?.id === p.id && pan.index === index;
                  const picture = panned ? pannedPicture(ph.image, ph.picture, pan.dx, pan.dy) : ph.picture;
                  return (
                    <div
                      key={`photo-${ph.photo}`}
                      className={`photo-frame${ph.hash ? ' croppable' : ''}`}
                      data-photo={index}
                      title={ph.hash ? t('layout:crop.photo', { n: ph.photo + 1 }) : undefined}
                      style={{
                        left: `${ph.image.x}em`,
                        top: `${ph.image.y}em`,
                        width: `${ph.image.width}em`,
                        height: `${ph.image.height}em`,
                      }}
                      {...(ph.hash
                        ? {
                            role: 'group',
                            tabIndex: 0,
                            'aria-label': t('layout:crop.photo', { n: ph.photo + 1 }),
                            onPointerDown: (e: PointerEvent) => startPan(e, placement, index),
                            onPointerMove: movePan,
                            onPointerUp: endPan,
                            onPointerCancel: () => setPan(null),
                            onKeyDown: (e: KeyboardEvent) => onPhotoKey(e, placement, index),
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
                <FrameLines lines={frame.lines} />
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
                onPointerDown={(e) => startDrag(e, placement, 'resize')}
                onPointerMove={moveDrag}
                onPointerUp={endDrag}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}
