import { useEffect, useId, useState, useSyncExternalStore } from 'react';
import type { TrashEntry } from '../../../shared/api/contract';
import { hasPermission } from '../../../shared/domain/permissions';
import { api } from '../api/client';
import { messageOf } from '../app/errors';
import { formatNumber, formatTime } from '../app/format';
import { newsroom } from '../app/newsroom';
import { session } from '../app/session';
import { useT } from '../i18n';

/** Whole days until the purge, a part of a day counted as one (as the desk says "还剩 3 天"). */
function daysLeft(purgeAt: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(purgeAt) - now) / 86_400_000));
}

/**
 * The trash (回收站): stories deleted in the last 30 days, with who deleted them, when, and the
 * days left before the purge; each can be restored, and a chief editor or an administrator
 * may empty the trash at once (after a confirmation).
 */
export function TrashPanel(props: { onChanged: () => void }) {
  const { t, i18n: page } = useT();
  const ids = useId();
  const [entries, setEntries] = useState<TrashEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmEmpty, setConfirmEmpty] = useState(false);
  const [refresh, setRefresh] = useState(0);
  // The days left are counted from when the list was read.
  const [readAt, setReadAt] = useState(0);
  const account = useSyncExternalStore(session.subscribe, session.getSnapshot).state;
  // Without accounts (never the case at the desk, which signs in first) the archive decides.
  const mayEmpty = account.kind !== 'signed-in' || hasPermission(account.account, 'empty-trash');

  useEffect(() => {
    let live = true;
    api.articles.listTrash({}).then(
      (list) => live && (setEntries(list), setReadAt(Date.now()), setError(null)),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [refresh]);
  // Stories trashed or restored on other desks of the newsroom.
  useEffect(() => newsroom.onRemoteChange(() => setRefresh((n) => n + 1)), []);

  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    try {
      setNotice(await work());
      setError(null);
      props.onChanged();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
      setRefresh((n) => n + 1);
    }
  };
  const restore = (entry: TrashEntry) =>
    act(async () => {
      await api.articles.restoreFromTrash({ id: entry.id });
      return t('desk:trash.restored', { headline: entry.headline || t('common:untitled') });
    });
  const empty = () =>
    act(async () => {
      const { purged, waiting } = await api.articles.emptyTrash({});
      setConfirmEmpty(false);
      return waiting ? t('desk:trash.emptiedWaiting', { count: purged, waiting }) : t('desk:trash.emptied', { count: purged });
    });

  return (
    <section className="trash-panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('desk:trash.title')}</h2>
      <p className="muted">{t('desk:trash.hint')}</p>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {entries === null ? <p className="muted">{t('common:loading')}</p> : null}
      {entries?.length === 0 ? <p className="muted">{t('desk:trash.empty')}</p> : null}
      {entries?.length ? (
        <table className="article-table" aria-labelledby={`${ids}-title`}>
          <thead>
            <tr>
              <th scope="col">{t('desk:columns.headline')}</th>
              <th scope="col">{t('desk:columns.byline')}</th>
              <th scope="col" className="num">
                {t('desk:columns.chars')}
              </th>
              <th scope="col">{t('desk:trash.deletedBy')}</th>
              <th scope="col">{t('desk:trash.deletedAt')}</th>
              <th scope="col">{t('desk:trash.daysLeft')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('desk:trash.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => {
              const headline = e.headline || t('common:untitled');
              return (
                <tr key={e.id}>
                  <td>
                    {e.kicker ? <div className="kicker">{e.kicker}</div> : null}
                    {headline}
                  </td>
                  <td>{e.byline}</td>
                  <td className="num">{formatNumber(e.chars, page.language)}</td>
                  <td>{e.deletedBy ?? t('common:unknownPerson')}</td>
                  <td>
                    <time dateTime={e.deletedAt}>{formatTime(e.deletedAt, page.language)}</time>
                  </td>
                  <td>
                    <time dateTime={e.purgeAt}>{t('desk:trash.days', { count: daysLeft(e.purgeAt, readAt) })}</time>
                  </td>
                  <td>
                    <button
                      type="button"
                      disabled={busy}
                      aria-label={t('desk:trash.restoreOne', { headline })}
                      onClick={() => void restore(e)}
                    >
                      {t('desk:trash.restore')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {mayEmpty && entries?.length ? (
        confirmEmpty ? (
          <div className="confirm" role="group" aria-label={t('desk:trash.emptyAll')}>
            <p>{t('desk:trash.emptyQuestion', { count: entries.length })}</p>
            <button type="button" className="danger" disabled={busy} onClick={() => void empty()}>
              {t('desk:trash.emptyConfirm')}
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirmEmpty(false)}>
              {t('desk:trash.cancel')}
            </button>
          </div>
        ) : (
          <button type="button" disabled={busy} onClick={() => setConfirmEmpty(true)}>
            {t('desk:trash.emptyAll')}
          </button>
        )
      ) : null}
    </section>
  );
}
