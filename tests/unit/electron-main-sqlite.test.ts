import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFakeElectron, type FakeElectron } from '../support/fake-electron';
import { canCompileNativeModule, moduleBuiltForAnotherRuntime } from '../support/native-modules';
import { tempDir } from '../support/temp';

/**
 * The app started where the SQLite module cannot load: here, a module built for another
 * runtime, loaded for real, in place of better-sqlite3's binding.
 */
const folders = { data: tempDir(), userData: tempDir(), build: tempDir() };
const fake: FakeElectron = createFakeElectron(folders.userData.dir);
const state = vi.hoisted(() => ({ binding: '', shown: [] as unknown[][] }));
vi.mock('electron', () => fake.electron);
vi.mock('better-sqlite3', () => ({
  default: class {
    constructor() {
      // What better-sqlite3 does first: load its native binding.
      createRequire(__filename)(state.binding);
    }
  },
}));

describe.skipIf(!canCompileNativeModule)('the Electron main process, when the SQLite module was built for another runtime', () => {
  beforeAll(async () => {
    state.binding = moduleBuiltForAnotherRuntime(folders.build.dir);
    process.argv.push('--data', folders.data.dir);
    await import('../../electron/main');
    await vi.waitFor(() => expect(fake.electron.app.quit).toHaveBeenCalled());
    // Kept before Vitest clears mock histories for each test.
    state.shown = [...vi.mocked(fake.electron.dialog.showErrorBox).mock.calls];
  });
  afterAll(() => {
    folders.data.cleanup();
    folders.userData.cleanup();
    folders.build.cleanup();
  });

  it('says so in a dialog in the system’s language, opens no window, and quits', () => {
    expect(state.shown).toHaveLength(1);
    const [title, message] = state.shown[0] as [string, string];
    expect(title).toBe('版面');
    expect(message).toMatch(/^SQLite 模块是为另一运行环境编译的（NODE_MODULE_VERSION 115，本程序需要 \d+）。请重新安装版面/u);
    expect(message).not.toMatch(/\bat \S+ \(|Error:/u);
    expect(fake.windows).toHaveLength(0);
  });
});
