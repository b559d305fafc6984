import { useEffect, useId, useState } from 'react';
import type { Status, StatusAction } from '../../../shared/domain/status';
import { api } from '../api/client';
import { flushAll } from '../app/commands';
import { messageOf } from '../app/errors';
import { navigate, useRoute } from '../app/route';
import { useT } from '../i18n';

/**
 * The article's place in the workflow and the moves the signed-in person may make from there
 * (the archive says which). Withdrawing a sign-off (撤销签发) asks why first. Deleting the story
 * (移入回收站) is offered to whoever may, and asks for a confirmation.
 */
export function StatusPanel(props: {
  status: Status;
  actions: readonly StatusAction[];
  busy: boolean;
  onAction(action: StatusAction, reason?: string): Promise<boolean>;
  /** The story shown; the article of the page's route when not given. */
  articleId?: string;
}) {
  const { t } = useT();
  const ids = useId();
  const [revoking, setRevoking] = useState(false);
  const [reason, setReason] = useState('');
  const route = useRoute();
  const articleId = props.articleId ?? (route.view === 'article' ? route.id : null);
  const [mayTrash, setMayTrash] = useState(false);
  const [confirmTrash, setConfirmTrash] = useState(false);
  const [trashing, setTrashing] = useState(false);
  const [trashError, setTrashError] = useState<string | null>(null);

  // Whether the person may delete it changes with its status (a reporter's draft, once
  // submitted, is the desk's): asked again whenever the status moves.
  useEffect(() => {
    if (!articleId) return;
    let live = true;
    api.articles.access({ id: articleId }).then(
      (access) => live && setMayTrash(access.trash === true),
      () => live && setMayTrash(false),
    );
    return () => {
      live = false;
    };
  }, [articleId, props.status]);

  const trash = async () => {
    if (!articleId) return;
    setTrashing(true);
    try {
      // What was typed goes into the trash with the story (a save after it would be refused).
      if (!(await flushAll())) {
        setTrashError(t('story:trash.unsaved'));
        setTrashing(false);
        return;
      }
      await api.articles.trash({ id: articleId });
      navigate({ view: 'desk' });
    } catch (error) {
      setTrashError(messageOf(error));
      setTrashing(false);
    }
  };

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
      {mayTrash ? (
        <span className="trash-action">
          {confirmTrash ? (
            <span role="group" aria-label={t('story:trash.button')}>
              <span>{t('story:trash.question')}</span>{' '}
              <button type="button" className="primary" disabled={props.busy || trashing} onClick={() => void trash()}>
                {t('story:trash.confirm')}
              </button>
              <button type="button" disabled={trashing} onClick={() => (setConfirmTrash(false), setTrashError(null))}>
                {t('story:trash.cancel')}
              </button>
            </span>
          ) : (
            <button type="button" disabled={props.busy} onClick={() => setConfirmTrash(true)}>
              {t('story:trash.button')}
            </button>
          )}
          {trashError ? (
            <span role="alert" className="error">
              {trashError}
            </span>
          ) : null}
        </span>
      ) : null}
    </section>
  );
}
