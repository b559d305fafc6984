import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXTERNAL_LINK_HOSTS } from '../../electron/app/security';
import type { WindowState } from '../../electron/app/window-state';
import { API_METHODS, CHANNELS, channelOf } from '../../shared/api/methods';
import { createFakeElectron, type FakeElectron } from '../support/fake-electron';
import { PAGES_DIR } from '../support/fixtures';
import { tempDir } from '../support/temp';
import { TEST_PASSWORD } from '../support/services';
import { checkRules, roleAccounts } from '../support/rules';
import { AppServices } from '../../electron/services/app-services';
import type { Result } from '../../shared/api/errors';
import { DESK_ROLES } from '../../shared/domain/accounts';

const folders = { data: tempDir(), userData: tempDir() };
const fake: FakeElectron = createFakeElectron(folders.userData.dir);
vi.mock('electron', () => fake.electron);

interface MenuItem {
  label?: string;
  submenu?: MenuItem[];
}
type Menu = MenuItem[];

/** What the main process did as it started, kept before Vitest clears mock histories for each test. */
const startup = { loadURL: [] as unknown[][], singleInstanceLock: 0 };

beforeAll(async () => {
  process.argv.push('--data', folders.data.dir);
  await import('../../electron/main');
  await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
  startup.loadURL = [...vi.mocked(win().loadURL).mock.calls];
  startup.singleInstanceLock = vi.mocked(fake.electron.app.requestSingleInstanceLock).mock.calls.length;
  // The archive is new: its first user creates the administrator (every role), which signs the app in.
  const setup = await call('session.setup', { name: '测试管理员', password: TEST_PASSWORD, roles: [...DESK_ROLES] }, OWN_PAGE);
  expect(setup).toMatchObject({ ok: true, value: { account: { name: '测试管理员' } } });
});
afterAll(() => {
  fake.electron.app.emit('will-quit');
  folders.data.cleanup();
  folders.userData.cleanup();
});

function win() {
  return fake.windows[0]!;
}

function call(method: string, input: unknown, frame: { url: string; parent?: unknown } | null, senderId = win().webContents.id) {
  const handler = fake.ipcHandlers.get(channelOf(method as (typeof API_METHODS)[number]));
  if (!handler) throw new Error(`no handler for ${method}`);
  return handler({ senderFrame: frame && { parent: null, ...frame }, sender: { id: senderId } }, input) as Promise<{
    ok: boolean;
    value?: unknown;
    error?: { code: string; message: string };
  }>;
}

const OWN_PAGE = { url: 'app://banmian/index.html#/article/x' };

