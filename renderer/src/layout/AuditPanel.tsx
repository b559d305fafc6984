import { memo, useEffect, useId, useRef, useState } from 'react';
import type { AuditEntry } from '../../../shared/api/contract';
import { api } from '../api/client';
import { messageOf } from '../app/errors';
import { formatTime } from '../app/format';
import { useT } from '../i18n';

type TFunction = ReturnType<typeof useT>['t'];

/** What an entry of the trail did, in words. */
function actionText(t: TFunction, entry: AuditEntry, headline: string): string {
  const d = entry.detail;
  const n = (v: unknown) => (typeof v === 'number' ? v : 0);
  switch (entry.action) {
    case 'layout.place':
      // Columns and lines counted from 1, as the inspector shows them.
      return t('layout:audit.actions.layout_place', {
        headline,
        column: n(d.column) + 1,
        span: n(d.span),
        top: n(d.top) + 1,
        depth: n(d.depth),
      });
    case 'layout.unplace':
      return d.withPage === true
        ? t('layout:audit.actions.layout_unplaceWithPage', { headline })
        : t('layout:audit.actions.layout_unplace', { headline });
    case 'layout.createEdition':
      return t('layout:audit.actions.layout_createEdition');
    case 'layout.updateEdition':
      return t('layout:audit.actions.layout_updateEdition');
    case 'layout.removeEdition':
      return t('layout:audit.actions.layout_removeEdition');
    case 'layout.addPage':
      return t('layout:audit.actions.layout_addPage', { page: entry.page ?? 0 });
    case 'layout.updatePage':
      return typeof d.from === 'number'
        ? t('layout:audit.actions.layout_renumberPage', { page: entry.page ?? 0, from: d.from })
        : t('layout:audit.actions.layout_updatePage', { page: entry.page ?? 0 });
    case 'layout.movePage':
      return t('layout:audit.actions.layout_movePage', { page: entry.page ?? 0, from: n(d.from) });
    case 'layout.removePage':
      return t('layout:audit.actions.layout_removePage', { page: entry.page ?? 0 });
    case 'export.page': {
      const page = entry.page ?? 0;
      if (d.refused === true) return t('layout:audit.actions.export_refused', { page });
      if (d.forced === true && n(d.problems) > 0) return t('layout:audit.actions.export_forced', { page });
      return t('layout:audit.actions.export_page', { page });
    }
    case 'import.date':
      return t('layout:audit.actions.import_date', { headline });
    default:
      return t('layout:audit.actions.other', { action: entry.action });
  }
}

/**
 * One entry of the trail. An entry never changes (the table refuses updates), so a row is
 * drawn again only for another headline or language: reading the trail again after a move
 * draws the new entry, not the 200 before it.
 */
const AuditRow = memo(function AuditRow(props: { entry: AuditEntry; headline: string; t: TFunction; language: string }) {
  const { entry: e, t } = props;
  const unknown = t('common:unknownPerson');
  return (
    <li className="audit-entry">
      <time dateTime={e.at}>{formatTime(e.at, props.language)}</time>{' '}
      <span className="who">
        {e.front ? t('layout:audit.who', { by: e.by ?? unknown, front: t(`common:fronts.${e.front}`) }) : (e.by ?? unknown)}
      </span>
      {t('common:labelSeparator')}
      <span className="what">{actionText(t, e, props.headline)}</span>
    </li>
  );
});

/** How long the page rests after a change before its trail is read again. */
const REST_MS = 300;

/** The list read now, each entry read before kept as the same object (an entry never changes). */
function withKnown(before: readonly AuditEntry[] | null, list: readonly AuditEntry[]): AuditEntry[] {
  const known = new Map(before?.map((e) => [e.id, e]));
  return list.map((e) => known.get(e.id) ?? e).sort((a, b) => b.id - a.id);
}

/**
 * The page's audit trail (操作记录): every placement, removal and export, newest first, with
 * who did it, when and from where. Read again whenever the page changes.
 */
export const AuditPanel = memo(function AuditPanel(props: {
  date: string;
  page: number;
  /** Another object whenever the page changed: the trail is read again. */
  changed: unknown;
  headlines: ReadonlyMap<string, string>;
}) {
  const { t, i18n } = useT();
  const ids = useId();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Headlines of stories the desk has not seen (taken off before it opened): read once each.
  const [looked, setLooked] = useState<ReadonlyMap<string, string>>(new Map());

  // Read at once for a page first shown; after a change, once the page has rested a moment: a
  // story moved with the arrow keys held down is one burst of changes, read once, not a read
  // (and a list drawn again) between every two key presses.
  // Read at once for a page first shown; after a change, once the page has rested a moment: a
  // story moved with the arrow keys held down is one burst of changes, its trail read once, not
  // between every two presses.
  const readFor = useRef<string | null>(null);
  useEffect(() => {
    const key = `${props.date}/${props.page}`;
    let live = true;
    const timer = setTimeout(
      () =>
        void api.audit.list({ date: props.date, page: props.page, limit: 200 }).then(
          (list) => {
            if (!live) return;
            readFor.current = key;
            setEntries((before) => withKnown(before, list));
            setError(null);
          },
          (e: unknown) => live && setError(messageOf(e)),
        ),
      readFor.current === key ? REST_MS : 0,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [props.date, props.page, props.changed]);

  useEffect(() => {
    const missing = [...new Set(entries?.flatMap((e) => (e.articleId ? [e.articleId] : [])))].filter(
      (id) => !props.headlines.has(id) && !looked.has(id),
    );
    if (!missing.length) return;
    let live = true;
    void Promise.all(
      missing.slice(0, 50).map((id) =>
        api.articles.get({ id }).then(
          (a) => [id, a.headline] as const,
          () => [id, id] as const,
        ),
      ),
    ).then((found) => live && setLooked((m) => new Map([...m, ...found])));
    return () => {
      live = false;
    };
  }, [entries, props.headlines, looked]);

  return (
    <section className="audit-panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('layout:audit.title')}</h2>
      {error ? <p className="error">{error}</p> : null}
      {entries?.length === 0 ? <p className="muted">{t('layout:audit.empty')}</p> : null}
      <ol className="audit-list" aria-labelledby={`${ids}-title`}>
        {entries?.map((e) => (
          <AuditRow
            key={e.id}
            entry={e}
            headline={(e.articleId && (props.headlines.get(e.articleId) ?? looked.get(e.articleId))) || e.articleId || t('common:untitled')}
            t={t}
            language={i18n.language}
          />
        ))}
      </ol>
    </section>
  );
});
