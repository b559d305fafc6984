import type { LexicalEditor } from 'lexical';
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { onCommand } from '../../app/commands';
import { useT } from '../../i18n';
import {
  FindController,
  type BodySpan,
  type FindField,
  type FindSnapshot,
  type FindStory,
  type StoryFields,
  type StoryMatch,
} from './find-controller';
import { LexicalBody } from './lexical-body';

/** CSS custom highlights (`::highlight(...)` in styles.css): the body's matches and the current one. */
const MATCHES = 'banmian-find';
const CURRENT = 'banmian-find-current';
/** The attribute that outlines the field or caption holding the current match. */
const CURRENT_FIELD = 'data-find-current';
/** Characters of context shown each side of the current match. */
const CONTEXT = 16;

function setHighlight(name: string, ranges: readonly Range[]): void {
  // Chromium 105+ (the app's Electron, the tests' Chromium); elsewhere the bar still counts and selects.
  if (typeof CSS === 'undefined' || !('highlights' in CSS)) return;
  if (ranges.length) CSS.highlights.set(name, new Highlight(...ranges));
  else CSS.highlights.delete(name);
}

/**
 * The story as the controller reads it between renders: the latest props, and at once what a
 * replace wrote (the draft comes back through the props only at the next render).
 */
class PropsStory implements FindStory {
  private draft: StoryFields;
  private canEdit: boolean;
  private change: (patch: Partial<StoryFields>) => void;
  private fieldId: (field: FindField) => string;

  constructor(props: {
    draft: StoryFields;
    editable: boolean;
    onChange: (patch: Partial<StoryFields>) => void;
    fieldId: (field: FindField) => string;
  }) {
    this.draft = props.draft;
    this.canEdit = props.editable;
    this.change = props.onChange;
    this.fieldId = props.fieldId;
  }

  take(props: ConstructorParameters<typeof PropsStory>[0]): void {
    this.draft = props.draft;
    this.canEdit = props.editable;
    this.change = props.onChange;
    this.fieldId = props.fieldId;
  }

  fields(): StoryFields {
    return this.draft;
  }

  setFields(patch: Partial<StoryFields>): void {
    this.draft = { ...this.draft, ...patch };
    this.change(patch);
  }

  editable(): boolean {
    return this.canEdit;
  }

  /** The input or textarea a match in a field or caption is in. */
  elementOf(match: StoryMatch): HTMLInputElement | HTMLTextAreaElement | null {
    const { place } = match;
    const element =
      place.kind === 'field'
        ? document.getElementById(this.fieldId(place.field))
        : place.kind === 'caption'
          ? document.querySelector(`[data-caption-of="${CSS.escape(place.photoId)}"]`)
          : null;
    return element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement ? element : null;
  }
}

/**
 * The story's find bar (查找替换: Ctrl+F, Ctrl+H): a view of a FindController over the story's
 * fields, its body editor and its captions. The current match is selected where it is: in a
 * field by its selection (the field outlined, since an unfocused field shows no selection), in
 * the body by the editor's selection and a highlight; the focus stays in the bar until it
 * closes, and then goes to the match.
 */