describe('the Electron main process, against a fake electron', () => {
  it('registers a handler for every API method, and nothing else', () => {
    const channels = [...fake.ipcHandlers.keys()].sort();
    expect(channels).toEqual(API_METHODS.map(channelOf).sort());
  });

  it('answers its own page from the archive named by --data', async () => {
    const result = await call('articles.list', {}, OWN_PAGE);
    expect(result.ok).toBe(true);
    expect((result.value as unknown[]).length).toBeGreaterThan(0);
    expect(existsSync(join(folders.data.dir, 'banmian.sqlite'))).toBe(true);
  });

  it('refuses calls from another site, from a frame inside the page, from another web contents, or with no frame', async () => {
    for (const [frame, sender] of [
      [{ url: 'https://evil.example/' }, undefined],
      [{ url: 'file:///etc/passwd' }, undefined],
      [{ url: 'app://banmian.evil/index.html' }, undefined],
      [{ url: 'app://banmian/index.html', parent: {} }, undefined],
      [OWN_PAGE, 9999],
      [null, undefined],
    ] as const) {
      const result = await call('articles.list', {}, frame, sender);
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('returns a coded, translated error for malformed arguments', async () => {
    const result = await call('articles.save', { id: 42, draft: 'x' }, OWN_PAGE);
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('INVALID_INPUT');
    expect(result.error?.message).toMatch(/^请求的数据不合规/);
    expect((await call('articles.get', null, OWN_PAGE)).error?.code).toBe('INVALID_INPUT');
  });

  it('holds who may do what for every role, the app signed in as each in turn', async () => {
    // A second connection to the same archive, to set up what each action acts on and to see
    // that a refused one changed nothing.
    const direct = AppServices.open(folders.data.dir, { demo: false });
    try {
      const actors = await roleAccounts(direct);
      await checkRules(direct, actors, async (role) => {
        const signIn = await call('session.signIn', { name: actors.get(role)!.name, password: TEST_PASSWORD }, OWN_PAGE);
        expect(signIn.ok ? 'ok' : signIn.error?.message).toBe('ok');
        return (method, input) => call(method, input, OWN_PAGE) as Promise<Result<unknown>>;
      });
    } finally {
      direct.close();
      // Back to the administrator for whatever runs after.
      await call('session.signIn', { name: '测试管理员', password: TEST_PASSWORD }, OWN_PAGE);
    }
  }, 120_000);

  it('opens the window with Electron’s security defaults on', () => {
    const prefs = win().options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
    expect(startup.loadURL).toEqual([['app://banmian/index.html']]);
    expect(startup.singleInstanceLock).toBe(1);
  });

  it('denies navigation away from the app, new windows, webviews and permission requests', () => {
    const contents = win().webContents;
    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() };
      contents.emit('will-navigate', event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('app://banmian/index.html#/')).toBe(false);
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(contents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(fake.electron.shell.openExternal).not.toHaveBeenCalledWith('https://example.com/');
    expect(fake.electron.shell.openExternal).not.toHaveBeenCalledWith('file:///etc/passwd');
    const granted = vi.fn();
    (fake.permission.request as (c: unknown, p: string, cb: (ok: boolean) => void) => void)({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect((fake.permission.check as () => boolean)()).toBe(false);
  });

  it('opens in the browser only mailto: and https links to the hosts on the list, and never a window', () => {
    const contents = win().webContents;
    const openExternal = fake.electron.shell.openExternal;
    // The app links to no site yet; the test puts one on the list the app really consults.
    const hosts = EXTERNAL_LINK_HOSTS as Set<string>;
    hosts.add('allowed.example');
    try {
      const opens = (url: string) => {
        openExternal.mockClear();
        expect(contents.openHandler?.({ url })).toEqual({ action: 'deny' });
        return openExternal.mock.calls.map((args: unknown[]) => args[0]);
      };
      expect(opens('https://allowed.example/guide?page=2')).toEqual(['https://allowed.example/guide?page=2']);
      expect(opens('https://ALLOWED.example/')).toEqual(['https://allowed.example/']);
      expect(opens('mailto:desk@allowed.example')).toEqual(['mailto:desk@allowed.example']);
      for (const url of [
        'https://evil.example/',
        'http://allowed.example/',
        'javascript:alert(1)',
        'file:///etc/passwd',
        'https://user:pass@allowed.example/',
        'https://allowed.example@evil.example/',
        'https://user@allowed.example/',
        'https://allowed.example.evil.example/',
        'https://evil.example/allowed.example',
        'https://allowed.example./',
        'https://xallowed.example/',
        'data:text/html,<p>x</p>',
        'app://banmian/index.html',
        'https://',
        'not a url',
        '',
      ]) {
        expect(opens(url), url).toEqual([]);
      }
    } finally {
      hosts.delete('allowed.example');
    }
    expect(contents.openHandler?.({ url: 'https://allowed.example/' })).toEqual({ action: 'deny' });
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('serves the page over app:// with a strict content security policy', async () => {
    const handler = fake.protocolHandlers.get('app')!;
    const page = await handler(new Request('app://banmian/index.html'));
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const escape = await handler(new Request('app://banmian/../../../../etc/passwd'));
    expect(await escape.text()).not.toContain('root:');
    expect((await handler(new Request('app://other/index.html'))).status).toBe(404);
  });

  it('builds the menu in the archive’s language and rebuilds it when the language changes', async () => {
    const labels = () => (fake.menus.at(-1) as Menu).map((m) => m.label);
    expect(labels()).toEqual(['文件', '编辑', '视图', '帮助']);
    const file = (fake.menus.at(-1) as Menu)[0]!.submenu!.map((i) => i.label);
    expect(file).toContain('新建稿件');
    expect(file).toContain('保存');
    await call('settings.set', { language: 'en' }, OWN_PAGE);
    expect(labels()).toEqual(['File', 'Edit', 'View', 'Help']);
    const file2 = (fake.menus.at(-1) as Menu)[0]!.submenu! as { label?: string; accelerator?: string; click?: () => void }[];
    const save = file2.find((i) => i.label === 'Save')!;
    expect(save.accelerator).toBe('CmdOrCtrl+S');
    save.click!();
    expect(win().webContents.send).toHaveBeenCalledWith(CHANNELS.command, 'save');
  });

  it('imports page text chosen in a file dialog from the menu, reports each file and refreshes the page', async () => {
    const file = (fake.menus.at(-1) as Menu)[0]!.submenu! as { label?: string; click?: () => void }[];
    const item = file.find((i) => i.label === 'Import Page Text…')!;
    fake.electron.dialog.showOpenDialog.mockResolvedValueOnce({
      canceled: false,
      filePaths: [join(PAGES_DIR, 'shashi-2024-06.txt'), join(folders.data.dir, 'missing.txt')],
    });
    item.click!();
    await vi.waitFor(() => expect(fake.electron.dialog.showMessageBox).toHaveBeenCalledTimes(1));
    const report = fake.electron.dialog.showMessageBox.mock.calls[0]![1] as { detail: string; type: string };
    expect(report.type).toBe('warning');
    expect(report.detail).toMatch(/^shashi-2024-06\.txt: \d+ articles imported/);
    expect(report.detail).toContain('missing.txt');
    expect(win().webContents.send).toHaveBeenCalledWith(CHANNELS.command, 'refresh');
    const found = await call('search.query', { q: '岑河镇' }, OWN_PAGE);
    expect((found.value as { total: number }).total).toBeGreaterThan(0);
  });

  it('opens another window on the same archive from the menu, whose calls are answered too', async () => {
    const file = (fake.menus.at(-1) as Menu)[0]!.submenu! as { label?: string; accelerator?: string; click?: () => void }[];
    const item = file.find((i) => i.label === '新建窗口' || i.label === 'New Window')!;
    expect(item.accelerator).toBe('CmdOrCtrl+Shift+N');
    const before = fake.windows.length;
    item.click!();
    expect(fake.windows.length).toBe(before + 1);
    const second = fake.windows.at(-1)!;
    expect(second.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    const answer = await call('layout.editions', {}, OWN_PAGE, second.webContents.id);
    expect(answer.ok).toBe(true);
  });

  it('opens the exports folder from the menu', () => {
    const file = (fake.menus.at(-1) as Menu)[0]!.submenu! as { label?: string; click?: () => void }[];
    file.find((i) => i.label === '打开导出文件夹' || i.label === 'Open Exports Folder')!.click!();
    expect(fake.electron.shell.openPath).toHaveBeenCalledWith(join(folders.data.dir, 'exports'));
    expect(existsSync(join(folders.data.dir, 'exports'))).toBe(true);
  });

  it('remembers where the window was', () => {
    win().emit('move');
    const saved = JSON.parse(readFileSync(join(folders.userData.dir, 'window-state.json'), 'utf8')) as WindowState;
    expect(saved).toEqual({ x: 40, y: 30, width: 1100, height: 700, maximized: false });
  });

  it('asks the page to save before the window closes, and closes when it has', () => {
    const event = { preventDefault: vi.fn() };
    win().emit('close', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(win().webContents.send).toHaveBeenCalledWith(CHANNELS.beforeClose);
    expect(win().isDestroyed()).toBe(false);
    fake.electron.ipcMain.emit(CHANNELS.readyToClose, { sender: { id: win().webContents.id } });
    expect(win().isDestroyed()).toBe(true);
  });
});
