import { startTransition, useEffect, useId, useRef, useState } from 'react';
import type { ArticleSummary, SearchResponse } from '../../../shared/api/contract';
import { STATUSES, type Status } from '../../../shared/domain/status';
import { errorMessage } from '../../../shared/i18n/setup';
import { ClientError, api } from '../api/client';
import { onCommand, takePending } from '../app/commands';
import { newsroom } from '../app/newsroom';
import { formatNumber, formatTime } from '../app/format';
import { navigate } from '../app/route';
import { firstListRows, takeFirstList } from '../app/first-calls';
import { firstScreenShown, ReviewPanel, TrashPanel } from '../app/views';
import { Loading, ViewFrame } from '../app/ViewFrame';
import { i18n, useT } from '../i18n';
import { ImportPanel } from './ImportPanel';
import { useFirstRowsFirst } from './first-rows';
import { FIRST_PAGE, LIST_PAGE } from './list-page';
import { SearchResults } from './SearchResults';
import { SearchFilters, type Filters } from './SearchFilters';

/** Search results read at a time: the search pages on from there, as far as the archive goes. */
const SEARCH_PAGE = 100;

/** Whose articles the list shows: all, the signed-in person's own, or those waiting for their review. */
type Scope = 'all' | 'mine' | 'awaitingMe';

