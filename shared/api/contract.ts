import * as z from 'zod';
import { articleDraftSchema, articleSchema, imageMimeSchema, roleSchema, statusSchema } from '../domain/article-schemas';
import { STATUS_ACTIONS } from '../domain/status';
import { PAGE_PRESETS, type PagePreset } from '../domain/layout';
import { editionSchema, furnitureListSchema, pageGeometrySchema, pageSchema, placementSchema } from '../domain/layout-schemas';
import type { PartFlow } from '../typeset/flow';
import type { StoryText } from '../typeset/story';
import { LANGUAGES } from '../i18n/languages';
import { isCalendarDate } from '../domain/calendar-date';
import { houseProofreadingSchema } from '../proofread/house-schema';
import { typefaceStyleSchema } from '../typeset/typeface-schemas';
import { PDFX_LEVELS } from '../export/pdfx-levels';
import {
  accountNameSchema,
  accountSummarySchema,
  deskRoleSchema,
  FRONTS,
  passwordSchema,
  type Actor,
  type Front,
} from '../domain/accounts';
import type { ApiMethod } from './methods';

// Schemas are built when first used, not when this module loads: building all of them was most
// of the 45 ms zod cost every command line run (docs/benchmarks.md), and a call needs only its
// own method's. `once(build)` is the schema, built on the first call; `lazyTable` builds a
// method's entry on its first read. What each schema accepts is as written; only when it is
// made changes.

/** A value built on first use and kept. */
function once<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

/** A table whose entries are built on first read: `table[key]` is `builders[key]()`, built once. */
function lazyTable<T extends Record<string, () => unknown>>(builders: T): { readonly [K in keyof T]: ReturnType<T[K]> } {
  const table = {} as { [K in keyof T]: ReturnType<T[K]> };
  for (const key of Object.keys(builders) as (keyof T & string)[]) {
    Object.defineProperty(table, key, {
      enumerable: true,
      configurable: true,
      get: () => {
        const value = builders[key]!() as ReturnType<T[typeof key]>;
        Object.defineProperty(table, key, { value, enumerable: true });
        return value;
      },
    });
  }
  return table;
}

const id = z.string().min(1).max(64);

