import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ArticleSummary, RevisionSummary, StatusChange } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import {
  LIMITS,
  articleDraftSchema,
  emptyDraft,
  type Article,
  type ArticleDraft,
  type BodyBlock,
} from '../../shared/domain/article';
import { nextStatus, type StatusAction } from '../../shared/domain/status';
import { bodyBlocksFromJson } from '../../shared/editor/body';
import { countChars } from '../../shared/text/count';
import * as articles from './articles';
import { newArticleId } from './ids';
import { findImage, storeImage, type StoredImage } from './images';
import { findImport, insertImported, type ImportSource } from './imports';
import type { ImportedArticle } from '../../shared/import/page-text';
import { migrate, schemaVersion } from './migrate';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { listPeople, type PersonSummary } from './people';
import * as revisions from './revisions';
import { searchArticles } from './search';
import { contributorStats } from './contributors';
import type { ContributorRow, ContributorsRequest, SearchRequest, SearchResponse } from '../../shared/api/contract';
import { readSettings, writeSettings, type StoredSettings } from './settings';
import * as layout from './layout';
import type { EditionHeader, LayoutPage, Slot } from '../../shared/api/contract';
import type { Edition, PageGeometry, PagePreset, Placement } from '../../shared/domain/layout';
import { storyTextOf } from '../../shared/typeset/story';

export const ARCHIVE_FILE = 'banmian.sqlite';

export interface ArchiveOptions {
  /** The clock; tests move it to cross burst boundaries. */
  now?: () => Date;
}

/**
 * The archive: one SQLite file and a folder of photos. Every read and write of articles goes
 * through here, with bound parameters only and one transaction per operation.
 */
export class Archive {
  readonly db: Database.Database;
  readonly photosDir: string;
  readonly created: boolean;
  private readonly now: () => Date;

  private constructor(readonly dir: string, db: Database.Database, created: boolean, options: ArchiveOptions) {
    this.db = db;
    this.created = created;
    this.photosDir = join(dir, 'photos');
    this.now = options.now ?? (() => new Date());
  }

