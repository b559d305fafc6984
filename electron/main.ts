import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell } from 'electron';
import { CHANNELS, type AppCommand } from '../shared/api/methods';
import { ApiError } from '../shared/api/errors';
import { errorMessage, createI18n } from '../shared/i18n/setup';
import { AppServices } from './services/app-services';
import { registerApi } from './app/ipc';
import { menuTemplate } from './app/menu';
import { APP_URL } from './app/origin';
import { APP_SCHEME_PRIVILEGES, serveApp } from './app/protocol';
import { denyPermissions, hardenContents } from './app/security';
import { loadWindowState, saveWindowState, windowStateFile } from './app/window-state';
import { runImport } from './import/run-import';
import { undatedFiles, withDating } from '../shared/import/report-dating';
import { electronPrinter } from './app/pdf';
import { isLanguage, languageOfLocale } from '../shared/i18n/languages';

/** `--data DIR` picks the archive folder; otherwise the platform's user-data folder. */
function dataDirFromArgs(argv: readonly string[]): string | undefined {
  const i = argv.indexOf('--data');
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--data='))?.slice('--data='.length);
}

const rendererDir = join(__dirname, '..', 'renderer');
const preloadFile = join(__dirname, 'preload.cjs');
const windows = new Set<BrowserWindow>();
let services: AppServices | undefined;

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
hardenContents(app, (url) => shell.openExternal(url));

function sendCommand(command: AppCommand): void {
  const target = BrowserWindow.getFocusedWindow() ?? [...windows][0];
  target?.webContents.send(CHANNELS.command, command);
}

function buildMenu(current: AppServices): void {
  const template = menuTemplate(current.i18n, {
    command: sendCommand,
    isMac: process.platform === 'darwin',
    isPackaged: app.isPackaged,
    importPages: () => void importFromMenu(current),
    newWindow: () => void createWindow(),
    openExports: () => {
      const folder = join(current.archive.dir, 'exports');
      mkdirSync(folder, { recursive: true });
      void shell.openPath(folder);
    },
    about: () =>
      void dialog.showMessageBox({
        type: 'info',
        title: current.i18n.t('menu:about'),
        message: current.i18n.t('common:appName'),
        detail: current.i18n.t('menu:aboutDetail', { version: app.getVersion() }),
      }),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** File → Import Page Text…: choose files, import them, report each, refresh the page. */
async function importFromMenu(current: AppServices): Promise<void> {
  const win = BrowserWindow.getFocusedWindow() ?? [...windows][0];
  const t = current.i18n.t.bind(current.i18n);
  const options = {
    title: t('menu:importPages'),
    properties: ['openFile', 'multiSelections'] as ('openFile' | 'multiSelections')[],
    filters: [{ name: t('menu:pageText'), extensions: ['txt'] }],
  };
  const chosen = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  if (chosen.canceled || chosen.filePaths.length === 0) return;
  const files = chosen.filePaths.map((path) => ({ fileName: basename(path), path }));
  const language = isLanguage(current.i18n.language) ? current.i18n.language : 'zh-CN';
  // The import writes from threads of its own, outside any call: the search index is not merged meanwhile.
  const done = current.working();
  // runImport throws at once where a thread cannot start (a bundle not built): released all the same.
  const { reports } = await Promise.resolve()
    .then(() => runImport({ dataDir: current.archive.dir, language, files, options: {} }).result)
    .finally(done);
  const lines = reports.map((r) =>
    r.ok
      ? r.duplicate
        ? t('desk:import.duplicate', { file: r.fileName })
        : withDating(current.i18n, t('desk:import.done', { file: r.fileName, count: r.articleIds.length, doubtful: r.doubtful }), r)
      : t('desk:import.failed', { file: r.fileName, message: r.error?.message ?? '' }),
  );
  // The menu asks no batch date: pages that print none are imported undated, and the report says how many.
  const undated = undatedFiles(reports);
  if (undated) lines.push(t('desk:import.undatedFiles', { count: undated }));
  win?.webContents.send(CHANNELS.command, 'refresh');
  const box = {
    type: reports.every((r) => r.ok) && !undated ? ('info' as const) : ('warning' as const),
    message: t('desk:import.reportTitle'),
    detail: lines.join('\n'),
  };
  void (win ? dialog.showMessageBox(win, box) : dialog.showMessageBox(box));
}

function createWindow(): BrowserWindow {
  const stateFile = windowStateFile(app.getPath('userData'));
  const state = loadWindowState(
    stateFile,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...state,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: services?.i18n.t('common:appName') ?? 'Banmian',
    webPreferences: {
      preload: preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  windows.add(win);
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  const remember = () => {
    if (win.isDestroyed() || win.isMinimized()) return;
    const maximized = win.isMaximized();
    saveWindowState(stateFile, { ...(maximized ? state : win.getNormalBounds()), maximized });
  };
  win.on('resize', remember);
  win.on('move', remember);

  // Before the window goes, the page saves what is pending; it has three seconds to answer.
  let closing = false;
  win.on('close', (event) => {
    remember();
    if (closing) return;
    event.preventDefault();
    closing = true;
    const done = () => {
      clearTimeout(timer);
      ipcMain.removeListener(CHANNELS.readyToClose, onReady);
      if (!win.isDestroyed()) win.destroy();
    };
    const onReady = (e: Electron.IpcMainEvent) => {
      if (e.sender.id === win.webContents.id) done();
    };
    const timer = setTimeout(done, 3000);
    ipcMain.on(CHANNELS.readyToClose, onReady);
    win.webContents.send(CHANNELS.beforeClose);
  });
  win.on('closed', () => windows.delete(win));
  void win.loadURL(APP_URL);
  return win;
}

function start(): void {
  try {
    services = AppServices.open(dataDirFromArgs(process.argv) ?? app.getPath('userData'), {
      pdfPrinter: electronPrinter({ BrowserWindow, session, tempDir: app.getPath('temp') }),
      holder: { program: 'app', detail: '' },
      waitForWrites: 'async',
      liveSync: true,
    });
  } catch (error) {
    // No archive, so no archive language: the system's.
    const i18n = createI18n(languageOfLocale(app.getLocale()));
    const message = error instanceof ApiError ? errorMessage(i18n, error.code, error.params) : String(error);
    dialog.showErrorBox(i18n.t('common:appName'), message);
    app.quit();
    return;
  }
  const current = services;
  denyPermissions(session.defaultSession);
  serveApp(protocol, current, rendererDir);
  registerApi(ipcMain, current, (id) => [...windows].some((w) => !w.isDestroyed() && w.webContents.id === id));
  buildMenu(current);
  current.onLanguageChange(() => buildMenu(current));
  createWindow();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const win = [...windows][0];
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (services && windows.size === 0) createWindow();
  });
  app.on('will-quit', () => services?.close());
  void app.whenReady().then(start);
}