export function FindReplaceBar(props: {
  /** The story's draft as it stands: its one-line fields and its photos' captions are searched. */
  draft: StoryFields;
  /** The story's change path (the same as typing), for what a replace changes. */
  onChange: (patch: Partial<StoryFields>) => void;
  /** Whether the story may be changed here; a read-only story is searched but not replaced. */
  editable: boolean;
  /** The body's Lexical editor (BodyEditor's onEditor), a new one when the body is loaded again. */
  bodyEditor: LexicalEditor | null;
  /** The id of the input or textarea of a one-line field. */
  fieldId: (field: FindField) => string;
}) {
  const { t } = useT();
  const ids = useId();
  const [source] = useState(() => new PropsStory(props));
  useLayoutEffect(() => source.take(props));
  const [controller] = useState(() => new FindController(source));
  const body = useMemo(() => (props.bodyEditor ? new LexicalBody(props.bodyEditor) : null), [props.bodyEditor]);
  useEffect(() => {
    controller.setBody(body);
    return () => controller.setBody(null);
  }, [controller, body]);
  useEffect(() => controller.refresh(), [controller, props.draft, props.editable]);

  const snapshot = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  const queryRef = useRef<HTMLInputElement>(null);
  const replacementRef = useRef<HTMLInputElement>(null);
  const [focusOn, setFocusOn] = useState<{ input: 'query' | 'replacement' } | null>(null);
  // Where the focus was before the bar opened: it goes back there when there is no match to go to.
  const before = useRef<Element | null>(null);

  useEffect(
    () =>
      onCommand((command) => {
        if (command !== 'find-in-story' && command !== 'replace-in-story') return;
        if (!controller.getSnapshot().open) {
          before.current = document.activeElement;
          controller.open();
        }
        setFocusOn({ input: command === 'find-in-story' ? 'query' : 'replacement' });
      }),
    [controller],
  );
  useEffect(() => {
    if (!focusOn || !snapshot.open) return;
    const input = focusOn.input === 'query' ? queryRef.current : replacementRef.current;
    input?.focus();
    input?.select();
  }, [focusOn, snapshot.open]);

  // The body's matches highlighted, the current one apart; the field holding the current one outlined.
  const current = snapshot.matches[snapshot.current] ?? null;
  useEffect(() => {
    if (!snapshot.open) return;
    const ranges = (list: readonly StoryMatch[]) =>
      list.flatMap((m) => {
        const span = spanOf(m);
        const range = span && body?.rangeOf(span);
        return range ? [range] : [];
      });
    setHighlight(MATCHES, ranges(snapshot.matches));
    setHighlight(CURRENT, current ? ranges([current]) : []);
    const field = current ? source.elementOf(current) : null;
    field?.setAttribute(CURRENT_FIELD, '');
    return () => {
      setHighlight(MATCHES, []);
      setHighlight(CURRENT, []);
      field?.removeAttribute(CURRENT_FIELD);
    };
  }, [snapshot.open, snapshot.matches, current, body, source]);

  // Shown where it is when the reader moves to it (not when the text merely changes as someone types).
  const revealed = useRef(0);
  useEffect(() => {
    const match = snapshot.matches[snapshot.current];
    if (!snapshot.open || !match || revealed.current === snapshot.reveal) return;
    revealed.current = snapshot.reveal;
    const span = spanOf(match);
    if (span) {
      if (!body?.select(span)) return;
      body.rangeOf(span)?.startContainer.parentElement?.scrollIntoView({ block: 'nearest' });
      return;
    }
    const field = source.elementOf(match);
    field?.setSelectionRange(match.start, match.end);
    field?.scrollIntoView({ block: 'nearest' });
  }, [snapshot, body, source]);

  if (!snapshot.open) return null;

  const close = () => {
    const match = controller.currentMatch;
    controller.close();
    const span = match && spanOf(match);
    const field = match && source.elementOf(match);
    if (span && body?.select(span)) body.focus();
    else if (match && field) {
      field.focus();
      field.setSelectionRange(match.start, match.end);
    } else if (before.current instanceof HTMLElement && before.current.isConnected) before.current.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'Enter' && event.target instanceof HTMLInputElement && event.target.type === 'text') {
      event.preventDefault();
      if (event.shiftKey) controller.previous();
      else controller.next();
    } else if (
      (event.ctrlKey || event.metaKey) &&
      !event.shiftKey &&
      !event.altKey &&
      event.key.toLowerCase() === 'z' &&
      snapshot.canUndo
    ) {
      // The bar's Ctrl+Z takes back the last replace, across fields and body, in one step.
      event.preventDefault();
      controller.undoReplace();
    }
  };

  const where = current ? placeName(current, t) : null;
  const count = !snapshot.query
    ? ''
    : !snapshot.matches.length
      ? t('story:find.none')
      : snapshot.current >= 0
        ? t('story:find.count', { current: snapshot.current + 1, total: snapshot.matches.length })
        : t('story:find.total', { total: snapshot.matches.length });
  const notice = noticeText(snapshot, t);
  const mayReplace = snapshot.editable;

  return (
    <section className="find-bar" role="search" aria-label={t('story:find.label')} onKeyDown={onKeyDown} data-testid="find-bar">
      <div className="find-row">
        <label htmlFor={`${ids}-query`}>{t('story:find.query')}</label>
        <input
          ref={queryRef}
          id={`${ids}-query`}
          type="text"
          value={snapshot.query}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => controller.setQuery(e.target.value)}
        />
        <button type="button" disabled={!snapshot.matches.length} onClick={() => controller.previous()}>
          {t('story:find.previous')}
        </button>
        <button type="button" disabled={!snapshot.matches.length} onClick={() => controller.next()}>
          {t('story:find.next')}
        </button>
        <label className="check">
          <input
            type="checkbox"
            checked={snapshot.options.matchWidth}
            onChange={(e) => controller.setOptions({ matchWidth: e.target.checked })}
          />
          {t('story:find.matchWidth')}
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={snapshot.options.caseSensitive}
            onChange={(e) => controller.setOptions({ caseSensitive: e.target.checked })}
          />
          {t('story:find.caseSensitive')}
        </label>
        <span className="spacer" />
        <button type="button" onClick={close}>
          {t('story:find.close')}
        </button>
      </div>
      <div className="find-row">
        <label htmlFor={`${ids}-replacement`}>{t('story:find.replacement')}</label>
        <input
          ref={replacementRef}
          id={`${ids}-replacement`}
          type="text"
          value={snapshot.replacement}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => controller.setReplacement(e.target.value)}
        />
        <button type="button" disabled={!mayReplace || !current} onClick={() => controller.replaceCurrent()}>
          {t('story:find.replace')}
        </button>
        <button type="button" disabled={!mayReplace || !snapshot.matches.length} onClick={() => controller.replaceAll()}>
          {t('story:find.replaceAll')}
        </button>
        {snapshot.canUndo ? (
          <button type="button" disabled={!mayReplace} onClick={() => controller.undoReplace()}>
            {t('story:find.undo')}
          </button>
        ) : null}
      </div>
      <p className="find-status" role="status" data-testid="find-count">
        {count}
        {notice ? <span className="find-notice">{notice}</span> : null}
      </p>
      {current && where ? (
        <p className="find-where">
          <span className="visually-hidden">{t('story:find.where')}: </span>
          <span data-testid="find-where">{where}</span>
          <span className="find-context" aria-label={t('story:find.context')}>
            <ContextOf match={current} text={controller.textOf(current.place) ?? current.text} />
          </span>
        </p>
      ) : null}
    </section>
  );
}

