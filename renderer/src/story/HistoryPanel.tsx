import { useEffect, useState } from 'react';
import type { RevisionSummary } from '../../../shared/api/contract';
import { api } from '../api/client';
import { formatNumber, formatTime } from '../app/format';
import { useT } from '../i18n';

/** The article's revisions, one per editing burst, newest first; any of them can be restored. */
export function HistoryPanel(props: { articleId: string; refreshKey: number; onRestore(revision: RevisionSummary): void }) {
  const { t, i18n } = useT();
  const [revisions, setRevisions] = useState<RevisionSummary[] | null>(null);

  useEffect(() => {
    let live = true;
    void api.revisions.list({ articleId: props.articleId }).then((list) => {
      if (live) setRevisions(list);
    });
    return () => {
      live = false;
    };
  }, [props.articleId, props.refreshKey]);

  return (
    <section className="panel history-panel" aria-labelledby="history-title">
      <h2 id="history-title">{t('story:history.title')}</h2>
      {revisions === null ? <p className="muted">{t('common:loading')}</p> : null}
      {revisions?.length === 0 ? <p className="muted">{t('story:history.empty')}</p> : null}
      <ol className="revisions">
        {revisions?.map((r) => {
          const time = formatTime(r.updatedAt, i18n.language);
          return (
            <li key={r.id} className={`revision revision-${r.reason}`}>
              <span className="revision-entry">
                {t('story:history.entry', {
                  time,
                  reason: t(`story:history.reasons.${r.reason}`),
                  chars: formatNumber(r.chars, i18n.language),
                })}
              </span>
              <span className="revision-headline">{r.headline || t('common:untitled')}</span>
              <button type="button" onClick={() => props.onRestore(r)} aria-label={t('story:history.restore', { time })}>
                {t('story:history.restoreShort')}
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
