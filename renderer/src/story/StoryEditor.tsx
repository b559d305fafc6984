import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { ApiOutput, ArticleAccess, RevisionSummary, StatusChange } from '../../../shared/api/contract';
import { LIMITS, storableDraft, type Article, type ArticleDraft, type BodyBlock } from '../../../shared/domain/article';
import type { StatusAction } from '../../../shared/domain/status';
import { errorMessage } from '../../../shared/i18n/setup';
import { countChars } from '../../../shared/text/count';
import { ClientError, api } from '../api/client';
import { onCommand, registerFlush } from '../app/commands';
import { formatClock, formatNumber, formatTime } from '../app/format';
import { newsroom } from '../app/newsroom';
import { session } from '../app/session';
import { navigate } from '../app/route';
import { i18n, useT } from '../i18n';
import { Autosave, type SaveState } from './autosave';
import { BodyEditor, type BodyChange } from './BodyEditor';
import { SlotPanel } from './SlotPanel';
import { Notice } from '../app/Notice';
import { ArticleExport } from './ArticleExport';
import { publishLive } from '../layout/live';
import { BylineEditor } from './BylineEditor';
import { HistoryPanel } from './HistoryPanel';
import { PhotosEditor } from './PhotosEditor';
import { StatusPanel } from './StatusPanel';
import { Checkout, type CheckoutSnapshot } from './checkout';

type LineField = 'column' | 'kicker' | 'headline' | 'deck' | 'dateline' | 'jump' | 'source';

function draftOf(article: Article): ArticleDraft {
  const { column, kicker, headline, deck, dateline, bylineForm, byline, bodyJson, photos, photoGroupCredit, jump, source } = article;
  return { column, kicker, headline, deck, dateline, bylineForm, byline, bodyJson, photos, photoGroupCredit, jump, source };
}

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