export const articleSummarySchema = once(() =>
  z.object({
    id: z.string(),
    status: statusSchema,
    column: z.string(),
    kicker: z.string(),
    headline: z.string(),
    byline: z.string(),
    chars: z.number().int(),
    photos: z.number().int(),
    needsReview: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);
export type ArticleSummary = z.infer<ReturnType<typeof articleSummarySchema>>;

export const revisionSummarySchema = once(() =>
  z.object({
    id: z.number().int(),
    articleId: z.string(),
    /** 'signed': the text as it was signed off (签发), kept as it was; no autosave rewrites it. */
    reason: z.enum(['edit', 'restore', 'conflict', 'created', 'signed']),
    headline: z.string(),
    chars: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    /** The account that wrote it; null before accounts. */
    by: z.string().nullable(),
  }),
);
export type RevisionSummary = z.infer<ReturnType<typeof revisionSummarySchema>>;

export const statusChangeSchema = once(() =>
  z.object({
    from: statusSchema.nullable(),
    to: statusSchema,
    at: z.string(),
    /** Who changed it (an account's name); null when no one is recorded (before accounts). */
    by: z.string().nullable(),
    front: z.enum(FRONTS).nullable(),
    /** Why, where one is asked for: a withdrawn sign-off (撤销签发). */
    reason: z.string().nullable(),
  }),
);
export type StatusChange = z.infer<ReturnType<typeof statusChangeSchema>>;

export const storedImageSchema = once(() =>
  z.object({
    hash: z.string(),
    mime: imageMimeSchema,
    width: z.number().int(),
    height: z.number().int(),
    bytes: z.number().int(),
    fileName: z.string(),
  }),
);

export const importReportSchema = once(() =>
  z.object({
    fileName: z.string(),
    ok: z.boolean(),
    encoding: z.string().optional(),
    articleIds: z.array(z.string()),
    duplicate: z.boolean(),
    doubtful: z.number().int(),
    /**
     * Of a file whose stories were written: the edition date they were given (the page's own,
     * else the batch's; null when neither gave one, the stories then marked for review as
     * undated), and the 第N期 and 总第N期 the page prints (null where it prints none).
     */
    editionDate: z.string().nullable().optional(),
    issue: z.number().int().nullable().optional(),
    totalIssue: z.number().int().nullable().optional(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
  }),
);
export type ImportReport = z.infer<ReturnType<typeof importReportSchema>>;

export const searchRequestSchema = once(() =>
  z.strictObject({
    /** Words (all must match), "quoted phrases"; empty with filters lists by the filters alone. */
    q: z.string().max(200),
    order: z.enum(['newest', 'relevance']).optional(),
    limit: z.number().int().min(1).max(500).optional(),
    offset: z.number().int().min(0).max(100_000).optional(),
    filters: z
      .strictObject({
        from: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .optional(),
        to: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .optional(),
        person: z.string().trim().min(1).max(100).optional(),
        role: roleSchema.optional(),
        column: z.string().max(100).optional(),
        status: statusSchema.optional(),
        edition: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .optional(),
        page: z.number().int().min(1).max(999).optional(),
      })
      .optional(),
  }),
);
export type SearchRequest = z.infer<ReturnType<typeof searchRequestSchema>>;

export const searchResultSchema = once(() =>
  z.object({
    id: z.string(),
    headline: z.string(),
    kicker: z.string(),
    status: statusSchema,
    /** The edition's date, else the day a story written here was made; null for an import no date was given (日期不详). */
    date: z.string().nullable(),
    page: z.number().int().nullable(),
    byline: z.string(),
    /** The story's length in characters (字数), as the desk's list counts it. */
    chars: z.number().int(),
    snippet: z.string(),
    /** [start, end) of each hit within the snippet. */
    highlights: z.array(z.tuple([z.number().int(), z.number().int()])),
    score: z.number(),
  }),
);
export type SearchResult = z.infer<ReturnType<typeof searchResultSchema>>;

export const searchResponseSchema = once(() =>
  z.object({
    total: z.number().int(),
    /** More matches than were counted: "10000+". */
    totalCapped: z.boolean(),
    /** Relevance ranked some of the matches only; narrowing the search ranks them all. */
    partial: z.boolean(),
    /** Where partial: how many matches were ranked. */
    ranked: z.number().int().optional(),
    /** Where partial: which — the newest, or those the words weigh most in (occur most, in the shortest articles). */
    rankedBy: z.enum(['newest', 'weight']).optional(),
    results: z.array(searchResultSchema()),
  }),
);
export type SearchResponse = z.infer<ReturnType<typeof searchResponseSchema>>;

const month = z.string().regex(/^\d{4}-\d{2}$/);
export const contributorsRequestSchema = once(() =>
  z.strictObject({
    from: month.optional(),
    to: month.optional(),
    person: z.string().trim().min(1).max(100).optional(),
  }),
);
export type ContributorsRequest = z.infer<ReturnType<typeof contributorsRequestSchema>>;
export const contributorRowSchema = once(() =>
  z.object({
    name: z.string(),
    outlet: z.string(),
    /** null: credited for a photo with no role printed beside the name (（刘艺 摄）). */
    role: roleSchema.nullable(),
    /** YYYY-MM of the edition that printed it; '' for an imported story whose edition is not known. */
    month: z.string(),
    articles: z.number().int(),
    chars: z.number().int(),
    photos: z.number().int(),
  }),
);
export type ContributorRow = z.infer<ReturnType<typeof contributorRowSchema>>;

/** An imported story as the review queue lists it: how sure the import was, and of what not. */
export const reviewItemSchema = once(() =>
  z.object({
    id: z.string(),
    headline: z.string(),
    kicker: z.string(),
    /** The first words of its text, to tell an untitled piece by. */
    opening: z.string(),
    confidence: z.number(),
    doubts: z.array(z.string()),
    needsReview: z.boolean(),
    fileName: z.string(),
    editionDate: z.string().nullable(),
    page: z.number().int().nullable(),
    firstLine: z.number().int(),
  }),
);
export type ReviewItem = z.infer<ReturnType<typeof reviewItemSchema>>;

/**
 * One-step fixes of an import, by body block index (0-based, as Article.body lists them):
 * a paragraph or another story's 主题 becomes this story's 主题 (what it had before takes the
 * other's place: nothing printed is lost); the next piece of the same page is joined on; the
 * text is cut before a paragraph into a story of its own.
 */
export const importFixSchema = once(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('headline-from-paragraph'), paragraph: z.number().int().min(0).max(10_000) }),
    z.strictObject({ kind: z.literal('headline-from-story'), from: id }),
    z.strictObject({ kind: z.literal('join-next') }),
    z.strictObject({ kind: z.literal('split'), paragraph: z.number().int().min(1).max(10_000) }),
  ]),
);
export type ImportFix = z.infer<ReturnType<typeof importFixSchema>>;

