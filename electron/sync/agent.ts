import type WebSocket from 'ws';
import type { i18n } from 'i18next';
import type { Archive } from '../archive/archive';
import { ApiError } from '../../shared/api/errors';
import { errorMessage } from '../../shared/i18n/setup';
import type { LockState, SyncStatus } from '../../shared/api/contract';
import type { LiveMessage } from '../../shared/sync/protocol';
import { dismissProblems, hasPending, listProblems, pendingCount, readLink, recordProblem, stateOf, tokenOf, updateLink } from './link';
import { stmt } from '../archive/statements';
import { ServerApi } from './server-api';
import { syncOnce } from './engine';
import { joinNewsroom, leaveNewsroom, signInToNewsroom } from './join';
import type { Hold } from '../services/search-upkeep';

/**
 * The WebSocket library, loaded the first time a desk opens its live feed: the command line
 * (every `banmian` command, many short-lived) never needs it and does not pay for loading it.
 */
let WebSocketClass: typeof WebSocket | undefined;
let loadingWebSocket: Promise<void> | undefined;
function loadWebSocket(): Promise<void> {
  loadingWebSocket ??= import('ws').then((m) => {
    WebSocketClass = m.default;
  });
  return loadingWebSocket;
}

function textOf(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

function withMachine(t: i18n, name: unknown, machine: unknown): string {
  return typeof name === 'string' && name ? t.t('common:newsroom.personOnMachine', { name, machine: String(machine) }) : '';
}

/** A moment as the desk shows it in a notice: 12-04 21:40, in this computer's time. */
function shortTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** Pauses before trying the server again after it could not be reached, in seconds. */
const RETRY_S = [1, 2, 5, 10, 30];
/** Even with the live feed quiet, the desk syncs this often (a change the feed missed). */
const PERIODIC_MS = 30_000;
/** A local change goes out this soon after it is made: several saves in a row go together. */
const PUSH_DELAY_MS = 150;

/**
 * Keeps a joined desktop in step with its newsroom, in the process that serves the desk (the
 * app's main process, a browser host): syncs when something changed here, when the server's
 * live feed says something changed there, and every half minute; when the server cannot be
 * reached it tries again after 1, 2, 5, 10, then every 30 s, and the desk keeps working.
 */
export class SyncAgent {
  private socket: WebSocket | null = null;
  private connected = false;
  private running: Promise<void> | null = null;
  private again = false;
  private attempt = 0;
  private retry: NodeJS.Timeout | null = null;
  private pushTimer: NodeJS.Timeout | null = null;
  private readonly periodic: NodeJS.Timeout;
  private appliedSeq = 0;
  /** What each recent application touched, so a watcher that missed some hears of all of them. */
  private readonly recent: { seq: number; articles: string[]; pages: string[] }[] = [];
  private readonly waiters = new Set<() => void>();
  private waitingFor: string[] = [];
  private lastError: ApiError | null = null;
  private closed = false;

  constructor(
    private readonly archive: Archive,
    private readonly i18n: () => i18n,
    private readonly live: boolean,
    /**
     * Says a sync round has begun: the app's upkeep of the search index then waits for it to
     * end (`release`), and the round for the upkeep's step under way (`ready`).
     */
    private readonly busy?: () => Hold | undefined,
  ) {
    this.periodic = setInterval(() => {
      if (this.live) void this.kick();
    }, PERIODIC_MS);
    this.periodic.unref();
    if (live) this.start();
  }

  private start(): void {
    if (!readLink(this.archive.db)) return;
    this.openLive();
    void this.kick();
  }

  /** Something changed here: push it soon. */
  changed(): void {
    if (!this.live || this.closed || !readLink(this.archive.db) || this.pushTimer) return;
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null;
      void this.kick();
    }, PUSH_DELAY_MS);
    this.pushTimer.unref();
  }

  /** Syncs now, or right after the sync under way. */
  kick(): Promise<void> {
    if (this.closed || !readLink(this.archive.db)) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const hold = this.busy?.();
    this.running = (hold ? hold.ready.then(() => this.runOnce()) : this.runOnce()).finally(() => {
      hold?.release();
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.kick();
      }
    });
    return this.running;
  }

  private async runOnce(): Promise<void> {
    try {
      const report = await syncOnce(this.archive);
      this.lastError = null;
      this.attempt = 0;
      this.waitingFor = report.waitingFor;
      if (!this.socket && this.live) this.openLive();
      const { articles, pages, accounts } = report.applied;
      if (articles.size || pages.size || accounts || report.refused) {
        this.noteApplied([...articles], [...pages]);
        this.waiters.forEach((wake) => wake());
      }
    } catch (error) {
      this.lastError = error instanceof ApiError ? error : new ApiError('INTERNAL', { reason: (error as Error).message });
      if (this.lastError.code === 'SYNC_OFFLINE' || this.lastError.code === 'SYNC_SERVER_ERROR') this.connected = false;
      // Away, failing, or the archive busy with another writer (an import): tried again soon.
      this.scheduleRetry();
    }
  }

  private scheduleRetry(): void {
    if (this.retry || this.closed) return;
    const seconds = RETRY_S[Math.min(this.attempt++, RETRY_S.length - 1)]!;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.kick();
    }, seconds * 1000);
    this.retry.unref();
  }

  private openLive(): void {
    const link = readLink(this.archive.db);
    const token = link && (tokenOf(this.archive.db, link.account) ?? null);
    if (!link || !token || this.closed) return;
    if (!WebSocketClass) {
      void loadWebSocket().then(() => {
        if (!this.socket) this.openLive();
      });
      return;
    }
    const api = new ServerApi(link.serverUrl, token);
    const socket = new WebSocketClass(api.liveUrl(), { headers: { Authorization: `Bearer ${token}` }, handshakeTimeout: 10_000 });
    this.socket = socket;
    socket.on('open', () => {
      this.connected = true;
      this.attempt = 0;
    });
    socket.on('message', (data: WebSocket.RawData) => {
      // A message still arriving while the socket closes, the archive perhaps closed already.
      if (this.closed) return;
      let message: LiveMessage;
      try {
        message = JSON.parse(textOf(data)) as LiveMessage;
      } catch {
        return;
      }
      if (message.type === 'changed' || message.type === 'hello') void this.kick();
      if (message.type === 'lock') {
        // Someone took over a story this desk had checked out: its desk is told, and its
        // editor turns read-only at its next renewal.
        if (message.tookFrom?.device === link.device && message.lock) {
          const taken = { at: new Date().toISOString(), key: `article:${message.articleId}`, articleId: message.articleId };
          const headline =
            (stmt(this.archive.db, 'SELECT headline FROM articles WHERE id = ?').pluck().get(message.articleId) as string | undefined) ??
            '';
          const { name, deviceName } = message.lock;
          // While it waits, a marker asks long writers (an import) to let it in, as a call's does.
          let leave: (() => void) | undefined;
          const record = (tries: number) => {
            if (this.closed) {
              leave?.();
              return;
            }
            try {
              this.archive.write(() =>
                recordProblem(this.archive.db, {
                  ...taken,
                  code: 'ARTICLE_TAKEN_OVER',
                  params: { name, machine: deviceName ?? '', headline },
                }),
              );
              leave?.();
            } catch (error) {
              // The archive busy with another writer (an import, the search index's merge): a
              // moment later. Thrown here, in the socket's handler, it would end the app.
              if (error instanceof ApiError && error.code === 'ARCHIVE_BUSY' && tries < 40) {
                leave ??= this.archive.waitForTurn();
                setTimeout(() => record(tries + 1), 250).unref();
              } else {
                leave?.();
                console.error('[banmian] recording a story taken over failed', error);
              }
            }
          };
          record(0);
        }
        this.noteApplied([message.articleId], []);
        this.waiters.forEach((wake) => wake());
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.socket === socket) this.socket = null;
      this.connected = false;
      if (this.closed) return;
      const seconds = RETRY_S[Math.min(this.attempt++, RETRY_S.length - 1)]!;
      setTimeout(() => {
        if (!this.socket && !this.closed) this.openLive();
      }, seconds * 1000).unref();
    });
  }

  private noteApplied(articles: string[], pages: string[]): void {
    this.appliedSeq++;
    this.recent.push({ seq: this.appliedSeq, articles, pages });
    if (this.recent.length > 200) this.recent.shift();
  }

  status(): SyncStatus {
    const link = readLink(this.archive.db);
    const t = this.i18n();
    return {
      joined: link !== null,
      server: link?.serverUrl ?? null,
      connected: link !== null && this.connected,
      pending: link ? pendingCount(this.archive.db) : 0,
      waitingFor: this.waitingFor,
      lastSyncAt: link?.lastSyncAt ?? null,
      lastError: this.lastError
        ? { code: this.lastError.code, message: errorMessage(t, this.lastError.code, this.lastError.params) }
        : null,
      problems: link
        ? listProblems(this.archive.db).map((p) => ({
            id: p.id,
            at: p.at,
            articleId: p.articleId,
            code: p.code,
            message: errorMessage(t, p.code as ApiError['code'], {
              ...p.params,
              ...(typeof p.params.at === 'string' ? { at: shortTime(p.params.at) } : {}),
              // "王丙全（编辑部-3）": the person, and the machine when it said its name.
              ...(p.params.machine
                ? { by: withMachine(t, p.params.by, p.params.machine), name: withMachine(t, p.params.name, p.params.machine) }
                : {}),
            }),
          }))
        : [],
      appliedSeq: this.appliedSeq,
      keepYears: link?.keepYears ?? null,
    };
  }

  /** Keeps only the newest years of articles from now on (those already here stay). */
  configure(keepYears: number | null): SyncStatus {
    if (!readLink(this.archive.db)) throw new ApiError('SYNC_NOT_JOINED');
    this.archive.write(() => updateLink(this.archive.db, { keepYears }));
    return this.status();
  }

  story(articleId: string): { joined: boolean; pending: boolean; serverVersion: number | null; lastBy: string | null; at: string | null } {
    const db = this.archive.db;
    if (!readLink(db)) return { joined: false, pending: false, serverVersion: null, lastBy: null, at: null };
    const key = `article:${articleId}`;
    const state = stateOf(db, key);
    return {
      joined: true,
      pending: hasPending(db, key) !== undefined,
      serverVersion: state?.version ?? null,
      lastBy: state?.by_name ?? null,
      at: state?.at ?? null,
    };
  }

  /** Answers once changes past `after` were applied here, or after `waitMs`. */
  async watch(after: number, waitMs = 25_000): Promise<{ appliedSeq: number; articles: string[]; pages: string[] }> {
    if (this.appliedSeq <= after && waitMs > 0 && !this.closed) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, waitMs);
        this.waiters.add(done);
      });
    }
    return this.appliedSeq > after
      ? {
          appliedSeq: this.appliedSeq,
          articles: [...new Set(this.recent.filter((r) => r.seq > after).flatMap((r) => r.articles))],
          pages: [...new Set(this.recent.filter((r) => r.seq > after).flatMap((r) => r.pages))],
        }
      : { appliedSeq: this.appliedSeq, articles: [], pages: [] };
  }

  async syncNow(): Promise<SyncStatus> {
    await this.kick();
    return this.status();
  }

  async join(url: string, name: string, password: string): Promise<SyncStatus> {
    await joinNewsroom(this.archive, url, name, password);
    this.lastError = null;
    this.socket?.close();
    if (this.live) this.openLive();
    this.noteApplied([], []);
    this.waiters.forEach((wake) => wake());
    return this.status();
  }

  leave(): SyncStatus {
    leaveNewsroom(this.archive);
    this.socket?.close();
    this.socket = null;
    this.connected = false;
    return this.status();
  }

  dismiss(upTo: number): SyncStatus {
    this.archive.write(() => dismissProblems(this.archive.db, upTo));
    return this.status();
  }

  /** Someone signed in here: their session on the server too, so their changes can go out. */
  signedIn(name: string, password: string): void {
    if (!readLink(this.archive.db)) return;
    signInToNewsroom(this.archive, name, password).then(
      () => void this.kick(),
      () => undefined,
    );
  }

  /**
   * Check-out: takes the story's lock on the server for `account` (or, with takeOver, takes it
   * from whoever holds it). Offline or not joined, the story is free: edits made then are
   * reconciled when the desk is back.
   */
  async lock(articleId: string, account: string | null, takeOver = false): Promise<LockState> {
    const api = this.apiFor(account);
    if (!api) return { state: 'free', holder: null, tookFrom: null };
    try {
      const answer = await api.lock(articleId, takeOver);
      const holder = {
        name: answer.lock.name,
        device: answer.lock.device,
        machine: answer.lock.deviceName ?? null,
        since: answer.lock.since,
      };
      return {
        state: answer.mine ? 'mine' : 'held',
        holder,
        tookFrom: answer.tookFrom ? { name: answer.tookFrom.name, since: answer.tookFrom.since } : null,
      };
    } catch (error) {
      if (error instanceof ApiError && error.code === 'SYNC_OFFLINE') return { state: 'free', holder: null, tookFrom: null };
      throw error;
    }
  }

  async release(articleId: string, account: string | null): Promise<void> {
    await this.apiFor(account)
      ?.release(articleId)
      .catch(() => undefined);
  }

  private apiFor(account: string | null): ServerApi | null {
    const link = readLink(this.archive.db);
    if (!link) return null;
    const token = tokenOf(this.archive.db, account ?? link.account);
    return token ? new ServerApi(link.serverUrl, token) : null;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.periodic);
    if (this.retry) clearTimeout(this.retry);
    if (this.pushTimer) clearTimeout(this.pushTimer);
    this.socket?.close();
    this.waiters.forEach((wake) => wake());
  }
}

/**
 * A SyncAgent, made through a function so that the command line's bundle can load this module
 * (the sync engine, the server's client, the protocol's schemas) when a command first needs it
 * (a split point in scripts/cli-bundle.mjs), not with every command.
 */
export function createSyncAgent(archive: Archive, i18n: () => i18n, live: boolean, busy?: () => Hold | undefined): SyncAgent {
  return new SyncAgent(archive, i18n, live, busy);
}
