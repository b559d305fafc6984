// Builds the three worlds: the renderer with Vite (dist/renderer), and the Node side with
// esbuild (dist/electron): main and preload for Electron (a sandboxed preload must be one
// CommonJS file) and the workers as CommonJS bundles, the command line as ES modules split
// into chunks (scripts/cli-bundle.mjs), all sharing shared/.
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cliBuildOptions, CLI_FILE } from './cli-bundle.mjs';

const node = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Native and Electron's own modules are loaded at run time, not bundled; so is the headless
  // Chromium driver the command line prints PDFs with; and the newsroom server's PostgreSQL
  // clients (node-postgres, PGlite with its WebAssembly files) and WebSocket library, which
  // load optional parts and files beside them at run time.
  external: ['electron', 'better-sqlite3', 'playwright-core', 'pg', 'ws', '@electric-sql/pglite'],
};

// The command line's last build is removed first: its chunks are named by their content.
for (const name of existsSync('dist/electron') ? readdirSync('dist/electron') : []) {
  if (CLI_FILE.test(name)) rmSync(join('dist/electron', name));
}

await viteBuild({ configFile: 'vite.config.mts', logLevel: 'warn' });
await Promise.all([
  esbuild({ ...node, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs' }),
  esbuild({
    ...node,
    entryPoints: ['electron/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    platform: 'browser',
    target: 'chrome130',
  }),
  esbuild(cliBuildOptions(node, 'dist/electron')),
  esbuild({ ...node, entryPoints: ['electron/import/worker.ts'], outfile: 'dist/electron/import-worker.cjs' }),
  esbuild({ ...node, entryPoints: ['electron/import/reader.ts'], outfile: 'dist/electron/import-reader.cjs' }),
  esbuild({ ...node, entryPoints: ['electron/archive/backup-worker.ts'], outfile: 'dist/electron/backup-worker.cjs' }),
  esbuild({
    ...node,
    entryPoints: ['electron/archive/search-compaction-worker.ts'],
    outfile: 'dist/electron/search-compaction-worker.cjs',
  }),
]);