/** An imported story's edition date (and 版次) given by the desk, with the other stories of its page it reached. */
export const importDatingSchema = once(() =>
  z.object({
    article: articleSchema,
    /** The other stories of the same page, undated until now, that took the date too. */
    dated: z.array(z.string()),
    /** Those still undated that the person may not change (signed off, in the trash, not theirs). */
    skipped: z.array(z.string()),
  }),
);
export type ImportDating = z.infer<ReturnType<typeof importDatingSchema>>;

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const pageNumber = z.number().int().min(1).max(200);
const presetName = z.enum(Object.keys(PAGE_PRESETS) as [PagePreset, ...PagePreset[]]);

/** A placed article as the layout desk sets it: its text in house form, and where it stands. */
export const placedStorySchema = once(() =>
  z.object({
    articleId: z.string(),
    version: z.number().int(),
    status: statusSchema,
    story: z.custom<StoryText>(),
  }),
);
export type PlacedStory = z.infer<ReturnType<typeof placedStorySchema>>;

export const editionHeaderSchema = once(() => editionSchema.omit({ pages: true }));
export type EditionHeader = z.infer<ReturnType<typeof editionHeaderSchema>>;

export const layoutPageSchema = once(() =>
  z.object({
    edition: editionHeaderSchema(),
    page: pageSchema,
    stories: z.array(placedStorySchema()),
    /** The parts on this page of stories set in parts (转版), by placement id: where each part's text begins. */
    flows: z.record(z.string(), z.custom<PartFlow>()).optional(),
    /** The house's typefaces (字体), as this page sets its lines; absent, the default. */
    typefaces: typefaceStyleSchema.optional(),
  }),
);
export type LayoutPage = z.infer<ReturnType<typeof layoutPageSchema>>;

/** Every page of an edition with the text of its stories: what the page plan (版面计划) sets and lists. */
export const editionPlanSchema = once(() =>
  z.object({
    edition: editionHeaderSchema(),
    pages: z.array(z.object({ page: pageSchema, stories: z.array(placedStorySchema()), flows: layoutPageSchema().shape.flows })),
  }),
);
export type EditionPlan = z.infer<ReturnType<typeof editionPlanSchema>>;

/** Where an article is placed, with its page's grid: what the story desk's copyfit needs. */
export const slotSchema = once(() =>
  z.object({
    date: z.string(),
    page: z.number().int(),
    section: z.string(),
    geometry: pageGeometrySchema,
    placement: placementSchema,
  }),
);
export type Slot = z.infer<ReturnType<typeof slotSchema>>;

const templateName = z.string().trim().min(1).max(40);

export const pageTemplateSchema = once(() =>
  z.object({
    name: z.string(),
    section: z.string(),
    geometry: pageGeometrySchema,
    furniture: furnitureListSchema,
    createdAt: z.string(),
  }),
);
export type PageTemplate = z.infer<ReturnType<typeof pageTemplateSchema>>;

export const settingsSchema = once(() =>
  z.object({
    language: z.enum(LANGUAGES),
    /** Minutes a session may sit idle before it ends (the desk locks; the draft stays). */
    idleMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    /** The newsroom's proofreading: rules off, its own wrong words and words to avoid. */
    proofreading: houseProofreadingSchema,
    /** The house's typefaces (字体): the face and weight of each part of a story, on every page. */
    typefaces: typefaceStyleSchema,
  }),
);

export const sessionStatusSchema = once(() =>
  z.object({
    /** No account yet: the desk's first user creates the administrator. */
    setupNeeded: z.boolean(),
    account: accountSummarySchema.nullable(),
  }),
);
export type SessionStatus = z.infer<ReturnType<typeof sessionStatusSchema>>;

