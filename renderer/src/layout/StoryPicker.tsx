import { memo, useEffect, useId, useMemo, useState, useSyncExternalStore } from 'react';
import { STATUSES, type Status } from '../../../shared/domain/status';
import { api } from '../api/client';
import { messageOf } from '../app/errors';
import { formatNumber } from '../app/format';
import { useT } from '../i18n';
import { StorySearch } from './story-search';

const PICKABLE = STATUSES.filter((s) => s !== 'spiked');

/**
 * The story picker (排入稿件): the archive searched as on the desk, each story with its 字数 and
 * status, those already in this edition marked; one begun on another page is offered to go on
 * here (转版), one on this page not again. Paged on past any cap.
 */
export const StoryPicker = memo(function StoryPicker(props: {
  /** Stories placed in this edition, with the page each begins on. */
  placed: ReadonlyMap<string, number>;
  /** The page shown. */
  page: number;
  onPlace(articleId: string, continues: boolean): Promise<boolean>;
}) {
  const { t, i18n } = useT();
  const ids = useId();
  const search = useMemo(
    () =>
      new StorySearch({
        list: (input) => api.articles.list(input),
        search: (input) => api.search.query(input),
        schedule: (fn, ms) => {
          const timer = setTimeout(fn, ms);
          return () => clearTimeout(timer);
        },
      }),
    [],
  );
  useEffect(() => {
    void search.start();
    return () => search.stop();
  }, [search]);
  const state = useSyncExternalStore(search.subscribe, search.getSnapshot);
  const [chosen, setChosen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const here = (id: string) => props.placed.get(id) === props.page;
  const choice = chosen && !here(chosen) && state.items.some((i) => i.id === chosen) ? chosen : null;
  const startsOn = choice ? props.placed.get(choice) : undefined;

  const place = async () => {
    if (!choice) return;
    setBusy(true);
    try {
      if (await props.onPlace(choice, startsOn !== undefined)) setChosen(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby={`${ids}-title`} className="place-form story-picker">
      <h2 id={`${ids}-title`}>{t('layout:placeArticle')}</h2>
      <div className="field">
        <label htmlFor={`${ids}-find`}>{t('layout:picker.find')}</label>
        <input
          id={`${ids}-find`}
          type="search"
          maxLength={200}
          value={state.query}
          placeholder={t('layout:picker.findPlaceholder')}
          onChange={(e) => search.setQuery(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-status`}>{t('layout:picker.status')}</label>
        <select id={`${ids}-status`} value={state.status} onChange={(e) => void search.setStatus(e.target.value as Status | '')}>
          <option value="">{t('layout:picker.allStatuses')}</option>
          {PICKABLE.map((s) => (
            <option key={s} value={s}>
              {t(`common:status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <p className="muted" role="status" data-testid="picker-count">
        {state.total !== null
          ? t('layout:picker.shownOf', { shown: state.items.length, total: state.total })
          : t('layout:picker.shown', { shown: state.items.length })}
      </p>
      {state.error ? <p className="error">{messageOf(state.error)}</p> : null}
      <fieldset className="picker-choices">
        <legend>{t('layout:articleToPlace')}</legend>
        {state.items.length ? (
          <ul className="picker-list">
            {state.items.map((item) => {
              const on = props.placed.get(item.id);
              return (
                <li key={item.id} className={on !== undefined ? 'placed' : undefined}>
                  <label>
                    <input
                      type="radio"
                      name={`${ids}-story`}
                      value={item.id}
                      checked={choice === item.id}
                      disabled={on === props.page}
                      onChange={() => setChosen(item.id)}
                    />
                    <span className="picker-headline">{item.headline || t('common:untitled')}</span>{' '}
                    <span className="picker-meta">
                      <span>{t('layout:picker.chars', { chars: formatNumber(item.chars, i18n.language) })}</span>{' '}
                      <span className={`status status-${item.status}`}>{t(`common:status.${item.status}`)}</span>
                      {on !== undefined ? (
                        <>
                          {' '}
                          <span className="placed-badge">{t('layout:picker.placedOn', { page: on })}</span>
                        </>
                      ) : null}
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
        ) : state.loading ? (
          <p className="muted">{t('common:loading')}</p>
        ) : (
          <p className="muted">{t('layout:picker.none')}</p>
        )}
      </fieldset>
      <div className="actions">
        {state.more ? (
          <button type="button" disabled={state.loading} onClick={() => void search.loadMore()}>
            {t('layout:picker.more')}
          </button>
        ) : null}
        <button type="button" className="primary" disabled={!choice || busy} onClick={() => void place()}>
          {startsOn !== undefined ? t('layout:picker.continueHere', { page: startsOn }) : t('layout:place')}
        </button>
      </div>
    </section>
  );
});
