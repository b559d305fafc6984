import { mkdirSync, statSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Connection } from './sqlite';
import type {
  ArticleSummary,
  ContributorRow,
  ContributorsRequest,
  EditionHeader,
  EditionPlan,
  ImportDating,
  ImportFix,
  LayoutPage,
  ReviewItem,
  RevisionSummary,
  SearchRequest,
  SearchResponse,
  Slot,
  StatusChange,
  TrashEntry,
} from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { LIMITS, emptyDraft, storableDraft, type Article, type ArticleDraft, type BodyBlock } from '../../shared/domain/article';
import { checkedDraft } from './stored-shapes';
import { nextStatus, type StatusAction } from '../../shared/domain/status';
import { bodyBlocksFromJson } from '../../shared/editor/body';
import { countChars } from '../../shared/text/count';
import * as articles from './articles';
import { newArticleId } from './ids';
import { findImage, storeImage, type StoredImage } from './images';
import { findImport, insertImported, newImportMemo, type ImportSource } from './imports';
import type { ImportedArticle } from '../../shared/import/page-text';
import { migrate, schemaVersion } from './migrate';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { listPeople, type PersonSummary } from './people';
import * as revisions from './revisions';
import { searchArticles } from './search';
import { contributorStats } from './contributors';
import { readSettings, writeSettings, type StoredSettings } from './settings';
import { queueForNewsroom } from './sync-triggers';
import * as layout from './layout';
import * as templates from './templates';
import * as editions from './editions';
import type { Edition, Furniture, Page, PageGeometry, PagePreset, Placement } from '../../shared/domain/layout';
import type { PartFlow } from '../../shared/typeset/flow';
import { partFlows } from '../../shared/typeset/frame';
import { storyTextOf } from '../../shared/typeset/story';
import { announce, type HolderProgram } from './presence';
import type { Actor, DeskRole, Front } from '../../shared/domain/accounts';
import * as accounts from './accounts';
import { hasPermission, mayChangeStatus, mayEditStory, mayTrash, trashBlock, type Decision } from '../../shared/domain/permissions';
import { listAudit, recordAudit, type AuditEntry, type AuditQuery, type AuditRecord } from './audit';
import { sleepSync, WriteTurns } from './write-turns';
import { stmt } from './statements';
import * as trash from './trash';
import * as importReview from './import-review';
import { setImportDate } from './import-dating';
import { rekeyArticle } from './search-index';
import type { IndexEntries } from './search-entries';

export const ARCHIVE_FILE = 'banmian.sqlite';

/** The page size a new archive is made with (see openFile). */
export const NEW_ARCHIVE_PAGE_SIZE = 16384;
/**
 * The page cache of each connection, at most: a sixteenth of the machine's memory, from 64 MB up
 * to 256 MB. SQLite maps no more than the first 2 GB of the file (MMAP_BYTES), and what a
 * migration wrote anew lies past them in an archive of a million (the search keys and their
 * facts): every page of theirs a search reads is copied into the cache. With 64 MB, a search
 * by person looked up the same pages again and again, at up to 1.7 times the time
 * (docs/benchmarks.md). The cache fills only as pages are read.
 */
const CACHE_BYTES = Math.min(256, Math.max(64, totalmem() / 16 / 2 ** 20)) * 2 ** 20;
/** How much of the archive file reads may map (see openFile); SQLite holds it to its own limit. */
const MMAP_BYTES = 2 ** 31;
/** How much journal gathers before it is copied into the archive file (see openFile). */
const WAL_CHECKPOINT_BYTES = 256 * 1024 * 1024;

export interface ArchiveOptions {
  /** The clock; tests move it to cross burst boundaries. */
  now?: () => Date;
  /** Who opens the archive: a restore that finds it open names them. */
  holder?: { program: HolderProgram; detail?: string };
  /**
   * How long a write may block this thread waiting for the write lock, in ms. The command
   * line and the import worker wait (60 s unless told); a process that serves a window or a
   * browser passes 0 and is told ARCHIVE_BUSY at once, to wait without blocking (AppServices).
   */
  writeWaitMs?: number;
  /** How long an import's transaction runs before it lets a waiting writer in (tests shorten it). */
  yieldAfterMs?: number;
}

/** A write of several files failed after some of them were committed: those are in `committed`. */
export class ImportWriteError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly committed: (string[] | null)[],
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** A refusal of the rules, as the error that names the roles that may. */
export function allowed(decision: Decision): void {
  if (decision.ok) return;
  if (decision.frozen) throw new ApiError('ARTICLE_SIGNED');
  throw new ApiError('PERMISSION_DENIED', { roles: decision.needs.join(',') });
}

/** How long an import's transaction runs on before it lets a waiting writer in. */
const YIELD_AFTER_MS = 50;

