import { useId, useState, useSyncExternalStore, type FormEvent } from 'react';
import { newsroom } from '../app/newsroom';
import { Notice } from '../app/Notice';
import { formatNumber, formatTime } from '../app/format';
import { PasswordField } from '../common/PasswordField';
import { useT } from '../i18n';

/**
 * The administrator's newsroom form: join a newsroom server (its address, and an administrator's
 * name and password there), or, once joined, the server, a sync now and leaving (confirmed).
 */
export function NewsroomPanel() {
  const { t, i18n: page } = useT();
  const ids = useId();
  const { status, busy, error } = useSyncExternalStore(newsroom.subscribe, newsroom.getSnapshot);
  const [url, setUrl] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [years, setYears] = useState<string | null>(null);

  const join = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    if (await newsroom.join(url, name, password)) {
      setPassword('');
      setDone(t('common:newsroom.joinedDone', { server: newsroom.getSnapshot().status?.server ?? url }));
    }
  };
  const leave = async () => {
    setDone(null);
    if (await newsroom.leave()) {
      setConfirming(false);
      setDone(t('common:newsroom.leftDone'));
    }
  };
  const keep = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const text = (years ?? '').trim();
    if (await newsroom.configure(text === '' ? null : Number(text))) {
      setYears(null);
      setDone(t('common:newsroom.keepYearsDone'));
    }
  };
  const syncNow = async () => {
    setDone(null);
    if (await newsroom.syncNow()) setDone(t('common:newsroom.syncedDone'));
  };

  return (
    <section className="panel newsroom-form" aria-labelledby={`${ids}-title`} data-testid="newsroom-form">
      <h2 id={`${ids}-title`}>{t('common:newsroom.title')}</h2>
      <Notice message={error} onDismiss={() => newsroom.clearError()} />
      <p className="muted" role="status">
        {done}
      </p>
      {status === null ? (
        <p className="muted">{t('common:loading')}</p>
      ) : status.joined ? (
        <>
          <p data-testid="newsroom-joined">{t('common:newsroom.joinedTo', { server: status.server ?? '' })}</p>
          <dl className="newsroom-facts">
            <dt>{t('common:newsroom.connection')}</dt>
            <dd>{status.connected ? t('common:newsroom.connectedShort') : t('common:newsroom.offlineShort')}</dd>
            <dt>{t('common:newsroom.pendingLabel')}</dt>
            <dd>{formatNumber(status.pending, page.language)}</dd>
            <dt>{t('common:newsroom.lastSyncLabel')}</dt>
            <dd>{status.lastSyncAt ? formatTime(status.lastSyncAt, page.language) : t('common:newsroom.neverSynced')}</dd>
          </dl>
          <form className="newsroom-keep" onSubmit={(e) => void keep(e)}>
            <div className="field">
              <label htmlFor={`${ids}-years`}>{t('common:newsroom.keepYears')}</label>
              <input
                id={`${ids}-years`}
                type="number"
                min={1}
                max={100}
                step={1}
                inputMode="numeric"
                value={years ?? (status.keepYears === null ? '' : String(status.keepYears))}
                aria-describedby={`${ids}-years-hint`}
                onChange={(e) => setYears(e.target.value)}
              />
              <span id={`${ids}-years-hint`} className="hint muted">
                {t('common:newsroom.keepYearsHint')}
              </span>
            </div>
            <button type="submit" disabled={busy || years === null}>
              {t('common:newsroom.keepYearsSave')}
            </button>
          </form>
          {confirming ? (
            <div className="newsroom-confirm" role="group" aria-labelledby={`${ids}-confirm`}>
              <p id={`${ids}-confirm`}>{t('common:newsroom.leaveConfirm', { n: formatNumber(status.pending, page.language) })}</p>
              <div className="panel-actions">
                <button type="button" className="primary" disabled={busy} onClick={() => void leave()}>
                  {t('common:newsroom.leaveYes')}
                </button>
                <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
                  {t('common:newsroom.cancel')}
                </button>
              </div>
            </div>
          ) : (
            <div className="panel-actions">
              <button type="button" disabled={busy} onClick={() => void syncNow()}>
                {busy ? t('common:newsroom.syncing') : t('common:newsroom.syncNow')}
              </button>
              <button type="button" disabled={busy} onClick={() => setConfirming(true)}>
                {t('common:newsroom.leave')}
              </button>
            </div>
          )}
        </>
      ) : (
        <form onSubmit={(e) => void join(e)}>
          <p className="muted">{t('common:newsroom.intro')}</p>
          <div className="field">
            <label htmlFor={`${ids}-url`}>{t('common:newsroom.url')}</label>
            <input
              id={`${ids}-url`}
              inputMode="url"
              required
              maxLength={500}
              value={url}
              placeholder="https://"
              aria-describedby={`${ids}-url-hint`}
              autoComplete="url"
              onChange={(e) => setUrl(e.target.value)}
            />
            <span id={`${ids}-url-hint`} className="hint muted">
              {t('common:newsroom.urlHint')}
            </span>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-name`}>{t('common:newsroom.name')}</label>
            <input
              id={`${ids}-name`}
              required
              maxLength={100}
              value={name}
              autoComplete="username"
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <PasswordField
            id={`${ids}-password`}
            label={t('common:newsroom.password')}
            value={password}
            onChange={setPassword}
            purpose="current"
          />
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('common:newsroom.joining') : t('common:newsroom.join')}
          </button>
        </form>
      )}
    </section>
  );
}
