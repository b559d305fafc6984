import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserWindow as BrowserWindowType, Session } from 'electron';
import type { PdfPrinter } from '../export/pdf';

/**
 * Prints exported pages with Electron's own Chromium: a hidden window, in a session of its own
 * that refuses every request but the page's file, with scripts off. `preferCSSPageSize` keeps
 * the page's @page size (without it Chromium scales the page to Letter).
 */
export function electronPrinter(deps: {
  BrowserWindow: typeof BrowserWindowType;
  session: { fromPartition(partition: string): Session };
  tempDir: string;
}): () => Promise<PdfPrinter> {
  return async () => {
    const session = deps.session.fromPartition('banmian-export');
    session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith('file:') }));
    session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    const folder = mkdtempSync(join(deps.tempDir, 'banmian-export-'));
    let win: BrowserWindowType | null = null;
    const windowFor = (): BrowserWindowType => {
      win ??= new deps.BrowserWindow({
        show: false,
        webPreferences: { session, javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true },
      });
      return win;
    };
    return {
      async print(html) {
        const file = join(folder, 'page.html');
        writeFileSync(file, html);
        const w = windowFor();
        await w.loadFile(file);
        return w.webContents.printToPDF({ preferCSSPageSize: true, printBackground: true });
      },
      async close() {
        if (win && !win.isDestroyed()) win.destroy();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  };
}
