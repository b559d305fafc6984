import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
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
      const print = vi.fn(async () => Buffer.from('%PDF-1.4 fake'));
      this.record = { options, loaded: [], destroyed: false, print };
      this.webContents = { printToPDF: print };
      windows.push(this.record);
    }
    async loadFile(file: string) {
      this.record.loaded.push(readFileSync(file, 'utf8'));
      this.record.loaded.push(file);
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
  return { windows, BrowserWindow, session: { fromPartition: vi.fn(() => session) }, request: (url: string) => {
    let cancel = false;
    onRequest!({ url }, (r) => (cancel = r.cancel));
    return cancel;
  } };
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
    expect(win!.options).toMatchObject({ show: false, webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false } });
    expect(win!.loaded[0]).toBe('<!doctype html><p>版面</p>');
    expect(win!.loaded[2]).toBe('<!doctype html><p>第二版</p>');
    expect(win!.print).toHaveBeenCalledWith({ preferCSSPageSize: true, printBackground: true });
    expect(f.session.fromPartition).toHaveBeenCalledWith('banmian-export');
    expect(f.request('https://example.com/font.woff2')).toBe(true);
    expect(f.request('http://127.0.0.1/')).toBe(true);
    expect(f.request(`file://${win!.loaded[1]}`)).toBe(false);
    const folder = dirname(win!.loaded[1]!);
    await printer.close();
    expect(win!.destroyed).toBe(true);
    expect(existsSync(folder)).toBe(false);
  });
});
