import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { EditionHeader } from '../../../shared/api/contract';
import { MM_PER_PT, placementProblems, type Page, type Placement } from '../../../shared/domain/layout';
import { copyfitText } from '../../../shared/typeset/copyfit';
import { columnX, setFrame, spanWidth, type SetFrame } from '../../../shared/typeset/frame';
import type { StoryText } from '../../../shared/typeset/story';
import { i18n, useT } from '../i18n';
import { LineView } from './SetLines';

/** CSS pixels of one point: the page at zoom 1 is the paper's real size on a 96 dpi screen. */
const PX_PER_PT = 96 / 72;

interface Drag {
  id: string;
  mode: 'move' | 'resize';
  startX: number;
  startY: number;
  original: Placement;
  current: Placement;
}

/** The placement a drag or a key press makes: moved or resized by whole columns and lines. */
function adjust(p: Placement, mode: 'move' | 'resize', columns: number, lines: number): Placement {
  if (mode === 'move') return { ...p, column: Math.max(0, p.column + columns), top: Math.max(0, p.top + lines) };
  const span = Math.max(1, p.span + columns);
  const bodySpan = Math.min(span, p.bodySpan === p.span ? span : p.bodySpan);
  return {
    ...p,
    span,
    bodySpan,
    split: p.split === p.bodySpan ? bodySpan : Math.min(p.split, bodySpan * 3),
    depth: Math.max(1, p.depth + lines),
  };
}

export function PageView(props: {
  edition: EditionHeader;
  page: Page;
  frames: SetFrame[];
  stories: ReadonlyMap<string, StoryText>;
  headlines: ReadonlyMap<string, string>;
  /** Articles spiked (撤稿) since they were placed: flagged on their frames, refused by export. */
  spiked: ReadonlySet<string>;
  zoom: number;
  selectedId: string | null;
  onSelect(id: string | null): void;
  /** Changes a placement: `make` is given it as it stands when the change is made. */
  onCommit(id: string, make: (current: Placement | null) => Placement | null): void;
}) {
  const { t } = useT();
  const { page, edition } = props;
  const g = page.geometry;
  const emPx = g.bodySizePt * PX_PER_PT * props.zoom;
  const emMm = g.bodySizePt * MM_PER_PT;
  const lead = g.leadingPt / g.bodySizePt;
  const [drag, setDrag] = useState<Drag | null>(null);
  const pageRef = useRef<HTMLDivElement>(null);

  const startDrag = (event: PointerEvent, p: Placement, mode: Drag['mode']) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    props.onSelect(p.id);
    setDrag({ id: p.id, mode, startX: event.clientX, startY: event.clientY, original: p, current: p });
  };
  /** Where the pointer puts the placement: whole columns and lines from where the drag began. */
  const dragged = (d: Drag, event: PointerEvent): Placement => {
    const columns = Math.round((event.clientX - d.startX) / emPx / (g.columnChars + g.gutterChars));
    const lines = Math.round((event.clientY - d.startY) / emPx / lead);
    return adjust(d.original, d.mode, columns, lines);
  };
  const moveDrag = (event: PointerEvent) => {
    if (!drag) return;
    const current = dragged(drag, event);
    if (
      current.column !== drag.current.column ||
      current.top !== drag.current.top ||
      current.span !== drag.current.span ||
      current.depth !== drag.current.depth
    ) {
      setDrag({ ...drag, current });
    }
  };
  const endDrag = (event: PointerEvent) => {
    if (!drag) return;
    // From the pointer itself: the last move may not have been drawn yet.
    const current = dragged(drag, event);
    const { original } = drag;
    setDrag(null);
    if (
      current.column !== original.column ||
      current.top !== original.top ||
      current.span !== original.span ||
      current.depth !== original.depth
    ) {
      props.onCommit(original.id, () => current);
    }
  };

  const onKey = (event: KeyboardEvent, p: Placement) => {
    const step = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[event.key];
    if (!step) return;
    event.preventDefault();
    const mode = event.shiftKey ? 'resize' : 'move';
    props.onCommit(p.id, (now) => now && adjust(now, mode, step[0]!, step[1]!));
  };

  const widthEm = g.paperWidthMm / emMm;
  const heightEm = g.paperHeightMm / emMm;
  const originX = g.marginLeftMm / emMm;
  const originY = g.marginTopMm / emMm;
  const typeHeight = (g.paperHeightMm - g.marginTopMm - g.marginBottomMm) / emMm;

  return (
    <div
      ref={pageRef}
      className="page-sheet"
      role="region"
      aria-label={t('layout:pageTitle', { number: page.number, section: page.section })}
      style={{ fontSize: `${emPx}px`, width: `${widthEm}em`, height: `${heightEm}em` }}
      onPointerDown={() => props.onSelect(null)}
    >
      <header className="page-header" style={{ left: `${originX}em`, width: `${spanWidth(g, g.columns)}em`, top: `${originY - 3}em` }}>
        <span className="paper-name">{edition.paper}</span>
        <span>{edition.date}</span>
        <span>{t('layout:editionTitle', { date: '', number: edition.number, total: edition.totalNumber, paper: '' }).trim()}</span>
        <span className="page-name">{t('layout:pageTitle', { number: page.number, section: page.section })}</span>
        <span>
          {t('layout:editorInCharge')}：{page.editor}
        </span>
      </header>
      <div
        className="type-area"
        style={{ left: `${originX}em`, top: `${originY}em`, width: `${spanWidth(g, g.columns)}em`, height: `${typeHeight}em` }}
      >
        {Array.from({ length: g.columns }, (_, c) => (
          <div key={c} className="grid-column" style={{ left: `${columnX(g, c)}em`, width: `${g.columnChars}em` }} />
        ))}
        {props.frames.map((settled) => {
          const placement = page.placements.find((p) => p.id === settled.placementId);
          if (!placement) return null;
          const dragging = drag?.id === placement.id;
          const p = dragging ? drag.current : placement;
          const story = props.stories.get(p.articleId);
          // While it is dragged the frame is set again at every step: the text reflows live.
          const frame = dragging && story ? setFrame(g, p, story) : settled;
          const invalid = dragging && placementProblems(page, p).length > 0;
          const headline = props.headlines.get(p.articleId) || t('common:untitled');
          const selected = props.selectedId === p.id;
          const spiked = props.spiked.has(p.articleId);
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
              onFocus={() => props.onSelect(p.id)}
              onKeyDown={(e) => onKey(e, placement)}
            >
              <div className="frame-content" style={{ left: `${-frame.box.x}em`, top: `${-frame.box.y}em` }}>
                {frame.photos.map((ph) => (
                  <div
                    key={`photo-${ph.photo}`}
                    className="photo-frame"
                    style={{
                      left: `${ph.image.x}em`,
                      top: `${ph.image.y}em`,
                      width: `${ph.image.width}em`,
                      height: `${ph.image.height}em`,
                    }}
                  >
                    {ph.hash ? (
                      <img src={`photos/${ph.hash}`} alt="" draggable={false} />
                    ) : (
                      <span className="photo-missing">{t('layout:photoMissing')}</span>
                    )}
                  </div>
                ))}
                {frame.lines.map((line, i) => (
                  <LineView key={i} line={line} />
                ))}
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
