// The newsroom's sync under load and under faults, on loopback, the server on a PostgreSQL of
// its own (bench/sync-postgres.ts) and in a child process of its own (its CPU and memory read
// from there). Prints figures; fails nothing. docs/benchmarks.md holds the latest.
//   npm run bench:sync -- [--desktops 200] [--real 10] [--seconds 60] [--save-every 10]
//                         [--days 60] [--changes 1000] [--rounds 20]
//                         [--only live|year|offline|faults] [--fault server|postgres|desktop]
// 1. live: many desktops on one server. Most are "light" (the protocol spoken directly: a
//    session, the live WebSocket, a pull on every 'changed', their own saves pushed); `--real`
//    are the app's own (AppServices with the SyncAgent) and time save-to-visible between them.
// 2. year: a daily paper's year of records pushed through the push API: PostgreSQL's size.
// 3. offline: a desktop offline with `--changes` changes catches up; another pulls them.
// 4. faults: kill -9 of the server, of PostgreSQL, of a desktop, mid-sync; then row by row
//    whether anything was lost or duplicated.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import WebSocket from 'ws';
import { startServer } from '../electron/server/server';
import { AppServices } from '../electron/services/app-services';
import { Archive } from '../electron/archive/archive';
import { ServerApi } from '../electron/sync/server-api';
import { joinNewsroom } from '../electron/sync/join';
import { syncOnce } from '../electron/sync/engine';
import { pendingCount } from '../electron/sync/link';
import type { Caller } from '../electron/accounts/authority';
import { DESK_ROLES, type DeskRole } from '../shared/domain/accounts';
import type { Article, ArticleDraft } from '../shared/domain/article';
import { emptyDraft } from '../shared/domain/article';
import { bodyJsonFromBlocks } from '../shared/editor/body';
import type { ArticleDoc, LiveMessage, PushOp, RevisionDoc, ServerRecord } from '../shared/sync/protocol';
import { generator } from './synthetic';
import { startBenchPostgres, type BenchPostgres } from './sync-postgres';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const DESKTOPS = arg('desktops', 200);
const REAL = arg('real', 10);
const SECONDS = arg('seconds', 60);
const SAVE_EVERY_S = arg('save-every', 10);
const DAYS = arg('days', 60);
const CHANGES = arg('changes', 1000);
const ROUNDS = arg('rounds', 20);

const PASSWORD = 'bench-sync-password';
const ADMIN = '系统管理员';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const work = () => mkdtempSync(join(tmpdir(), 'banmian-sync-'));
const op = () => randomUUID().replaceAll('-', '');
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
};
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const summary: [string, string][] = [];
const say = (line: string) => console.log(line);
const figure = (what: string, value: string) => {
  summary.push([what, value]);
  say(`  ${what}: ${value}`);
};

// ─── the server, in a child process ─────────────────────────────────────────

interface ServerStats {
  cpu: NodeJS.CpuUsage;
  rss: number;
  maxRss: number;
}

/** Runs in the child: the newsroom server, answering the parent's questions over IPC. */
async function serveChild(): Promise<void> {
  const options = JSON.parse(process.argv[process.argv.indexOf('--serve') + 1]!) as { port: number; databaseUrl: string; dataDir: string };
  const server = await startServer(options);
  process.on('message', (message: string) => {
    if (message === 'stats')
      process.send!({ cpu: process.cpuUsage(), rss: process.memoryUsage().rss, maxRss: process.resourceUsage().maxRSS * 1024 });
    if (message === 'close') void server.close().then(() => process.exit(0));
  });
  process.send!({ url: server.url });
}

interface ServerChild {
  url: string;
  child: ChildProcess;
  stats(): Promise<ServerStats>;
  close(): Promise<void>;
  kill9(): Promise<void>;
  /** Set when the child ended without being told to. */
  died: () => string | null;
}

async function startServerChild(databaseUrl: string, dataDir: string, port = 0): Promise<ServerChild> {
  const child = fork(__filename, ['--serve', JSON.stringify({ port, databaseUrl, dataDir })], {
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  let ending = false;
  let died: string | null = null;
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      if (!ending) died = `server exited (${code ?? signal}): ${stderr.slice(0, 1500)}`;
      resolve();
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { url: string }) => resolve(m.url));
    child.once('exit', () => reject(new Error(`the server did not start: ${stderr}`)));
  });
  return {
    url,
    child,
    stats: () =>
      new Promise((resolve) => {
        child.once('message', (m: ServerStats) => resolve(m));
        child.send('stats');
      }),
    async close() {
      ending = true;
      child.send('close');
      await exited;
    },
    async kill9() {
      ending = true;
      child.kill('SIGKILL');
      await exited;
    },
    died: () => died,
  };
}

const portOf = (url: string) => Number(new URL(url).port);

// ─── a newsroom ─────────────────────────────────────────────────────────────

