// The command line's bundle (scripts/build.mjs): ES modules split into chunks, so that each
// command reads only the code it runs. One CommonJS file made every command read and compile
// all 4 MB of it (Lexical, pdf-lib, the export, import, server and sync code) before doing
// anything.
//
// - An `await import()` in the source is where esbuild cuts: what only it reaches becomes
//   chunks read when that line runs. electron/cli/main.ts parses the arguments with nothing
//   of the archive loaded, and imports the archive's world (electron/cli/services.ts) when a
//   command needs it.
// - The chunks sit beside the other bundles in dist/electron (cli.mjs, cli-HASH.mjs), so that
//   __dirname finds the workers, the renderer and the export's assets as it does from them; the
//   banner gives each chunk the __dirname, __filename and require its CommonJS code expects.
// - Synchronous code cannot await a chunk: the archive reads a story's body with Lexical's
//   headless editor (1.4 MB) in the middle of a write transaction. Such a module is a split
//   point: an entry of its own (dist/electron/cli-NAME.mjs) that its importers require() when
//   they first call it (Node loads an ES module synchronously that way). A split point hands
//   out only the functions it declares (`export function`): importing anything else from it
//   stops the build.
// - esbuild puts each module in a chunk with the modules that the same entries reach. Every
//   part that is loaded lazily (a split point, a dynamic import of anything outside
//   electron/cli/) but the STANDALONE ones is made to import the archive's world first, as it
//   would be loaded anyway: the world is then reached by all of them alike and stays a few
//   large chunks,
//   instead of being cut into dozens of small ones along each part's overlap with it (Node's
//   loader spends about as long on a small chunk as on a large one).
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { basename, resolve } from 'node:path';

/** Loaded after the archive's world, synchronously (see above): name of the chunk → module. */
const SPLIT_POINTS = {
  'cli-editor': 'shared/editor/body.ts',
  'cli-review-body': 'shared/import/review-body.ts',
  // A new archive's demo edition: its stories, photos and pages, written once.
  'cli-demo': 'electron/archive/demo.ts',
  // The newsroom: the sync engine, the server's client and the protocol's schemas.
  'cli-sync': 'electron/sync/agent.ts',
  // zod and the shapes of what the archive keeps as JSON, checked when one is read or written.
  'cli-shapes': 'electron/archive/stored-shapes.ts',
};

/** What the commands use of the archive's world, loaded as one piece. */
const WORLD = 'electron/cli/services.ts';

/** Parts a command also uses without the archive (`banmian proofread` on standard input). */
const STANDALONE = ['shared/proofread/check.ts', 'shared/proofread/house.ts', 'shared/proofread/message.ts'];

// Node's own modules are taken with require() (process.getBuiltinModule here), never imported:
// an ES import of one makes Node read every export it has, and so load whatever each loads on
// first use (node:util brings worker threads and readline, node:crypto all its ciphers).
const BANNER = [
  "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);",
  "const __filename = process.getBuiltinModule('node:url').fileURLToPath(import.meta.url);",
  "const __dirname = process.getBuiltinModule('node:path').dirname(__filename);",
].join('\n');
const BUILTIN = new RegExp(`^(node:)?(${builtinModules.map((m) => m.replace(/[/\\]/g, '\\$&')).join('|')})$`);

/** The functions a module declares for export (`export function f`): what a split point may hand out. */
function functionsOf(file) {
  return [...readFileSync(file, 'utf8').matchAll(/^export (?:async )?function\*? ?([\w$]+)/gm)].map((m) => m[1]);
}

