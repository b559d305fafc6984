import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { electronPrinter } from '../../electron/app/pdf';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());

/** Just enough of Electron's BrowserWindow and session to watch the printer use them. */
function fakes() {
  const windows: { options: Record<string, unknown>; loaded: string[]; destroyed: boolean; print: ReturnType<typeof vi.fn> }[] = [];
  class BrowserWindow {
    readonly record: (typeof windows)[number];
    readonly webContents: { printToPDF: ReturnType<typeof vi.fn> };
    constructor(options: Record<string, unknown>) {
      const print = vi.fn(() => Promise.resolve(Buffer.from('%PDF-1.4 fake')));
      this.record = { options, loaded: [], destroyed: false, print };
      this.webContents = { printToPDF: print };
      windows.push(this.record);
    }
    loadURL(url: string) {
      this.record.loaded.push(readFileSync(fileURLToPath(url), 'utf8'));
      this.record.loaded.push(url);
      return Promise.resolve();
    }
    isDestroyed() {
      return this.record.destroyed;
    }
    destroy() {
      this.record.destroyed = true;
    }
  }
  let onRequest: ((details: { url: string }, callback: (r: { cancel: boolean }) => void) => void) | null = null;
  const session = {
    webRequest: { onBeforeRequest: (handler: typeof onRequest) => (onRequest = handler) },
    setPermissionRequestHandler: vi.fn(),
  };
  return {
    windows,
    BrowserWindow,
    session: { fromPartition: vi.fn(() => session) },
    request: (url: string) => {
      let cancel = false;
      onRequest!({ url }, (r) => (cancel = r.cancel));
      return cancel;
    },
  };
}

describe('printing exported pages with Electron', () => {
  it('prints in a hidden, script-free window of its own session that refuses every request but the file, at the CSS page size', async () => {
    const f = fakes();
    const printer = await electronPrinter({
      BrowserWindow: f.BrowserWindow as never,
      session: f.session as never,
      tempDir: temp.folder(),
    })();
    const pdf = await printer.print('<!doctype html><p>版面</p>');
    expect(Buffer.from(pdf).toString()).toContain('%PDF');
    await printer.print('<!doctype html><p>第二版</p>');
    expect(f.windows).toHaveLength(1);
    const [win] = f.windows;
    expect(win!.options).toMatchObject({
      show: false,
      webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false },
    });
    expect(win!.loaded[0]).toBe('<!doctype html><p>版面</p>');
    expect(win!.loaded[2]).toBe('<!doctype html><p>第二版</p>');
    expect(win!.print).toHaveBeenCalledWith({ preferCSSPageSize: true, printBackground: true });
    expect(f.session.fromPartition).toHaveBeenCalledWith('banmian-export');
    expect(f.request('https://example.com/font.woff2')).toBe(true);
    expect(f.request('http://127.0.0.1/')).toBe(true);
    const file = fileURLToPath(win!.loaded[1]!);
    expect(win!.loaded[1]).toBe(pathToFileURL(file).href);
    expect(f.request(pathToFileURL(file).href)).toBe(false);
    const folder = dirname(file);
    await printer.close();
    expect(win!.destroyed).toBe(true);
    expect(existsSync(folder)).toBe(false);
  });

  it('lets the window load only the page being printed: no other file, not even one beside it', async () => {
    const f = fakes();
    const tempDir = temp.folder();
    const printer = await electronPrinter({ BrowserWindow: f.BrowserWindow as never, session: f.session as never, tempDir })();
    await printer.print('<!doctype html><p>版面</p>');
    const pageUrl = f.windows[0]!.loaded[1]!;
    const folder = dirname(fileURLToPath(pageUrl));
    expect(f.request(pageUrl)).toBe(false);
    for (const url of [
      pathToFileURL(join(folder, 'other.html')).href,
      pathToFileURL(join(folder, 'photo.png')).href,
      pathToFileURL(folder).href,
      pathToFileURL(folder).href + '/',
      pathToFileURL(join(tempDir, 'page.html')).href,
      `${pageUrl}?x=1`,
      `${pageUrl}/../other.html`,
      `${pageUrl}.bak`,
      'file:///etc/passwd',
      'file:///',
      `file://evil.example${fileURLToPath(pageUrl)}`,
      'https://example.com/font.woff2',
      'http://127.0.0.1/',
    ]) {
      expect(f.request(url), url).toBe(true);
    }
    await printer.close();
  });
});
