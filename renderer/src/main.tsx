import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api } from './api/client';
import { App } from './app/App';
import { session } from './app/session';
import { applyLanguage } from './i18n';
import './styles.css';

async function boot(): Promise<void> {
  try {
    const settings = await api.settings.get({});
    await applyLanguage(settings.language);
  } catch {
    // The archive's answer decides the language; without one, the page stays in zh-CN.
  }
  // Who is signed in decides what the page shows first: set-up, sign-in or the desk.
  void session.start();
  session.watch();
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void boot();
