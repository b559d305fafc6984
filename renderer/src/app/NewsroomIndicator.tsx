import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { useT } from '../i18n';
import { formatClock, formatNumber, formatTime } from './format';
import { newsroom } from './newsroom';
import { navigate } from './route';

/**
 * The header's word on the newsroom, when the archive has joined one: connected or offline (in
 * words, not only a colour), changes waiting to go out, the last sync, and the problems the
 * server refused, in a small panel with a dismissal. Hidden when not joined.
 */
export function NewsroomIndicator() {
  const { t, i18n: page } = useT();
  const ids = useId();
  const { status, busy } = useSyncExternalStore(newsroom.subscribe, newsroom.getSnapshot);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  // The panel closes on Escape and on a click elsewhere.
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    const onPointer = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPointer);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  if (!status?.joined) return null;
  const n = (value: number) => formatNumber(value, page.language);
  const lastSync = status.lastSyncAt
    ? t('common:newsroom.lastSync', { time: formatClock(status.lastSyncAt, page.language) })
    : t('common:newsroom.neverSynced');
  const state = status.connected ? 'connected' : 'offline';

  return (
    <div className={`newsroom-indicator newsroom-${state}`} ref={root} data-testid="newsroom-indicator" data-state={state}>
      <button
        type="button"
        className="newsroom-summary"
        aria-expanded={open}
        aria-controls={`${ids}-panel`}
        onClick={() => setOpen((v) => !v)}
      >
        <span className="newsroom-dot" aria-hidden="true" />
        <span data-testid="newsroom-connection">{status.connected ? t('common:newsroom.connected') : t('common:newsroom.offline')}</span>
        {status.pending > 0 ? (
          <span className="newsroom-pending" data-testid="newsroom-pending">
            {' · '}
            {t('common:newsroom.pending', { n: n(status.pending) })}
          </span>
        ) : null}
        <span className="newsroom-last">
          {' · '}
          {lastSync}
        </span>
        {status.problems.length ? (
          <span className="newsroom-problems" data-testid="newsroom-problem-count">
            {' · '}
            {t('common:newsroom.problemCount', { n: n(status.problems.length) })}
          </span>
        ) : null}
      </button>
      {open ? (
        <section id={`${ids}-panel`} className="newsroom-panel" aria-labelledby={`${ids}-title`} data-testid="newsroom-panel">
          <h2 id={`${ids}-title`}>{t('common:newsroom.panelTitle')}</h2>
          <dl className="newsroom-facts">
            <dt>{t('common:newsroom.server')}</dt>
            <dd>{status.server}</dd>
            <dt>{t('common:newsroom.connection')}</dt>
            <dd>{status.connected ? t('common:newsroom.connectedShort') : t('common:newsroom.offlineShort')}</dd>
            <dt>{t('common:newsroom.pendingLabel')}</dt>
            <dd>{n(status.pending)}</dd>
            <dt>{t('common:newsroom.lastSyncLabel')}</dt>
            <dd>{status.lastSyncAt ? formatTime(status.lastSyncAt, page.language) : t('common:newsroom.neverSynced')}</dd>
          </dl>
          {status.waitingFor.length ? (
            <p className="newsroom-waiting">
              {t('common:newsroom.waitingFor', { names: status.waitingFor.join(t('common:listSeparator')) })}
            </p>
          ) : null}
          {status.lastError ? <p className="error">{t('common:newsroom.lastError', { message: status.lastError.message })}</p> : null}
          <h3>{t('common:newsroom.problemsTitle')}</h3>
          {status.problems.length ? (
            <ul className="newsroom-problem-list">
              {status.problems.map((p) => (
                <li key={p.id}>
                  <time dateTime={p.at}>{formatTime(p.at, page.language)}</time> <span>{p.message}</span>
                  {p.articleId ? (
                    <>
                      {' '}
                      <button
                        type="button"
                        className="link"
                        onClick={() => {
                          setOpen(false);
                          navigate({ view: 'article', id: p.articleId! });
                        }}
                      >
                        {t('common:newsroom.openArticle')}
                      </button>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('common:newsroom.noProblems')}</p>
          )}
          <div className="panel-actions">
            {status.problems.length ? (
              <button type="button" disabled={busy} onClick={() => void newsroom.dismissProblems()}>
                {t('common:newsroom.dismissProblems')}
              </button>
            ) : null}
            <button type="button" disabled={busy} onClick={() => void newsroom.syncNow()}>
              {busy ? t('common:newsroom.syncing') : t('common:newsroom.syncNow')}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              {t('common:newsroom.close')}
            </button>
          </div>
        </section>
      ) : null}
    </div>
  );
}

/** Going offline and coming back, said once as a notice under the header (never a dialog). */
export function useNewsroomNotice(): string | null {
  const { t } = useT();
  const { notice } = useSyncExternalStore(newsroom.subscribe, newsroom.getSnapshot);
  if (!notice) return null;
  return notice.kind === 'offline'
    ? t('common:newsroom.wentOffline', { server: notice.server })
    : t('common:newsroom.backOnline', { server: notice.server });
}
