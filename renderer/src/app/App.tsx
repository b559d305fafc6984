import { useCallback, useEffect, useId, useState } from 'react';
import type { AppCommand } from '../../../shared/api/methods';
import { LANGUAGES, isLanguage, type Language } from '../../../shared/i18n/languages';
import { errorMessage } from '../../../shared/i18n/setup';
import { ClientError, api, onAppCommand, onBeforeLeave } from '../api/client';
import { Desk } from '../desk/Desk';
import { applyLanguage, i18n, useT } from '../i18n';
import { StoryEditor } from '../story/StoryEditor';
import { People } from '../people/People';
import { Notice } from './Notice';
import { LayoutDesk } from '../layout/LayoutDesk';
import { commandForKey, emitCommand, flushAll, markPending, onCommand } from './commands';
import { navigate, useRoute } from './route';

onBeforeLeave(flushAll);

export function App() {
  const { t, i18n: page } = useT();
  const route = useRoute();
  const ids = useId();
  const [error, setError] = useState<string | null>(null);

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
      else if (command === 'find' && route.view !== 'desk') {
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

  return (
    <div className="app">
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
            aria-current={route.view === 'layout' ? 'page' : undefined}
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
        </nav>
        <span className="spacer" />
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
      </header>
      <Notice message={error} onDismiss={() => setError(null)} />
      <main>
        {route.view === 'article' ? (
          <StoryEditor articleId={route.id} />
        ) : route.view === 'people' ? (
          <People />
        ) : route.view === 'layout' ? (
          <LayoutDesk key={`${route.date ?? ''}/${route.page ?? ''}`} date={route.date} page={route.page} />
        ) : (
          <Desk onNewArticle={() => void newArticle()} />
        )}
      </main>
    </div>
  );
}
