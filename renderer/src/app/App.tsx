import { useCallback, useEffect, useId, useState, useSyncExternalStore } from 'react';
import type { AccountSummary } from '../../../shared/domain/accounts';
import type { AppCommand } from '../../../shared/api/methods';
import { LANGUAGES, isLanguage, type Language } from '../../../shared/i18n/languages';
import { errorMessage } from '../../../shared/i18n/setup';
import { ClientError, api, onAppCommand, onBeforeLeave } from '../api/client';
import { Desk } from '../desk/Desk';
import { applyLanguage, i18n, useT } from '../i18n';
import { Notice } from './Notice';
import { commandForKey, emitCommand, flushAll, markPending, onCommand } from './commands';
import { navigate, useRoute } from './route';
import { session, type SessionProblem } from './session';
import { Accounts, LayoutDesk, PagePlan, People, prefetchViews, StoryEditor } from './views';
import { ViewFrame } from './ViewFrame';
import { newsroom } from './newsroom';
import { NewsroomIndicator, useNewsroomNotice } from './NewsroomIndicator';
import { LockScreen, SetupForm, SignInForm } from './SignIn';

onBeforeLeave(async () => {
  await flushAll();
});

/**
 * The app shell: who is signed in decides what shows. Set-up on an archive without accounts,
 * the sign-in form without a session, the desk with one; a lost session locks the desk
 * without unmounting it, so the story open beneath keeps its draft and its pending save.
 */
export function App() {
  const { t } = useT();
  const { state, busy, error } = useSyncExternalStore(session.subscribe, session.getSnapshot);
  switch (state.kind) {
    case 'loading':
      return (
        <p className="muted boot" role="status">
          {t('common:loading')}
        </p>
      );
    case 'unavailable':
      return (
        <div className="sign-in">
          <p role="alert" className="error">
            {t('common:session.unavailable', { message: errorMessage(i18n, state.problem.code, state.problem.params) })}
          </p>
          <button type="button" onClick={() => void session.start()}>
            {t('common:session.retry')}
          </button>
        </div>
      );
    case 'setup':
      return (
        <main className="sign-in-page">
          <SetupForm busy={busy} problem={error} />
        </main>
      );
    case 'signed-out':
      return (
        <main className="sign-in-page">
          <SignInForm busy={busy} problem={error} />
        </main>
      );
    case 'signed-in':
    case 'locked':
      return (
        <>
          <Workspace
            account={state.account}
            locked={state.kind === 'locked'}
            busy={busy}
            problem={state.kind === 'signed-in' ? error : null}
          />
          {state.kind === 'locked' ? <LockScreen name={state.account.name} reason={state.reason} busy={busy} problem={error} /> : null}
        </>
      );
  }
}

