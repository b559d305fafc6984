import { useDeferredValue, useEffect, useId, useMemo, useState } from 'react';
import type { RevisionSummary } from '../../../shared/api/contract';
import type { ArticleDraft } from '../../../shared/domain/article';
import { storyChanges, type StoryChange, type StoryVersion } from '../../../shared/domain/story-changes';
import { bodyBlocksFromJson } from '../../../shared/editor/body';
import { errorMessage } from '../../../shared/i18n/setup';
import type { DiffRun } from '../../../shared/text/diff';
import { ClientError, api } from '../api/client';
import { formatTime } from '../app/format';
import { i18n, useT } from '../i18n';

/** A change's runs as text with <del> and <ins>, each announced in words before it (not by colour or strike alone). */
function Runs({ runs }: { runs: readonly DiffRun[] }) {
  const { t } = useT();
  return (
    <p className="change-text">
      {runs.map((run, i) => {
        if (run.kind === 'same') return <span key={i}>{run.text}</span>;
        const deleted = run.kind === 'deleted';
        return (
          <span key={i}>
            <span className="visually-hidden">{t(deleted ? 'story:compare.deletedMark' : 'story:compare.insertedMark')}</span>
            {deleted ? <del>{run.text}</del> : <ins>{run.text}</ins>}
          </span>
        );
      })}
    </p>
  );
}

/** What the change is of, in words: 主题, 正文第 3 段（新增）, 签发稿图片说明 2（已删去）. */
function useLabel(kind: 'signed' | 'revision'): (change: StoryChange) => string {
  const { t } = useT();
  const removed = kind === 'signed' ? 'story:compare.removed' : 'story:compare.removedFromRevision';
  return (change) => {
    switch (change.field) {
      case 'body': {
        const place = change.after ?? change.before!;
        const what = t(`story:compare.body.${place.type}`, { n: place.number });
        if (!change.before) return t('story:compare.added', { what });
        if (!change.after) return t(removed, { what });
        if (change.before.type === change.after.type) return what;
        return t(change.after.type === 'intertitle' ? 'story:compare.madeIntertitle' : 'story:compare.madeParagraph', { what });
      }
      case 'caption': {
        const what = t('story:photos.caption', { n: change.after ?? change.before! });
        if (change.before === null) return t('story:compare.added', { what });
        if (change.after === null) return t(removed, { what });
        return what;
      }
      case 'byline':
      case 'groupCredit':
        return t(`story:compare.fields.${change.field}`);
      default:
        return t(`story:fields.${change.field}`);
    }
  };
}

/**
 * The story now against an earlier text: the text as signed off (签发稿), or any revision before
 * someone restores it. Every field, paragraph and caption that differs, with the characters
 * deleted and inserted since. Read again as the story is typed.
 */
export function SignedComparison({
  revisionId,
  current,
  kind = 'signed',
}: {
  revisionId: number;
  current: StoryVersion;
  kind?: 'signed' | 'revision';
}) {
  const { t, i18n: page } = useT();
  const ids = useId();
  const label = useLabel(kind);
  const [signed, setSigned] = useState<{ id: number; revision: RevisionSummary; draft: ArticleDraft } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.revisions.get({ id: revisionId }).then(
      ({ revision, draft }) => {
        if (!live) return;
        setSigned({ id: revisionId, revision, draft });
        setError(null);
      },
      (e: unknown) => live && setError(e instanceof ClientError ? errorMessage(i18n, e.code, e.params) : String(e)),
    );
    return () => {
      live = false;
    };
  }, [revisionId]);

  // The signed text's body, read once; the story's own as the editor reads it while typing.
  const signedVersion = useMemo<StoryVersion | null>(
    () => (signed?.id === revisionId ? { ...signed.draft, body: bodyBlocksFromJson(signed.draft.bodyJson) } : null),
    [signed, revisionId],
  );
  // Compared once typing pauses for a moment, not on every keystroke.
  const now = useDeferredValue(current);
  const changes = useMemo(() => (signedVersion ? storyChanges(signedVersion, now) : null), [signedVersion, now]);

  return (
    <section className="signed-comparison" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>
        {kind === 'signed' || !signed
          ? t(kind === 'signed' ? 'story:compare.title' : 'story:compare.revisionTitleLoading')
          : t('story:compare.revisionTitle', { time: formatTime(signed.revision.updatedAt, page.language) })}
      </h3>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {!signed && !error ? <p className="muted">{t('common:loading')}</p> : null}
      {signed ? (
        <>
          <p className="muted">
            {t(kind === 'signed' ? 'story:compare.intro' : 'story:compare.revisionIntro', {
              time: formatTime(signed.revision.updatedAt, page.language),
              by: signed.revision.by ?? t('common:unknownPerson'),
            })}
          </p>
          <p className="compare-legend" id={`${ids}-legend`}>
            {t('story:compare.legend')}
            {t('common:labelSeparator')}
            <del>{t('story:compare.deleted')}</del> <ins>{t('story:compare.inserted')}</ins>
          </p>
        </>
      ) : null}
      {changes?.length === 0 ? (
        <p data-testid="compare-none">{t(kind === 'signed' ? 'story:compare.none' : 'story:compare.noneRevision')}</p>
      ) : null}
      {changes?.length ? (
        <ol className="changes" aria-describedby={`${ids}-legend`}>
          {changes.map((change, i) => (
            <li key={i} className={`change change-${change.field}`}>
              <span className="change-label">{label(change)}</span>
              <Runs runs={change.runs} />
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
