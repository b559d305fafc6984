import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindow as BrowserWindowType, Session } from 'electron';
import type { PdfPrinter } from '../export/pdf';

/**
 * Prints exported pages with Electron's own Chromium: a hidden window, in a session of its own
 * that refuses every request but the page's file, with scripts off. `preferCSSPageSize` keeps
 * the page's @page size (without it Chromium scales the page to Letter). The page carries its
 * photos and fonts as data URLs and needs no other file: were it ever to name one (a path in
 * an imported story, say), no other file of the machine, not even a neighbour in the same
 * folder, may end up in the PDF.
 */
export function electronPrinter(deps: {
  BrowserWindow: typeof BrowserWindowType;
  session: { fromPartition(partition: string): Session };
  tempDir: string;
}): () => Promise<PdfPrinter> {
  return () => {
    const folder = mkdtempSync(join(deps.tempDir, 'banmian-export-'));
    const file = join(folder, 'page.html');
    // The window loads this very string, so the one request allowed is compared exactly.
    const pageUrl = pathToFileURL(file).href;
    const session = deps.session.fromPartition('banmian-export');
    session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: details.url !== pageUrl }));
    session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    let win: BrowserWindowType | null = null;
    const windowFor = (): BrowserWindowType => {
      win ??= new deps.BrowserWindow({
        show: false,
        webPreferences: { session, javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true },
      });
      return win;
    };
    return Promise.resolve({
      async print(html) {
        writeFileSync(file, html);
        const w = windowFor();
        await w.loadURL(pageUrl);
        return w.webContents.printToPDF({ preferCSSPageSize: true, printBackground: true });
      },
      close() {
        if (win && !win.isDestroyed()) win.destroy();
        rmSync(folder, { recursive: true, force: true });
        return Promise.resolve();
      },
    });
  };
}
