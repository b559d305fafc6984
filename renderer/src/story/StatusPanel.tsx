import type { StatusChange } from '../../../shared/api/contract';
import { availableActions, type Status, type StatusAction } from '../../../shared/domain/status';
import { formatTime } from '../app/format';
import { useT } from '../i18n';

/** The article's place in the workflow, the moves open from there, and every change so far. */
export function StatusPanel(props: { status: Status; log: StatusChange[]; busy: boolean; onAction(action: StatusAction): void }) {
  const { t, i18n } = useT();
  return (
    <section className="status-panel" aria-label={t('story:status.label')}>
      <span className="status-label">
        {t('story:status.label')}:{' '}
        <strong className={`status status-${props.status}`} data-testid="article-status">
          {t(`common:status.${props.status}`)}
        </strong>
      </span>
      <span className="status-actions">
        {availableActions(props.status).map((action) => (
          <button key={action} type="button" disabled={props.busy} onClick={() => props.onAction(action)}>
            {t(`story:status.actions.${action}`)}
          </button>
        ))}
      </span>
      <details className="status-log">
        <summary>{t('story:status.log')}</summary>
        <ol>
          {props.log.map((change, i) => (
            <li key={i}>
              <time dateTime={change.at}>{formatTime(change.at, i18n.language)}</time>{' '}
              {change.from
                ? t('story:status.change', { from: t(`common:status.${change.from}`), to: t(`common:status.${change.to}`) })
                : t('story:status.created', { to: t(`common:status.${change.to}`) })}
            </li>
          ))}
        </ol>
      </details>
    </section>
  );
}
