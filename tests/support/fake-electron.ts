import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * Just enough of Electron's main-process API for the app's glue to run under Node: it records
 * what the glue registers (IPC handlers, protocols, menus, windows) so tests can call into it.
 */
export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly send = vi.fn();
  openHandler: ((details: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
}

export function createFakeElectron(userData: string) {
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => true),
    quit: vi.fn(),
    getLocale: vi.fn(() => 'zh-CN'),
    getPath: vi.fn(() => userData),
    getVersion: () => '0.0.0-test',
    whenReady: () => Promise.resolve(),
  });
  const windows: FakeBrowserWindow[] = [];

  class FakeBrowserWindow extends EventEmitter {
    static getFocusedWindow = () => windows[0] ?? null;
    readonly webContents = new FakeWebContents();
    readonly loadURL = vi.fn(() => Promise.resolve());
    private destroyed = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    show() {}
    focus() {}
    restore() {}
    maximize() {}
    isMinimized = () => false;
    isMaximized = () => false;
    isDestroyed = () => this.destroyed;
    getNormalBounds = () => ({ x: 40, y: 30, width: 1100, height: 700 });
    destroy() {
      this.destroyed = true;
      this.emit('closed');
    }
  }

  const ipcHandlers = new Map<string, (event: unknown, input: unknown) => unknown>();
  const ipcMain = Object.assign(new EventEmitter(), {
    handle: vi.fn((channel: string, handler: (event: unknown, input: unknown) => unknown) => {
      ipcHandlers.set(channel, handler);
    }),
  });
  const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  const menus: unknown[] = [];
  const permission = { request: undefined as unknown, check: undefined as unknown };

  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain,
    protocol: {
      registerSchemesAsPrivileged: vi.fn(),
      handle: vi.fn((scheme: string, handler: (request: Request) => Response) => protocolHandlers.set(scheme, handler)),
    },
    Menu: {
      buildFromTemplate: (template: unknown) => template,
      setApplicationMenu: (menu: unknown) => menus.push(menu),
    },
    dialog: {
      showMessageBox: vi.fn((..._args: unknown[]) => Promise.resolve({ response: 0 })),
      showErrorBox: vi.fn(),
      showOpenDialog: vi.fn((..._args: unknown[]) => Promise.resolve({ canceled: true, filePaths: [] as string[] })),
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: unknown) => (permission.request = h),
        setPermissionCheckHandler: (h: unknown) => (permission.check = h),
      },
    },
    shell: { openExternal: vi.fn(() => Promise.resolve()), openPath: vi.fn(() => Promise.resolve('')) },
  };
  return { electron, windows, ipcHandlers, protocolHandlers, menus, permission };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
