import type * as z from 'zod';
import type {
  bylineEntrySchema,
  bylineFormSchema,
  creditPersonSchema,
  photoCreditSchema,
  imageMimeSchema,
  photoSchema,
  bodyBlockSchema,
  articleDraftSchema,
  articleSchema,
} from './article-schemas';

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

/** The article's parts, as their shapes (shared/domain/article-schemas.ts) check them. */
export type BylineEntry = z.infer<typeof bylineEntrySchema>;
export type BylineForm = z.infer<typeof bylineFormSchema>;
export type CreditPerson = z.infer<typeof creditPersonSchema>;
export type PhotoCredit = z.infer<typeof photoCreditSchema>;
export type ImageMime = z.infer<typeof imageMimeSchema>;
export type Photo = z.infer<typeof photoSchema>;
export type BodyBlock = z.infer<typeof bodyBlockSchema>;
export type ArticleDraft = z.infer<typeof articleDraftSchema>;
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
