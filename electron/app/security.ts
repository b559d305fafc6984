import type { App, Session, WebContents } from 'electron';
import { isAppUrl } from './origin';

/**
 * The web sites the app links to, by exact host name: only these open in the browser when a
 * page asks. The app links to none today; a link added to the UI needs its host added here.
 */
export const EXTERNAL_LINK_HOSTS: ReadonlySet<string> = new Set<string>([]);

/**
 * The URL to hand to the system browser, or null. Only mailto: and https: to a host on the
 * list: a page that could open any https URL could send the desk to any site it liked. The
 * URL is parsed once and its normalised form is what opens, so the browser cannot read it
 * differently from us; credentials in it are refused (they make `https://good@evil` look
 * like a link to `good`).
 */
export function externalLink(url: string, hosts: ReadonlySet<string> = EXTERNAL_LINK_HOSTS): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol === 'mailto:') return parsed.href;
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return null;
  return hosts.has(parsed.hostname) ? parsed.href : null;
}

/**
 * Electron's security checklist for every web contents the app ever makes: no navigation away
 * from our page, no new windows, no webviews, and links to the sites on the list (and mailto)
 * opened in the browser.
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
      const link = externalLink(url);
      if (link !== null) void openExternal(link).catch(() => undefined);
      return { action: 'deny' };
    });
  });
}

/** No camera, microphone, notifications, geolocation or anything else a page could ask for. */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
