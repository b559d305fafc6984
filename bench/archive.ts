// npm run bench:archive -- --articles N [--dir DIR] [--keep|--reuse] [--without-sync-triggers]
//   [--shapes K] [--runs R] [--only SHAPE] [--each] [--seed S] [--trigram] [--classic] [--no-files] [--files] [--unmerged]
// Builds a synthetic archive of N articles through the import path and prints import rate,
// file size, open time, and search latency (p50/p95) for short, long, two-word and
// person-filtered queries, newest first and by relevance, beside the same query as a bare
// FTS5 statement and as a LIKE scan.
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Archive } from '../electron/archive/archive';
import { compactIndexes, indexShape, SEARCH_INDEXES } from '../electron/archive/search-compaction';
import { indexEntries, searchablePartsOfImport, searchText } from '../electron/archive/search-entries';
import { GROUP_ARTICLES } from '../electron/import/reports';
import { runImport } from '../electron/import/run-import';
import { parseQuery } from '../shared/search/tokens';
import { searchShapes } from './search-shapes';
import { generator, random } from './synthetic';

const args = process.argv.slice(2);
const arg = (name: string, fallback?: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const N = Number(arg('articles', '10000'));
const dir = arg('dir') ?? mkdtempSync(join(tmpdir(), 'banmian-bench-'));
const keep = args.includes('--keep') || args.includes('--reuse');
// --reuse DIR: measure an archive an earlier --keep run built, without building it again.
const reuse = args.includes('--reuse') && existsSync(join(dir, 'banmian.sqlite'));
// --without-sync-triggers: the archive without the newsroom's outbox triggers (migration 0080),
// to weigh what they cost an archive that has not joined a newsroom.
const withoutSyncTriggers = args.includes('--without-sync-triggers');
// --shapes K: K queries of each shape (1-4 words of 1-4 characters, and filters); --runs R times each.
const perShape = Number(arg('shapes', '3'));
const runs = Number(arg('runs', '7'));
// --trigram: also build (once, kept beside the archive) an FTS5 trigram index of the same text.
const withTrigram = args.includes('--trigram');
// --classic: the fixed seven queries of earlier runs, with their bare FTS5 and LIKE figures.
const classic = args.includes('--classic');
const withFiles = !args.includes('--no-files');
// --files with --reuse: the page files' end-to-end import too, on top of the reused archive (which
// it grows), each run's files made new so that none is taken for one imported before.
const filesOnReuse = args.includes('--files');

/** An FTS5 trigram index of the articles' text in a file of its own, for comparison. */
function buildTrigram(file: string): string {
  if (existsSync(file)) return '';
  const db = new Database(file);
  db.pragma('journal_mode = off');
  db.pragma('synchronous = off');
  db.exec(`ATTACH '${join(dir, 'banmian.sqlite').replace(/'/g, "''")}' AS a`);
  db.exec(`CREATE VIRTUAL TABLE main.tri USING fts5(text, content = '', tokenize = 'trigram')`);
  const t = performance.now();
  db.exec(`INSERT INTO main.tri (rowid, text) SELECT k.key, concat_ws(char(10), ar.column_label, ar.kicker, ar.headline, ar.deck,
           ar.dateline, ar.body_text) FROM a.search_keys k JOIN a.articles ar ON ar.id = k.article_id`);
  const seconds = (performance.now() - t) / 1000;
  db.close();
  return `trigram index built in ${seconds.toFixed(1)} s: ${(statSync(file).size / 1e6).toFixed(1)} MB\n`;
}

function quantiles(samples: number[]): { p50: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: Math.round(at(0.5) * 100) / 100, p95: Math.round(at(0.95) * 100) / 100 };
}

function time(fn: () => unknown, runs = 40): { p50: number; p95: number } {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return quantiles(samples);
}

const folderSize = (d: string): number =>
  readdirSync(d, { withFileTypes: true }).reduce(
    (n, e) => n + (e.isDirectory() ? folderSize(join(d, e.name)) : statSync(join(d, e.name)).size),
    0,
  );

