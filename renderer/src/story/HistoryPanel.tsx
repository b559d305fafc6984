import { useEffect, useId, useState } from 'react';
import type { RevisionSummary, StatusChange } from '../../../shared/api/contract';
import type { StoryVersion } from '../../../shared/domain/story-changes';
import { api } from '../api/client';
import { formatNumber, formatTime } from '../app/format';
import { useT } from '../i18n';
import { SignedComparison } from './SignedComparison';

/**
 * The article's revisions, one per editing burst, newest first, each with who wrote it; the
 * text as signed off (签发稿) marked. Any of them can be restored by whoever may edit. Below
 * them, every status change: who, when, from where, and why. A story signed off (now or
 * before) can be compared with its signed text, and any revision with the text now, before it
 * is restored: every change made since.
 */
export function HistoryPanel(props: {
  articleId: string;
  refreshKey: number;
  log: StatusChange[];
  canRestore: boolean;
  /** Said before a restore when it will send the story back to 草稿. */
  restoreNote: string | null;
  onRestore(revision: RevisionSummary): void;
  /** The revision holding the text as last signed off; null if never signed off. */
  signedRevision: number | null;
  /** The story as it stands in the editor, to compare with the signed text. */
  current: StoryVersion;
}) {
  const { t, i18n } = useT();
  const ids = useId();
  const [revisions, setRevisions] = useState<RevisionSummary[] | null>(null);
  const [comparing, setComparing] = useState(false);
  // The revision shown against the current text, before anyone restores it.
  const [against, setAgainst] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    api.revisions.list({ articleId: props.articleId }).then(
      (list) => live && setRevisions(list),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [props.articleId, props.refreshKey]);

  const unknown = t('common:unknownPerson');
  const who = (by: string | null, front: StatusChange['front']) =>
    front ? t('story:status.by', { by: by ?? unknown, front: t(`common:fronts.${front}`) }) : (by ?? unknown);

  return (
    <section className="panel history-panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('story:history.title')}</h2>
      {props.signedRevision !== null ? (
        <>
          <button type="button" aria-expanded={comparing} onClick={() => setComparing((v) => !v)}>
            {comparing ? t('story:compare.hide') : t('story:compare.show')}
          </button>
          {comparing ? <SignedComparison revisionId={props.signedRevision} current={props.current} /> : null}
        </>
      ) : null}
      {props.canRestore && props.restoreNote ? (
        <p className="hint" data-testid="restore-note">
          {props.restoreNote}
        </p>
      ) : null}
      {revisions === null ? <p className="muted">{t('common:loading')}</p> : null}
      {revisions?.length === 0 ? <p className="muted">{t('story:history.empty')}</p> : null}
      <ol className="revisions">
        {revisions?.map((r) => {
          const time = formatTime(r.updatedAt, i18n.language);
          return (
            <li key={r.id} className={`revision revision-${r.reason}`} data-revision-reason={r.reason}>
              <span className="revision-entry">
                {t('story:history.entry', {
                  time,
                  reason: t(`story:history.reasons.${r.reason}`),
                  by: r.by ?? unknown,
                  chars: formatNumber(r.chars, i18n.language),
                })}
              </span>
              <span className="revision-headline">{r.headline || t('common:untitled')}</span>
              <span className="revision-actions">
                <button
                  type="button"
                  aria-expanded={against === r.id}
                  onClick={() => setAgainst((v) => (v === r.id ? null : r.id))}
                  aria-label={t(against === r.id ? 'story:history.compareHide' : 'story:history.compare', { time })}
                >
                  {t('story:history.compareShort')}
                </button>
                <button
                  type="button"
                  disabled={!props.canRestore}
                  onClick={() => props.onRestore(r)}
                  aria-label={t('story:history.restore', { time })}
                >
                  {t('story:history.restoreShort')}
                </button>
              </span>
              {against === r.id ? <SignedComparison revisionId={r.id} current={props.current} kind="revision" /> : null}
            </li>
          );
        })}
      </ol>
      <h3 id={`${ids}-log`}>{t('story:status.log')}</h3>
      <ol className="status-log" aria-labelledby={`${ids}-log`}>
        {props.log.map((change, i) => (
          <li key={i} className="status-change">
            <time dateTime={change.at}>{formatTime(change.at, i18n.language)}</time>{' '}
            <span className="who">{who(change.by, change.front)}</span>
            {t('common:labelSeparator')}
            {change.from
              ? t('story:status.change', { from: t(`common:status.${change.from}`), to: t(`common:status.${change.to}`) })
              : t('story:status.created', { to: t(`common:status.${change.to}`) })}
            {change.reason ? (
              <span className="status-reason">
                {' · '}
                {t('story:status.reason', {
                  reason: change.reason === 'restore' ? t('story:status.reasons.restore') : change.reason,
                })}
              </span>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
