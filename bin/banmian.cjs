#!/usr/bin/env node
// The `banmian` command: the built command line in dist/ (built by `npm run build`, which
// `npm ci` runs through the prepare script): ES modules, each command loading only what it uses.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const cli = join(__dirname, '..', 'dist', 'electron', 'cli.mjs');
if (!existsSync(cli)) {
  process.stderr.write('banmian: not built yet; run `npm run build` (npm ci does it)\n');
  process.exit(1);
}
// V8's compiled code of the modules, kept between runs (Node's own cache, in the system's temp
// folder): a command then starts without compiling its JavaScript again.
require('node:module').enableCompileCache?.();
import(pathToFileURL(cli).href).catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
