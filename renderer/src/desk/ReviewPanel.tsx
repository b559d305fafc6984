import { useEffect, useId, useState } from 'react';
import type { ReviewItem } from '../../../shared/api/contract';
import { api } from '../api/client';
import { messageOf } from '../app/errors';
import { formatNumber } from '../app/format';
import { newsroom } from '../app/newsroom';
import { navigate } from '../app/route';
import { useT } from '../i18n';
import { doubtfulParts } from '../story/import-doubts';
import { pieceTitle } from '../story/ImportReview';

/**
 * Imported stories to review (导入待核), the least sure first, with the part of each the import
 * was unsure of (主题, 正文, 署名…): the desk opens one, puts it right in one step or says it
 * looks right, and it leaves the list.
 */
export function ReviewPanel() {
  const { t, i18n: page } = useT();
  const ids = useId();
  const [items, setItems] = useState<ReviewItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    let live = true;
    api.articles.reviewQueue({}).then(
      (list) => live && (setItems(list), setError(null)),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [refresh]);
  useEffect(() => newsroom.onRemoteChange(() => setRefresh((n) => n + 1)), []);

  const untitled = t('common:untitled');
  return (
    <section className="review-panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('desk:reviewQueue.title')}</h2>
      <p className="muted">{t('desk:reviewQueue.hint')}</p>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {items === null ? <p className="muted">{t('common:loading')}</p> : null}
      {items?.length === 0 ? <p className="muted">{t('desk:reviewQueue.empty')}</p> : null}
      {items?.length ? (
        <table className="article-table" aria-labelledby={`${ids}-title`}>
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('desk:reviewQueue.confidence')}
              </th>
              <th scope="col">{t('desk:columns.headline')}</th>
              <th scope="col">{t('desk:reviewQueue.doubtful')}</th>
              <th scope="col">{t('desk:reviewQueue.source')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <td className="num">{formatNumber(Math.round(item.confidence * 100), page.language)}%</td>
                <td>
                  {item.kicker ? <div className="kicker">{item.kicker}</div> : null}
                  <a href={`#/article/${item.id}`} onClick={(e) => (e.preventDefault(), navigate({ view: 'article', id: item.id }))}>
                    {pieceTitle(item, untitled)}
                  </a>
                </td>
                <td>
                  {doubtfulParts(item.doubts)
                    .map((p) => t(`story:origin.parts.${p}`))
                    .join(t('story:origin.partsSeparator')) || t('desk:reviewQueue.noDoubt')}
                </td>
                <td>
                  {t('desk:reviewQueue.from', {
                    file: item.fileName,
                    date: item.editionDate ?? t('desk:reviewQueue.undated'),
                    line: item.firstLine,
                  })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
