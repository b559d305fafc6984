import { useId, useState } from 'react';
import type { Status, StatusAction } from '../../../shared/domain/status';
import { useT } from '../i18n';

/**
 * The article's place in the workflow and the moves the signed-in person may make from there
 * (the archive says which). Withdrawing a sign-off (撤销签发) asks why first.
 */
export function StatusPanel(props: {
  status: Status;
  actions: readonly StatusAction[];
  busy: boolean;
  onAction(action: StatusAction, reason?: string): Promise<boolean>;
}) {
  const { t } = useT();
  const ids = useId();
  const [revoking, setRevoking] = useState(false);
  const [reason, setReason] = useState('');

  return (
    <section className="status-panel" aria-label={t('story:status.label')}>
      <span className="status-label">
        {t('story:status.label')}:{' '}
        <strong className={`status status-${props.status}`} data-testid="article-status">
          {t(`common:status.${props.status}`)}
        </strong>
      </span>
      <span className="status-actions">
        {props.actions.map((action) => (
          <button
            key={action}
            type="button"
            disabled={props.busy}
            aria-expanded={action === 'revoke' ? revoking : undefined}
            onClick={() => (action === 'revoke' ? setRevoking(true) : void props.onAction(action))}
          >
            {t(`story:status.actions.${action}`)}
          </button>
        ))}
      </span>
      {revoking && props.actions.includes('revoke') ? (
        <form
          className="revoke-form"
          aria-label={t('story:status.actions.revoke')}
          onSubmit={(e) => {
            e.preventDefault();
            void props.onAction('revoke', reason.trim()).then((ok) => {
              if (!ok) return;
              setRevoking(false);
              setReason('');
            });
          }}
        >
          <div className="field">
            <label htmlFor={`${ids}-reason`}>{t('story:status.revokeReason')}</label>
            <textarea
              id={`${ids}-reason`}
              rows={2}
              required
              maxLength={500}
              value={reason}
              aria-describedby={`${ids}-hint`}
              onChange={(e) => setReason(e.target.value)}
            />
            <span id={`${ids}-hint`} className="hint muted">
              {t('story:status.revokeHint')}
            </span>
          </div>
          <button type="submit" className="primary" disabled={props.busy || !reason.trim()}>
            {t('story:status.revokeConfirm')}
          </button>
          <button type="button" onClick={() => (setRevoking(false), setReason(''))}>
            {t('story:status.revokeCancel')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