/** The desk (稿库): recent articles, filtered by status or by words, and a way to start one. */
export function Desk(props: { onNewArticle: () => void }) {
  const { t, i18n: page } = useT();
  const ids = useId();
  const [status, setStatus] = useState<Status | ''>('');
  const [text, setText] = useState('');
  // The first page asked for as the page started, when it is in already: the rows come with the desk's first frame.
  const [articles, setArticles] = useState<ArticleSummary[] | null>(firstListRows);
  const [found, setFound] = useState<SearchResponse | null>(null);
  const [order, setOrder] = useState<'newest' | 'relevance'>('newest');
  const [filters, setFilters] = useState<Filters>({});
  const [error, setError] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [scope, setScope] = useState<Scope>('all');
  // 回收站: the desk shows the trash in place of its list.
  const [showTrash, setShowTrash] = useState(false);
  // 导入待核: imported stories to review, in place of the list, as the trash is.
  const [showReview, setShowReview] = useState(false);
  const aside = showTrash || showReview;
  const findRef = useRef<HTMLInputElement>(null);
  // The request the list or the search was last read with: "more" reads its next page.
  const [more, setMore] = useState<{ next: (offset: number) => Promise<void>; busy: boolean } | null>(null);

  useEffect(() => {
    let live = true;
    const query = text.trim();
    const fail = (e: unknown) => live && setError(e instanceof ClientError ? errorMessage(i18n, e.code, e.params) : String(e));
    // Results as the editor types, a moment after the last key.
    const scoped = scope !== 'all';
    const narrowed = !scoped && Object.keys(filters).length > 0;
    const list = (input: Parameters<typeof api.articles.list>[0]) => {
      setFound(null);
      const ask = (offset: number, limit: number) => api.articles.list({ ...input, limit, offset });
      const read = (offset: number, limit: number, answer = ask(offset, limit)): Promise<void> =>
        answer.then((page) => {
          if (!live) return;
          const show = () =>
            setArticles((before) => (offset ? [...(before ?? []), ...page.filter((a) => !before?.some((b) => b.id === a.id))] : page));
          // Rows added below those shown can wait for the person's typing.
          if (offset) startTransition(show);
          else show();
          setError(null);
          const full = page.length === limit;
          // The list's start as asked for at boot: the rest of its first page now.
          if (full && offset + limit < LIST_PAGE) return read(offset + limit, LIST_PAGE - offset - limit);
          setMore(full ? { next: (at) => read(at, LIST_PAGE), busy: false } : null);
        });
      // The unfiltered list's start was asked for as the page started (first-calls.ts).
      const first = Object.keys(input).length === 0 ? takeFirstList() : null;
      return (
        first
          ? read(
              0,
              FIRST_PAGE,
              first.catch(() => ask(0, FIRST_PAGE)),
            )
          : read(0, LIST_PAGE)
      ).catch(fail);
    };
    const timer = setTimeout(
      () => {
        setMore(null);
        if (scoped) {
          // The person's own or waiting stories: the list, narrowed by status and words.
          void list({
            ...(status ? { status } : {}),
            ...(query ? { text: query } : {}),
            ...(scope === 'mine' ? { mine: true } : { awaitingMe: true }),
          });
          return;
        }
        if (query || narrowed) {
          const all = { ...filters, ...(status ? { status } : {}) };
          const read = (offset: number) =>
            api.search
              .query({ q: query, order, limit: SEARCH_PAGE, offset, ...(Object.keys(all).length ? { filters: all } : {}) })
              .then((response) => {
                if (!live) return;
                setFound((before) => (offset && before ? { ...response, results: [...before.results, ...response.results] } : response));
                setMore(offset + response.results.length < response.total && response.results.length ? { next: read, busy: false } : null);
                setError(null);
              });
          void read(0).catch(fail);
          return;
        }
        void list(status ? { status } : {});
      },
      query || narrowed ? 120 : 0,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [status, text, order, refresh, filters, scope]);

  useEffect(() => {
    const focusFind = () => {
      findRef.current?.focus();
      findRef.current?.select();
    };
    if (takePending('find')) focusFind();
    return onCommand((command) => {
      if (command === 'find') focusFind();
      if (command === 'refresh') setRefresh((n) => n + 1);
    });
  }, []);
  const drawn = useFirstRowsFirst(articles);
  useEffect(() => {
    if (articles !== null) firstScreenShown();
  }, [articles]);
  // Stories changed in the newsroom (on other machines): the list shows them as they now stand.
  useEffect(
    () =>
      newsroom.onRemoteChange((change) => {
        if (change.all || change.articles.size) setRefresh((n) => n + 1);
      }),
    [],
  );

  return (
    <section className="desk" aria-labelledby={`${ids}-title`}>
      <header className="desk-header">
        <h1 id={`${ids}-title`}>{t('desk:title')}</h1>
        <button type="button" className="primary" onClick={props.onNewArticle}>
          {t('desk:newArticle')}
        </button>
        <div className="field inline">
          <label htmlFor={`${ids}-status`}>{t('desk:statusFilter')}</label>
          <select id={`${ids}-status`} value={status} onChange={(e) => setStatus(e.target.value as Status | '')}>
            <option value="">{t('desk:allStatuses')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`common:status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline grow">
          <label htmlFor={`${ids}-find`}>{t('desk:find')}</label>
          <input
            id={`${ids}-find`}
            ref={findRef}
            type="search"
            value={text}
            maxLength={100}
            placeholder={t('desk:findPlaceholder')}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <div className="scope-toggles" role="group" aria-label={t('desk:scope.label')}>
          {(['mine', 'awaitingMe'] as const).map((s) => (
            <button key={s} type="button" aria-pressed={scope === s} onClick={() => setScope(scope === s ? 'all' : s)}>
              {t(`desk:scope.${s}`)}
            </button>
          ))}
        </div>
        <button type="button" aria-pressed={showTrash} onClick={() => (setShowTrash(!showTrash), setShowReview(false))}>
          {t('desk:trash.title')}
        </button>
        <button type="button" aria-pressed={showReview} onClick={() => (setShowReview(!showReview), setShowTrash(false))}>
          {t('desk:reviewQueue.title')}
        </button>
        {aside ? null : scope === 'all' && (text.trim() || Object.keys(filters).length) ? (
          <div className="field inline">
            <label htmlFor={`${ids}-order`}>{t('desk:order')}</label>
            <select id={`${ids}-order`} value={order} onChange={(e) => setOrder(e.target.value as 'newest' | 'relevance')}>
              <option value="newest">{t('desk:orderNewest')}</option>
              <option value="relevance">{t('desk:orderRelevance')}</option>
            </select>
          </div>
        ) : articles ? (
          <span className="muted">{t('desk:count', { count: articles.length })}</span>
        ) : null}
      </header>
      {showTrash ? (
        <ViewFrame>
          <TrashPanel onChanged={() => setRefresh((n) => n + 1)} />
        </ViewFrame>
      ) : null}
      {showReview ? (
        <ViewFrame>
          <ReviewPanel />
        </ViewFrame>
      ) : null}
      {aside ? null : scope === 'all' ? (
        <SearchFilters filters={filters} onChange={setFilters} />
      ) : (
        <p className="muted">{t('desk:scope.hint')}</p>
      )}
      {aside ? null : <ImportPanel onImported={() => setRefresh((n) => n + 1)} />}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {aside ? null : found ? <SearchResults response={found} /> : null}
      {!aside && !found && articles?.length === 0 ? <p className="muted">{t('desk:empty')}</p> : null}
      {/* The list's frame with its column labels shows at once; its rows when the archive answers. */}
      {!aside && !found && articles?.length !== 0 ? (
        <table className="article-table" aria-busy={articles === null}>
          <thead>
            <tr>
              <th scope="col">{t('desk:columns.headline')}</th>
              <th scope="col">{t('desk:columns.status')}</th>
              <th scope="col">{t('desk:columns.byline')}</th>
              <th scope="col" className="num">
                {t('desk:columns.chars')}
              </th>
              <th scope="col">{t('desk:columns.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {drawn?.map((a) => {
              const headline = a.headline || t('common:untitled');
              return (
                <tr key={a.id}>
                  <td>
                    {a.kicker ? <div className="kicker">{a.kicker}</div> : null}
                    <a href={`#/article/${a.id}`} onClick={(e) => (e.preventDefault(), navigate({ view: 'article', id: a.id }))}>
                      {headline}
                    </a>
                    {a.column ? <div className="column-label">{a.column}</div> : null}
                  </td>
                  <td>
                    <span className={`status status-${a.status}`}>{t(`common:status.${a.status}`)}</span>
                    {a.needsReview ? (
                      <span className="review-badge" title={t('desk:reviewHint')}>
                        {t('desk:review')}
                      </span>
                    ) : null}
                  </td>
                  <td>{a.byline}</td>
                  <td className="num">{formatNumber(a.chars, page.language)}</td>
                  <td>
                    <time dateTime={a.updatedAt}>{formatTime(a.updatedAt, page.language)}</time>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {!aside && !found && articles === null ? <Loading /> : null}
      {!aside && more && (found || articles?.length) ? (
        <button
          type="button"
          className="load-more"
          disabled={more.busy}
          onClick={() => {
            setMore({ ...more, busy: true });
            more.next(found ? found.results.length : (articles?.length ?? 0)).catch((e: unknown) => {
              setMore({ ...more, busy: false });
              setError(e instanceof ClientError ? errorMessage(i18n, e.code, e.params) : String(e));
            });
          }}
        >
          {t('desk:more')}
        </button>
      ) : null}
    </section>
  );
}