type T = ReturnType<typeof useT>['t'];

function placeName(match: StoryMatch, t: T): string {
  switch (match.place.kind) {
    case 'field':
      return t(`story:fields.${match.place.field}`);
    case 'body':
      return t('story:find.body', { n: match.place.block + 1 });
    case 'caption':
      return t('story:photos.caption', { n: match.place.photo + 1 });
  }
}

function noticeText(snapshot: FindSnapshot, t: T): string | null {
  switch (snapshot.notice?.kind) {
    case 'replaced':
      return t('story:find.replaced', { count: snapshot.notice.count });
    case 'restored':
      return t('story:find.restored');
    case 'readOnly':
      return t('story:find.readOnly');
    case 'tooLong':
      return t('story:find.tooLong');
    default:
      return null;
  }
}

function spanOf(match: StoryMatch): BodySpan | null {
  return match.place.kind === 'body' ? { block: match.place.block, start: match.start, end: match.end, text: match.text } : null;
}

/** The match with a little of the text around it, for a field whose selection does not show. */
function ContextOf({ match, text }: { match: StoryMatch; text: string }) {
  const start = Math.max(0, match.start - CONTEXT);
  const end = Math.min(text.length, match.end + CONTEXT);
  return (
    <>
      {start > 0 ? '…' : ''}
      {text.slice(start, match.start)}
      <mark>{text.slice(match.start, match.end)}</mark>
      {text.slice(match.end, end)}
      {end < text.length ? '…' : ''}
    </>
  );
}
