import type { i18n } from 'i18next';
import type { Handlers } from '../../shared/api/contract';
import { ApiError, type Result } from '../../shared/api/errors';
import type { Language } from '../../shared/i18n/languages';
import { createI18n, errorMessage } from '../../shared/i18n/setup';
import { Archive, type ArchiveOptions } from '../archive/archive';
import { seedDemo } from '../archive/demo';
import { dispatch } from './dispatch';
import { Authority, type Caller } from '../accounts/authority';
import type { ApiMethod } from '../../shared/api/methods';
import { createHandlers } from './handlers';
import { Exporter } from '../export/exporter';
import { chromiumPrinter, findChromium, type PdfPrinter } from '../export/pdf';
import { createSyncAgent, type SyncAgent } from '../sync/agent';
import { METHOD_PERMISSION, PASSIVE_METHODS } from '../../shared/api/access';
import { SearchUpkeep, type UpkeepTiming } from './search-upkeep';

/**
 * How long an API call waits for the archive's write lock before it answers ARCHIVE_BUSY.
 * Long enough for any other program's transaction (an import group is well under a second;
 * a backup does not write), short enough that an editor hears of a real stall.
 */
export const API_WRITE_WAIT_MS = 20_000;

/** How often a program that stays open (the app, a host) purges the trash of what has come due. */
const PURGE_EVERY_MS = 60 * 60_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface AppServicesOptions extends ArchiveOptions {
  /** Seed a new archive with the demo edition (default true). */
  demo?: boolean;
  /** Prints exported pages to PDF: Electron's own in the app, a system Chromium elsewhere. */
  pdfPrinter?: () => Promise<PdfPrinter>;
  /**
   * How `call` waits for the write lock. 'async' (the app and the browser host, whose one
   * thread serves every window and request) never blocks the thread: the archive answers
   * ARCHIVE_BUSY at once and the call is tried again after a pause, up to API_WRITE_WAIT_MS.
   * 'block' (the command line) lets the archive wait on its own thread.
   */
  waitForWrites?: 'async' | 'block';
  /** The clock sessions and sign-in delays run on (tests move it to cross the idle time). */
  clock?: () => number;
  /**
   * Keep in step with the newsroom while open (the app and the browser host): a live feed,
   * pushes after each change, retries. The command line syncs only when told (`banmian sync`).
   */
  liveSync?: boolean;
  /** When the app and the browser host merge the search indexes while nobody works (search-upkeep.ts; tests shorten it). */
  searchUpkeep?: Partial<UpkeepTiming>;
}

/**
 * Everything the app, the browser host and the command line share: the archive, the handler
 * table and the translated boundary. Each front end opens one of these and serves `call`.
 */
export class AppServices {
  readonly archive: Archive;
  readonly handlers: Handlers;
  readonly exporter: Exporter;
  readonly authority: Authority;
  private syncAgent: SyncAgent | undefined;
  /** Made when something is first said in words (an error, an export): a listing never is. */
  private translationsMade: i18n | undefined;
  private readonly languageListeners = new Set<(language: Language) => void>();
  private readonly writeWaitMs: number;
  private purgeTimer: ReturnType<typeof setInterval> | undefined;
  private readonly upkeep: SearchUpkeep | undefined;

  private constructor(archive: Archive, options: AppServicesOptions) {
    this.archive = archive;
    this.writeWaitMs = options.waitForWrites === 'async' ? (options.writeWaitMs ?? API_WRITE_WAIT_MS) : 0;
    this.authority = new Authority(archive, options.clock);
    // Before the sync agent, whose first round starts in its constructor and must count as work.
    if (options.waitForWrites === 'async') this.upkeep = new SearchUpkeep(archive, options.searchUpkeep);
    this.exporter = new Exporter(archive, () => this.translations, options.pdfPrinter ?? (async () => chromiumPrinter(findChromium())));
    // The app and the host keep in step with the newsroom from the start; anyone else (the
    // command line) makes its agent when a call first needs it, which a listing never does.
    if (options.liveSync)
      this.syncAgent = createSyncAgent(
        archive,
        () => this.translations,
        true,
        () => this.upkeep?.hold(),
      );
    const handlers = createHandlers(
      archive,
      () => this.translations,
      this.exporter,
      this.authority,
      () => this.sync,
    );
    const setSettings = handlers['settings.set'];
    // A language change also retranslates main-side messages and menus.
    handlers['settings.set'] = (patch, context) => {
      const settings = setSettings(patch, context) as ReturnType<Archive['settings']>;
      this.setLanguage(settings.language);
      return settings;
    };
    this.handlers = handlers;
    // The trash is purged of what came due whenever the archive opens, and every hour while a
    // window or a host keeps it open; nothing due costs two reads of small indexes.
    this.purgeTrash();
    if (options.waitForWrites === 'async') {
      this.purgeTimer = setInterval(() => {
        try {
          this.purgeTrash();
        } catch (error) {
          // A timer has no one to answer: the purge is tried again in an hour.
          console.error('[banmian] purging the trash failed', error);
        }
      }, PURGE_EVERY_MS);
      this.purgeTimer.unref();
    }
  }

