// Reading page files alone, the import's second thread: `npm run bench:read-pages -- [--files N]
// [--runs N] [--against DIR ...]`. Reads the fixture pages over and over, each copy
// with one line changed (as bench:archive feeds the import worker), and prints the CPU time of
// the process per file. With --against, the reader of another checkout (a worktree, or
// `git archive HEAD | tar -x -C DIR`) is bundled and read in the same process, the readers
// taking turns run by run, so that the machine's load falls on each alike; their articles
// must come out the same, or the run stops.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type * as Esbuild from 'esbuild';
import { readPageText } from '../shared/import/page-text';

type Reader = { name: string; read: (text: string) => unknown };

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const FILES = option('--files', 900);
const RUNS = option('--runs', 10);
const against = args.flatMap((a, i) => (args[i - 1] === '--against' ? [resolve(a)] : []));

const pagesDir = join(__dirname, '..', '..', 'shared', 'fixtures', 'pages');
const texts = readdirSync(pagesDir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => readFileSync(join(pagesDir, f), 'utf8'));
// (through bytes, as a file is decoded: flat strings, not the concatenations that made them)
const files = Array.from({ length: FILES }, (_, i) => Buffer.from(`${texts[i % texts.length]}\n本版编辑 第${i}号\n`).toString('utf8'));

const readers: Reader[] = [{ name: 'this checkout', read: readPageText }];
if (against.length) {
  // Loaded at run time, not bundled into the benchmark (see scripts/bench.mjs).
  const load = createRequire(__filename);
  const esbuild = load('esbuild') as typeof Esbuild;
  against.forEach((dir, k) => {
    const outfile = join(__dirname, `read-pages-against-${k}.cjs`);
    esbuild.buildSync({
      entryPoints: [join(dir, 'shared', 'import', 'page-text.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node24',
      format: 'cjs',
      logLevel: 'warning',
    });
    const other = load(outfile) as { readPageText: Reader['read'] };
    readers.push({ name: dir, read: other.readPageText });
  });
  const first = readers[0]!;
  for (const [i, text] of files.slice(0, 30).entries()) {
    const want = JSON.stringify(first.read(text));
    for (const r of readers.slice(1)) {
      if (JSON.stringify(r.read(text)) !== want) throw new Error(`${r.name} reads file ${i} otherwise than ${first.name}`);
    }
  }
}

const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
let articles = 0;
const runOnce = (reader: Reader): number => {
  const t = cpu();
  articles = 0;
  for (const text of files) articles += (reader.read(text) as { articles: unknown[] }).articles.length;
  return (cpu() - t) / files.length;
};

// A run each to warm up, then the readers take turns, the order turning every run.
for (const r of readers) runOnce(r);
const times = readers.map(() => [] as number[]);
for (let run = 0; run < RUNS; run++) {
  for (let j = 0; j < readers.length; j++) {
    const k = (j + run) % readers.length;
    times[k]!.push(runOnce(readers[k]!));
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
console.log(`${FILES} page files a run, ${RUNS} runs each; ${(articles / FILES).toFixed(1)} articles a file`);
readers.forEach((r, k) => {
  const t = times[k]!;
  const med = median(t);
  // (each run's time over this checkout's in the same round: the load of the moment falls on both)
  const ratio = k ? `; ${median(t.map((x, run) => x / times[0]![run]!)).toFixed(2)} × this checkout, run by run (median)` : '';
  console.log(
    `${r.name}: ${Math.min(...t).toFixed(3)} / ${med.toFixed(3)} ms a file (min / median); ${Math.round((articles / FILES) * (1000 / med)).toLocaleString()} articles a second${ratio}; runs ${t.map((x) => x.toFixed(2)).join(' ')}`,
  );
});