  /** Opens (or creates) the archive in `dir` and brings its schema up to date. */
  static open(dir: string, options: ArchiveOptions = {}): Archive {
    mkdirSync(dir, { recursive: true });
    let db: Database.Database;
    try {
      db = new Database(join(dir, ARCHIVE_FILE));
    } catch (error) {
      throw new ApiError('ARCHIVE_UNREADABLE', { reason: (error as Error).message });
    }
    try {
      // An archive from a newer Banmian is refused before anything, even the journal mode, is written.
      const found = schemaVersion(db);
      if (found > SCHEMA_VERSION) throw new ApiError('ARCHIVE_TOO_NEW', { found, supported: SCHEMA_VERSION });
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      // 64 MB of page cache: an archive of years does not fit SQLite's default 2 MB.
      db.pragma('cache_size = -65536');
      const { from } = migrate(db, MIGRATIONS);
      return new Archive(dir, db, from === 0, options);
    } catch (error) {
      db.close();
      if (error instanceof ApiError) throw error;
      throw new ApiError('ARCHIVE_UNREADABLE', { reason: (error as Error).message });
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private stamp(): { date: Date; iso: string } {
    const date = this.now();
    return { date, iso: date.toISOString() };
  }

  list(query: articles.ListQuery): ArticleSummary[] {
    return articles.listArticles(this.db, query);
  }

  allIds(): string[] {
    return articles.articleIds(this.db);
  }

  get(id: string): Article {
    const article = articles.readArticle(this.db, id);
    if (!article) throw new ApiError('NOT_FOUND', { what: 'article', id });
    return article;
  }

  create(partial: Partial<ArticleDraft> = {}): Article {
    const draft = articleDraftSchema.parse({ ...emptyDraft(), ...partial });
    const body = this.deriveBody(draft);
    const id = newArticleId();
    const { date, iso } = this.stamp();
    this.db.transaction(() => {
      articles.insertArticleRow(this.db, id, 'draft', iso);
      this.checkImages(draft);
      articles.writeDraft(this.db, id, 0, draft, body, iso);
      articles.setStatusRow(this.db, id, null, 'draft', iso);
      revisions.insertRevision(this.db, id, draft, body.counts.chars, date, 'created');
    })();
    return this.get(id);
  }

  /**
   * Saves the editor's draft over version `baseVersion`. A save from an older version is
   * refused with ARTICLE_STALE carrying the newer article, and the refused draft is kept as a
   * revision so nothing typed is lost.
   */
  save(id: string, baseVersion: number, draft: ArticleDraft, checkpoint = false): Article {
    const body = this.deriveBody(draft);
    const { date, iso } = this.stamp();
    const saved = this.db.transaction(() => {
      this.checkImages(draft);
      this.keepOriginal(id);
      if (!articles.writeDraft(this.db, id, baseVersion, draft, body, iso)) return false;
      revisions.recordEdit(this.db, id, draft, body.counts.chars, date, checkpoint);
      return true;
    })();
    if (saved) return this.get(id);
    const current = this.get(id);
    revisions.insertRevision(this.db, id, draft, body.counts.chars, date, 'conflict');
    throw new ApiError('ARTICLE_STALE', {}, { current });
  }

  setStatus(id: string, action: StatusAction): Article {
    const { iso } = this.stamp();
    this.db.transaction(() => {
      const article = this.get(id);
      const to = nextStatus(article.status, action, articles.statusBeforeSpike(this.db, id));
      if (!to) throw new ApiError('STATUS_NOT_ALLOWED', { status: article.status });
      const advancing = action === 'submit' || action === 'edit' || action === 'approve';
      if (advancing && !article.headline.trim()) throw new ApiError('HEADLINE_REQUIRED');
      articles.setStatusRow(this.db, id, article.status, to, iso);
    })();
    return this.get(id);
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

  /** Puts an earlier revision back as the article's content, itself recorded as a revision. */
  restore(articleId: string, revisionId: number, baseVersion: number): Article {
    const { revision, draft } = this.revision(revisionId);
    if (revision.articleId !== articleId) throw new ApiError('NOT_FOUND', { what: 'revision', id: revisionId });
    const body = this.deriveBody(draft);
    const { date, iso } = this.stamp();
    const restored = this.db.transaction(() => {
      if (!articles.writeDraft(this.db, articleId, baseVersion, draft, body, iso)) return false;
      revisions.closeBurst(this.db, articleId);
      revisions.insertRevision(this.db, articleId, draft, body.counts.chars, date, 'restore');
      return true;
    })();
    if (!restored) throw new ApiError('ARTICLE_STALE', {}, { current: this.get(articleId) });
    return this.get(articleId);
  }

  findImport(fileHash: string): { id: number; articles: number } | undefined {
    return findImport(this.db, fileHash);
  }

  /** The articles read from one file, all in one transaction, each marked for review. */
  importArticles(source: ImportSource, imported: ImportedArticle[]): string[] {
    return this.importFiles([{ source, articles: imported }])[0] ?? [];
  }

  /**
   * The articles of several files in one transaction: all of them or none. A file already in
   * the archive (by its bytes' hash) is skipped and gets null. One transaction per file made
   * the search index write a segment per file: an import of years of 6-article pages spent
   * more time merging those than writing the articles.
   */
  importFiles(files: { source: ImportSource; articles: ImportedArticle[] }[]): (string[] | null)[] {
    const now = this.now();
    return this.db.transaction(() =>
      files.map(({ source, articles }) => (findImport(this.db, source.fileHash) ? null : insertImported(this.db, source, articles, now))),
    )();
  }

  /** The desk has checked an imported article: it leaves the review queue. */
  markReviewed(id: string): Article {
    this.get(id);
    this.db.prepare('UPDATE articles SET needs_review = 0 WHERE id = ?').run(id);
    return this.get(id);
  }

  importImage(bytes: Uint8Array, fileName: string): StoredImage {
    return storeImage(this.db, this.photosDir, bytes, fileName, this.stamp().iso);
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

  createEdition(header: EditionHeader): Edition {
    return this.db.transaction(() => layout.createEdition(this.db, header, this.stamp().iso)).immediate();
  }

  /** A page with the text of every article placed on it, ready for the composer. */
  layoutPage(date: string, number: number): LayoutPage {
    return this.db.transaction(() => {
      const page = layout.getPage(this.db, date, number);
      const stories = page.placements.map((p) => {
        const a = this.get(p.articleId);
        return { articleId: a.id, version: a.version, status: a.status, story: storyTextOf(a) };
      });
      return { edition: layout.editionHeader(this.db, date), page, stories };
    })();
  }

  addPage(input: { date: string; number: number; section: string; editor: string; preset?: PagePreset }): LayoutPage {
    this.db.transaction(() => layout.addPage(this.db, input, this.stamp().iso)).immediate();
    return this.layoutPage(input.date, input.number);
  }

  updatePage(input: { date: string; number: number; section?: string; editor?: string; geometry?: PageGeometry }): LayoutPage {
    this.db.transaction(() => layout.updatePage(this.db, input, this.stamp().iso)).immediate();
    return this.layoutPage(input.date, input.number);
  }

  place(date: string, page: number, placement: Placement): LayoutPage {
    this.db.transaction(() => layout.place(this.db, date, page, placement, this.stamp().iso)).immediate();
    return this.layoutPage(date, page);
  }

  unplace(date: string, page: number, id: string): LayoutPage {
    this.db.transaction(() => layout.unplace(this.db, date, page, id, this.stamp().iso)).immediate();
    return this.layoutPage(date, page);
  }

  slots(articleId: string): Slot[] {
    this.get(articleId);
    return layout.slotsOf(this.db, articleId);
  }

  updateSettings(patch: Partial<StoredSettings>): StoredSettings {
    return writeSettings(this.db, patch);
  }

  /** The body's plain blocks and counts, read from the Lexical state by the headless editor. */
  private deriveBody(draft: ArticleDraft): { blocks: BodyBlock[]; counts: ReturnType<typeof countChars> } {
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
    revisions.insertRevision(this.db, id, articleDraftSchema.parse(original), original.chars, new Date(original.createdAt), 'created');
  }

  private checkImages(draft: ArticleDraft): void {
    for (const photo of draft.photos) {
      if (photo.hash && !findImage(this.db, photo.hash)) throw new ApiError('NOT_FOUND', { what: 'image', id: photo.hash });
    }
  }
}
