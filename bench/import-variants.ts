// npm run bench:import-variants -- N name[:key=value,...] name[:...] ...
// Builds one synthetic archive per variant, side by side in one process: each batch of the
// same articles goes into each archive in turn (the order turning from batch to batch), so the
// machine's drift through the run (±30 % here) falls on each alike and a few per cent show.
// Prints each variant's import rate. A variant's settings, all optional:
//   ckpt=N       PRAGMA wal_autocheckpoint (pages)
//   hash=N       FTS5 hashsize of both search indexes (bytes)
//   automerge=N  FTS5 automerge of both search indexes
//   group=K      K slices of GROUP_ARTICLES written in one transaction (one importFiles call)
//   cache=N      PRAGMA cache_size of the writing connection, in KiB
//   page=N       PRAGMA page_size of the new archive (bytes)
//   pgsz=N       FTS5 pgsz (leaf size, bytes) of both search indexes
//   mmap=N       PRAGMA mmap_size of the writing connection (bytes; 0 reads every page by a copy)
// e.g. `-- 1000000 base ckpt:ckpt=1000` weighs the archive as it is against SQLite's default.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { Archive, ARCHIVE_FILE } from '../electron/archive/archive';
import { GROUP_ARTICLES } from '../electron/import/reports';
import { generator } from './synthetic';

const N = Number(process.argv[2] ?? 200000);
const specs = process.argv.slice(3);
const variants = specs.map((spec) => {
  const [name, rest = ''] = spec.split(':');
  const opts: Partial<Record<'ckpt' | 'hash' | 'automerge' | 'group' | 'cache' | 'page' | 'pgsz' | 'mmap', number>> = Object.fromEntries(
    rest
      .split(',')
      .filter(Boolean)
      .map((kv): [string, number] => {
        const [k = '', v] = kv.split('=');
        return [k, Number(v)];
      }),
  );
  const dir = mkdtempSync(join(tmpdir(), `ab-${name}-`));
  if (opts.page) {
    // The page size holds from the first table on: an empty file made with it before the archive's migrations.
    const db = new Database(join(dir, ARCHIVE_FILE));
    db.pragma(`page_size = ${opts.page}`);
    db.exec('CREATE TABLE made_with_page_size (x); DROP TABLE made_with_page_size');
    db.close();
  }
  const archive = Archive.open(dir);
  if (opts.ckpt) archive.db.pragma(`wal_autocheckpoint = ${opts.ckpt}`);
  if (opts.cache) archive.db.pragma(`cache_size = -${opts.cache}`);
  if (opts.mmap !== undefined) archive.db.pragma(`mmap_size = ${opts.mmap}`);
  for (const t of ['article_search', 'article_impacts']) {
    if (opts.hash) archive.db.prepare(`INSERT INTO ${t} (${t}, rank) VALUES ('hashsize', CAST(? AS INTEGER))`).run(opts.hash);
    if (opts.pgsz) archive.db.prepare(`INSERT INTO ${t} (${t}, rank) VALUES ('pgsz', CAST(? AS INTEGER))`).run(opts.pgsz);
    if (opts.automerge) archive.db.prepare(`INSERT INTO ${t} (${t}, rank) VALUES ('automerge', CAST(? AS INTEGER))`).run(opts.automerge);
  }
  return { name: name!, opts, dir, archive, ms: 0, pending: [] as Parameters<Archive['importFiles']>[0] };
});
const gen = generator(42);
let last = performance.now();
for (let done = 0; done < N; done += GROUP_ARTICLES) {
  const batch = Array.from({ length: Math.min(GROUP_ARTICLES, N - done) }, (_, k) => gen.article(done + k));
  const byDate = new Map<string, typeof batch>();
  for (const a of batch) byDate.set(a.editionDate, [...(byDate.get(a.editionDate) ?? []), a]);
  const files = [...byDate].map(([date, articles]) => ({
    source: { fileName: `s-${done}-${date}.txt`, fileHash: `${done}-${date}`, encoding: 'utf-8', bytes: 0, editionDate: date, page: 1 },
    articles,
  }));
  const k = done / GROUP_ARTICLES;
  // The order of the variants turns each batch, so that none is always first after the generator.
  for (let j = 0; j < variants.length; j++) {
    const v = variants[(j + k) % variants.length]!;
    v.pending.push(...files);
    const group = v.opts.group ?? 1;
    if ((k + 1) % group !== 0 && done + GROUP_ARTICLES < N) continue;
    const t = performance.now();
    v.archive.importFiles(v.pending);
    v.ms += performance.now() - t;
    v.pending = [];
  }
  if (performance.now() - last > 30000) {
    last = performance.now();
    console.log(
      `${done + batch.length}: ` + variants.map((v) => `${v.name} ${Math.round((done + batch.length) / (v.ms / 1000))}/s`).join('  '),
    );
  }
}
for (const v of variants) {
  console.log(`${v.name} ${JSON.stringify(v.opts)}: ${Math.round(N / (v.ms / 1000))} articles/s (${(v.ms / 1000).toFixed(1)} s)`);
  v.archive.close();
  rmSync(v.dir, { recursive: true, force: true });
}
