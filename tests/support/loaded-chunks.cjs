// Preloaded into a command line a test runs (NODE_OPTIONS=--require): at exit, writes the files
// of the built bundle the process loaded, one a line, to the file BANMIAN_TEST_LOADED names.
const { registerHooks } = process.getBuiltinModule('node:module');
const { writeFileSync } = process.getBuiltinModule('node:fs');
const { fileURLToPath } = process.getBuiltinModule('node:url');

const loaded = [];
registerHooks({
  load(url, context, next) {
    if (url.startsWith('file:')) loaded.push(fileURLToPath(url));
    return next(url, context);
  },
});
process.on('exit', () => writeFileSync(process.env.BANMIAN_TEST_LOADED, loaded.join('\n')));
