import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { ApiError } from '../../shared/api/errors';
import { API_METHODS, channelOf } from '../../shared/api/methods';
import { errorMessage } from '../../shared/i18n/setup';
import type { AppServices } from '../services/app-services';
import { isAppUrl } from './origin';

/**
 * A call is served only when it comes from the top frame of one of our windows showing our
 * own page: not from an iframe, a navigated-away page or another web contents.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, isOurWindow: (id: number) => boolean): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (frame.parent) return false;
  return isAppUrl(frame.url) && isOurWindow(event.sender.id);
}

/**
 * Registers one IPC handler per API method, each checking its sender before dispatch. The app
 * is one desk: one person signed in for all its windows, whose session token stays here in
 * the main process and never reaches a page.
 */
export function registerApi(ipcMain: IpcMain, services: AppServices, isOurWindow: (id: number) => boolean): void {
  let token: string | null = null;
  const caller = {
    front: 'app' as const,
    get token() {
      return token;
    },
    onSession: (next: string | null) => {
      token = next;
    },
  };
  for (const method of API_METHODS) {
    ipcMain.handle(channelOf(method), (event, input: unknown) => {
      if (!isTrustedSender(event, isOurWindow)) {
        const error = new ApiError('FORBIDDEN');
        return { ok: false, error: { code: error.code, message: errorMessage(services.i18n, error.code) } };
      }
      return services.call(method, input, caller);
    });
  }
}
