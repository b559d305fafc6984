// Runs a benchmark as the app ships its code: bundled by esbuild into CommonJS, as the main
// process and the command line are (scripts/build.mjs). Under tsx every imported binding is
// read through a getter, which made the hottest loops of an import up to eight times slower.
//   node scripts/bench.mjs archive -- --articles 100000
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

const [name, ...rest] = process.argv.slice(2);
if (!name) {
  console.error(
    'usage: node scripts/bench.mjs <archive|compose|desk-load|export|import-variants|page-view|proofread|read-pages|soak|sync> [-- args]',
  );
  process.exit(2);
}
const args = rest[0] === '--' ? rest.slice(1) : rest;
// A folder beside bench/, so that paths the benchmarks take from __dirname stay the same.
const outfile = `dist-bench/${name}.cjs`;
const node = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'cjs',
  logLevel: 'warning',
  // (esbuild: bench:read-pages bundles another checkout's reader with it as it runs)
  external: ['electron', 'better-sqlite3', 'playwright-core', 'esbuild'],
};
await Promise.all([
  build({ ...node, entryPoints: [`bench/${name}.ts`], outfile }),
  // The import worker beside the benchmark, where run-import looks for it first.
  build({ ...node, entryPoints: ['electron/import/worker.ts'], outfile: 'dist-bench/import-worker.cjs' }),
  build({ ...node, entryPoints: ['electron/import/reader.ts'], outfile: 'dist-bench/import-reader.cjs' }),
  build({ ...node, entryPoints: ['electron/archive/backup-worker.ts'], outfile: 'dist-bench/backup-worker.cjs' }),
]);
const flags = name === 'compose' ? ['--expose-gc'] : [];
const run = spawnSync(process.execPath, [...flags, outfile, ...args], { stdio: 'inherit' });
process.exit(run.status ?? 1);
