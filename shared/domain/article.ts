import * as z from 'zod';
import { CREDIT_KINDS, ROLES } from './roles';
import { STATUSES } from './status';

/** Limits that keep one article a newspaper article: a huge paste is refused, not stored. */
export const LIMITS = {
  /** Characters in any one-line field (kicker, headline, deck, dateline, column, names). */
  line: 500,
  /** Characters of body text in one article; a long feature runs to about 20,000. */
  bodyChars: 100_000,
  /** Serialized Lexical state; generous, since formatting inflates it several times. */
  bodyJsonBytes: 5_000_000,
  bylineEntries: 60,
  photos: 60,
  photoBytes: 50 * 1024 * 1024,
  /** Proofreading findings kept on purpose in one story. */
  proofIgnores: 5_000,
} as const;

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
export type BylineEntry = z.infer<typeof bylineEntrySchema>;

/** The two printed forms: inline after the dateline, or a line of its own (□ 通讯员 余延平). */
export const bylineFormSchema = z.enum(['standard', 'feature']);
export type BylineForm = z.infer<typeof bylineFormSchema>;

/** A person credited for a photo; the role is printed when given (通讯员 汤海娟 摄). */
export const creditPersonSchema = z.object({
  role: roleSchema.nullable(),
  name,
});
export type CreditPerson = z.infer<typeof creditPersonSchema>;

export const photoCreditSchema = z.object({
  kind: creditKindSchema,
  people: z.array(creditPersonSchema).max(20),
});
export type PhotoCredit = z.infer<typeof photoCreditSchema>;

const hash = z.string().regex(/^[0-9a-f]{64}$/);
export const imageMimeSchema = z.enum(['image/png', 'image/jpeg', 'image/webp']);
export type ImageMime = z.infer<typeof imageMimeSchema>;

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
export type Photo = z.infer<typeof photoSchema>;

/** Body blocks as plain text: what search, counts, export and the CLI read. */
export const bodyBlockSchema = z.object({
  type: z.enum(['paragraph', 'intertitle']),
  text: z.string(),
});
export type BodyBlock = z.infer<typeof bodyBlockSchema>;

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
export type ArticleDraft = z.infer<typeof articleDraftSchema>;

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
export type Article = z.infer<typeof articleSchema>;

export const DEFAULT_DATELINE = '本报讯';

/**
 * A heading (引题, 主题, 副题) on one line, where a format has no line breaks (a title, a wire
 * headline): the editor's breaks, which print as breaks, become the space that separates
 * headline phrases when they share a line.
 */
export function headingOnOneLine(text: string): string {
  return text
    .split(/\s*\n\s*/u)
    .filter(Boolean)
    .join(' ')
    .trim();
}

export function emptyDraft(): ArticleDraft {
  return {
    column: '',
    kicker: '',
    headline: '',
    deck: '',
    dateline: DEFAULT_DATELINE,
    bylineForm: 'standard',
    byline: [],
    bodyJson: '',
    photos: [],
    photoGroupCredit: null,
    jump: '',
    source: '',
    proofIgnores: [],
  };
}

/**
 * The draft as it can be stored: names trimmed, and byline or credit rows whose name is still
 * empty left out (the editor keeps showing them until they are filled in or removed).
 */
export function storableDraft(draft: ArticleDraft): ArticleDraft {
  const people = <T extends { name: string }>(list: readonly T[]): T[] =>
    list.map((p) => ({ ...p, name: p.name.trim() })).filter((p) => p.name.length > 0);
  const credit = (c: PhotoCredit): PhotoCredit => ({ ...c, people: people(c.people) });
  return {
    ...draft,
    byline: people(draft.byline).map((entry) => {
      const outlet = entry.outlet?.trim();
      const { outlet: _dropped, ...rest } = entry;
      return outlet ? { ...rest, outlet } : rest;
    }),
    photos: draft.photos.map((p) => ({ ...p, credit: credit(p.credit) })),
    photoGroupCredit: draft.photoGroupCredit ? credit(draft.photoGroupCredit) : null,
  };
}
