import type { App, Session, WebContents } from 'electron';
import { isAppUrl } from './origin';

/**
 * Electron's security checklist for every web contents the app ever makes: no navigation away
 * from our page, no new windows, no webviews, and links to the web opened in the browser
 * (https and mailto only).
 */
export function hardenContents(app: App, openExternal: (url: string) => Promise<void>): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (/^(https:|mailto:)/i.test(url)) void openExternal(url);
      return { action: 'deny' };
    });
  });
}

/** No camera, microphone, notifications, geolocation or anything else a page could ask for. */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
