// First, before React and the rest of this chunk run: the calls the first screen waits for.
import { firstSession, firstSettings } from './app/first-calls';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { session } from './app/session';
import { applyLanguage } from './i18n';
import './styles.css';

async function boot(): Promise<void> {
  try {
    await applyLanguage((await firstSettings).language);
  } catch {
    // The archive's answer decides the language; without one, the page stays in zh-CN.
  }
  // Who is signed in decides what the page shows first (set-up, sign-in or the desk): React's
  // first frame is that screen, not a loading line.
  await firstSession;
  session.watch();
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void boot();
