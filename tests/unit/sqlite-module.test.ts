import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { moduleProblem, openDatabase } from '../../electron/archive/sqlite';
import { ApiError } from '../../shared/api/errors';
import { createI18n, errorMessage } from '../../shared/i18n/setup';
import { canCompileNativeModule, moduleBuiltForAnotherRuntime } from '../support/native-modules';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());
const ROOT = join(__dirname, '..', '..');
const requireHere = createRequire(__filename);

/** The error Node throws loading this file as a native module. */
function loadError(file: string): unknown {
  try {
    requireHere(file);
  } catch (error) {
    return error;
  }
  throw new Error(`${file} loaded`);
}

const NODE_API_ENTRY = 'napi_register_module_v1';
const ABI_REGISTRATION = 'node_module_register';

describe('the SQLite module', () => {
  it('is the Node-API binary better-sqlite3 ships for this platform: no NODE_MODULE_VERSION of its own, so Electron loads it as Node does', () => {
    const db = openDatabase(':memory:');
    expect((db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v).toMatch(/^3\.\d+/u);
    db.close();
    const loaded = Object.keys(requireHere.cache).filter((f) => f.endsWith('.node'));
    const prebuild = join(ROOT, 'node_modules', 'better-sqlite3', 'prebuilds', `${process.platform}-${process.arch}.node`);
    expect(loaded).toContain(prebuild);
    // npm's implicit node-gyp step compiles nothing when a prebuild fits (better-sqlite3's binding.gyp).
    for (const kind of ['Release', 'Debug'])
      expect(existsSync(join(ROOT, 'node_modules', 'better-sqlite3', 'build', kind, 'better_sqlite3.node'))).toBe(false);
    // A Node-API module: it registers through Node-API, never with a NODE_MODULE_VERSION of its
    // own, so Electron (which implements Node-API) loads it as Node does.
    const bytes = readFileSync(prebuild).toString('latin1');
    expect(bytes).toContain(NODE_API_ENTRY);
    expect(bytes).not.toContain(ABI_REGISTRATION);
  });

  it.skipIf(!canCompileNativeModule)('built for another runtime, is reported in words that say what to do', () => {
    const wrong = moduleBuiltForAnotherRuntime(temp.folder());
    const problem = moduleProblem(loadError(wrong));
    expect(problem).toBeInstanceOf(ApiError);
    expect(problem).toMatchObject({ code: 'SQLITE_MODULE_WRONG_ABI', params: { found: 115, needed: Number(process.versions.modules) } });
    expect(errorMessage(createI18n('zh-CN'), problem!.code, problem!.params)).toBe(
      `SQLite 模块是为另一运行环境编译的（NODE_MODULE_VERSION 115，本程序需要 ${process.versions.modules}）。请重新安装版面（或重新运行 \`npm ci\`）。稿库未打开，未作任何改动`,
    );
    expect(errorMessage(createI18n('en'), problem!.code, problem!.params)).toMatch(
      /^The SQLite module was built for another runtime \(NODE_MODULE_VERSION 115; this one needs \d+\)/u,
    );
  });

  it('damaged or absent, is reported in words too; an error about the file itself is left alone', () => {
    const folder = temp.folder();
    const damaged = join(folder, 'better_sqlite3.node');
    writeFileSync(damaged, 'this is not a shared library');
    const unusable = moduleProblem(loadError(damaged));
    expect(unusable).toMatchObject({ code: 'SQLITE_MODULE_UNUSABLE' });
    expect(unusable?.params.reason).toBeTypeOf('string');
    expect(moduleProblem(loadError(join(folder, 'gone', 'better_sqlite3.node')))).toMatchObject({
      code: 'SQLITE_MODULE_MISSING',
      params: { platform: `${process.platform}-${process.arch}` },
    });
    const notADatabase = join(folder, 'x.sqlite');
    writeFileSync(notADatabase, 'plain text, not SQLite');
    let fileError: unknown;
    try {
      openDatabase(notADatabase).prepare('SELECT 1 FROM sqlite_master').get();
    } catch (error) {
      fileError = error;
    }
    expect(moduleProblem(fileError)).toBeUndefined();
  });
});

describe('the desktop package (electron-builder, with a stand-in for the Electron binary)', () => {
  it('carries the one SQLite binary for its platform, unpacked, and no source, compiled build or other platform’s binary', async () => {
    // electron-builder's own packaging, with the Electron download replaced by a folder (the
    // binary cannot be fetched here) and the fuses, which need a real Electron binary, off.
    const electronDist = temp.folder();
    writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\n');
    mkdirSync(join(electronDist, 'resources'));
    const out = temp.folder();
    const { build, Platform } = await import('electron-builder');
    await build({
      projectDir: ROOT,
      targets: Platform.current().createTarget('dir'),
      config: { extends: null, electronDist, electronFuses: null, directories: { output: out } },
    });
    const [unpacked] = readdirSync(out).filter((d) => d.endsWith('-unpacked') || d.endsWith('.app'));
    const resources = join(out, unpacked!, 'resources');
    const natives: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.node')) natives.push(relative(resources, path).split(sep).join('/'));
      }
    };
    walk(resources);
    expect(natives).toEqual([`app.asar.unpacked/node_modules/better-sqlite3/prebuilds/${process.platform}-${process.arch}.node`]);
    const { listPackage } = await import('@electron/asar');
    const inAsar = listPackage(join(resources, 'app.asar'), { isPack: false }).map((f) => f.split(sep).join('/'));
    expect(inAsar).toContain('/node_modules/better-sqlite3/lib/database.js');
    expect(inAsar).toContain('/dist/electron/main.cjs');
    // The faces the export embeds, 楷 from Debian's fonts-lxgw-wenkai, with their licences, where fonts.ts looks.
    for (const file of [
      '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
      '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
      'lxgw-wenkai/LXGWWenKai-Regular.ttf',
      'lxgw-wenkai/LXGWWenKai-Bold.ttf',
      'lxgw-wenkai/copyright',
    ])
      expect(statSync(join(resources, 'export-assets', file)).isFile(), file).toBe(true);
    expect(inAsar.filter((f) => /better-sqlite3\/(build|deps|src)\//u.test(f) || f.startsWith('/node_modules/node-addon-api/'))).toEqual(
      [],
    );
    rmSync(out, { recursive: true, force: true });
  }, 120_000);
});
