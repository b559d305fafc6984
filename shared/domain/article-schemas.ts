import * as z from 'zod';
import { LIMITS } from './article';
import { CREDIT_KINDS, ROLES } from './roles';
import { STATUSES } from './status';

/**
 * The shapes of an article, checked where one crosses a boundary (the API, the newsroom's
 * protocol, a draft stored or restored). Apart from shared/domain/article.ts, whose types they
 * give, so that code which only reads articles (the command line's listing and search) does
 * not load zod.
 */

const line = z.string().max(LIMITS.line);
const name = z.string().trim().min(1).max(100);

export const roleSchema = z.enum(ROLES);
export const statusSchema = z.enum(STATUSES);
export const creditKindSchema = z.enum(CREDIT_KINDS);

/** One contributor in a byline: a person (by name, and outlet for other papers) in a role. */
export const bylineEntrySchema = z.object({
  role: roleSchema,
  name,
  /** Another outlet the contributor writes for, e.g. 湖北日报; absent for our own staff. */
  outlet: z.string().trim().max(100).optional(),
});

/** The two printed forms: inline after the dateline, or a line of its own (□ 通讯员 余延平). */
export const bylineFormSchema = z.enum(['standard', 'feature']);

/** A person credited for a photo; the role is printed when given (通讯员 汤海娟 摄). */
export const creditPersonSchema = z.object({
  role: roleSchema.nullable(),
  name,
});

export const photoCreditSchema = z.object({
  kind: creditKindSchema,
  people: z.array(creditPersonSchema).max(20),
});

const hash = z.string().regex(/^[0-9a-f]{64}$/);
export const imageMimeSchema = z.enum(['image/png', 'image/jpeg', 'image/webp']);

export const photoSchema = z.object({
  /** Stable within the article, so the editor can keep rows apart while they move. */
  id: z.string().min(1).max(64),
  /** The image in the archive; null for a photo known by its caption only (imported from a page). */
  hash: hash.nullable(),
  mime: imageMimeSchema.nullable(),
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  fileName: z.string().max(255),
  caption: z.string().max(2000),
  credit: photoCreditSchema,
});

/** Body blocks as plain text: what search, counts, export and the CLI read. */
export const bodyBlockSchema = z.object({
  type: z.enum(['paragraph', 'intertitle']),
  text: z.string(),
});

/**
 * What an editor edits: every part of an article but its status and bookkeeping. Saves,
 * revisions and restores all carry exactly this.
 */
export const articleDraftSchema = z.object({
  column: line,
  kicker: line,
  headline: line,
  deck: line,
  dateline: line,
  bylineForm: bylineFormSchema,
  byline: z.array(bylineEntrySchema).max(LIMITS.bylineEntries),
  /** The editor's Lexical state, as JSON text; the main side re-reads it into `body`. */
  bodyJson: z.string().max(LIMITS.bodyJsonBytes),
  photos: z.array(photoSchema).max(LIMITS.photos),
  /** 本组图片：… 摄 — one credit for all photos, whose captions are then numbered ①②③. */
  photoGroupCredit: photoCreditSchema.nullable(),
  jump: line,
  source: line,
  /**
   * Proofreading findings the desk chose to keep, by id (`body|typo:己经:0`): see
   * shared/proofread/story.ts. Absent in drafts from before proofreading: none kept.
   */
  proofIgnores: z.array(z.string().max(LIMITS.line)).max(LIMITS.proofIgnores).default([]),
});

/** Where an imported article came from, and how sure the importer was of it. */
export const importOriginSchema = z.object({
  fileName: z.string(),
  firstLine: z.number().int(),
  lastLine: z.number().int(),
  confidence: z.number(),
  doubts: z.array(z.string()),
});

export const articleSchema = articleDraftSchema.extend({
  id: z.string(),
  status: statusSchema,
  version: z.number().int(),
  /** The edition (date) and page it was printed on, when known. */
  editionDate: z.string().nullable(),
  page: z.number().int().nullable(),
  origin: importOriginSchema.nullable(),
  /** An import not yet checked by the desk. */
  needsReview: z.boolean(),
  body: z.array(bodyBlockSchema),
  /** 字数: characters, letters and digits; punctuation and spaces excluded. */
  chars: z.number().int(),
  /** The count with punctuation (spaces still excluded). */
  charsWithPunctuation: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Who created it and who saved it last (account names); null for imports and before accounts. */
  createdBy: z.string().nullable(),
  updatedBy: z.string().nullable(),
  /** The revision holding the text of its last sign-off (签发); null if never signed off. */
  signedRevision: z.number().int().nullable(),
});