/** The desk, its views and its header, for the signed-in account. */
function Workspace({
  account,
  locked,
  busy,
  problem,
}: {
  account: AccountSummary;
  locked: boolean;
  busy: boolean;
  problem: SessionProblem | null;
}) {
  const { t, i18n: page } = useT();
  const route = useRoute();
  const ids = useId();
  const [error, setError] = useState<string | null>(null);
  const newsroomNotice = useNewsroomNotice();

  // The newsroom's status and its watch run while the desk is open to someone (not under the lock).
  useEffect(() => (locked ? undefined : newsroom.start()), [locked]);

  const admin = account.roles.includes('admin');
  // The views not shown yet are read once the first screen is up, so that opening one is quick.
  useEffect(() => prefetchViews(admin), [admin]);

  const changeLanguage = useCallback(async (language: Language) => {
    await applyLanguage(language);
    await api.settings.set({ language });
  }, []);

  const newArticle = useCallback(async () => {
    try {
      await flushAll();
      const article = await api.articles.create({});
      navigate({ view: 'article', id: article.id });
    } catch (e) {
      setError(e instanceof ClientError ? errorMessage(i18n, e.code, e.params) : String(e));
    }
  }, []);

  useEffect(() => {
    const run = (command: AppCommand) => {
      if (command === 'new-article') void newArticle();
      else if (command === 'show-desk') navigate({ view: 'desk' });
      else if (command === 'find-in-story' && route.view !== 'article') {
        // No story open: nothing to find in but the archive.
        emitCommand('find');
      } else if (command === 'find' && route.view !== 'desk') {
        markPending('find');
        navigate({ view: 'desk' });
      } else if (command.startsWith('language:')) {
        const language = command.slice('language:'.length);
        if (isLanguage(language)) void changeLanguage(language);
      }
    };
    const offCommand = onCommand(run);
    const offMenu = onAppCommand(emitCommand);
    const onKey = (event: KeyboardEvent) => {
      const command = commandForKey(event);
      if (!command) return;
      event.preventDefault();
      emitCommand(command);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      offCommand();
      offMenu();
      window.removeEventListener('keydown', onKey);
    };
  }, [newArticle, changeLanguage, route.view]);

  const roles = account.roles.map((r) => t(`common:deskRole.${r}`)).join(t('common:listSeparator'));
  return (
    <div className="app" inert={locked}>
      <header className="app-bar">
        <a
          className="app-name"
          href="#/"
          onClick={(e) => {
            e.preventDefault();
            navigate({ view: 'desk' });
          }}
        >
          {t('common:appName')}
        </a>
        <nav className="app-nav" aria-label={t('common:appName')}>
          <a
            href="#/"
            aria-current={route.view === 'desk' ? 'page' : undefined}
            onClick={(e) => (e.preventDefault(), navigate({ view: 'desk' }))}
          >
            {t('common:nav.desk')}
          </a>
          <a
            href="#/layout"
            aria-current={route.view === 'layout' || route.view === 'plan' ? 'page' : undefined}
            onClick={(e) => (e.preventDefault(), navigate({ view: 'layout' }))}
          >
            {t('layout:nav')}
          </a>
          <a
            href="#/people"
            aria-current={route.view === 'people' ? 'page' : undefined}
            onClick={(e) => (e.preventDefault(), navigate({ view: 'people' }))}
          >
            {t('common:nav.people')}
          </a>
          {admin ? (
            <a
              href="#/accounts"
              aria-current={route.view === 'accounts' ? 'page' : undefined}
              onClick={(e) => (e.preventDefault(), navigate({ view: 'accounts' }))}
            >
              {t('common:nav.accounts')}
            </a>
          ) : null}
        </nav>
        <span className="spacer" />
        <NewsroomIndicator />
        <label htmlFor={`${ids}-language`}>{t('common:language')}</label>
        <select
          id={`${ids}-language`}
          value={page.language}
          onChange={(e) => isLanguage(e.target.value) && void changeLanguage(e.target.value)}
        >
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {t(`common:languages.${l}`)}
            </option>
          ))}
        </select>
        <span className="signed-in" data-testid="signed-in" title={t('common:session.signedInAs', { name: account.name, roles })}>
          <span className="visually-hidden">{t('common:session.signedInLabel')}: </span>
          {t('common:session.signedInAs', { name: account.name, roles })}
        </span>
        <button type="button" disabled={busy} onClick={() => void session.signOut()}>
          {t('common:session.signOut')}
        </button>
      </header>
      <Notice message={error} onDismiss={() => setError(null)} />
      {/* Offline and back: a notice, and the desk works on. */}
      <Notice message={newsroomNotice} onDismiss={() => newsroom.clearNotice()} />
      {/* A sign-out the desk refused (changes not saved yet) says why. */}
      <Notice message={problem ? errorMessage(i18n, problem.code, problem.params) : null} onDismiss={() => session.clearError()} />
      <main>
        {/* Keyed by the view: a view that failed does not stay on the screen when the person goes to another. */}
        <ViewFrame key={route.view}>
          {route.view === 'article' ? (
            <StoryEditor articleId={route.id} />
          ) : route.view === 'people' ? (
            <People />
          ) : route.view === 'accounts' && admin ? (
            <Accounts self={account} />
          ) : route.view === 'layout' ? (
            <LayoutDesk key={`${route.date ?? ''}/${route.page ?? ''}`} date={route.date} page={route.page} />
          ) : route.view === 'plan' ? (
            <PagePlan key={route.date} date={route.date} />
          ) : (
            <Desk onNewArticle={() => void newArticle()} />
          )}
        </ViewFrame>
      </main>
    </div>
  );
}