export const auditEntrySchema = once(() =>
  z.object({
    id: z.number().int(),
    at: z.string(),
    by: z.string().nullable(),
    front: z.enum(FRONTS).nullable(),
    action: z.string(),
    articleId: z.string().nullable(),
    editionDate: z.string().nullable(),
    page: z.number().int().nullable(),
    detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  }),
);
export type AuditEntry = z.infer<ReturnType<typeof auditEntrySchema>>;

/** A story in the trash (回收站): who put it there, when, and when it will be purged. */
export const trashEntrySchema = once(() =>
  z.object({
    id: z.string(),
    status: statusSchema,
    kicker: z.string(),
    headline: z.string(),
    byline: z.string(),
    chars: z.number().int(),
    deletedAt: z.string(),
    /** The account that trashed it; null before accounts or from the command line without one. */
    deletedBy: z.string().nullable(),
    purgeAt: z.string(),
  }),
);
export type TrashEntry = z.infer<ReturnType<typeof trashEntrySchema>>;

/** What the signed-in person may do with one story, so the desk offers only that. */
export const articleAccessSchema = once(() =>
  z.object({
    edit: z.boolean(),
    /** Why not, when not: frozen (signed off) or a role it needs. */
    editRefusal: z.object({ code: z.string(), message: z.string() }).nullable(),
    actions: z.array(z.enum(STATUS_ACTIONS)),
    /** May restore a revision and keep the story's status (a chief editor); others return it to 草稿. */
    restoreKeepsStatus: z.boolean(),
    /** May move it to the trash now (their own draft, or as an editor; never signed off or placed). */
    trash: z.boolean().optional(),
    /** It is in the trash: read-only until restored. */
    trashed: z.boolean().optional(),
    /** May put right what its import got wrong, or say it looks right (mayReviewImport); absent for a story in the trash. */
    fixImport: z.boolean().optional(),
  }),
);
export type ArticleAccess = z.infer<ReturnType<typeof articleAccessSchema>>;

/** Where the desk stands with its newsroom (electron/sync): shown in the header, never a dialog. */
export const syncStatusSchema = once(() =>
  z.object({
    joined: z.boolean(),
    server: z.string().nullable(),
    /** Reaching the server now (its live feed is open). */
    connected: z.boolean(),
    /** Changes made here that wait to go out. */
    pending: z.number().int(),
    /** Accounts whose changes wait for them to sign in once while online. */
    waitingFor: z.array(z.string()),
    lastSyncAt: z.string().nullable(),
    lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
    /** Changes the server did not take, newest first, translated. */
    problems: z.array(
      z.object({ id: z.number().int(), at: z.string(), articleId: z.string().nullable(), code: z.string(), message: z.string() }),
    ),
    /** Grows whenever changes from the newsroom were applied here: the desk redraws what it shows. */
    appliedSeq: z.number().int(),
    /** A laptop keeps only the articles of the newest this many years; null: all. */
    keepYears: z.number().int().nullable(),
  }),
);
export type SyncStatus = z.infer<ReturnType<typeof syncStatusSchema>>;

export const lockStateSchema = once(() =>
  z.object({
    /** mine: this desk edits the story; held: someone else does; free: not joined, or offline (edits reconcile later). */
    state: z.enum(['mine', 'held', 'free']),
    /** Who holds it, on which machine (its name, when it said one), since when. */
    holder: z.object({ name: z.string(), device: z.string(), machine: z.string().nullable(), since: z.string() }).nullable(),
    /** Set when this call took the story over from someone. */
    tookFrom: z.object({ name: z.string(), since: z.string() }).nullable(),
  }),
);
export type LockState = z.infer<ReturnType<typeof lockStateSchema>>;

/**
 * The whole API: each method once, with the schema its input is validated against at the
 * boundary and the shape of what it returns. Inputs are strict objects: a misspelt or foreign
 * field is an error, not silently dropped.
 */