  private get translations(): i18n {
    return (this.translationsMade ??= createI18n(this.archive.settings().language));
  }

  /** Purges what is due; another writer holding the archive just now is no reason to fail: next time. */
  private purgeTrash(): void {
    try {
      this.archive.purgeTrash();
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'ARCHIVE_BUSY')) throw error;
    }
  }

  static open(dir: string, options: AppServicesOptions = {}): AppServices {
    const archive = Archive.open(dir, options.waitForWrites === 'async' ? { ...options, writeWaitMs: 0 } : options);
    if (archive.created && options.demo !== false) seedDemo(archive);
    return new AppServices(archive, options);
  }

  /** This archive's part in the newsroom (electron/sync): pushes, pulls, locks, its status. */
  get sync(): SyncAgent {
    return (this.syncAgent ??= createSyncAgent(this.archive, () => this.translations, false));
  }

  get i18n(): i18n {
    return this.translations;
  }

  /**
   * One API call through the boundary. When the archive is busy with another writer, the call
   * is tried again (its write never started, so nothing is done twice) while a marker asks
   * long writers to let it in; after the wait it answers ARCHIVE_BUSY in words, and the
   * caller (the editor's autosave) keeps the text and tries again later.
   */
  async call(method: unknown, input: unknown, caller: Caller): Promise<Result<unknown>> {
    const started = Date.now();
    // What a desk asks by itself on a timer (the newsroom's status and watch, a check-out's
    // renewal, the session's look) is not work: counted, an open desk would never be quiet.
    const work = PASSIVE_METHODS.has(method as ApiMethod) || method === 'session.status' ? undefined : this.upkeep?.hold();
    let leave: (() => void) | undefined;
    const authorize = (m: ApiMethod) => this.authority.contextFor(m, caller);
    try {
      for (let pause = 1; ; pause = Math.min(pause * 2, 4)) {
        const result = await dispatch(this.handlers, () => this.translations, method, input, authorize);
        // A change made here goes out to the newsroom soon after.
        // (Only a live agent pushes: with none made yet, there is nothing to tell.)
        if (result.ok && METHOD_PERMISSION[method as ApiMethod] !== 'read' && METHOD_PERMISSION[method as ApiMethod] !== 'public')
          this.syncAgent?.changed();
        if (result.ok || result.error.code !== 'ARCHIVE_BUSY' || !this.writeWaitMs) return result;
        const waited = Date.now() - started;
        if (waited >= this.writeWaitMs) {
          const params = { seconds: Math.round(waited / 1000) };
          return { ok: false, error: { code: 'ARCHIVE_BUSY', message: errorMessage(this.translations, 'ARCHIVE_BUSY', params), params } };
        }
        leave ??= this.archive.waitForTurn();
        await sleep(pause);
      }
    } finally {
      leave?.();
      work?.release();
    }
  }

  /**
   * Marks work done outside `call` (the app menu's import) until the returned function is
   * called: the search index is not merged meanwhile.
   */
  working(): () => void {
    const work = this.upkeep?.hold();
    return () => work?.release();
  }

  onLanguageChange(listener: (language: Language) => void): () => void {
    this.languageListeners.add(listener);
    return () => this.languageListeners.delete(listener);
  }

  private setLanguage(language: Language): void {
    if (this.translations.language === language) return;
    this.translationsMade = createI18n(language);
    for (const listener of this.languageListeners) listener(language);
  }

  close(): void {
    clearInterval(this.purgeTimer);
    this.upkeep?.close();
    this.syncAgent?.close();
    void this.exporter.close();
    this.archive.close();
  }
}
