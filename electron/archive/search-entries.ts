import type { ImportedArticle } from '../../shared/import/page-text';
import { commonCharacters } from '../../shared/search/common-characters';
import { holdsFolding } from '../../shared/search/folding';
import { charImpactTerms, impactTerms } from '../../shared/search/impact';
import { indexTerms } from '../../shared/search/tokens';
import type { ImpactEntries } from './search-impacts';

/**
 * What an article gives the search index, cut from its text without the archive: the import's
 * reading thread cuts it (a bundle without the archive or Lexical), the writer when it has the
 * time, and the index for everything written another way.
 */

/** The parts of an article a search should find, in one place for every writer. */
export interface SearchableParts {
  column: string;
  kicker: string;
  headline: string;
  deck: string;
  dateline: string;
  people: string;
  body: string;
  captions: string;
  jump: string;
  source: string;
}

export function searchText(p: SearchableParts): string {
  return [p.column, p.kicker, p.headline, p.deck, p.dateline, p.people, p.body, p.captions, p.jump, p.source].join('\n');
}

/** An article's entries in the index of pairs and in the impact index, as written. */
export interface IndexEntries extends ImpactEntries {
  terms: string;
  /** Whether the text holds a character the index folds (its search key says so: migration 0240). */
  folds: boolean;
  /** The common characters the index finds in it (its search key's facts hold them: migrations 0250, 0270). */
  common: Uint8Array;
}

/** The index entries of an article's searchable parts: pure work, done off the writing thread where it can be. */
export function indexEntries(parts: SearchableParts): IndexEntries {
  const text = searchText(parts);
  const terms = indexTerms(text);
  return { terms, impacts: impactTerms(terms), chars: charImpactTerms(terms), folds: holdsFolding(text), common: commonCharacters(terms) };
}

/** The headings an imported article was printed with, as the archive stores them. */
export function importHeadings(a: ImportedArticle) {
  return { column: a.column, kicker: a.kicker, headline: a.headline, deck: a.deck, dateline: a.dateline, jump: a.jump, source: a.source };
}

/** What the search index takes of an imported article: its text, headings, captions and people. */
export function searchablePartsOfImport(a: ImportedArticle): SearchableParts {
  const credits = [...a.photos.flatMap((p) => p.credit.people), ...(a.photoGroupCredit?.people ?? [])];
  return {
    ...importHeadings(a),
    people: [...a.byline.map((b) => `${b.outlet ?? ''} ${b.name}`), ...credits.map((c) => c.name)].join(' '),
    body: a.body.map((b) => b.text).join('\n'),
    captions: a.photos.map((p) => p.caption).join(' '),
  };
}