export const contract = lazyTable({
  'articles.list': () => ({
    input: z.strictObject({
      status: statusSchema.optional(),
      text: z.string().max(100).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
      /** Where the page starts, for a list longer than one page. */
      offset: z.number().int().min(0).max(1_000_000).optional(),
      /** Leave out every empty draft, however new (the layout desk's story picker). */
      nonEmpty: z.boolean().optional(),
      /** The signed-in person's own stories: created by them or naming them in the byline. */
      mine: z.boolean().optional(),
      /** The stories waiting for the signed-in person: 待审 for an editor, 已审 for a chief editor. */
      awaitingMe: z.boolean().optional(),
    }),
    output: z.array(articleSummarySchema()),
  }),
  'articles.get': () => ({ input: z.strictObject({ id }), output: articleSchema }),
  'articles.create': () => ({
    input: z.strictObject({ draft: articleDraftSchema.partial().optional() }),
    output: articleSchema,
  }),
  'articles.save': () => ({
    input: z.strictObject({
      id,
      /** The version the editor started from; a save over a newer one is refused. */
      baseVersion: z.number().int().min(0),
      draft: articleDraftSchema,
      /** Ctrl+S: save now and close the editing burst, so the next change opens a new revision. */
      checkpoint: z.boolean().optional(),
    }),
    output: articleSchema,
  }),
  'articles.setStatus': () => ({
    input: z.strictObject({
      id,
      action: z.enum(STATUS_ACTIONS),
      /** Why: required to withdraw a sign-off (撤销签发). */
      reason: z.string().trim().max(500).optional(),
    }),
    output: articleSchema,
  }),
  'articles.access': () => ({ input: z.strictObject({ id }), output: articleAccessSchema() }),
  'articles.statusLog': () => ({ input: z.strictObject({ id }), output: z.array(statusChangeSchema()) }),
  /** The desk has checked an imported story and it looks right: out of the review queue, confidence 1. */
  'articles.markReviewed': () => ({ input: z.strictObject({ id }), output: articleSchema }),
  /** Imported stories still to review, the least sure first. */
  'articles.reviewQueue': () => ({
    input: z.strictObject({ limit: z.number().int().min(1).max(500).optional() }),
    output: z.array(reviewItemSchema()),
  }),
  /** The stories cut from the same imported page as this one, in page order. */
  'articles.importPieces': () => ({ input: z.strictObject({ id }), output: z.array(reviewItemSchema()) }),
  /** Puts right one thing the import got wrong, in one step, and marks the story reviewed. */
  'articles.fixImport': () => ({
    input: z.strictObject({ id, baseVersion: z.number().int().min(0), fix: importFixSchema() }),
    output: z.object({
      article: articleSchema,
      /** The other story the fix touched: the one joined in (now in the trash), split off, or whose headline was taken. */
      other: z.string().nullable(),
    }),
  }),
  /**
   * Gives an imported story its edition date (a real calendar day) and, if told, its page
   * (版次); the other stories of the same page still undated take them too.
   */
  'articles.setImportDate': () => ({
    input: z.strictObject({
      id,
      date: z.string().refine(isCalendarDate, 'YYYY-MM-DD, a calendar date'),
      page: z.number().int().min(1).max(999).optional(),
    }),
    output: importDatingSchema(),
  }),
  /** Moves a story to the trash (回收站): out of lists, search and figures; restorable for 30 days. */
  'articles.trash': () => ({ input: z.strictObject({ id }), output: trashEntrySchema() }),
  'articles.restoreFromTrash': () => ({ input: z.strictObject({ id }), output: articleSchema }),
  'articles.listTrash': () => ({ input: z.strictObject({}), output: z.array(trashEntrySchema()) }),
  /** Purges everything in the trash now, not waiting for its 30 days (chief editor, administrator). */
  'articles.emptyTrash': () => ({ input: z.strictObject({}), output: z.object({ purged: z.number().int(), waiting: z.number().int() }) }),
  'revisions.list': () => ({ input: z.strictObject({ articleId: id }), output: z.array(revisionSummarySchema()) }),
  'revisions.get': () => ({
    input: z.strictObject({ id: z.number().int().positive() }),
    output: z.object({ revision: revisionSummarySchema(), draft: articleDraftSchema }),
  }),
  'revisions.restore': () => ({
    input: z.strictObject({ articleId: id, revisionId: z.number().int().positive(), baseVersion: z.number().int().min(0) }),
    output: articleSchema,
  }),
  'photos.import': () => ({
    input: z.strictObject({
      fileName: z.string().max(255),
      /** The file's bytes, base64: the one encoding both IPC and the loopback host carry. */
      dataBase64: z.string(),
    }),
    output: storedImageSchema(),
  }),
  'pages.import': () => ({
    input: z.strictObject({
      /** Page-text files, base64, as dropped on the desk or chosen; each is imported on its own. */
      files: z
        .array(z.strictObject({ fileName: z.string().max(255), dataBase64: z.string() }))
        .min(1)
        .max(200),
      editionDate: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional(),
      page: z.number().int().min(1).max(999).optional(),
    }),
    output: z.array(importReportSchema()),
  }),
  'search.query': () => ({ input: searchRequestSchema(), output: searchResponseSchema() }),
  'people.list': () => ({
    input: z.strictObject({}),
    output: z.array(z.object({ name: z.string(), outlet: z.string(), role: roleSchema.nullable(), articles: z.number().int() })),
  }),
  'people.stats': () => ({ input: contributorsRequestSchema(), output: z.array(contributorRowSchema()) }),
  'layout.editions': () => ({ input: z.strictObject({}), output: z.array(editionSchema) }),
  'layout.edition': () => ({ input: z.strictObject({ date }), output: editionSchema }),
  'layout.createEdition': () => ({
    input: z.strictObject({
      date,
      number: z.number().int().min(1).max(100_000),
      totalNumber: z.number().int().min(1).max(10_000_000),
      paper: z.string().trim().min(1).max(40),
    }),
    output: editionSchema,
  }),
  /** The house's page templates (版式模板). */
  'layout.templates': () => ({ input: z.strictObject({}), output: z.array(pageTemplateSchema()) }),
  /** Keeps a page's grid and 版名 as a template under a name (replacing one of that name). */
  'layout.saveTemplate': () => ({ input: z.strictObject({ name: templateName, date, page: pageNumber }), output: pageTemplateSchema() }),
  'layout.removeTemplate': () => ({ input: z.strictObject({ name: templateName }), output: z.object({}) }),
  'layout.addPage': () => ({
    input: z.strictObject({
      date,
      number: pageNumber,
      section: z.string().trim().max(40),
      editor: z.string().trim().max(40),
      preset: presetName.optional(),
      /** A page template by name: its grid, and its 版名 when `section` is empty. */
      template: templateName.optional(),
    }),
    output: layoutPageSchema(),
  }),
  'layout.updatePage': () => ({
    input: z.strictObject({
      date,
      number: pageNumber,
      section: z.string().trim().max(40).optional(),
      editor: z.string().trim().max(40).optional(),
      geometry: pageGeometrySchema.optional(),
      /** The page's fixed furniture (报头, rules, standing text), whole: replaces what the page had. */
      furniture: furnitureListSchema.optional(),
      /** Renumbers the page to a free number; its placements go with it. */
      newNumber: pageNumber.optional(),
    }),
    output: layoutPageSchema(),
  }),
  /** Changes an edition's numbers, paper or date (a new date must be free). */
  'layout.updateEdition': () => ({
    input: z.strictObject({
      date,
      newDate: date.optional(),
      number: z.number().int().min(1).max(100_000).optional(),
      totalNumber: z.number().int().min(1).max(10_000_000).optional(),
      paper: z.string().trim().min(1).max(40).optional(),
    }),
    output: editionSchema,
  }),
  /**
   * Deletes an edition with its pages. Its stories are taken off the pages, never deleted; with
   * stories placed it is refused (EDITION_HAS_STORIES, with how many) unless `force`.
   */
  'layout.removeEdition': () => ({
    input: z.strictObject({ date, force: z.boolean().optional() }),
    output: z.object({ date: z.string(), pages: z.number().int(), unplaced: z.array(z.string()) }),
  }),
  /** Deletes a page; as for an edition, its stories are unplaced, and only with `force` when it has any. */
  'layout.removePage': () => ({
    input: z.strictObject({ date, number: pageNumber, force: z.boolean().optional() }),
    output: z.object({ edition: editionSchema, unplaced: z.array(z.string()) }),
  }),
  /** Moves a page to another place in the edition (第5版 becomes 第2版, 2 to 4 move up one). */
  'layout.movePage': () => ({
    input: z.strictObject({ date, number: pageNumber, to: pageNumber }),
    output: editionSchema,
  }),
  'layout.plan': () => ({ input: z.strictObject({ date }), output: editionPlanSchema() }),
  'layout.page': () => ({ input: z.strictObject({ date, number: pageNumber }), output: layoutPageSchema() }),
  /** Puts a placement on the page, or moves it: refused when it leaves the grid or overlaps another. */
  'layout.place': () => ({ input: z.strictObject({ date, page: pageNumber, placement: placementSchema }), output: layoutPageSchema() }),
  'layout.unplace': () => ({ input: z.strictObject({ date, page: pageNumber, id }), output: layoutPageSchema() }),
  'layout.slots': () => ({ input: z.strictObject({ articleId: id }), output: z.array(slotSchema()) }),
  /** Exports one page into the archive's exports folder (DIR/exports/DATE/): HTML, and PDF when asked. */
  'export.page': () => ({
    input: z.strictObject({
      date,
      page: pageNumber,
      force: z.boolean().optional(),
      bleed: z.boolean().optional(),
      cropMarks: z.boolean().optional(),
      pdf: z.boolean().optional(),
      /** Press-ready PDF/X (implies the PDF), with the press's preflight. */
      pdfx: z.enum(PDFX_LEVELS).optional(),
    }),
    output: z.object({
      number: z.number().int(),
      section: z.string(),
      refused: z.boolean(),
      files: z.array(z.string()),
      problems: z.array(z.string()),
      /** Exported all the same, but worth a look: proofreading findings left in a story. */
      warnings: z.array(z.string()),
      folder: z.string(),
    }),
  }),
  'export.index': () => ({ input: z.strictObject({ date }), output: z.object({ file: z.string() }) }),
  /** A soft proof: the page as it will print (CMYK simulated) and each ink on its own, as PNG data URLs. */
  'export.proof': () => ({
    input: z.strictObject({ date, page: pageNumber, pdfx: z.enum(PDFX_LEVELS).optional() }),
    output: z.object({
      width: z.number().int(),
      height: z.number().int(),
      dpi: z.number(),
      composite: z.string(),
      inks: z.array(z.object({ ink: z.enum(['cyan', 'magenta', 'yellow', 'black']), image: z.string(), coverage: z.number() })),
      maxInk: z.number(),
      limit: z.number(),
      problems: z.array(z.string()),
    }),
  }),
  'export.article': () => ({
    input: z.strictObject({ id, format: z.enum(['nitf', 'text']) }),
    output: z.object({ fileName: z.string(), mime: z.string(), content: z.string() }),
  }),
  'settings.get': () => ({ input: z.strictObject({}), output: settingsSchema() }),
  'settings.set': () => ({ input: settingsSchema().partial().strict(), output: settingsSchema() }),
  'session.status': () => ({ input: z.strictObject({}), output: sessionStatusSchema() }),
  /** The first account of an archive that has none: its administrator. Signs them in. */
  'session.setup': () => ({
    input: z.strictObject({
      name: accountNameSchema,
      password: passwordSchema,
      /** Roles beyond administrator (the first account is always that). */
      roles: z.array(deskRoleSchema).optional(),
      person: accountNameSchema.optional(),
    }),
    output: sessionStatusSchema(),
  }),
  'session.signIn': () => ({
    input: z.strictObject({ name: z.string().max(100), password: z.string().max(200) }),
    output: sessionStatusSchema(),
  }),
  'session.signOut': () => ({ input: z.strictObject({}), output: sessionStatusSchema() }),
  'accounts.list': () => ({ input: z.strictObject({}), output: z.array(accountSummarySchema) }),
  'accounts.add': () => ({
    input: z.strictObject({
      name: accountNameSchema,
      password: passwordSchema,
      roles: z.array(deskRoleSchema).min(1),
      /** The byline person the account is; the account's own name when not given. */
      person: accountNameSchema.optional(),
    }),
    output: accountSummarySchema,
  }),
  'accounts.update': () => ({
    input: z.strictObject({
      name: z.string().max(100),
      roles: z.array(deskRoleSchema).min(1).optional(),
      person: accountNameSchema.nullable().optional(),
      /** Removes the account (it can no longer sign in; the trail keeps its name), or brings it back. */
      removed: z.boolean().optional(),
    }),
    output: accountSummarySchema,
  }),
  /** Sets a password: one's own (with the current one), or anyone's for an administrator. */
  'accounts.setPassword': () => ({
    input: z.strictObject({ name: z.string().max(100), password: passwordSchema, current: z.string().max(200).optional() }),
    output: accountSummarySchema,
  }),
  'audit.list': () => ({
    input: z.strictObject({
      articleId: id.optional(),
      date: date.optional(),
      page: pageNumber.optional(),
      from: date.optional(),
      to: date.optional(),
      limit: z.number().int().min(1).max(5000).optional(),
    }),
    output: z.array(auditEntrySchema()),
  }),
  'sync.status': () => ({ input: z.strictObject({}), output: syncStatusSchema() }),
  /** Answers when changes from the newsroom are applied past `after`, or after `waitMs` (at most 25 s). */
  'sync.watch': () => ({
    input: z.strictObject({ after: z.number().int().min(0), waitMs: z.number().int().min(0).max(25_000).optional() }),
    output: z.object({ appliedSeq: z.number().int(), articles: z.array(z.string()), pages: z.array(z.string()) }),
  }),
  'sync.now': () => ({ input: z.strictObject({}), output: syncStatusSchema() }),
  'sync.join': () => ({
    input: z.strictObject({ url: z.string().min(1).max(500), name: z.string().min(1).max(100), password: z.string().min(1).max(200) }),
    output: syncStatusSchema(),
  }),
  'sync.leave': () => ({ input: z.strictObject({}), output: syncStatusSchema() }),
  /** How many years of articles this desktop keeps (null: all); older ones stay on the server. */
  'sync.configure': () => ({
    input: z.strictObject({ keepYears: z.number().int().min(1).max(100).nullable() }),
    output: syncStatusSchema(),
  }),
  'sync.dismiss': () => ({ input: z.strictObject({ upTo: z.number().int() }), output: syncStatusSchema() }),
  'sync.lock': () => ({ input: z.strictObject({ articleId: id, takeOver: z.boolean().optional() }), output: lockStateSchema() }),
  'sync.release': () => ({ input: z.strictObject({ articleId: id }), output: z.object({}) }),
  /** A story's state in the newsroom: in step with the server, or changed here and waiting to go out. */
  'sync.story': () => ({
    input: z.strictObject({ articleId: id }),
    output: z.object({
      joined: z.boolean(),
      /** Changed here since the server last had it. */
      pending: z.boolean(),
      /** The server's version of it, as this desk last saw it; null: the server has not had it yet. */
      serverVersion: z.number().int().nullable(),
      /** Who last changed it on the server, and on which desktop; when this desk last heard of it. */
      lastBy: z.string().nullable(),
      at: z.string().nullable(),
    }),
  }),
} satisfies Record<ApiMethod, () => { input: z.ZodType; output: z.ZodType }>);

