import type { SearchResponse, SearchResult } from '../../../shared/api/contract';
import { RANK_WINDOW_SIZE } from '../../../shared/search/limits';
import { navigate } from '../app/route';
import { useT } from '../i18n';

/** The snippet with the hits marked. */
function Snippet({ result }: { result: SearchResult }) {
  const parts: { text: string; hit: boolean }[] = [];
  let at = 0;
  for (const [from, to] of result.highlights) {
    if (from < at) continue;
    if (from > at) parts.push({ text: result.snippet.slice(at, from), hit: false });
    parts.push({ text: result.snippet.slice(from, to), hit: true });
    at = to;
  }
  parts.push({ text: result.snippet.slice(at), hit: false });
  return <p className="snippet">{parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</p>;
}

/** Search results over the whole archive, each opening its article in the story desk. */
export function SearchResults({ response }: { response: SearchResponse }) {
  const { t } = useT();
  return (
    <section className="search-results">
      <p className="muted" role="status">
        {t('desk:searchCount', { count: response.total, more: response.totalCapped ? '+' : '' })}
      </p>
      {response.partial ? (
        <p className="notice">
          {t(response.rankedBy === 'weight' ? 'desk:searchPartialWeight' : 'desk:searchPartial', {
            window: response.ranked ?? RANK_WINDOW_SIZE,
          })}
        </p>
      ) : null}
      <ol className="results">
        {response.results.map((r) => (
          <li key={r.id}>
            {r.kicker ? <div className="kicker">{r.kicker}</div> : null}
            <a href={`#/article/${r.id}`} onClick={(e) => (e.preventDefault(), navigate({ view: 'article', id: r.id }))}>
              {r.headline || t('common:untitled')}
            </a>
            <div className="result-meta">
              <span className={`status status-${r.status}`}>{t(`common:status.${r.status}`)}</span>{' '}
              {r.date ? <time dateTime={r.date}>{r.date}</time> : <span className="undated">{t('common:undated')}</span>}
              {r.page ? ` · ${r.page}` : ''} · {r.byline}
            </div>
            <Snippet result={r} />
          </li>
        ))}
      </ol>
    </section>
  );
}