/** How long the command line and workers wait for the write lock before saying so. */
export const DEFAULT_WRITE_WAIT_MS = 60_000;
/** Reads never wait on writers (WAL); this covers recovery after a crash and checkpoints. */
const READ_BUSY_TIMEOUT_MS = 5000;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** The file's identity, to tell whether the path still names the file a connection opened. */
function fileIdentity(path: string): string | undefined {
  try {
    const s = statSync(path, { bigint: true });
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * The archive: one SQLite file and a folder of photos. Every read and write of articles goes
 * through here, with bound parameters only and one transaction per operation.
 */
export class Archive {
  readonly db: Connection;
  readonly photosDir: string;
  readonly created: boolean;
  private readonly now: () => Date;
  private readonly turns: WriteTurns;
  private readonly writeWaitMs: number;
  private readonly yieldAfterMs: number;
  private readonly leave: () => void;

  private constructor(
    readonly dir: string,
    db: Connection,
    created: boolean,
    options: ArchiveOptions,
    leave: () => void,
  ) {
    this.db = db;
    this.created = created;
    this.photosDir = join(dir, 'photos');
    this.now = options.now ?? (() => new Date());
    this.turns = new WriteTurns(dir);
    this.writeWaitMs = options.writeWaitMs ?? DEFAULT_WRITE_WAIT_MS;
    this.yieldAfterMs = options.yieldAfterMs ?? YIELD_AFTER_MS;
    this.leave = leave;
  }

  /** Opens (or creates) the archive in `dir` and brings its schema up to date. */
  static open(dir: string, options: ArchiveOptions = {}): Archive {
    mkdirSync(dir, { recursive: true });
    const leave = announce(dir, { program: options.holder?.program ?? 'other', detail: options.holder?.detail ?? '' });
    try {
      // A restore swaps a new file in under the archive's name while it holds the old one
      // locked: a connection that opened the old file just before waits for the lock, then
      // finds the name moved on and opens again, before it has written anything.
      for (let attempt = 0; ; attempt++) {
        const opened = Archive.openFile(dir, options, leave);
        if (opened) return opened;
        if (attempt >= 5) throw new ApiError('ARCHIVE_UNREADABLE', { reason: 'the archive file kept changing while it was opened' });
      }
    } catch (error) {
      leave();
      throw error;
    }
  }

  private static openFile(dir: string, options: ArchiveOptions, leave: () => void): Archive | undefined {
    const file = join(dir, ARCHIVE_FILE);
    const before = fileIdentity(file);
    let db: Connection;
    try {
      db = openDatabase(file);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError('ARCHIVE_UNREADABLE', { reason: (error as Error).message });
    }
    try {
      db.pragma(`busy_timeout = ${READ_BUSY_TIMEOUT_MS}`);
      // An archive from a newer Banmian is refused before anything, even the journal mode, is written.
      const found = schemaVersion(db);
      if (before !== undefined && fileIdentity(file) !== before) {
        db.close();
        return undefined;
      }
      if (found > SCHEMA_VERSION) throw new ApiError('ARCHIVE_TOO_NEW', { found, supported: SCHEMA_VERSION });
      // A new archive is made with pages of 16 KB, not SQLite's 4 KB: an import of years of
      // pages then writes its search index, its tables' ends and its journal in a quarter of
      // the pages, about a tenth faster at a million articles (docs/benchmarks.md). The size
      // holds from the first table on, so an archive made before keeps its own.
      if ((db.pragma('page_count', { simple: true }) as number) === 0) db.pragma(`page_size = ${NEW_ARCHIVE_PAGE_SIZE}`);
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = NORMAL');
      // An archive of years does not fit SQLite's default 2 MB of page cache (see CACHE_BYTES).
      db.pragma(`cache_size = -${Math.round(CACHE_BYTES / 1024)}`);
      // Reads straight from the operating system's cache of the file, as far as SQLite maps
      // (2 GB in this build), instead of a copy of each page into SQLite's: with pages of 16 KB a
      // search that reads stories at random places (a person's or a column's, by relevance)
      // had copied four times the bytes, 50 % slower than with 4 KB pages; mapped, it is as fast
      // (docs/benchmarks.md). Writes still go through the journal, as before.
      db.pragma(`mmap_size = ${MMAP_BYTES}`);
      // The journal is copied into the file once 256 MB of it have gathered, not after every
      // 4 MB (SQLite's default): an import's transaction writes more than that, so each was
      // copied at its commit, and the pages the next one writes again (the search index's
      // merges, the ends of its indexes) were copied over and over. About 6 % of an import's
      // time at a million (docs/benchmarks.md). A desk's saves are a few pages each.
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      db.pragma(`wal_autocheckpoint = ${Math.round(WAL_CHECKPOINT_BYTES / pageSize)}`);
      const { from } = migrate(db, MIGRATIONS);
      return new Archive(dir, db, from === 0, options, leave);
    } catch (error) {
      db.close();
      if (error instanceof ApiError) throw error;
      // A restore moved another file under the name between the look and the first write.
      if ((error as { code?: string }).code === 'SQLITE_READONLY_DBMOVED') return undefined;
      if (isBusy(error)) throw new ApiError('ARCHIVE_BUSY', { seconds: Math.round(READ_BUSY_TIMEOUT_MS / 1000) });
      throw new ApiError('ARCHIVE_UNREADABLE', { reason: (error as Error).message });
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
    this.leave();
  }

  /**
   * Runs `work` as one write transaction that takes the write lock up front (BEGIN IMMEDIATE),
   * so it waits its turn instead of failing half way: a transaction that reads and then
   * writes cannot be helped by SQLite's busy timeout once another writer got in between.
   * While it waits it leaves a marker so that long writers let it in (write-turns.ts).
   * Gives up after `writeWaitMs` with ARCHIVE_BUSY, having changed nothing.
   */
  write<T>(work: () => T, by: Actor | null = null): T {
    // While the archive is joined to a newsroom, what this write changes is queued for the
    // server under the name of the person making it (migration 0080: sync_capture).
    const tx = this.db.transaction(() => {
      stmt(this.db, 'UPDATE sync_capture SET actor = ?').run(by?.name ?? null);
      return work();
    });
    // Inside another transaction (a savepoint), the lock is already ours.
    if (this.db.inTransaction) return tx();
    const started = Date.now();
    let leave: (() => void) | undefined;
    this.db.pragma('busy_timeout = 0');
    try {
      for (let pause = 1; ; pause = Math.min(pause * 2, 4)) {
        try {
          return tx.immediate();
        } catch (error) {
          if (!isBusy(error)) throw error;
        }
        const waited = Date.now() - started;
        if (waited >= this.writeWaitMs) throw new ApiError('ARCHIVE_BUSY', { seconds: Math.round(waited / 1000) });
        leave ??= this.turns.enter();
        sleepSync(pause);
      }
    } finally {
      leave?.();
      this.db.pragma(`busy_timeout = ${READ_BUSY_TIMEOUT_MS}`);
    }
  }

  /** Marks this connection as waiting for the write lock (for callers that wait asynchronously). */
  waitForTurn(): () => void {
    return this.turns.enter();
  }

  /** For a long writer between its transactions: lets writers that wait have their turn. */
  letWaitersIn(maxMs?: number): number {
    return this.turns.letOthersIn(maxMs);
  }

  private stamp(): { date: Date; iso: string } {
    const date = this.now();
    return { date, iso: date.toISOString() };
  }

  list(query: articles.ListQuery): ArticleSummary[] {
    const emptyBefore = new Date(this.now().getTime() - trash.EMPTY_DRAFT_HIDDEN_AFTER_MS).toISOString();
    return articles.listArticles(this.db, { emptyBefore, ...query });
  }

  allIds(): string[] {
    return articles.articleIds(this.db);
  }

  get(id: string): Article {
    const article = articles.readArticle(this.db, id);
    if (!article) throw new ApiError('NOT_FOUND', { what: 'article', id });
    return article;
  }

  /** A new article; `by` is the account writing it (null: no accounts, or a system task). */
  create(partial: Partial<ArticleDraft> = {}, by: Actor | null = null): Article {
    const draft = checkedDraft({ ...emptyDraft(), ...partial });
    const body = this.deriveBody(draft);
    const id = newArticleId();
    const { date, iso } = this.stamp();
    this.write(() => {
      articles.insertArticleRow(this.db, id, 'draft', iso, by);
      this.checkImages(draft);
      articles.writeDraft(this.db, id, 0, draft, body, iso, by);
      articles.setStatusRow(this.db, id, null, 'draft', iso, by);
      revisions.insertRevision(this.db, id, draft, body.counts.chars, date, 'created', false, by);
    }, by);
    return this.get(id);
  }

  /** The facts the rules of who-may-do-what need; NOT_FOUND for no such article. */
  facts(id: string): NonNullable<ReturnType<typeof articles.storyFacts>> {
    const facts = articles.storyFacts(this.db, id);
    if (!facts) throw new ApiError('NOT_FOUND', { what: 'article', id });
    return facts;
  }

  /**
   * The story's text may change only while it is not signed off (签发: frozen until a chief
   * editor withdraws the sign-off), and, when someone is acting, if the rules let them.
   * Called inside the writing transaction, so the status cannot change in between.
   */
  private assertMayEdit(id: string, by: Actor | null): void {
    const facts = this.facts(id);
    this.assertNotTrashed(id);
    if (facts.signed) throw new ApiError('ARTICLE_SIGNED');
    if (by) allowed(mayEditStory(by, facts));
  }

  /**
   * Saves the editor's draft over version `baseVersion`. A save from an older version is
   * refused with ARTICLE_STALE carrying the newer article, and the refused draft is kept as a
   * revision so nothing typed is lost. A save of exactly what the archive already holds is no
   * conflict: it is the editor sending again a save whose answer it never got (the window or
   * the host went down after the commit), or a second window with the same text.
   */
  save(id: string, baseVersion: number, draft: ArticleDraft, checkpoint = false, by: Actor | null = null): Article {
    const body = this.deriveBody(draft);
    const { date, iso } = this.stamp();
    const outcome = this.write(() => {
      this.checkImages(draft);
      const current = this.get(id);
      // A second send of a save already written (its answer lost) is no conflict, even now
      // that the story may have moved on (signed off meanwhile).
      if (current.version > baseVersion && sameContent(current, draft)) {
        if (checkpoint) revisions.closeBurst(this.db, id);
        return 'already';
      }
      this.assertMayEdit(id, by);
      this.keepOriginal(id);
      if (articles.writeDraft(this.db, id, baseVersion, draft, body, iso, by)) {
        revisions.recordEdit(this.db, id, draft, body.counts.chars, date, checkpoint, by);
        return 'saved';
      }
      revisions.insertRevision(this.db, id, draft, body.counts.chars, date, 'conflict', false, by);
      return 'stale';
    }, by);
    if (outcome !== 'stale') return this.get(id);
    const current = this.get(id);
    const byName = articles.lastSavedBy(this.db, id);
    throw new ApiError('ARTICLE_STALE', byName ? { by: byName, at: current.updatedAt } : {}, { current });
  }

  /**
   * Moves the story through the workflow. Signing off (签发) keeps the exact text as a
   * revision of its own, which no autosave rewrites; withdrawing a sign-off (撤销签发) needs a
   * reason. Each change is recorded with who, from where and why, in the status log and the
   * audit trail.
   */
  setStatus(id: string, action: StatusAction, by: Actor | null = null, reason?: string): Article {
    const { date, iso } = this.stamp();
    const why = reason?.trim() || null;
    this.write(() => {
      const article = this.get(id);
      this.assertNotTrashed(id);
      if (by) allowed(mayChangeStatus(by, action, this.facts(id)));
      const to = nextStatus(article.status, action, articles.statusBeforeSpike(this.db, id));
      if (!to) throw new ApiError('STATUS_NOT_ALLOWED', { status: article.status });
      const advancing = action === 'submit' || action === 'edit' || action === 'approve';
      if (advancing && !article.headline.trim()) throw new ApiError('HEADLINE_REQUIRED');
      if (action === 'revoke' && !why) throw new ApiError('REASON_REQUIRED');
      articles.setStatusRow(this.db, id, article.status, to, iso, by, why);
      const detail: Record<string, string> = { from: article.status, to };
      if (action === 'approve') {
        revisions.closeBurst(this.db, id);
        const signed = revisions.insertRevision(this.db, id, checkedDraft(article), article.chars, date, 'signed', false, by);
        this.db.prepare('UPDATE articles SET signed_revision = ? WHERE id = ?').run(signed, id);
        detail.revision = String(signed);
      }
      if (why) detail.reason = why;
      recordAudit(this.db, by, { action: `status.${action}`, articleId: id, detail }, iso);
    }, by);
    return this.get(id);
  }

  hasAccounts(): boolean {
    return accounts.countAccounts(this.db) > 0;
  }

  account(id: number): accounts.AccountRow | undefined {
    return accounts.accountById(this.db, id);
  }

  accountByName(name: string): accounts.AccountRow | undefined {
    return accounts.accountByName(this.db, name);
  }

  listAccounts(): accounts.AccountRow[] {
    return accounts.listAccounts(this.db);
  }

  recordSignIn(id: number, ok: boolean): void {
    const { iso } = this.stamp();
    this.write(() => accounts.recordSignIn(this.db, id, ok, iso));
  }

  /**
   * A new account. With `onlyIfFirst` (the archive's first administrator, made before anyone
   * can sign in) it is refused once any account exists, checked in the same transaction.
   */
  addAccount(
    input: { name: string; roles: readonly DeskRole[]; person?: string | null | undefined; passwordHash: string },
    by: Actor | null,
    front: Front,
    options: { onlyIfFirst?: boolean } = {},
  ): accounts.AccountRow {
    const { iso } = this.stamp();
    return this.write(() => {
      if (options.onlyIfFirst && accounts.countAccounts(this.db) > 0) throw new ApiError('SETUP_DONE');
      const account = accounts.insertAccount(this.db, { ...input, person: input.person ?? undefined }, iso);
      recordAudit(
        this.db,
        by ?? { accountId: account.id, name: account.name, roles: account.roles, personId: account.personId, front },
        {
          action: 'account.add',
          detail: { name: account.name, roles: account.roles.join(',') },
        },
        iso,
      );
      return account;
    }, by);
  }

  /**
   * Changes an account's roles, person, removal or password. The last administrator can
   * neither be removed nor lose the role: someone must always be able to manage accounts.
   */
  updateAccount(
    name: string,
    patch: { roles?: readonly DeskRole[]; person?: string | null; removed?: boolean; passwordHash?: string },
    by: Actor | null,
  ): accounts.AccountRow {
    const { iso } = this.stamp();
    return this.write(() => {
      const account = accounts.accountByName(this.db, name);
      if (!account) throw new ApiError('NOT_FOUND', { what: 'account', id: name });
      const losesAdmin =
        (patch.removed === true || (patch.roles && !patch.roles.includes('admin'))) && account.roles.includes('admin') && !account.removed;
      const otherAdmins = accounts
        .listAccounts(this.db)
        .filter((a) => a.id !== account.id && !a.removed && a.roles.includes('admin')).length;
      if (losesAdmin && otherAdmins === 0) throw new ApiError('LAST_ADMIN', { name: account.name });
      const updated = accounts.updateAccount(this.db, account.id, patch, iso);
      const detail: Record<string, string | boolean> = { name: account.name };
      if (patch.roles) detail.roles = updated.roles.join(',');
      if (patch.person !== undefined) detail.person = updated.person ?? '';
      if (patch.removed !== undefined) detail.removed = patch.removed;
      if (patch.passwordHash) detail.password = true;
      recordAudit(this.db, by, { action: patch.passwordHash ? 'account.password' : 'account.update', detail }, iso);
      return updated;
    }, by);
  }

  audit(query: AuditQuery): AuditEntry[] {
    return listAudit(this.db, query);
  }

  recordAudit(by: Actor | null, record: AuditRecord): void {
    const { iso } = this.stamp();
    this.write(() => recordAudit(this.db, by, record, iso), by);
  }

  statusLog(id: string): StatusChange[] {
    this.get(id);
    return articles.statusLog(this.db, id);
  }

  revisions(articleId: string): RevisionSummary[] {
    this.get(articleId);
    return revisions.listRevisions(this.db, articleId);
  }

  revision(id: number): { revision: RevisionSummary; draft: ArticleDraft } {
    const found = revisions.readRevision(this.db, id);
    if (!found) throw new ApiError('NOT_FOUND', { what: 'revision', id });
    return found;
  }

  /**
   * Puts an earlier revision back as the article's content, itself recorded as a revision.
   * The story then returns to 草稿 (its text is no longer what was reviewed) unless the one
   * restoring may sign off.
   */
  restore(articleId: string, revisionId: number, baseVersion: number, by: Actor | null = null): Article {
    const { revision, draft } = this.revision(revisionId);
    if (revision.articleId !== articleId) throw new ApiError('NOT_FOUND', { what: 'revision', id: revisionId });
    const body = this.deriveBody(draft);
    const { date, iso } = this.stamp();
    const restored = this.write(() => {
      this.assertMayEdit(articleId, by);
      const before = this.facts(articleId).status;
      if (!articles.writeDraft(this.db, articleId, baseVersion, draft, body, iso, by)) return false;
      revisions.closeBurst(this.db, articleId);
      revisions.insertRevision(this.db, articleId, draft, body.counts.chars, date, 'restore', false, by);
      const keepsStatus = by !== null && hasPermission(by, 'sign-off');
      if (!keepsStatus && before !== 'draft' && before !== 'spiked')
        articles.setStatusRow(this.db, articleId, before, 'draft', iso, by, 'restore');
      recordAudit(this.db, by, { action: 'revision.restore', articleId, detail: { revision: revisionId, from: before } }, iso);
      return true;
    }, by);
    if (!restored) throw new ApiError('ARTICLE_STALE', {}, { current: this.get(articleId) });
    return this.get(articleId);
  }

  /** A story in the trash is read-only until it is restored. */
  private assertNotTrashed(id: string): void {
    if (trash.trashedAt(this.db, id)) throw new ApiError('ARTICLE_TRASHED');
  }

  /** In the trash since when (null: not), and where it is placed: what the trash's rules ask. */
  trashState(id: string): { trashedAt: string | null; placed: { date: string; page: number } | null } {
    const trashedAt = trash.trashedAt(this.db, id);
    if (trashedAt === undefined) throw new ApiError('NOT_FOUND', { what: 'article', id });
    return { trashedAt, placed: trash.placementOf(this.db, id) };
  }

  /**
   * Moves the story to the trash (回收站). Refused for one signed off or printed, or placed on a
   * page, whoever asks; and by the rules of who may (mayTrash), checked in the same transaction.
   */
  trash(id: string, by: Actor | null = null): TrashEntry {
    const { iso } = this.stamp();
    this.write(() => {
      const facts = this.facts(id);
      if (trash.trashedAt(this.db, id)) throw new ApiError('ARTICLE_TRASHED');
      if (by) allowed(mayTrash(by, facts));
      const placed = trash.placementOf(this.db, id);
      const block = trashBlock({ status: facts.status, placed: placed !== null });
      if (block === 'signed') throw new ApiError('TRASH_SIGNED');
      if (block === 'placed') throw new ApiError('TRASH_PLACED', { date: placed!.date, page: placed!.page });
      trash.moveToTrash(this.db, id, by, iso);
    }, by);
    return trash.listTrash(this.db).find((e) => e.id === id)!;
  }

  /** Takes the story out of the trash, as it was; the same people may as may trash it. */
  restoreFromTrash(id: string, by: Actor | null = null): Article {
    const { iso } = this.stamp();
    this.write(() => {
      const facts = this.facts(id);
      if (!trash.trashedAt(this.db, id)) throw new ApiError('ARTICLE_NOT_TRASHED');
      if (by) allowed(mayTrash(by, facts));
      trash.takeOutOfTrash(this.db, id, by, iso);
    }, by);
    return this.get(id);
  }

  listTrash(): TrashEntry[] {
    return trash.listTrash(this.db);
  }

  /**
   * Purges what is due (trashed 30 days ago, empty drafts untouched for a day), or with
   * `everything` (emptying the trash) all that is in the trash. Cheap when nothing is due: two
   * reads through partial indexes, no write. Stories whose change waits to go out to the
   * newsroom are left for a later purge; `waiting` counts them.
   */
  purgeTrash(by: Actor | null = null, everything = false): { purged: number; waiting: number } {
    const date = this.now();
    const due = trash.dueForPurge(this.db, date, everything);
    const waiting = everything ? this.listTrash().length - due.length : 0;
    if (!due.length && !everything) return { purged: 0, waiting };
    const iso = date.toISOString();
    const files = this.write(() => {
      // Read again inside the write: a story restored in between stays.
      const ids = trash.dueForPurge(this.db, date, everything);
      const removed = trash.purgeArticles(this.db, this.photosDir, ids, iso);
      if (everything || ids.length)
        recordAudit(this.db, by, { action: everything ? 'trash.empty' : 'trash.purge', detail: { articles: ids.length } }, iso);
      return { removed, count: ids.length };
    }, by);
    trash.removeImageFiles(files.removed);
    return { purged: files.count, waiting };
  }

  findImport(fileHash: string): { id: number; articles: number } | undefined {
    return findImport(this.db, fileHash);
  }

  /** The articles read from one file, all in one transaction, each marked for review. */
  importArticles(source: ImportSource, imported: ImportedArticle[]): string[] {
    return this.importFiles([{ source, articles: imported }])[0] ?? [];
  }

  /**
   * The articles of several files, each file all or nothing, in as few transactions as
   * possible: one transaction per file made the search index write a segment per file, and
   * an import of years of 6-article pages spent more time merging those than writing the
   * articles. A file already in the archive (by its bytes' hash) is skipped and gets null.
   * When another writer is waiting (a desk's save), the transaction is committed after the
   * file at hand once it has run YIELD_AFTER_MS, and the waiter goes first: a save waits
   * about that long, not for a whole group.
   * Should a later transaction fail, the error carries what the earlier ones committed
   * (`ImportWriteError`).
   */
  importFiles(files: { source: ImportSource; articles: ImportedArticle[]; index?: readonly IndexEntries[] }[]): (string[] | null)[] {
    const now = this.now();
    const results: (string[] | null)[] = [];
    while (results.length < files.length) {
      try {
        this.write(() => {
          const first = results.length;
          const written: (string[] | null)[] = [];
          const started = performance.now();
          // Dropped with the transaction (ImportMemo).
          const memo = newImportMemo();
          for (let i = first; i < files.length; i++) {
            // Not sooner than YIELD_AFTER_MS: a commit per file would cost the import more
            // (a search-index segment each) than the waiter gains.
            if (i > first && performance.now() - started >= this.yieldAfterMs && this.turns.othersWaiting()) break;
            const { source, articles, index } = files[i]!;
            written.push(findImport(this.db, source.fileHash) ? null : insertImported(this.db, source, articles, now, index, memo));
          }
          // Only once the transaction commits do these count as written.
          return written;
        }).forEach((r) => results.push(r));
      } catch (error) {
        if (!results.length) throw error;
        throw new ImportWriteError(error, results);
      }
      if (results.length < files.length) this.turns.letOthersIn();
    }
    return results;
  }

  /**
   * The desk has checked an imported article and it looks right: it leaves the review queue,
   * as sure as the desk is (confidence 1, no doubts left). Editors and chief editors any, a
   * reporter their own (mayReviewImport).
   */
  markReviewed(id: string, by: Actor | null = null): Article {
    const { iso } = this.stamp();
    this.get(id);
    this.write(() => {
      importReview.assertMayFix(this.db, id, by);
      importReview.markFixed(this.db, id);
      recordAudit(this.db, by, { action: 'import.reviewed', articleId: id }, iso);
    }, by);
    return this.get(id);
  }

  /** Imported stories still to review, the least sure first. */
  reviewQueue(limit?: number): ReviewItem[] {
    return importReview.reviewQueue(this.db, limit);
  }

  /** The stories cut from the same imported page as this one, in page order. */
  importPieces(id: string): ReviewItem[] {
    return importReview.importPieces(this.db, id);
  }

  /**
   * Puts right one thing an import got wrong (a headline, two pieces of one story, one piece
   * of two), in one transaction, and marks the story reviewed; the other story it touched, if
   * any, by id.
   */
  fixImport(id: string, baseVersion: number, fix: ImportFix, by: Actor | null = null): { article: Article; other: string | null } {
    const { date, iso } = this.stamp();
    const other = this.write(() => {
      const touched = importReview.applyFix(
        {
          db: this.db,
          get: (articleId) => this.get(articleId),
          create: (draft, actor) => this.create(draft, actor),
          deriveBody: (draft) => this.deriveBody(draft),
          date,
          iso,
        },
        id,
        baseVersion,
        fix,
        by,
      );
      // A split's second part is made as a story of today, then given the page's origin and
      // date: its search entry goes to that date (or, undated, out of every date filter).
      if (touched) rekeyArticle(this.db, touched);
      return touched;
    }, by);
    return { article: this.get(id), other };
  }

  /**
   * Gives an imported story its edition date (and page, if told), and every story of the same
   * page still undated with it, in one transaction (import-dating.ts); the story as it is then.
   */
  setImportDate(id: string, date: string, page: number | null = null, by: Actor | null = null): ImportDating {
    const { iso } = this.stamp();
    const reached = this.write(() => setImportDate(this.db, id, date, page, by, iso), by);
    return { article: this.get(id), ...reached };
  }

  importImage(bytes: Uint8Array, fileName: string): StoredImage {
    const now = this.stamp().iso;
    return this.write(() => storeImage(this.db, this.photosDir, bytes, fileName, now));
  }

  image(hash: string): StoredImage | undefined {
    return findImage(this.db, hash);
  }

  search(request: SearchRequest): SearchResponse {
    return searchArticles(this.db, request);
  }

  contributors(request: ContributorsRequest): ContributorRow[] {
    return contributorStats(this.db, request);
  }

  people(): PersonSummary[] {
    return listPeople(this.db);
  }

  settings(): StoredSettings {
    return readSettings(this.db);
  }

  editions(): Edition[] {
    return layout.listEditions(this.db);
  }

  /**
   * Where an article ran, for the formats that say so (NITF's pubdata): the edition and page
   * of its placement, else just the paper of the newest edition.
   */
  printedIn(articleId: string): { paper: string; edition?: { date: string; page: number; section: string } } {
    const slot = this.slots(articleId)[0];
    if (!slot) return { paper: layout.newestEditionHeader(this.db)?.paper ?? '' };
    return { paper: layout.editionHeader(this.db, slot.date).paper, edition: { date: slot.date, page: slot.page, section: slot.section } };
  }

  edition(date: string): Edition {
    return layout.getEdition(this.db, date);
  }

  createEdition(header: EditionHeader, by: Actor | null = null): Edition {
    const { iso } = this.stamp();
    return this.write(() => {
      const edition = layout.createEdition(this.db, header, iso);
      const { number, totalNumber, paper } = header;
      recordAudit(this.db, by, { action: 'layout.createEdition', editionDate: header.date, detail: { number, totalNumber, paper } }, iso);
      return edition;
    }, by);
  }

  /** Changes an edition's numbers, paper or date; the edition as it now is. */
  updateEdition(input: { date: string } & editions.EditionPatch, by: Actor | null = null): Edition {
    const { iso } = this.stamp();
    return this.write(() => {
      const before = layout.editionHeader(this.db, input.date);
      const date = editions.updateEdition(this.db, input.date, input, iso);
      const after = layout.editionHeader(this.db, date);
      // What changed, by its new value; a new date names the old one.
      const detail = Object.fromEntries(
        (['number', 'totalNumber', 'paper'] as const).filter((k) => before[k] !== after[k]).map((k) => [k, after[k]]),
      );
      if (date !== before.date) detail.previousDate = before.date;
      recordAudit(this.db, by, { action: 'layout.updateEdition', editionDate: date, detail }, iso);
      return layout.getEdition(this.db, date);
    }, by);
  }

  /** Deletes an edition and its pages; its stories are unplaced (never deleted), and only with `force` when there are any. */
  removeEdition(date: string, force: boolean, by: Actor | null = null): { date: string; pages: number; unplaced: string[] } {
    const { iso } = this.stamp();
    return this.write(() => {
      const { pages, unplaced } = editions.removeEdition(this.db, date, force);
      this.auditUnplaced(unplaced, date, null, by, iso);
      recordAudit(this.db, by, { action: 'layout.removeEdition', editionDate: date, detail: { pages, unplaced: unplaced.length } }, iso);
      return { date, pages, unplaced: unplaced.map((u) => u.articleId) };
    }, by);
  }

  /** Deletes a page; as with an edition, its stories are unplaced, only with `force` when it has any. */
  removePage(date: string, number: number, force: boolean, by: Actor | null = null): { edition: Edition; unplaced: string[] } {
    const { iso } = this.stamp();
    return this.write(() => {
      const unplaced = editions.removePage(this.db, date, number, force);
      this.auditUnplaced(unplaced, date, number, by, iso);
      recordAudit(
        this.db,
        by,
        { action: 'layout.removePage', editionDate: date, page: number, detail: { unplaced: unplaced.length } },
        iso,
      );
      return { edition: layout.getEdition(this.db, date), unplaced: unplaced.map((u) => u.articleId) };
    }, by);
  }

  /** Each story taken off with its page is in the story's own trail, as a removal by hand would be. */
  private auditUnplaced(unplaced: editions.Unplaced[], date: string, page: number | null, by: Actor | null, iso: string): void {
    for (const u of unplaced) {
      recordAudit(
        this.db,
        by,
        { action: 'layout.unplace', articleId: u.articleId, editionDate: date, page, detail: { placement: u.placementId, withPage: true } },
        iso,
      );
    }
  }

  /** Moves a page to another number, the pages between moving one along. */
  movePage(date: string, number: number, to: number, by: Actor | null = null): Edition {
    const { iso } = this.stamp();
    return this.write(() => {
      editions.movePage(this.db, date, number, to, iso);
      recordAudit(this.db, by, { action: 'layout.movePage', editionDate: date, page: to, detail: { from: number, to } }, iso);
      return layout.getEdition(this.db, date);
    }, by);
  }

  /** Every page of an edition with its stories' text, for the page plan. */
  editionPlan(date: string): EditionPlan {
    return this.db.transaction(() => {
      const edition = layout.editionHeader(this.db, date);
      const numbers = layout.getEdition(this.db, date).pages.map((p) => p.number);
      const pages = numbers.map((n) => {
        const { page, stories, flows } = this.layoutPage(date, n);
        return { page, stories, ...(flows ? { flows } : {}) };
      });
      return { edition, pages };
    })();
  }

  /** A page with the text of every article placed on it, ready for the composer. */
  layoutPage(date: string, number: number): LayoutPage {
    return this.db.transaction(() => {
      const page = layout.getPage(this.db, date, number);
      const stories = page.placements.map((p) => {
        const a = this.get(p.articleId);
        return { articleId: a.id, version: a.version, status: a.status, story: storyTextOf(a) };
      });
      const flows = this.flowsOn(date, page);
      const { typefaces } = readSettings(this.db);
      return { edition: layout.editionHeader(this.db, date), page, stories, ...(flows ? { flows } : {}), typefaces };
    })();
  }

  /**
   * Where each part on the page of a story set in parts (转版) begins: every part before it set
   * on its own page's grid. None when no story on the page is set in parts.
   */
  private flowsOn(date: string, page: Page): Record<string, PartFlow> | undefined {
    // Asked on every page the desk opens: only this page's stories are looked up (by the
    // article index), and the edition is read only when one of them is set in parts.
    const parts = stmt(
      this.db,
      'SELECT count(*) FROM placements WHERE article_id = ? AND edition_id = (SELECT id FROM editions WHERE date = ?)',
    ).pluck();
    const parted = new Set(page.placements.filter((p) => (parts.get(p.articleId, date) as number) > 1).map((p) => p.articleId));
    if (!parted.size) return undefined;
    const pages = layout
      .getEdition(this.db, date)
      .pages.map((pg) => ({ ...pg, placements: pg.placements.filter((p) => parted.has(p.articleId)) }));
    const stories = new Map([...parted].map((id) => [id, storyTextOf(this.get(id))]));
    const flows = partFlows(pages, stories);
    return Object.fromEntries(page.placements.flatMap((p) => (flows.has(p.id) ? [[p.id, flows.get(p.id)!]] : [])));
  }

  addPage(
    input: { date: string; number: number; section: string; editor: string; preset?: PagePreset; template?: string },
    by: Actor | null = null,
  ): LayoutPage {
    const { iso } = this.stamp();
    this.write(() => {
      // From a template: its grid, and its 版名 unless the page is given one.
      const template = input.template !== undefined ? templates.templateByName(this.db, input.template) : null;
      const section = input.section || (template?.section ?? '');
      layout.addPage(
        this.db,
        { ...input, section, ...(template ? { geometry: template.geometry, furniture: template.furniture } : {}) },
        iso,
      );
      const { editor } = input;
      const detail = { section, editor, ...(template ? { template: template.name } : { preset: input.preset ?? 'broadsheet' }) };
      recordAudit(this.db, by, { action: 'layout.addPage', editionDate: input.date, page: input.number, detail }, iso);
    }, by);
    return this.layoutPage(input.date, input.number);
  }

  /** The house's page templates (版式模板), by name. */
  templates(): templates.PageTemplate[] {
    return templates.listTemplates(this.db);
  }

  /** Keeps a page's grid and 版名 as a template under `name` (replacing one of that name). */
  saveTemplate(input: { name: string; date: string; page: number }, by: Actor | null = null): templates.PageTemplate {
    const { iso } = this.stamp();
    return this.write(() => {
      const page = layout.getPage(this.db, input.date, input.page);
      const saved = templates.saveTemplate(
        this.db,
        { name: input.name, section: page.section, geometry: page.geometry, furniture: page.furniture ?? [] },
        iso,
        by?.accountId ?? null,
      );
      // The house's templates are the newsroom's: queued by hand, as settings are (no trigger watches them).
      queueForNewsroom(this.db, `template:${saved.name}`);
      recordAudit(
        this.db,
        by,
        { action: 'layout.saveTemplate', editionDate: input.date, page: input.page, detail: { name: saved.name } },
        iso,
      );
      return saved;
    }, by);
  }

  removeTemplate(name: string, by: Actor | null = null): void {
    const { iso } = this.stamp();
    this.write(() => {
      const removed = templates.templateByName(this.db, name);
      templates.removeTemplate(this.db, name);
      queueForNewsroom(this.db, `template:${removed.name}`);
      recordAudit(this.db, by, { action: 'layout.removeTemplate', editionDate: null, page: null, detail: { name } }, iso);
    }, by);
  }

  /** Changes a page's name, editor or grid, and renumbers it to a free number (`newNumber`). */
  updatePage(
    input: {
      date: string;
      number: number;
      section?: string;
      editor?: string;
      geometry?: PageGeometry;
      furniture?: readonly Furniture[];
      newNumber?: number;
    },
    by: Actor | null = null,
  ): LayoutPage {
    const { iso } = this.stamp();
    const number = input.newNumber ?? input.number;
    this.write(() => {
      const before = layout.getPage(this.db, input.date, input.number);
      const after = layout.updatePage(this.db, input, iso);
      editions.renumberPage(this.db, input.date, input.number, number, iso);
      const detail: Record<string, string | number | boolean> = {};
      if (before.section !== after.section) detail.section = after.section;
      if (before.editor !== after.editor) detail.editor = after.editor;
      if (JSON.stringify(before.geometry) !== JSON.stringify(after.geometry)) detail.geometry = true;
      if (JSON.stringify(before.furniture ?? []) !== JSON.stringify(after.furniture ?? []))
        detail.furniture = (after.furniture ?? []).length;
      if (number !== input.number) detail.from = input.number;
      if (Object.keys(detail).length)
        recordAudit(this.db, by, { action: 'layout.updatePage', editionDate: input.date, page: number, detail }, iso);
    }, by);
    return this.layoutPage(input.date, number);
  }

  place(date: string, page: number, placement: Placement, by: Actor | null = null): LayoutPage {
    const { iso } = this.stamp();
    this.write(() => {
      this.assertNotTrashed(placement.articleId);
      layout.place(this.db, date, page, placement, iso);
      const { articleId, column, span, top, depth } = placement;
      recordAudit(this.db, by, { action: 'layout.place', articleId, editionDate: date, page, detail: { column, span, top, depth } }, iso);
    }, by);
    return this.layoutPage(date, page);
  }

  unplace(date: string, page: number, id: string, by: Actor | null = null): LayoutPage {
    const { iso } = this.stamp();
    this.write(() => {
      const articleId = layout.getPage(this.db, date, page).placements.find((p) => p.id === id)?.articleId ?? null;
      layout.unplace(this.db, date, page, id, iso);
      recordAudit(this.db, by, { action: 'layout.unplace', articleId, editionDate: date, page, detail: { placement: id } }, iso);
    }, by);
    return this.layoutPage(date, page);
  }

  slots(articleId: string): Slot[] {
    this.get(articleId);
    return layout.slotsOf(this.db, articleId);
  }

  updateSettings(patch: Partial<StoredSettings>, by: Actor | null = null): StoredSettings {
    return this.write(() => {
      const settings = writeSettings(this.db, patch);
      // The house's proofreading rules are the newsroom's: they go to the other desks.
      if (patch.proofreading !== undefined) queueForNewsroom(this.db, 'setting:proofreading');
      if (patch.typefaces !== undefined) queueForNewsroom(this.db, 'setting:typefaces');
      return settings;
    }, by);
  }

  /** The body's plain blocks and counts, read from the Lexical state by the headless editor. */
  deriveBody(draft: ArticleDraft): { blocks: BodyBlock[]; counts: ReturnType<typeof countChars> } {
    let blocks: BodyBlock[];
    try {
      blocks = bodyBlocksFromJson(draft.bodyJson);
    } catch {
      throw new ApiError('BODY_INVALID');
    }
    const counts = countChars(blocks.map((b) => b.text));
    if (counts.charsWithPunctuation > LIMITS.bodyChars) {
      throw new ApiError('BODY_TOO_LONG', { chars: counts.charsWithPunctuation, max: LIMITS.bodyChars });
    }
    return { blocks, counts };
  }

  /**
   * Before the first edit of an article that has no revision yet (an import), its state as
   * imported becomes the first revision, so the history can always return to it. Imports
   * write no revision themselves: a large archive would otherwise hold every text twice.
   */
  private keepOriginal(id: string): void {
    const has = this.db.prepare('SELECT 1 FROM revisions WHERE article_id = ? LIMIT 1').get(id);
    if (has) return;
    const original = articles.readArticle(this.db, id);
    if (!original) return;
    revisions.insertRevision(this.db, id, checkedDraft(original), original.chars, new Date(original.createdAt), 'created');
  }

  private checkImages(draft: ArticleDraft): void {
    for (const photo of draft.photos) {
      if (photo.hash && !findImage(this.db, photo.hash)) throw new ApiError('NOT_FOUND', { what: 'image', id: photo.hash });
    }
  }
}

/**
 * Whether a draft holds exactly what the article holds: what a save would write, compared as
 * stored (names trimmed, empty rows left out), photos by their image, not by the size the
 * editor happened to know.
 */
function sameContent(article: Article, draft: ArticleDraft): boolean {
  const comparable = (d: ArticleDraft) => {
    const s = storableDraft(checkedDraft(d));
    return JSON.stringify({ ...s, photos: s.photos.map(({ mime: _m, width: _w, height: _h, ...photo }) => photo) });
  };
  return comparable(article) === comparable(draft);
}
