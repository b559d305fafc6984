import type { Protocol } from 'electron';
import type { AppServices } from '../services/app-services';
import { loadAsset } from '../serve/assets';
import { APP_HOST, APP_SCHEME } from './origin';

export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

/** Serves the renderer and archive photos at app://banmian/, with the same headers as the host. */
export function serveApp(protocol: Protocol, services: AppServices, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    const asset = loadAsset(rendererDir, services.archive, url.pathname);
    return new Response(new Uint8Array(asset.body), { status: asset.status, headers: asset.headers });
  });
}