function LoadedStory({ initial, initialAccess }: { initial: Article; initialAccess: ArticleAccess }) {
  const { t, i18n: page } = useT();
  const ids = useId();
  const [draft, setDraft] = useState<ArticleDraft>(() => draftOf(initial));
  const [blocks, setBlocks] = useState<BodyBlock[]>(initial.body);
  const [status, setStatus] = useState(initial.status);
  const [statusLog, setStatusLog] = useState<StatusChange[]>([]);
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'saved', at: initial.updatedAt });
  const [bodyKey, setBodyKey] = useState(0);
  const [historyKey, setHistoryKey] = useState(0);
  const [showHistory, setShowHistory] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [people, setPeople] = useState<string[]>([]);
  const [needsReview, setNeedsReview] = useState(initial.needsReview);
  const [access, setAccess] = useState(initialAccess);
  const [signedRevision, setSignedRevision] = useState(initial.signedRevision);
  const [storySync, setStorySync] = useState<ApiOutput<'sync.story'> | null>(null);
  const [reloadedAt, setReloadedAt] = useState<string | null>(null);
  const draftRef = useRef(draft);
  // What may be changed, read by the change handlers (a read-only story sends nothing to save).
  const editable = useRef(initialAccess.edit);
  const saveKind = useRef<SaveState['kind']>('saved');
  useLayoutEffect(() => {
    saveKind.current = saveState.kind;
  }, [saveState.kind]);

  const autosave = useMemo(
    () =>
      new Autosave(initial.id, initial, {
        save: (request) => api.articles.save({ ...request, draft: storableDraft(request.draft) }),
        onState: (state) => {
          setSaveState(state);
          // Refused for who may edit (signed off meanwhile, say): the desk shows the story as it now stands.
          if (state.kind === 'failed' && (state.error.code === 'ARTICLE_SIGNED' || state.error.code === 'PERMISSION_DENIED')) {
            api.articles.access({ id: initial.id }).then(setAccess, () => undefined);
          }
        },
        onSaved: (saved) => {
          setHistoryKey((k) => k + 1);
          publishLive({ kind: 'saved', articleId: saved.id, version: saved.version });
        },
      }),
    [initial],
  );

  useEffect(() => {
    const off = registerFlush(async () => {
      await autosave.flush();
      return !autosave.hasUnsavedChanges;
    });
    const offCommand = onCommand((command) => {
      if (command === 'save') void autosave.flush(true);
    });
    return () => {
      off();
      offCommand();
      void autosave.flush().finally(() => autosave.dispose());
    };
  }, [autosave]);

  // Check-out (InCopy-style): while the archive belongs to a newsroom, one desk edits a story at
  // a time; the others read it, and may take it over. Only for someone who may edit it.
  const checkout = useMemo(
    () =>
      new Checkout(initial.id, {
        lock: (input) => api.sync.lock(input),
        release: (input) => api.sync.release(input),
        flush: () => autosave.flush(),
        describe,
      }),
    [initial.id, autosave],
  );
  useEffect(() => {
    if (!access.edit) return;
    void checkout.open();
    return () => checkout.close();
  }, [checkout, access.edit]);
  const lock = useSyncExternalStore(checkout.subscribe, checkout.getSnapshot);
  const canEdit = access.edit && lock.kind !== 'held';
  useLayoutEffect(() => {
    editable.current = canEdit;
  }, [canEdit]);

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
  }, [initial.id, syncKey, historyKey]);

  useEffect(() => {
    void api.articles.statusLog({ id: initial.id }).then(setStatusLog);
    void api.people.list({}).then((list) => setPeople(list.map((p) => p.name)));
  }, [initial.id]);

  const update = useCallback(
    (patch: Partial<ArticleDraft>) => {
      if (!editable.current) return;
      const next = { ...draftRef.current, ...patch };
      draftRef.current = next;
      setDraft(next);
      autosave.change(next);
    },
    [autosave],
  );

  /** Replaces everything in the editor with this article (a restore, or the newer version). */
  const load = (a: Article) => {
    const next = draftOf(a);
    draftRef.current = next;
    setDraft(next);
    setBlocks(a.body);
    setStatus(a.status);
    setSignedRevision(a.signedRevision);
    setBodyKey((k) => k + 1);
    setHistoryKey((k) => k + 1);
    autosave.reset(a);
  };

  const onBodyChange = useCallback(
    (change: BodyChange) => {
      setBlocks(change.blocks);
      update({ bodyJson: change.json });
    },
    [update],
  );
  const onPasteRefused = useCallback((chars: number) => setNotice(t('story:pasteTooLong', { chars, max: LIMITS.bodyChars })), [t]);

  /**
   * Reads the story's status, what the person may now do with it, and its log again (after a
   * status change or a restore); its text too, when the archive holds a newer one and nothing
   * typed here waits to be saved.
   */
  const reload = async () => {
    const [article, nextAccess, log] = await Promise.all([
      api.articles.get({ id: initial.id }),
      api.articles.access({ id: initial.id }),
      api.articles.statusLog({ id: initial.id }),
    ]);
    if (article.version !== autosave.version && !autosave.hasUnsavedChanges) load(article);
    setStatus(article.status);
    setSignedRevision(article.signedRevision);
    setAccess(nextAccess);
    setStatusLog(log);
    setHistoryKey((k) => k + 1);
  };

  /**
   * The newsroom changed this story elsewhere: its newer text is loaded when nothing typed here
   * waits to be saved; otherwise the desk is told (the save's conflict flow decides later).
   */
  const reloadFromNewsroom = async () => {
    const [article, nextAccess, log] = await Promise.all([
      api.articles.get({ id: initial.id }),
      api.articles.access({ id: initial.id }),
      api.articles.statusLog({ id: initial.id }),
    ]);
    if (article.version !== autosave.version) {
      const unsaved = autosave.hasUnsavedChanges || saveKind.current !== 'saved';
      if (unsaved) setNotice(t('story:newsroom.changedRemotely'));
      else {
        load(article);
        setReloadedAt(new Date().toISOString());
      }
    }
    setStatus(article.status);
    setSignedRevision(article.signedRevision);
    setAccess(nextAccess);
    setStatusLog(log);
  };
  const remoteReload = useRef(reloadFromNewsroom);
  useLayoutEffect(() => {
    remoteReload.current = reloadFromNewsroom;
  });
  useEffect(
    () =>
      newsroom.onRemoteChange((change) => {
        if (!change.all && !change.articles.has(initial.id)) return;
        // A take-over is reported as a change of the story: its holder's desk hears of it at once.
        void checkout.recheck();
        remoteReload.current().catch((error: unknown) => setNotice(describe(error)));
      }),
    [initial.id, checkout],
  );

  const changeStatus = async (action: StatusAction, reason?: string): Promise<boolean> => {
    setBusy(true);
    try {
      await autosave.flush();
      await api.articles.setStatus({ id: initial.id, action, ...(reason ? { reason } : {}) });
      setNotice(null);
      await reload();
      return true;
    } catch (error) {
      setNotice(describe(error));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const restore = async (revision: RevisionSummary) => {
    setBusy(true);
    try {
      await autosave.flush();
      const restored = await api.revisions.restore({
        articleId: initial.id,
        revisionId: revision.id,
        baseVersion: autosave.version,
      });
      load(restored);
      const time = formatTime(revision.updatedAt, page.language);
      const toDraft = restored.status === 'draft' && status !== 'draft';
      setNotice(toDraft ? t('story:history.restoredToDraft', { time }) : t('story:history.restored', { time }));
      await reload();
    } catch (error) {
      setNotice(describe(error));
    } finally {
      setBusy(false);
    }
  };

  const counts = countChars(blocks.map((b) => b.text));
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
      onChange: (e: { target: { value: string } }) => update({ [name]: e.target.value }),
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
          <button type="button" onClick={() => void autosave.flush()}>
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
          <button type="button" onClick={() => load(saveState.current)}>
            {t('story:conflict.loadNewer')}
          </button>
          <button type="button" onClick={() => void autosave.keepMine(saveState.current)}>
            {t('story:conflict.keepMine')}
          </button>
        </div>
      ) : null}
      <Notice message={notice} onDismiss={() => setNotice(null)} />

      {initial.origin && needsReview ? (
        <div className="origin" role="note">
          <p>
            {t('story:origin.message', {
              file: initial.origin.fileName,
              from: initial.origin.firstLine,
              to: initial.origin.lastLine,
              confidence: Math.round(initial.origin.confidence * 100),
            })}
          </p>
          <button
            type="button"
            onClick={() =>
              void api.articles
                .markReviewed({ id: initial.id })
                .then(() => setNeedsReview(false))
                .catch((error: unknown) => setNotice(describe(error)))
            }
          >
            {t('story:origin.reviewed')}
          </button>
          {initial.origin.doubts.length ? (
            <ul>
              {initial.origin.doubts.map((d) => (
                <li key={d}>{t(`story:origin.doubts.${d as 'fragment'}`)}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      {!access.edit && access.editRefusal ? (
        <p className="readonly-notice" role="note" data-testid="edit-refusal">
          {access.editRefusal.message}
        </p>
      ) : null}

      {access.edit ? (
        <CheckoutNote lock={lock} onTakeOver={() => void checkout.takeOver()} onDismiss={() => checkout.clearNotice()} />
      ) : null}

      <StatusPanel status={status} actions={access.actions} busy={busy} onAction={changeStatus} />
      {sync?.joined && storySync?.joined ? <StorySyncLine state={storySync} reloadedAt={reloadedAt} /> : null}

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
              key={bodyKey}
              labelId={`${ids}-body-label`}
              initialJson={draft.bodyJson}
              editable={canEdit}
              onChange={onBodyChange}
              onPasteRefused={onPasteRefused}
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
          <SlotPanel articleId={initial.id} draft={draft} blocks={blocks} />
          <ArticleExport articleId={initial.id} beforeExport={() => autosave.flush()} />
          {/* A read-only story: its byline and photos shown, every control of them off. */}
          <fieldset className="plain" disabled={!canEdit}>
            <BylineEditor
              dateline={draft.dateline}
              entries={draft.byline}
              form={draft.bylineForm}
              peopleListId={peopleListId}
              onChange={(byline, bylineForm) => update({ byline, bylineForm })}
            />
            <PhotosEditor
              photos={draft.photos}
              groupCredit={draft.photoGroupCredit}
              peopleListId={peopleListId}
              onChange={(photos, photoGroupCredit) => update({ photos, photoGroupCredit })}
            />
          </fieldset>
          {showHistory ? (
            <HistoryPanel
              articleId={initial.id}
              refreshKey={historyKey}
              log={statusLog}
              canRestore={canEdit}
              restoreNote={
                !access.restoreKeepsStatus && status !== 'draft' && status !== 'spiked' ? t('story:history.restoreToDraft') : null
              }
              onRestore={(r) => void restore(r)}
              signedRevision={signedRevision}
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