async function main(): Promise<void> {
  console.log(reuse ? `Measuring the archive in ${dir}` : `Building ${N.toLocaleString()} synthetic articles in ${dir}`);
  let archive = Archive.open(dir);
  if (withoutSyncTriggers) {
    const triggers = archive.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync\\_%' ESCAPE '\\'")
      .pluck()
      .all() as string[];
    for (const name of triggers) archive.db.exec(`DROP TRIGGER "${name}"`);
  }
  const gen = generator(42);
  // Files are written as the import worker writes them: as many to a transaction as make
  // GROUP_ARTICLES articles (electron/import/reports.ts).
  const BATCH = GROUP_ARTICLES;
  let textBytes = 0;
  // Only the archive's own work is timed, not the making of the synthetic text.
  let importMs = 0;
  const start = performance.now();
  for (let done = 0; !reuse && done < N; done += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, N - done) }, (_, k) => gen.article(done + k));
    // The text the index is measured against is what it indexes: headings, body, people.
    for (const a of batch) textBytes += Buffer.byteLength(searchText(searchablePartsOfImport(a)));
    const byDate = new Map<string, typeof batch>();
    for (const a of batch) byDate.set(a.editionDate, [...(byDate.get(a.editionDate) ?? []), a]);
    // The index entries are cut as the import worker cuts them, on its reading thread
    // (prepareImport): the writer is handed them with the articles, and only its work is timed.
    const files = [...byDate].map(([date, articles]) => ({
      source: {
        fileName: `synthetic-${done}-${date}.txt`,
        fileHash: `${done}-${date}-${Math.random()}`,
        encoding: 'utf-8',
        bytes: 0,
        editionDate: date,
        page: 1,
      },
      articles,
      index: articles.map((a) => indexEntries(searchablePartsOfImport(a))),
    }));
    const t = performance.now();
    archive.importFiles(files);
    importMs += performance.now() - t;
    if ((done / BATCH) % 25 === 0) process.stdout.write(`  ${(done + batch.length).toLocaleString()}\r`);
  }
  const seconds = importMs / 1000;
  const articleCount = archive.db.prepare('SELECT count(*) FROM articles').pluck().get() as number;
  const wallSeconds = (performance.now() - start) / 1000;
  archive.db.pragma('wal_checkpoint(TRUNCATE)');
  archive.close();

  const t0 = performance.now();
  archive = Archive.open(dir);
  const openMs = performance.now() - t0;
  // The search indexes merged as the app merges them once nobody works (search-upkeep.ts):
  // what a desk searches some seconds after an import. --unmerged measures them as written.
  const segmentsOf = () => SEARCH_INDEXES.map((t) => indexShape(archive.db, t)?.segments ?? 0).join('/');
  const segmentsBefore = segmentsOf();
  const t1 = performance.now();
  const merged = args.includes('--unmerged') ? [] : compactIndexes(archive.db, (work) => archive.write(work));
  const mergeNote = `search indexes: ${segmentsBefore} segments (pairs/impacts/characters)${
    merged.length ? `, merged to ${segmentsOf()} in ${((performance.now() - t1) / 1000).toFixed(1)} s` : ', not merged'
  }`;
  const trigramFile = join(dir, 'trigram.sqlite');
  const trigramNote = withTrigram ? buildTrigram(trigramFile) : '';
  const shapes = searchShapes(archive, {
    perShape,
    runs,
    trigramFile: withTrigram ? trigramFile : undefined,
    only: arg('only'),
    each: args.includes('--each'),
    seed: arg('seed') === undefined ? undefined : Number(arg('seed')),
  });
  const dbBytes = statSync(join(dir, 'banmian.sqlite')).size;
  const indexBytes =
    (archive.db.prepare("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'article_search%'").pluck().get() as number | null) ?? NaN;

  // Queries: a common and a rarer 2-character word, a 4-character word, two words, and a
  // person filter, taken from the synthetic text itself.
  const rnd = random(7);
  const sample = archive.db.prepare('SELECT body_text FROM articles WHERE rowid = ?').pluck();
  const maxRow = archive.db.prepare('SELECT max(rowid) FROM articles').pluck().get() as number;
  const words2: string[] = [];
  const words4: string[] = [];
  while (words2.length < 20) {
    const text = (sample.get(1 + Math.floor(rnd() * maxRow)) as string | undefined) ?? '';
    const runs = text.match(/\p{Script=Han}{4,}/gu) ?? [];
    const run = runs[Math.floor(rnd() * runs.length)];
    if (!run) continue;
    const at = Math.floor(rnd() * (run.length - 3));
    words2.push(run.slice(at, at + 2));
    words4.push(run.slice(at, at + 4));
  }
  const person = archive.db
    .prepare('SELECT p.name FROM bylines b JOIN people p ON p.id = b.person_id GROUP BY p.id ORDER BY count(*) DESC LIMIT 1 OFFSET 20')
    .pluck()
    .get() as string;
  archive.db.exec("CREATE VIRTUAL TABLE temp.article_search_vocab USING fts5vocab(main, 'article_search', 'row')");
  const common = archive.db
    .prepare('SELECT term FROM article_search_vocab WHERE length(term) = 2 ORDER BY doc DESC LIMIT 1')
    .pluck()
    .get() as string | undefined;

  // A year in the middle of the archive, and its most used column label.
  const year =
    (archive.db
      .prepare('SELECT substr(edition_date, 1, 4) FROM articles WHERE rowid = ?')
      .pluck()
      .get(Math.ceil(maxRow / 2)) as string) ?? '2020';
  const column = archive.db
    .prepare("SELECT column_label FROM articles WHERE column_label != '' GROUP BY column_label ORDER BY count(*) DESC LIMIT 1")
    .pluck()
    .get() as string | undefined;
  const cases: [string, string, object][] = [
    ['2 characters', words2[0]!, {}],
    ['4 characters', words4[0]!, {}],
    ['two words', `${words2[1]} ${words2[2]}`, {}],
    ['person-filtered', words2[3]!, { filters: { person } }],
    [`dated ${year}`, words2[4]!, { filters: { from: `${year}-01-01`, to: `${year}-12-31` } }],
  ];
  if (column) cases.push(['column-filtered', words2[5]!, { filters: { column } }]);
  if (common) cases.push(['most common pair', common, {}]);

  const rows: string[] = [];
  const row = (...cells: (string | number)[]) => rows.push(`| ${cells.join(' | ')} |`);
  row('query', 'words', 'matches', 'newest p50/p95 ms', 'relevance p50/p95 ms', 'bare FTS5 p50/p95 ms', 'LIKE scan p50/p95 ms');
  row('---', '---', '---', '---', '---', '---', '---');
  for (const [label, q, extra] of classic ? cases : []) {
    const total = archive.search({ q, ...extra }).total;
    const newest = time(() => archive.search({ q, limit: 50, ...extra }));
    const relevance = time(() => archive.search({ q, order: 'relevance', limit: 50, ...extra }), 20);
    const match = parseQuery(q).match!;
    const bare = archive.db.prepare('SELECT rowid FROM article_search WHERE article_search MATCH ? ORDER BY rank LIMIT 50');
    const bareTime = time(() => bare.all(match), 20);
    const first = q.split(' ')[0]!;
    const like = archive.db.prepare(
      'SELECT id FROM articles WHERE body_text LIKE ? ORDER BY coalesce(edition_date, created_at) DESC LIMIT 50',
    );
    const likeTime = time(() => like.all(`%${first}%`), 3);
    row(
      label,
      q,
      total,
      `${newest.p50} / ${newest.p95}`,
      `${relevance.p50} / ${relevance.p95}`,
      `${bareTime.p50} / ${bareTime.p95}`,
      `${likeTime.p50} / ${likeTime.p95}`,
    );
  }
  archive.close();

  // A real import of page files on top of what was built, through the import worker as the app
  // and the command line run it (reading on one thread, writing on another): the fixture pages,
  // each copy with one line changed so that no two files are the same.
  const pagesDir = join(__dirname, '..', '..', 'shared', 'fixtures', 'pages');
  async function importPageFiles(count: number): Promise<string> {
    if (!existsSync(pagesDir)) return '';
    const texts = readdirSync(pagesDir).map((f) => readFileSync(join(pagesDir, f), 'utf8'));
    const filesDir = mkdtempSync(join(tmpdir(), 'banmian-bench-pages-'));
    const runTag = Date.now().toString(36);
    const files = Array.from({ length: count }, (_, i) => {
      const path = join(filesDir, `page-${i}.txt`);
      writeFileSync(path, `${texts[i % texts.length]}\n本版编辑 第${i}号${reuse ? ` ${runTag}` : ''}\n`);
      return { fileName: `page-${i}.txt`, path };
    });
    const t = performance.now();
    const { reports, flow } = await runImport({ dataDir: dir, language: 'en', files, options: {} }).result;
    const seconds = (performance.now() - t) / 1000;
    const shared = flow
      ? ` (index entries cut by the reader for ${flow.cutByReader.toLocaleString()} files, by the writer for ${(flow.files - flow.cutByReader).toLocaleString()}; the reader waited ${(flow.readerWaitedMs / 1000).toFixed(2)} s for the writer, the writer ${(flow.writerWaitedMs / 1000).toFixed(2)} s for the reader)`
      : '';
    rmSync(filesDir, { recursive: true, force: true });
    const articles = reports.reduce((n, r) => n + r.articleIds.length, 0);
    return `\nimport of page files, end to end: ${Math.round(articles / seconds).toLocaleString()} articles/s (${count.toLocaleString()} files, ${articles.toLocaleString()} articles, reading included)${shared}`;
  }

  const folderBytes = folderSize(dir);
  const endToEnd = (reuse && !filesOnReuse) || !withFiles ? '' : await importPageFiles(3000);
  console.log(`
articles: ${articleCount.toLocaleString()}
import: ${reuse ? '(not measured: --reuse)' : Math.round(N / seconds).toLocaleString()} articles/s (${seconds.toFixed(1)} s in the archive; ${wallSeconds.toFixed(1)} s with generating the text)${endToEnd}
text: ${(textBytes / 1e6).toFixed(1)} MB; archive file: ${(dbBytes / 1e6).toFixed(1)} MB; search index: ${(indexBytes / 1e6).toFixed(1)} MB (${(indexBytes / textBytes).toFixed(2)} × text); folder ${(folderBytes / 1e6).toFixed(1)} MB
open: ${openMs.toFixed(1)} ms (migrations included, if the archive was older)
${mergeNote}
${trigramNote}
${shapes}
${classic ? `\n${rows.join('\n')}\n` : ''}`);
  if (!keep) rmSync(dir, { recursive: true, force: true });
}

void main();
