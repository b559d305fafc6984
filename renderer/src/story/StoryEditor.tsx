import type { LexicalEditor } from 'lexical';
import { useCallback, useEffect, useId, useMemo, useState, useSyncExternalStore } from 'react';
import type { ApiOutput, ArticleAccess } from '../../../shared/api/contract';
import { LIMITS, type Article } from '../../../shared/domain/article';
import { errorMessage } from '../../../shared/i18n/setup';
import { ClientError, api } from '../api/client';
import { onCommand, registerFlush } from '../app/commands';
import { formatClock, formatNumber, formatTime } from '../app/format';
import { newsroom } from '../app/newsroom';
import { session } from '../app/session';
import { navigate } from '../app/route';
import { i18n, useT } from '../i18n';
import { BodyEditor, type BodyChange } from './BodyEditor';
import { SlotPanel } from './SlotPanel';
import { Notice } from '../app/Notice';
import { ArticleExport } from './ArticleExport';
import { publishLive } from '../layout/live';
import { BylineEditor } from './BylineEditor';
import { HistoryPanel } from './HistoryPanel';
import { ImportReview } from './ImportReview';
import { PhotosEditor } from './PhotosEditor';
import { StatusPanel } from './StatusPanel';
import type { CheckoutSnapshot } from './checkout';
import { lexicalBodyHandle } from './body-handle';
import { ProofreadPanel } from './ProofreadPanel';
import { StoryController, type StoryDeps } from './story-controller';
import { FindReplaceBar } from './find/FindReplaceBar'; // find and replace (查找替换)

type LineField = 'column' | 'kicker' | 'headline' | 'deck' | 'dateline' | 'jump' | 'source';

function describe(error: unknown): string {
  return error instanceof ClientError ? errorMessage(i18n, error.code, error.params) : String(error);
}

/** One article open for editing: every field, saved as it is typed, with history and workflow. */
export function StoryEditor({ articleId }: { articleId: string }) {
  // What was read, and for which id: an answer for another article is no answer for this one.
  const [loaded, setLoaded] = useState<{
    articleId: string;
    article: Article | null;
    access: ArticleAccess | null;
    loadError: string | null;
  } | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    Promise.all([api.articles.get({ id: articleId }), api.articles.access({ id: articleId })])
      .then(([article, access]) => live && setLoaded({ articleId, article, access, loadError: null }))
      .catch((error: unknown) => live && setLoaded({ articleId, article: null, access: null, loadError: describe(error) }));
    return () => {
      live = false;
    };
  }, [articleId, attempt]);

  // A load refused while signed out is tried again once someone signs in.
  const failed = loaded?.loadError != null;
  useEffect(() => (failed ? onCommand((command) => command === 'refresh' && setAttempt((n) => n + 1)) : undefined), [failed]);

  const { article, access, loadError } = loaded?.articleId === articleId ? loaded : { article: null, access: null, loadError: null };
  if (loadError)
    return (
      <p role="alert" className="error">
        {loadError}
      </p>
    );
  if (!article || !access) return <p className="muted">{i18n.t('common:loading')}</p>;
  return <LoadedStory key={article.id} initial={article} initialAccess={access} />;
}

/** The story desk's calls into the archive, for its controller. */
function storyDeps(): StoryDeps {
  return {
    get: (input) => api.articles.get(input),
    access: (input) => api.articles.access(input),
    statusLog: (input) => api.articles.statusLog(input),
    save: (request) => api.articles.save(request),
    setStatus: (input) => api.articles.setStatus(input),
    restore: (input) => api.revisions.restore(input),
    markReviewed: (input) => api.articles.markReviewed(input),
    fixImport: (input) => api.articles.fixImport(input),
    setImportDate: (input) => api.articles.setImportDate(input),
    houseProofreading: () => api.settings.get({}).then((s) => s.proofreading),
    lock: (input) => api.sync.lock(input),
    release: (input) => api.sync.release(input),
    publishLive,
    describe,
  };
}