export type Contract = typeof contract;
export type ApiInput<M extends ApiMethod> = z.input<Contract[M]['input']>;
export type ApiParsedInput<M extends ApiMethod> = z.output<Contract[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<Contract[M]['output']>;

/** Who is calling, as the services layer established it before the handler runs. */
export interface HandlerContext {
  /** The signed-in account; null on an archive without accounts (the command line), or for a public call. */
  actor: Actor | null;
  front: Front;
  /** The caller's session, for the calls that sign in and out. */
  token: string | null;
  /** Hands the front end the session now signed in (null: signed out), to keep for the caller. */
  setSession: (token: string | null) => void;
}

/** What the main process implements: a missing or mistyped handler does not compile. */
export type Handlers = {
  [M in ApiMethod]: (input: ApiParsedInput<M>, context: HandlerContext) => ApiOutput<M> | Promise<ApiOutput<M>>;
};

type Group<M extends string> = M extends `${infer G}.${string}` ? G : never;
type Name<M extends string, G extends string> = M extends `${G}.${infer N}` ? N : never;

/**
 * The API as the renderer calls it, grouped: `api.articles.save(input)`. Calls reject with an
 * `ApiError` carrying the code.
 */
export type BanmianApi = {
  [G in Group<ApiMethod>]: {
    [N in Name<ApiMethod, G>]: `${G}.${N}` extends infer M extends ApiMethod ? (input: ApiInput<M>) => Promise<ApiOutput<M>> : never;
  };
};
