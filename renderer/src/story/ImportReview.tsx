import { useEffect, useId, useState, useSyncExternalStore } from 'react';
import type { ReviewItem } from '../../../shared/api/contract';
import type { Article, BodyBlock } from '../../../shared/domain/article';
import { hasPermission } from '../../../shared/domain/permissions';
import { api } from '../api/client';
import { session } from '../app/session';
import { useT } from '../i18n';
import { doubtfulParts } from './import-doubts';
import type { StoryController, StorySnapshot } from './story-controller';

/** How a piece of the page is named in a list: its headline, else its first words. */
export function pieceTitle(item: Pick<ReviewItem, 'headline' | 'opening'>, untitled: string): string {
  return item.headline || (item.opening ? `${item.opening.slice(0, 24)}…` : untitled);
}

const clip = (text: string) => (text.length > 28 ? `${text.slice(0, 28)}…` : text);

/**
 * The review banner of an imported story: where it came from, how sure the import was and of
 * which part not, and the one-step fixes (a paragraph or a neighbour's headline made its 主题,
 * the next piece of the page joined on, the text split at a paragraph), or "looks right".
 * Reviewed or not, whoever may fix it can give it the edition date and page it was printed on.
 */
export function ImportReview(props: {
  story: StoryController;
  origin: NonNullable<Article['origin']>;
  /** Still to review: the banner, its doubts and fixes; else only the date. */
  needsReview: boolean;
  /** The edition date and page as typed (the controller's). */
  dating: StorySnapshot['dating'];
  blocks: readonly BodyBlock[];
  busy: boolean;
  /** May this person fix it (editors, chief editors, a reporter their own): else the banner only informs. */
  mayFix: boolean;
}) {
  const { story, origin, needsReview, dating, blocks, busy, mayFix } = props;
  const { t } = useT();
  const ids = useId();
  const [pieces, setPieces] = useState<ReviewItem[]>([]);
  const [paragraph, setParagraph] = useState(0);
  const [from, setFrom] = useState('');
  const account = useSyncExternalStore(session.subscribe, session.getSnapshot).state;
  // A split makes a printed story of its own: for those who may import pages (the archive decides).
  const maySplit = account.kind !== 'signed-in' || hasPermission(account.account, 'import');

  useEffect(() => {
    let live = true;
    api.articles.importPieces({ id: story.articleId }).then(
      (list) => live && setPieces(list),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [story]);

  const others = pieces.filter((p) => p.id !== story.articleId);
  const next = pieces[pieces.findIndex((p) => p.id === story.articleId) + 1];
  const chosen = Math.min(paragraph, Math.max(0, blocks.length - 1));
  const source = from || others.find((p) => p.headline)?.id || '';
  const untitled = t('common:untitled');
  const parts = doubtfulParts(origin.doubts);

  return (
    <div className="origin" role="note" aria-labelledby={needsReview ? `${ids}-message` : `${ids}-dating`}>
      {needsReview ? (
        <p id={`${ids}-message`}>
          {t('story:origin.message', {
            file: origin.fileName,
            from: origin.firstLine,
            to: origin.lastLine,
            confidence: Math.round(origin.confidence * 100),
          })}
        </p>
      ) : null}
      {needsReview && parts.length ? (
        <p data-testid="doubtful-parts">
          {t('story:origin.doubtful', { parts: parts.map((p) => t(`story:origin.parts.${p}`)).join(t('story:origin.partsSeparator')) })}
        </p>
      ) : null}
      {needsReview && origin.doubts.length ? (
        <ul>
          {origin.doubts.map((d) => (
            <li key={d}>{t(`story:origin.doubts.${d as 'fragment'}`)}</li>
          ))}
        </ul>
      ) : null}
      {mayFix && needsReview ? (
        <fieldset className="import-fixes" disabled={busy}>
          <legend>{t('story:origin.fix.title')}</legend>
          {blocks.length ? (
            <div className="field inline">
              <label htmlFor={`${ids}-paragraph`}>{t('story:origin.fix.paragraph')}</label>
              <select id={`${ids}-paragraph`} value={chosen} onChange={(e) => setParagraph(Number(e.target.value))}>
                {blocks.map((b, i) => (
                  <option key={i} value={i}>
                    {t('story:origin.fix.paragraphOption', { n: i + 1, text: clip(b.text) })}
                  </option>
                ))}
              </select>
              <button type="button" onClick={() => void story.fixImport({ kind: 'headline-from-paragraph', paragraph: chosen })}>
                {t('story:origin.fix.makeHeadline')}
              </button>
              {maySplit ? (
                <button type="button" disabled={chosen === 0} onClick={() => void story.fixImport({ kind: 'split', paragraph: chosen })}>
                  {t('story:origin.fix.splitHere')}
                </button>
              ) : null}
            </div>
          ) : null}
          {others.some((p) => p.headline) ? (
            <div className="field inline">
              <label htmlFor={`${ids}-from`}>{t('story:origin.fix.otherStory')}</label>
              <select id={`${ids}-from`} value={source} onChange={(e) => setFrom(e.target.value)}>
                {others
                  .filter((p) => p.headline)
                  .map((p) => (
                    <option key={p.id} value={p.id}>
                      {clip(p.headline)}
                    </option>
                  ))}
              </select>
              <button type="button" disabled={!source} onClick={() => void story.fixImport({ kind: 'headline-from-story', from: source })}>
                {t('story:origin.fix.takeHeadline')}
              </button>
            </div>
          ) : null}
          <p>
            <button
              type="button"
              disabled={!next}
              aria-describedby={`${ids}-next`}
              onClick={() => void story.fixImport({ kind: 'join-next' })}
            >
              {t('story:origin.fix.joinNext')}
            </button>{' '}
            <span id={`${ids}-next`} className="muted">
              {next ? t('story:origin.fix.nextIs', { title: pieceTitle(next, untitled) }) : t('story:origin.fix.noNext')}
            </span>
          </p>
          <p>
            <button type="button" className="primary" onClick={() => void story.markReviewed()}>
              {t('story:origin.reviewed')}
            </button>
          </p>
        </fieldset>
      ) : null}
      {mayFix ? (
        <fieldset className="import-dating" disabled={busy} aria-describedby={`${ids}-dating-hint`}>
          <legend id={`${ids}-dating`}>{t('story:origin.dating.title')}</legend>
          <div className="field inline">
            <label htmlFor={`${ids}-date`}>{t('story:origin.dating.date')}</label>
            <input id={`${ids}-date`} type="date" value={dating.date} onChange={(e) => story.changeDating({ date: e.target.value })} />
            <label htmlFor={`${ids}-page`}>{t('story:origin.dating.page')}</label>
            <input
              id={`${ids}-page`}
              type="number"
              min={1}
              max={999}
              value={dating.page}
              onChange={(e) => story.changeDating({ page: e.target.value })}
            />
            <button type="button" disabled={!dating.date} onClick={() => void story.setImportDate()}>
              {t('story:origin.dating.set')}
            </button>
          </div>
          <p id={`${ids}-dating-hint`} className="muted">
            {t('story:origin.dating.hint')}
          </p>
        </fieldset>
      ) : null}
    </div>
  );
}