function LoadedStory({ initial, initialAccess }: { initial: Article; initialAccess: ArticleAccess }) {
  const { t, i18n: page } = useT();
  const ids = useId();
  const story = useMemo(() => new StoryController(initial, initialAccess, storyDeps()), [initial, initialAccess]);
  const state = useSyncExternalStore(story.subscribe, story.getSnapshot);
  const { draft, blocks, access, saveState, status, counts } = state;
  const [showHistory, setShowHistory] = useState(false);
  const [people, setPeople] = useState<string[]>([]);
  const [storySync, setStorySync] = useState<ApiOutput<'sync.story'> | null>(null);

  useEffect(() => {
    void story.open();
    const off = registerFlush(async () => {
      await story.autosave.flush();
      return !story.autosave.hasUnsavedChanges;
    });
    const offCommand = onCommand((command) => {
      if (command === 'save') void story.autosave.flush(true);
    });
    return () => {
      off();
      offCommand();
      void story.close();
    };
  }, [story]);

  // Check-out (InCopy-style): while the archive belongs to a newsroom, one desk edits a story at
  // a time; the others read it, and may take it over. Only for someone who may edit it.
  const { checkout } = story;
  useEffect(() => {
    if (!access.edit) return;
    void checkout.open();
    return () => checkout.close();
  }, [checkout, access.edit]);
  const lock = useSyncExternalStore(checkout.subscribe, checkout.getSnapshot);
  const canEdit = access.edit && lock.kind !== 'held';

  // The story's state in the newsroom: read again after each save and as the sync goes on.
  const sync = useSyncExternalStore(newsroom.subscribe, newsroom.getSnapshot).status;
  const syncKey = sync?.joined ? `${sync.pending}/${sync.lastSyncAt ?? ''}/${sync.appliedSeq}` : null;
  useEffect(() => {
    if (syncKey === null) return;
    let live = true;
    api.sync.story({ articleId: initial.id }).then(
      (answer) => live && setStorySync(answer),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [initial.id, syncKey, state.historyKey]);

  useEffect(() => {
    void api.people.list({}).then((list) => setPeople(list.map((p) => p.name)));
  }, [initial.id]);

  useEffect(
    () =>
      newsroom.onRemoteChange((change) => {
        // A take-over is reported as a change of the story: its holder's desk hears of it at once.
        if (change.all || change.articles.has(initial.id)) void story.reloadFromNewsroom();
      }),
    [initial.id, story],
  );

  const onBodyChange = useCallback((change: BodyChange) => story.bodyChanged(change.json, change.blocks), [story]);
  const onPasteRefused = useCallback((chars: number) => story.pasteRefused(chars), [story]);
  // --- find and replace (查找替换): the body's editor for find/FindReplaceBar.tsx ---
  const [bodyEditor, setBodyEditor] = useState<LexicalEditor | null>(null);
  const onBodyEditor = useCallback(
    (editor: LexicalEditor | null) => (story.attachBody(editor ? lexicalBodyHandle(editor) : null), setBodyEditor(editor)),
    [story],
  );

  // The story as typed, its body as the editor reads it: what the history compares with the signed text.
  const current = useMemo(() => ({ ...draft, body: blocks }), [draft, blocks]);
  const field = (name: LineField, options: { multiline?: boolean; required?: boolean; placeholder?: boolean } = {}) => {
    const id = `${ids}-${name}`;
    const common = {
      id,
      value: draft[name],
      readOnly: !canEdit,
      maxLength: LIMITS.line,
      placeholder: options.placeholder ? t(`story:placeholders.${name as 'column'}`) : undefined,
      onChange: (e: { target: { value: string } }) => story.update({ [name]: e.target.value }),
    };
    const missing = options.required && !draft[name].trim();
    return (
      <div className={`field field-${name}`}>
        <span className="field-label">
          <label htmlFor={id}>{t(`story:fields.${name}`)}</label>
          {/* outside the label, so the field's name stays 主题 and aria-required says the rest */}
          {options.required ? (
            <span className="required" aria-hidden="true">
              *
            </span>
          ) : null}
        </span>
        {options.multiline ? (
          <textarea
            {...common}
            rows={2}
            aria-required={options.required}
            aria-invalid={missing || undefined}
            aria-describedby={missing ? `${id}-hint` : undefined}
          />
        ) : (
          <input
            {...common}
            aria-required={options.required}
            aria-invalid={missing || undefined}
            aria-describedby={missing ? `${id}-hint` : undefined}
          />
        )}
        {missing ? (
          <span id={`${id}-hint`} className="hint">
            {t('story:headlineRequired')}
          </span>
        ) : null}
      </div>
    );
  };

  const saveText = (() => {
    switch (saveState.kind) {
      case 'saved':
        return t('story:save.saved', { time: formatTime(saveState.at, page.language) });
      case 'pending':
        return t('story:save.pending');
      case 'saving':
        return t('story:save.saving');
      case 'failed':
        return t('story:save.failed', { message: describe(saveState.error) });
      case 'conflict':
        return t('errors:ARTICLE_STALE');
    }
  })();

  const noticeText = (() => {
    const notice = state.notice;
    if (!notice) return null;
    if (notice.kind === 'error') return describe(notice.error);
    switch (notice.key) {
      case 'pasteTooLong':
        return t('story:pasteTooLong', { chars: notice.params.chars, max: LIMITS.bodyChars });
      case 'changedRemotely':
        return t('story:newsroom.changedRemotely');
      case 'restored':
        return t('story:history.restored', { time: formatTime(notice.params.at, page.language) });
      case 'restoredToDraft':
        return t('story:history.restoredToDraft', { time: formatTime(notice.params.at, page.language) });
      case 'fixedAll':
        return t('story:proofread.fixedAll', { count: notice.params.count });
      case 'dated': {
        const { date, others, skipped } = notice.params;
        if (skipped) return t('story:origin.dating.doneSkipped', { date, others, skipped });
        return others ? t('story:origin.dating.doneOthers', { date, others }) : t('story:origin.dating.done', { date });
      }
    }
  })();

  const peopleListId = `${ids}-people`;
  return (
    <article className="story">
      <header className="story-header">
        <button type="button" className="link" onClick={() => navigate({ view: 'desk' })}>
          ← {t('story:backToDesk')}
        </button>
        <h1 className="story-title">{draft.headline || t('common:untitled')}</h1>
        <span className={`save-state save-${saveState.kind}`} role="status" data-testid="save-state" data-state={saveState.kind}>
          {saveText}
        </span>
        {saveState.kind === 'failed' ? (
          <button type="button" onClick={() => void story.autosave.flush()}>
            {t('story:save.retry')}
          </button>
        ) : null}
        <button type="button" aria-expanded={showHistory} onClick={() => setShowHistory((v) => !v)}>
          {showHistory ? t('story:history.hide') : t('story:history.show')}
        </button>
      </header>

      {saveState.kind === 'conflict' ? (
        <div className="conflict" role="alert">
          <p>
            {saveState.current.updatedBy
              ? t('story:conflict.messageBy', {
                  by: saveState.current.updatedBy,
                  time: formatTime(saveState.current.updatedAt, page.language),
                })
              : t('story:conflict.message', { time: formatTime(saveState.current.updatedAt, page.language) })}
          </p>
          <button type="button" onClick={() => story.load(saveState.current)}>
            {t('story:conflict.loadNewer')}
          </button>
          <button type="button" onClick={() => void story.keepMine(saveState.current)}>
            {t('story:conflict.keepMine')}
          </button>
        </div>
      ) : null}
      <Notice message={noticeText} onDismiss={() => story.dismissNotice()} />

      {state.origin && (state.needsReview || access.fixImport) ? (
        <ImportReview
          story={story}
          origin={state.origin}
          needsReview={state.needsReview}
          dating={state.dating}
          blocks={blocks}
          busy={state.busy}
          mayFix={access.fixImport ?? false}
        />
      ) : null}

      {!access.edit && access.editRefusal ? (
        <p className="readonly-notice" role="note" data-testid="edit-refusal">
          {access.editRefusal.message}
        </p>
      ) : null}

      {access.edit ? (
        <CheckoutNote lock={lock} onTakeOver={() => void checkout.takeOver()} onDismiss={() => checkout.clearNotice()} />
      ) : null}

      <StatusPanel
        status={status}
        actions={access.actions}
        busy={state.busy}
        onAction={(action, reason) => story.changeStatus(action, reason)}
      />
      {sync?.joined && storySync?.joined ? <StorySyncLine state={storySync} reloadedAt={state.reloadedAt} /> : null}

      {/* --- find and replace (查找替换): Ctrl+F / Ctrl+H open it --- */}
      <FindReplaceBar
        draft={draft}
        onChange={(patch) => story.update(patch)}
        editable={canEdit}
        bodyEditor={bodyEditor}
        fieldId={(name) => `${ids}-${name}`}
      />
      <div className="story-columns">
        <div className="story-main">
          {field('column', { placeholder: true })}
          {field('kicker', { multiline: true })}
          {field('headline', { multiline: true, required: true })}
          {field('deck', { multiline: true, placeholder: true })}
          {field('dateline', { placeholder: true })}
          <div className="field field-body">
            <span className="label" id={`${ids}-body-label`}>
              {t('story:fields.body')}
            </span>
            <BodyEditor
              key={state.bodyKey}
              labelId={`${ids}-body-label`}
              initialJson={draft.bodyJson}
              editable={canEdit}
              onChange={onBodyChange}
              onPasteRefused={onPasteRefused}
              onEditor={onBodyEditor}
              tracking={story.tracking}
            />
            <p className="counts" data-testid="counts">
              <span>
                {t('story:counts.chars')} <strong data-testid="chars">{formatNumber(counts.chars, page.language)}</strong>
              </span>
              <span>
                {t('story:counts.withPunctuation')}{' '}
                <strong data-testid="chars-with-punctuation">{formatNumber(counts.charsWithPunctuation, page.language)}</strong>
              </span>
            </p>
          </div>
          {field('jump', { placeholder: true })}
          {field('source', { placeholder: true })}
        </div>
        <aside className="story-side">
          <SlotPanel articleId={initial.id} story={state.storyText} />
          <ProofreadPanel story={story} proofreading={state.proofreading} editable={canEdit} house={state.house} />
          <ArticleExport articleId={initial.id} beforeExport={() => story.autosave.flush()} />
          {/* A read-only story: its byline and photos shown, every control of them off. */}
          <fieldset className="plain" disabled={!canEdit}>
            <BylineEditor
              dateline={draft.dateline}
              entries={draft.byline}
              form={draft.bylineForm}
              peopleListId={peopleListId}
              onChange={(byline, bylineForm) => story.update({ byline, bylineForm })}
            />
            <PhotosEditor
              photos={draft.photos}
              groupCredit={draft.photoGroupCredit}
              peopleListId={peopleListId}
              onChange={(photos, photoGroupCredit) => story.update({ photos, photoGroupCredit })}
            />
          </fieldset>
          {showHistory ? (
            <HistoryPanel
              articleId={initial.id}
              refreshKey={state.historyKey}
              log={state.statusLog}
              canRestore={canEdit}
              restoreNote={
                !access.restoreKeepsStatus && status !== 'draft' && status !== 'spiked' ? t('story:history.restoreToDraft') : null
              }
              onRestore={(r) => void story.restore(r)}
              signedRevision={state.signedRevision}
              current={current}
            />
          ) : null}
        </aside>
      </div>
      <datalist id={peopleListId}>
        {people.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
    </article>
  );
}

/** Who has the story checked out, and what just happened to the check-out. */
function CheckoutNote(props: { lock: CheckoutSnapshot; onTakeOver: () => void; onDismiss: () => void }) {
  const { t, i18n: page } = useT();
  const { lock } = props;
  const self = (() => {
    const state = session.getSnapshot().state;
    return state.kind === 'signed-in' || state.kind === 'locked' ? state.account.name : null;
  })();
  const clock = (iso: string) => formatClock(iso, page.language);
  const notice = (() => {
    switch (lock.notice?.kind) {
      case 'taken':
        return t('story:newsroom.taken', { name: lock.notice.by, since: clock(lock.notice.since) });
      case 'tookOver':
        return t('story:newsroom.tookOver', { name: lock.notice.from });
      case 'freed':
        return t('story:newsroom.freed');
      default:
        return null;
    }
  })();
  const holder = lock.kind === 'held' ? lock.holder : null;
  return (
    <>
      <Notice message={notice} onDismiss={props.onDismiss} />
      {holder ? (
        <div className="readonly-notice checkout-held" role="note" data-testid="checkout-held">
          <p>
            <strong>
              {holder.name === self
                ? t('story:newsroom.heldBySelf', { since: clock(holder.since) })
                : holder.machine
                  ? t('story:newsroom.heldByOn', { name: holder.name, machine: holder.machine, since: clock(holder.since) })
                  : t('story:newsroom.heldBy', { name: holder.name, since: clock(holder.since) })}
            </strong>{' '}
            {t('story:newsroom.readOnly')}
          </p>
          <button type="button" disabled={lock.busy} onClick={props.onTakeOver}>
            {lock.busy ? t('story:newsroom.takingOver') : t('story:newsroom.takeOver')}
          </button>
        </div>
      ) : null}
      {lock.problem ? (
        <p className="muted" role="status" data-testid="checkout-problem">
          {t('story:newsroom.problem', { message: lock.problem })}
        </p>
      ) : null}
    </>
  );
}

/** The story in the newsroom: in step with the server, or changed here and waiting to go out. */
function StorySyncLine(props: { state: ApiOutput<'sync.story'>; reloadedAt: string | null }) {
  const { t, i18n: page } = useT();
  const { state } = props;
  const text = state.pending
    ? state.serverVersion === null
      ? t('story:newsroom.pendingNew')
      : t('story:newsroom.pending')
    : state.lastBy
      ? t('story:newsroom.syncedBy', { name: state.lastBy })
      : t('story:newsroom.synced');
  return (
    <p
      className={`story-newsroom${state.pending ? ' story-newsroom-pending' : ''}`}
      role="status"
      data-testid="story-newsroom"
      data-pending={state.pending}
    >
      {t('story:newsroom.label')}
      {t('common:labelSeparator')}
      <strong>{text}</strong>
      {props.reloadedAt ? (
        <span className="muted"> · {t('story:newsroom.reloaded', { time: formatClock(props.reloadedAt, page.language) })}</span>
      ) : null}
    </p>
  );
}