function chunking(root) {
  const world = resolve(root, WORLD);
  const cliDir = resolve(root, 'electron/cli');
  const standalone = new Set(STANDALONE.map((file) => resolve(root, file)));
  const splitByFile = new Map(Object.entries(SPLIT_POINTS).map(([name, file]) => [resolve(root, file), name]));
  // Only paths that end in a split point's file name are resolved again to see if they are one.
  const names = [...splitByFile.keys()].map((file) => basename(file, '.ts').replace(/[^\w-]/g, '\\$&'));
  const maybeSplit = new RegExp(`(^|/)(${names.join('|')})(\\.ts)?$`);
  const again = (b, args) =>
    b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: 'chunking' });
  return {
    name: 'cli-chunking',
    setup(b) {
      // A split point's entry: its module, after the archive's world.
      b.onResolve({ filter: /^split:/ }, (args) => ({ path: resolve(root, args.path.slice('split:'.length)), namespace: 'after-world' }));
      // A part imported dynamically: the same.
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== 'dynamic-import' || args.pluginData === 'chunking' || /[\\/]node_modules[\\/]/.test(args.importer))
          return undefined;
        const found = await again(b, args);
        if (found.errors.length || found.path.startsWith(cliDir) || standalone.has(found.path)) return undefined;
        return { path: found.path, namespace: 'after-world' };
      });
      b.onLoad({ filter: /.*/, namespace: 'after-world' }, (args) => ({
        contents: `import ${JSON.stringify(world)};\nexport * from ${JSON.stringify(args.path)};\n`,
        loader: 'js',
        resolveDir: root,
      }));
      // Any other import of a split point: functions that require() its chunk on their first call.
      b.onResolve({ filter: maybeSplit }, async (args) => {
        if (args.kind === 'entry-point' || args.pluginData === 'chunking' || args.namespace === 'after-world') return undefined;
        const found = await again(b, args);
        const name = splitByFile.get(found.path);
        return name ? { path: found.path, namespace: 'split-point', pluginData: name } : undefined;
      });
      b.onResolve({ filter: /^\.\/cli-[a-z-]+\.mjs$/, namespace: 'split-point' }, (args) => ({ path: args.path, external: true }));
      // Node's own modules (see BANNER): an import of one is a CommonJS module that requires it.
      // commander's node:child_process, whose spawn() runs subcommands that are programs of their
      // own (ours are not), is required when spawn is first read: with it come net, dgram and streams.
      b.onResolve({ filter: BUILTIN }, (args) => {
        if (args.namespace === 'builtin') return { path: args.path, external: true };
        const name = args.path.startsWith('node:') ? args.path : `node:${args.path}`;
        const onUse = name === 'node:child_process' && /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer);
        // A path of its own: esbuild makes one module per path, and every other importer (the
        // export's Ghostscript runner) needs the whole module.
        return { path: onUse ? `${name}#spawn-on-use` : name, namespace: 'builtin', pluginData: onUse };
      });
      b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => {
        const builtin = `require(${JSON.stringify(args.path.replace(/#.*$/u, ''))})`;
        // esbuild's interop copies a CommonJS module's properties for an ES importer, which reads
        // node:util's lazy ones (worker threads again): util is handed out as an object that
        // inherits them, with none of its own to copy.
        if (args.path === 'node:util') return { contents: `module.exports = Object.create(${builtin});`, loader: 'js' };
        if (args.pluginData) return { contents: `module.exports = { get spawn() { return ${builtin}.spawn; } };`, loader: 'js' };
        return { contents: `module.exports = ${builtin};`, loader: 'js' };
      });
      b.onLoad({ filter: /.*/, namespace: 'split-point' }, (args) => {
        const lines = [`const load = () => require('./${args.pluginData}.mjs');`];
        for (const name of functionsOf(args.path)) lines.push(`export const ${name} = (...args) => load().${name}(...args);`);
        return { contents: lines.join('\n'), loader: 'js', resolveDir: root };
      });
    },
  };
}

/** esbuild's options for the command line, built into `outdir` from the sources under `root`. */
export function cliBuildOptions(node, outdir, root = process.cwd()) {
  const splitEntries = Object.fromEntries(Object.entries(SPLIT_POINTS).map(([name, file]) => [name, `split:${file}`]));
  return {
    ...node,
    format: 'esm',
    splitting: true,
    entryPoints: { cli: 'electron/cli/index.ts', ...splitEntries },
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'cli-[hash]',
    banner: { js: BANNER },
    plugins: [chunking(root)],
  };
}

/** The command line's files in a folder of built bundles: the last build's, removed before the next. */
export const CLI_FILE = /^cli(\.cjs|\.mjs|-[a-z-]+\.mjs|-[A-Z0-9]+\.mjs)(\.map)?$/;