interface Newsroom {
  server: ServerChild;
  databaseUrl: string;
  dataDir: string;
  admin: ServerApi;
  account(name: string, roles: readonly DeskRole[]): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

async function newsroom(postgres: BenchPostgres, name: string): Promise<Newsroom> {
  const databaseUrl = await postgres.database(name);
  const dataDir = work();
  const room: Newsroom = {
    server: await startServerChild(databaseUrl, dataDir),
    databaseUrl,
    dataDir,
    admin: new ServerApi('http://127.0.0.1:1'),
    async account(person, roles) {
      await room.admin.addAccount({ name: person, password: PASSWORD, roles: [...roles], person: { name: person, outlet: '' } });
    },
    async restart() {
      room.server = await startServerChild(databaseUrl, dataDir, portOf(room.server.url));
    },
    async close() {
      await room.server.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  const setup = await new ServerApi(room.server.url).setup(ADMIN, PASSWORD, '00000000-0000-4000-8000-000000000001');
  room.admin = new ServerApi(room.server.url, setup.token);
  return room;
}

async function databaseSize(url: string): Promise<{ total: number; tables: { name: string; bytes: number; rows: number }[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('ANALYZE');
    const total = Number((await client.query<{ n: string }>('SELECT pg_database_size(current_database()) AS n')).rows[0]!.n);
    const tables = await client.query<{ name: string; bytes: string; rows: string }>(
      `SELECT relname AS name, pg_total_relation_size(oid) AS bytes, reltuples::bigint AS rows FROM pg_class
        WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY 2 DESC`,
    );
    return { total, tables: tables.rows.map((r) => ({ name: r.name, bytes: Number(r.bytes), rows: Number(r.rows) })) };
  } finally {
    await client.end();
  }
}

async function pullAll(api: ServerApi): Promise<ServerRecord[]> {
  const all: ServerRecord[] = [];
  for (let since = 0; ;) {
    const answer = await api.pull(since, 1000);
    all.push(...answer.records);
    since = answer.next;
    if (!answer.more) return all;
  }
}

// ─── the desk, as a person uses it ──────────────────────────────────────────

interface Desk {
  services: AppServices;
  dir: string;
  caller: Caller;
  call<T>(method: string, input: unknown): Promise<T>;
}

function deskOn(services: AppServices, dir: string, name: string): Desk {
  const account = services.archive.accountByName(name);
  if (!account) throw new Error(`no account ${name} on this desk`);
  const caller: Caller = { front: 'host', token: services.authority.sessions.start(account.id, 'host') };
  return {
    services,
    dir,
    caller,
    async call<T>(method: string, input: unknown): Promise<T> {
      const result = await services.call(method, input, caller);
      if (!result.ok) throw Object.assign(new Error(`${method}: ${result.error.message}`), { code: result.error.code });
      return result.value as T;
    },
  };
}

async function openDesk(url: string, name: string, options: { live?: boolean; dir?: string } = {}): Promise<Desk> {
  const dir = options.dir ?? work();
  const services = AppServices.open(dir, { demo: false, liveSync: options.live ?? false, waitForWrites: 'async' });
  if (options.live) await services.sync.join(url, name, PASSWORD);
  else await joinNewsroom(services.archive, url, name, PASSWORD);
  return deskOn(services, dir, name);
}

const body = (paragraphs: string[]) => bodyJsonFromBlocks(paragraphs.map((text) => ({ type: 'paragraph' as const, text })));

function draftOf(article: Article, patch: Partial<ArticleDraft> = {}): ArticleDraft {
  return {
    column: article.column,
    kicker: article.kicker,
    headline: article.headline,
    deck: article.deck,
    dateline: article.dateline,
    bylineForm: article.bylineForm,
    byline: article.byline,
    bodyJson: article.bodyJson,
    photos: article.photos,
    photoGroupCredit: article.photoGroupCredit,
    jump: article.jump,
    source: article.source,
    proofIgnores: article.proofIgnores,
    ...patch,
  };
}

/** Chinese text of about `chars` characters, in paragraphs, from the synthetic generator. */
function textOf(gen: ReturnType<typeof generator>, i: number, chars: number): string[] {
  const paragraphs: string[] = [];
  let length = 0;
  for (let k = 0; length < chars; k++) {
    for (const p of gen.article(i * 7 + k).body) {
      paragraphs.push(p.text);
      length += p.text.length;
      if (length >= chars) break;
    }
  }
  return paragraphs;
}

// ─── 1. many desktops live ──────────────────────────────────────────────────

/** A desktop reduced to what it says to the server: a session, the live feed, pulls, its own pushes. */
class LightDesk {
  readonly device = randomUUID();
  private api!: ServerApi;
  private socket: WebSocket | null = null;
  private cursor = 0;
  private pulling = false;
  private again = false;
  private stories: { id: string; version: number; revision: string; revisionVersion: number; n: number }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  static pushes = 0;
  static pushOps = 0;
  static pulls = 0;
  static errors = 0;
  static pushMs: number[] = [];

  constructor(
    private readonly url: string,
    readonly name: string,
    private readonly index: number,
  ) {}

  async start(): Promise<void> {
    const session = await new ServerApi(this.url).signIn(this.name, PASSWORD, this.device);
    this.api = new ServerApi(this.url, session.token);
    await this.pull();
    await new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(this.api.liveUrl(), { headers: { Authorization: `Bearer ${session.token}` } });
      this.socket = socket;
      socket.on('open', () => resolve());
      socket.on('error', reject);
      socket.on('message', (data: WebSocket.RawData) => {
        const message = JSON.parse((data as Buffer).toString()) as LiveMessage;
        if (message.type === 'changed' && message.seq > this.cursor) void this.pull();
      });
    });
    for (let k = 0; k < 3; k++)
      this.stories.push({ id: randomUUID(), version: 0, revision: `${this.device}.${k + 1}`, revisionVersion: 0, n: 0 });
  }

  /** Saves at random, on average every `everyMs`. */
  run(everyMs: number): void {
    const next = () => {
      if (this.stopped) return;
      this.timer = setTimeout(
        () => {
          void this.save().finally(next);
        },
        -Math.log(1 - Math.random()) * everyMs,
      );
    };
    next();
  }

  private async pull(): Promise<void> {
    if (this.pulling) {
      this.again = true;
      return;
    }
    this.pulling = true;
    try {
      do {
        this.again = false;
        for (;;) {
          const answer = await this.api.pull(this.cursor, 500);
          LightDesk.pulls++;
          this.cursor = answer.next;
          if (!answer.more) break;
        }
      } while (this.again && !this.stopped);
    } catch {
      LightDesk.errors++;
    } finally {
      this.pulling = false;
    }
  }

  private async save(): Promise<void> {
    const story = this.stories[Math.floor(Math.random() * this.stories.length)]!;
    story.n++;
    const at = new Date().toISOString();
    const draft: ArticleDraft = {
      ...emptyDraft(),
      headline: `第${this.index}台 稿件${story.id.slice(0, 4)}`,
      byline: [{ role: 'reporter', name: this.name }],
      bodyJson: body([`第${story.n}次保存。`.repeat(20)]),
    };
    const article: ArticleDoc = {
      id: story.id,
      status: 'draft',
      draft,
      createdAt: at,
      updatedAt: at,
      createdBy: this.name,
      updatedBy: this.name,
      signedRevision: null,
      editionDate: null,
      page: null,
      origin: null,
      needsReview: false,
    };
    const revision: RevisionDoc = {
      articleId: story.id,
      reason: 'edit',
      open: true,
      headline: draft.headline,
      chars: 120,
      draft,
      createdAt: at,
      updatedAt: at,
      by: this.name,
    };
    const ops: PushOp[] = [
      { id: op(), key: `article:${story.id}`, base: story.version, doc: article },
      { id: op(), key: `revision:${story.revision}`, base: story.revisionVersion, doc: revision },
    ];
    const t = performance.now();
    try {
      const { results } = await this.api.push(this.device, ops);
      LightDesk.pushMs.push(performance.now() - t);
      LightDesk.pushes++;
      LightDesk.pushOps += ops.length;
      for (const r of results) {
        if (r.outcome !== 'applied') continue;
        if (r.key.startsWith('article:')) story.version = r.version;
        else story.revisionVersion = r.version;
      }
    } catch {
      LightDesk.errors++;
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.terminate();
  }
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

async function manyDesktops(postgres: BenchPostgres): Promise<void> {
  const light = Math.max(0, DESKTOPS - REAL);
  say(
    `\n1. ${DESKTOPS} desktops on one server (${light} light, ${REAL} real with the SyncAgent), ${SECONDS} s, a save every ${SAVE_EVERY_S} s a desktop`,
  );
  const room = await newsroom(postgres, 'bench_live');
  const people = Array.from({ length: Math.min(40, Math.max(1, light)) }, (_, i) => `记者${String(i + 1).padStart(2, '0')}`);
  const editors = Array.from({ length: REAL }, (_, i) => `编辑${String(i + 1).padStart(2, '0')}`);
  const t0 = performance.now();
  await inBatches([...people, ...editors], 4, (p) => room.account(p, p.startsWith('记者') ? ['reporter'] : ['reporter', 'editor']));
  say(`  ${people.length + editors.length} accounts made in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // The real desktops first: each files one story, and waits until it has everyone's.
  const desks: Desk[] = [];
  for (const name of editors) desks.push(await openDesk(room.server.url, name, { live: true }));
  const stories: Article[] = [];
  for (const [i, desk] of desks.entries())
    stories.push(await desk.call<Article>('articles.create', { draft: { headline: `实时稿${i}`, bodyJson: body(['第一稿。']) } }));
  for (const desk of desks)
    for (const story of stories)
      for (let waited = 0; !desk.services.archive.db.prepare('SELECT 1 FROM articles WHERE id = ?').get(story.id); waited += 50) {
        if (waited > 30_000) throw new Error('a story never reached a desk');
        await sleep(50);
      }

  const t1 = performance.now();
  const lights = Array.from({ length: light }, (_, i) => new LightDesk(room.server.url, people[i % people.length]!, i));
  await inBatches(lights, 4, (d) => d.start());
  say(`  ${light} light desktops signed in with their live feeds open in ${((performance.now() - t1) / 1000).toFixed(1)} s`);

  LightDesk.pushes = LightDesk.pushOps = LightDesk.pulls = LightDesk.errors = 0;
  LightDesk.pushMs = [];
  const before = await room.server.stats();
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  for (const d of lights) d.run(SAVE_EVERY_S * 1000);

  // Save on one real desk, wait until another's archive holds the text.
  const latencies: number[] = [];
  let missed = 0;
  const versions = new Map(stories.map((s) => [s.id, s]));
  for (let n = 0; performance.now() - started < SECONDS * 1000; n++) {
    const from = n % desks.length;
    const to = (from + 1 + Math.floor(Math.random() * (desks.length - 1))) % desks.length;
    const a = desks[from]!;
    const b = desks[to]!;
    const story = versions.get(stories[from]!.id)!;
    const text = `第${n}次 ${Date.now()}`;
    const seen = b.services.sync.status().appliedSeq;
    const t = performance.now();
    const saved = await a.call<Article>('articles.save', {
      id: story.id,
      baseVersion: story.version,
      draft: draftOf(story, { bodyJson: body([text]) }),
    });
    versions.set(story.id, saved);
    let after = seen;
    for (;;) {
      if (b.services.archive.get(story.id).body[0]?.text === text) {
        latencies.push(performance.now() - t);
        break;
      }
      if (performance.now() - t > 10_000) {
        missed++;
        break;
      }
      after = (await b.services.sync.watch(after, 1000)).appliedSeq;
    }
    await sleep(200 + Math.random() * 300);
  }
  const seconds = (performance.now() - started) / 1000;
  const after = await room.server.stats();
  const client = process.cpuUsage(clientBefore);
  for (const d of lights) d.stop();
  const cpu = (after.cpu.user - before.cpu.user + after.cpu.system - before.cpu.system) / 1e6;
  const size = await databaseSize(room.databaseUrl);
  figure(
    `save-to-visible between real desktops (${latencies.length} saves)`,
    `p50 ${quantile(latencies, 0.5).toFixed(0)} ms, p95 ${quantile(latencies, 0.95).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms; not seen within 10 s: ${missed}`,
  );
  figure(
    'pushes handled',
    `${(LightDesk.pushes / seconds).toFixed(1)} /s from light desktops (${LightDesk.pushOps} ops), push p50 ${quantile(LightDesk.pushMs, 0.5).toFixed(0)} ms, p95 ${quantile(LightDesk.pushMs, 0.95).toFixed(0)} ms; plus ${latencies.length} real saves`,
  );
  figure('pulls answered (light desktops)', `${(LightDesk.pulls / seconds).toFixed(0)} /s; request errors ${LightDesk.errors}`);
  figure('server CPU', `${cpu.toFixed(1)} s in ${seconds.toFixed(0)} s (${((100 * cpu) / seconds).toFixed(0)} % of one core)`);
  figure('server memory', `RSS ${mb(after.rss)} at the end, peak ${mb(after.maxRss)}`);
  figure(
    'bench process (all desktops) CPU',
    `${((client.user + client.system) / 1e6).toFixed(1)} s (${((100 * (client.user + client.system)) / 1e6 / seconds).toFixed(0)} % of one core), RSS ${mb(process.memoryUsage().rss)}`,
  );
  figure('PostgreSQL size after the live run', mb(size.total));
  for (const d of desks) d.services.close();
  await room.close();
}

// ─── 2. a year of a daily paper ─────────────────────────────────────────────

const GEOMETRY = {
  columns: 8,
  columnChars: 13,
  gutterChars: 1,
  paperWidthMm: 390,
  paperHeightMm: 540,
  marginTopMm: 25,
  marginRightMm: 19,
  marginBottomMm: 20,
  marginLeftMm: 19,
  bodySizePt: 9,
  leadingPt: 13.5,
};
const SECTIONS = ['要闻', '要闻', '本地', '本地', '经济', '社会', '文体', '副刊'];

/** One day's records as desktops push them: the edition, 8 pages, 96 stories with their history. */
function dayOps(gen: ReturnType<typeof generator>, day: number, actor: string, device: string, next: () => number): PushOp[] {
  const date = new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
  const t = (minutes: number) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000 + minutes * 60_000).toISOString();
  const ops: PushOp[] = [];
  const push = (key: string, doc: unknown) => ops.push({ id: op(), key, base: 0, doc });
  push(`edition:${date}`, { date, number: day + 1, totalNumber: 20_000 + day, paper: '沙市日报', createdAt: t(0), updatedAt: t(0) });
  for (let p = 1; p <= 8; p++) {
    push(`page:${date}/${p}`, { date, number: p, section: SECTIONS[p - 1], editor: actor, geometry: GEOMETRY, updatedAt: t(1) });
    for (let s = 0; s < 12; s++) {
      const i = (day * 8 + p) * 12 + s;
      const source = gen.article(i);
      const paragraphs = textOf(gen, i, 1300 + Math.floor(Math.random() * 400));
      const id = `${date}-${p}-${s}-${randomUUID().slice(0, 8)}`;
      const draftAt = (share: number): ArticleDraft => {
        const cut = Math.max(1, Math.round(paragraphs.length * share));
        return {
          ...emptyDraft(),
          headline: source.headline,
          kicker: source.kicker,
          dateline: source.dateline,
          byline: source.byline,
          bodyJson: body(paragraphs.slice(0, cut)),
        };
      };
      const uids = [next(), next(), next()].map((n) => `${device}.${n}`);
      const chars = paragraphs.join('').length;
      const reasons = ['created', 'edit', 'signed'] as const;
      [0.6, 0.9, 1].forEach((share, k) =>
        push(`revision:${uids[k]}`, {
          articleId: id,
          reason: reasons[k],
          open: false,
          headline: source.headline,
          chars: Math.round(chars * share),
          draft: draftAt(share),
          createdAt: t(60 + k * 60),
          updatedAt: t(90 + k * 60),
          by: actor,
        }),
      );
      push(`article:${id}`, {
        id,
        status: 'approved',
        draft: draftAt(1),
        createdAt: t(60),
        updatedAt: t(240),
        createdBy: actor,
        updatedBy: actor,
        signedRevision: uids[2]!,
        editionDate: date,
        page: p,
        origin: null,
        needsReview: false,
      } satisfies ArticleDoc);
      const steps: [string | null, string, number][] = [
        [null, 'draft', 60],
        ['draft', 'submitted', 120],
        ['submitted', 'edited', 180],
        ['edited', 'approved', 240],
      ];
      for (const [from, to, at] of steps) {
        push(`status:${device}.${next()}`, { articleId: id, from, to, at: t(at), by: actor, front: 'app', reason: null });
        if (from)
          push(`audit:${device}.${next()}`, {
            at: t(at),
            by: actor,
            front: 'app',
            action: `status.${to === 'submitted' ? 'submit' : to === 'edited' ? 'edit' : 'approve'}`,
            articleId: id,
            editionDate: null,
            page: null,
            detail: { from, to },
          });
      }
      const placement = {
        id: `pl-${id}`.slice(0, 64),
        articleId: id,
        column: (s % 4) * 2,
        span: 2,
        top: Math.floor(s / 4) * 25,
        depth: 25,
        bodySpan: 2,
        split: 2,
        headlineSize: 'medium',
        photos: [],
      };
      push(`placement:${placement.id}`, { date, page: p, placement });
      push(`audit:${device}.${next()}`, {
        at: t(300),
        by: actor,
        front: 'app',
        action: 'layout.place',
        articleId: id,
        editionDate: date,
        page: p,
        detail: { top: placement.top, span: 2, depth: 25, column: placement.column },
      });
    }
  }
  return ops;
}

async function yearOfPaper(postgres: BenchPostgres): Promise<void> {
  say(
    `\n2. a daily paper's records through the push API: ${DAYS} days × 8 pages × 12 stories (3 revisions, 4 status changes, 4 audit entries, a placement each)`,
  );
  const room = await newsroom(postgres, 'bench_year');
  const actor = '值班编辑';
  await room.account(actor, DESK_ROLES);
  const session = await new ServerApi(room.server.url).signIn(actor, PASSWORD, randomUUID());
  const api = new ServerApi(room.server.url, session.token, 300_000);
  const device = randomUUID();
  const gen = generator(11);
  let n = 0;
  const next = () => ++n;
  let ops = 0;
  let refused = 0;
  let bytes = 0;
  const started = performance.now();
  const before = await room.server.stats();
  const dayMs: number[] = [];
  let making = 0;
  const empty = (await databaseSize(room.databaseUrl)).total;
  for (let day = 0; day < DAYS; day++) {
    const m = performance.now();
    const all = dayOps(gen, day, actor, device, next);
    const t = performance.now();
    making += t - m;
    for (let i = 0; i < all.length; i += 500) {
      const batch = all.slice(i, i + 500);
      bytes += JSON.stringify(batch).length;
      const { results } = await api.push(device, batch);
      ops += batch.length;
      for (const r of results)
        if (r.outcome !== 'applied') {
          if (refused++ < 3) say(`  refused: ${JSON.stringify(r).slice(0, 300)}`);
        }
    }
    dayMs.push(performance.now() - t);
    if ((day + 1) % 30 === 0)
      say(`  … ${day + 1} days, ${ops.toLocaleString()} ops, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  const seconds = (performance.now() - started) / 1000;
  const after = await room.server.stats();
  const size = await databaseSize(room.databaseUrl);
  const perDay = (size.total - empty) / DAYS;
  figure(
    `pushed ${DAYS} days`,
    `${ops.toLocaleString()} records (${mb(bytes)} of JSON) in ${seconds.toFixed(0)} s (${(making / 1000).toFixed(0)} s of it making them): ${(ops / ((performance.now() - started - making) / 1000)).toFixed(0)} records/s pushed, ${refused} refused`,
  );
  figure(
    'a day pushed (first 10 / last 10 days, mean)',
    `${(dayMs.slice(0, 10).reduce((a, b) => a + b, 0) / Math.min(10, dayMs.length) / 1000).toFixed(2)} s / ${(dayMs.slice(-10).reduce((a, b) => a + b, 0) / Math.min(10, dayMs.length) / 1000).toFixed(2)} s`,
  );
  figure(
    'server CPU for it',
    `${((after.cpu.user - before.cpu.user + after.cpu.system - before.cpu.system) / 1e6).toFixed(0)} s, RSS peak ${mb(after.maxRss)}`,
  );
  figure(
    `PostgreSQL size after ${DAYS} days`,
    `${mb(size.total)} (${size.tables
      .map((t) => `${t.name} ${mb(t.bytes)}${t.rows > 0 ? ` / ${t.rows.toLocaleString()} rows` : ''}`)
      .slice(0, 4)
      .join(', ')})`,
  );
  if (DAYS < 365)
    figure(
      'a year by linear extrapolation',
      `${((perDay * 365) / 1024 ** 3).toFixed(2)} GB (${mb(perDay)} a day over the empty database's ${mb(empty)})`,
    );
  await room.close();
}

// ─── 3. a day offline ───────────────────────────────────────────────────────

async function dayOffline(postgres: BenchPostgres): Promise<void> {
  const stories = Math.max(1, Math.round(CHANGES / 10));
  say(`\n3. a desktop offline with ${CHANGES} changes (${stories} stories: saves, a status change and a placement each) catches up`);
  const room = await newsroom(postgres, 'bench_offline');
  await room.account('值班编辑', DESK_ROLES);
  await room.account('版面编辑', DESK_ROLES);
  const desk = await openDesk(room.server.url, '值班编辑');
  const reader = await openDesk(room.server.url, '版面编辑');
  const gen = generator(5);
  const date = '2027-03-01';
  const pages = Math.ceil(stories / 12);
  await desk.call('layout.createEdition', { date, number: 1, totalNumber: 1000, paper: '沙市日报' });
  for (let p = 1; p <= pages; p++) await desk.call('layout.addPage', { date, number: p, section: '本地', editor: '值班编辑' });
  const made: Article[] = [];
  for (let i = 0; i < stories; i++)
    made.push(await desk.call<Article>('articles.create', { draft: { headline: `离线稿${i}`, bodyJson: body(textOf(gen, i, 1500)) } }));
  await syncOnce(desk.services.archive);
  await syncOnce(reader.services.archive);

  await room.server.close();
  const saves = CHANGES - 2 * stories;
  let changes = 0;
  const t0 = performance.now();
  for (let k = 0; k < saves; k++) {
    const i = k % stories;
    const a = made[i]!;
    made[i] = await desk.call<Article>('articles.save', {
      id: a.id,
      baseVersion: a.version,
      checkpoint: k % 3 === 0,
      draft: draftOf(a, { bodyJson: body([...textOf(gen, i, 1500).slice(1), `离线第${k}次。`]) }),
    });
    changes++;
  }
  for (const [i, a] of made.entries()) {
    await desk.call('articles.setStatus', { id: a.id, action: 'submit' });
    const s = i % 12;
    await desk.call('layout.place', {
      date,
      page: Math.floor(i / 12) + 1,
      placement: {
        id: `off-${i}`,
        articleId: a.id,
        column: (s % 4) * 2,
        span: 2,
        top: Math.floor(s / 4) * 25,
        depth: 25,
        bodySpan: 2,
        split: 2,
        headlineSize: 'medium',
        photos: [],
      },
    });
    changes += 2;
  }
  const pending = pendingCount(desk.services.archive.db);
  say(`  ${changes} changes made offline in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${pending} records wait in the outbox`);
  await room.restart();
  const t1 = performance.now();
  let report = await syncOnce(desk.services.archive);
  let rounds = 1;
  while (report.pending > 0 && rounds < 10) {
    report = await syncOnce(desk.services.archive);
    rounds++;
  }
  const up = (performance.now() - t1) / 1000;
  const t2 = performance.now();
  const down = await syncOnce(reader.services.archive);
  const downS = (performance.now() - t2) / 1000;
  const same = made.every((a) => reader.services.archive.get(a.id).bodyJson === desk.services.archive.get(a.id).bodyJson);
  figure(
    `catch-up push of ${changes} offline changes`,
    `${up.toFixed(2)} s (${rounds} syncOnce, pending ${report.pending}, ${report.pushed} records pushed, ${report.conflicts} conflicts, ${report.refused} refused; target < 10 s)`,
  );
  figure(
    'another desktop pulling them',
    `${downS.toFixed(2)} s (${down.pulled} records; every story's text the same: ${same ? 'yes' : 'NO'})`,
  );
  desk.services.close();
  reader.services.close();
  await room.close();
}

// ─── 4. faults ──────────────────────────────────────────────────────────────

/** The last save a desk answered for, on the desktop (its index) that made it. */
interface Ack {
  version: number;
  bodyJson: string;
  desk: number;
}

interface Check {
  lost: number;
  duplicated: number;
  outbox: number;
  conflicts: number;
  notes: string[];
}

/** Syncs every desktop until nothing waits, twice round, then compares each archive with the server row by row. */
async function verify(dirs: string[], admin: ServerApi, acked: Map<string, Ack>, round: Set<string>): Promise<Check> {
  const check: Check = { lost: 0, duplicated: 0, outbox: 0, conflicts: 0, notes: [] };
  const note = (text: string) => {
    if (check.notes.length < 6) check.notes.push(text);
  };
  const archives = dirs.map((dir) => Archive.open(dir));
  try {
    for (let round = 0; round < 2; round++)
      for (const archive of archives)
        for (let k = 0; k < 5; k++) {
          const r = await syncOnce(archive);
          if (r.pending === 0) break;
        }
    const records = await pullAll(admin);
    const articles = new Map<string, ArticleDoc>();
    const counts = new Map<string, number>();
    const signatures = new Map<string, number>();
    for (const r of records) {
      const kind = r.key.slice(0, r.key.indexOf(':'));
      if (kind === 'article' && r.doc && round.has((r.doc as ArticleDoc).id)) articles.set((r.doc as ArticleDoc).id, r.doc as ArticleDoc);
      if ((kind === 'revision' || kind === 'status' || kind === 'audit') && round.has((r.doc as { articleId: string }).articleId)) {
        const doc = r.doc as { articleId: string | null };
        counts.set(`${kind}/${doc.articleId}`, (counts.get(`${kind}/${doc.articleId}`) ?? 0) + 1);
        const signature = JSON.stringify({ ...(r.doc as object), kind });
        signatures.set(signature, (signatures.get(signature) ?? 0) + 1);
      }
    }
    for (const [signature, n] of signatures)
      if (n > 1) {
        check.duplicated += n - 1;
        note(`server holds ${n} records alike: ${signature.slice(0, 160)}`);
      }
    for (const [d, archive] of archives.entries()) {
      check.outbox += pendingCount(archive.db);
      check.conflicts += archive.db.prepare("SELECT count(*) FROM revisions WHERE reason = 'conflict'").pluck().get() as number;
      const ids = (archive.db.prepare('SELECT id FROM articles').pluck().all() as string[]).filter((id) => round.has(id));
      const here = new Set(ids);
      for (const id of articles.keys())
        if (!here.has(id)) {
          check.lost++;
          note(`desktop ${d} lacks article ${id}`);
        }
      for (const id of ids) {
        const a = archive.get(id);
        const s = articles.get(id);
        if (!s) {
          check.lost++;
          note(`server lacks article ${id} (on desktop ${d})`);
          continue;
        }
        if (s.draft.headline !== a.headline || s.draft.bodyJson !== a.bodyJson || s.status !== a.status) {
          check.lost++;
          note(`article ${id} differs on desktop ${d}: ${a.headline}/${a.status} vs server ${s.draft.headline}/${s.status}`);
        }
        const mine = acked.get(id);
        if (mine?.desk === d && (a.version < mine.version || (a.version === mine.version && a.bodyJson !== mine.bodyJson))) {
          check.lost++;
          note(`an acknowledged save of ${id} (version ${mine.version}) is not in desktop ${d}'s archive (version ${a.version})`);
        }
        const local = {
          revision: archive.revisions(id).length,
          status: archive.statusLog(id).length,
          audit: archive.db.prepare('SELECT count(*) FROM audit WHERE article_id = ?').pluck().get(id) as number,
        };
        for (const [kind, n] of Object.entries(local)) {
          const remote = counts.get(`${kind}/${id}`) ?? 0;
          if (n < remote) {
            check.lost += remote - n;
            note(`desktop ${d} has ${n} ${kind} rows of ${id}, the server ${remote}`);
          } else if (n > remote) {
            check.lost += n - remote;
            note(`the server has ${remote} ${kind} records of ${id}, desktop ${d} ${n}`);
          }
        }
      }
      const dupes = archive.db
        .prepare('SELECT count(*) - count(DISTINCT article_id || created_at || snapshot) FROM revisions')
        .pluck()
        .get() as number;
      if (dupes > 0) {
        check.duplicated += dupes;
        note(`desktop ${d} holds ${dupes} revisions twice`);
      }
    }
  } finally {
    archives.forEach((a) => a.close());
  }
  return check;
}

/** Runs in a child: a desktop saving its stories and syncing in a loop, until killed. */
async function deskChild(): Promise<void> {
  const [dir, name, idsText] = process.argv.slice(process.argv.indexOf('--desk') + 1);
  const services = AppServices.open(dir!, { demo: false, waitForWrites: 'async' });
  const desk = deskOn(services, dir!, name!);
  const ids = JSON.parse(idsText!) as string[];
  process.stdout.write('ready\n');
  for (let i = 0; ; i++) {
    const id = ids[i % ids.length]!;
    const a = services.archive.get(id);
    const result = await services.call(
      'articles.save',
      {
        id,
        baseVersion: a.version,
        checkpoint: i % 3 === 0,
        draft: draftOf(a, { headline: `子进程 ${i}`, bodyJson: body([`子进程第${i}次保存。`]) }),
      },
      desk.caller,
    );
    if (result.ok) {
      const saved = result.value as Article;
      process.stdout.write(`ack ${JSON.stringify({ id, version: saved.version, bodyJson: saved.bodyJson })}\n`);
    }
    if (i % 5 === 4) await services.call('articles.setStatus', { id, action: a.status === 'draft' ? 'submit' : 'return' }, desk.caller);
    await syncOnce(services.archive).catch(() => undefined);
  }
}

/** Saves and syncs on an in-process desk until `until` says stop. */
async function writeLoop(
  desk: Desk,
  index: number,
  ids: string[],
  tag: string,
  stop: () => boolean,
  acked: Map<string, Ack>,
): Promise<void> {
  for (let i = 0; !stop(); i++) {
    const id = ids[i % ids.length]!;
    const a = desk.services.archive.get(id);
    try {
      const saved = await desk.call<Article>('articles.save', {
        id,
        baseVersion: a.version,
        checkpoint: i % 3 === 0,
        draft: draftOf(a, { headline: `${tag} ${i}`, bodyJson: body([`${tag}第${i}次保存。`]) }),
      });
      acked.set(id, { version: saved.version, bodyJson: saved.bodyJson, desk: index });
      if (i % 5 === 4) await desk.call('articles.setStatus', { id, action: a.status === 'draft' ? 'submit' : 'return' });
    } catch {
      // busy: the next round saves again
    }
    await syncOnce(desk.services.archive).catch(() => undefined);
    await sleep(5);
  }
}

async function faults(postgres: BenchPostgres): Promise<void> {
  say(`\n4. faults, ${ROUNDS} rounds each: kill -9 mid-sync, then every article, revision, status change and audit entry compared`);
  const room = await newsroom(postgres, 'bench_faults');
  await room.account('甲编辑', DESK_ROLES);
  await room.account('乙编辑', DESK_ROLES);
  const total: Record<string, Check & { rounds: number; errors: number; crashes: number }> = {};
  const everything = new Set<string>();
  const only = process.argv.includes('--fault') ? process.argv[process.argv.indexOf('--fault') + 1] : undefined;
  const kinds = (['server', 'postgres', 'desktop'] as const).filter((k) => !only || k === only);
  for (const kind of kinds) {
    const sum = (total[kind] = {
      lost: 0,
      duplicated: 0,
      outbox: 0,
      conflicts: 0,
      notes: [] as string[],
      rounds: 0,
      errors: 0,
      crashes: 0,
    });
    const t0 = performance.now();
    for (let round = 0; round < ROUNDS; round++) {
      const a = await openDesk(room.server.url, '甲编辑');
      const b = await openDesk(room.server.url, '乙编辑');
      const idsA: string[] = [];
      const idsB: string[] = [];
      for (let i = 0; i < 4; i++) {
        idsA.push((await a.call<Article>('articles.create', { draft: { headline: `甲${round}-${i}` } })).id);
        idsB.push((await b.call<Article>('articles.create', { draft: { headline: `乙${round}-${i}` } })).id);
      }
      await syncOnce(a.services.archive);
      [...idsA, ...idsB].forEach((id) => everything.add(id));
      const acked = new Map<string, Ack>();
      let stop = false;
      const killAfter = 300 + Math.random() * 1200;
      try {
        if (kind === 'desktop') {
          a.services.close();
          const child = spawn(process.execPath, [__filename, '--desk', a.dir, '甲编辑', JSON.stringify(idsA)], {
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          let out = '';
          child.stdout.on('data', (d: Buffer) => (out += d.toString()));
          const exited = new Promise((r) => child.on('exit', r));
          const writing = writeLoop(b, 1, idsB, '乙', () => stop, acked);
          for (let i = 0; i < 200 && !out.includes('ready'); i++) await sleep(25);
          await sleep(killAfter);
          child.kill('SIGKILL');
          await exited;
          for (const line of out.split('\n'))
            if (line.startsWith('ack ')) {
              const ack = JSON.parse(line.slice(4)) as { id: string; version: number; bodyJson: string };
              acked.set(ack.id, { version: ack.version, bodyJson: ack.bodyJson, desk: 0 });
            }
          await sleep(300);
          stop = true;
          await writing;
        } else {
          const writing = Promise.all([writeLoop(a, 0, idsA, '甲', () => stop, acked), writeLoop(b, 1, idsB, '乙', () => stop, acked)]);
          await sleep(killAfter);
          if (kind === 'server') {
            await room.server.kill9();
            await sleep(100 + Math.random() * 400);
            await room.restart();
          } else {
            if (round % 2 === 0) await postgres.kill9();
            else await postgres.crash();
            await sleep(100 + Math.random() * 400);
            await postgres.start();
          }
          await sleep(500);
          // As a supervisor (systemd, a container) would: a server that died is started again.
          if (room.server.died()) {
            sum.crashes++;
            if (sum.notes.length < 8) sum.notes.push(`round ${round}: ${room.server.died()!.slice(0, 700)}`);
            await room.restart();
          }
          stop = true;
          await writing;
          a.services.close();
        }
        b.services.close();
        if (room.server.died()) {
          sum.crashes++;
          if (sum.notes.length < 8) sum.notes.push(`round ${round}: ${room.server.died()!.slice(0, 700)}`);
          await room.restart();
        }
        const check = await verify([a.dir, b.dir], room.admin, acked, new Set([...idsA, ...idsB]));
        sum.rounds++;
        sum.lost += check.lost;
        sum.duplicated += check.duplicated;
        sum.outbox += check.outbox;
        sum.conflicts += check.conflicts;
        for (const n of check.notes) if (sum.notes.length < 8) sum.notes.push(`round ${round}: ${n}`);
      } catch (error) {
        sum.errors++;
        if (sum.notes.length < 8) sum.notes.push(`round ${round}: ${(error as Error).message}`);
        stop = true;
      }
      rmSync(a.dir, { recursive: true, force: true });
      rmSync(b.dir, { recursive: true, force: true });
    }
    const label = {
      server: 'kill -9 of the server',
      postgres: 'PostgreSQL killed (kill -9 of the postmaster / immediate stop, alternating)',
      desktop: 'kill -9 of a desktop process',
    }[kind];
    figure(
      label,
      `${sum.rounds} rounds, lost ${sum.lost}, duplicated ${sum.duplicated}, outbox left ${sum.outbox}, conflict revisions ${sum.conflicts}, server process crashed ${sum.crashes} times, rounds that failed to run ${sum.errors} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    );
    for (const n of sum.notes) say(`    ${n}`);
  }
  // A desktop joining afterwards pulls the whole history in pages of 500 records: is it all there?
  const fresh = await openDesk(room.server.url, '乙编辑');
  fresh.services.close();
  const records = (await pullAll(room.admin)).length;
  const joined = await verify([fresh.dir], room.admin, new Map(), everything);
  figure(
    `a desktop joining afterwards (${records.toLocaleString()} records, ${everything.size} articles)`,
    `lost ${joined.lost}, duplicated ${joined.duplicated}, outbox left ${joined.outbox}`,
  );
  for (const n of joined.notes.slice(0, 4)) say(`    ${n}`);
  rmSync(fresh.dir, { recursive: true, force: true });
  await room.close();
}

// ─── main ───────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  if (process.argv.includes('--serve')) return serveChild();
  if (process.argv.includes('--desk')) return deskChild();
  const started = new Date();
  say(
    `Newsroom sync on ${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, ${started.toISOString()}, Node ${process.version}`,
  );
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  const postgres = await startBenchPostgres();
  const parts: [string, (p: BenchPostgres) => Promise<void>][] = [
    ['live', manyDesktops],
    ['year', yearOfPaper],
    ['offline', dayOffline],
    ['faults', faults],
  ];
  try {
    for (const [name, part] of parts)
      if (!only || only === name)
        await part(postgres).catch((error: unknown) => {
          say(`  ${name} stopped: ${(error as Error).stack ?? String(error)}`);
          summary.push([name, `stopped: ${(error as Error).message}`]);
        });
  } finally {
    await postgres.stop();
  }
  say('\n| what | figure |\n| --- | --- |');
  for (const [what, value] of summary) say(`| ${what} | ${value} |`);
  say(
    `\n${((Date.now() - started.getTime()) / 1000).toFixed(0)} s in all; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  process.exit(0);
}

void main();
