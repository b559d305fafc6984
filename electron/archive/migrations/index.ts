import { initialSchema } from './0010-initial-schema';
import { importsAndPhotosWithoutImages } from './0020-imports-and-photos-without-images';
import { searchIndex } from './0030-search-index';
import { searchMergeLessOften } from './0040-search-merge-less-often';
import { editionsPagesPlacements } from './0050-editions-pages-placements';
import { searchFewerSegments } from './0060-search-fewer-segments';
import { accountsSignoffAudit } from './0070-accounts-signoff-audit';
import { newsroomSync } from './0080-newsroom-sync';
import { storyTrash } from './0090-story-trash';
import { proofreadingIgnores } from './0100-proofreading-ignores';
import { syncPagesRenamedAndRemoved } from './0110-sync-pages-renamed-and-removed';
import { placementStyle } from './0120-placement-style';
import { headlineType } from './0130-headline-type';
import { pageTemplates } from './0140-page-templates';
import { placementContinues } from './0150-placement-continues';
import { pageFurniture } from './0160-page-furniture';
import { reviewQueueIndex } from './0170-review-queue-index';
import { searchImpacts } from './0180-search-impacts';
import { importsPrintedIssue } from './0190-imports-printed-issue';
import { undatedImportsOutOfDateFilters } from './0200-undated-imports-out-of-date-filters';
import { bylinesWithoutPersonIndex } from './0210-bylines-without-person-index';
import { searchCharImpacts } from './0220-search-char-impacts';
import { searchPhraseCounts } from './0230-search-phrase-counts';
import { searchKeysFolding } from './0240-search-keys-folding';
import { searchKeysCommonCharacters } from './0250-search-keys-common-characters';
import { searchKeysColumns } from './0260-search-keys-columns';
import { searchFactsTable } from './0270-search-facts-table';
import { searchPeople } from './0280-search-people';
import type { Migration } from './types';

/** Every migration, oldest first. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  initialSchema,
  importsAndPhotosWithoutImages,
  searchIndex,
  searchMergeLessOften,
  editionsPagesPlacements,
  searchFewerSegments,
  accountsSignoffAudit,
  newsroomSync,
  storyTrash,
  proofreadingIgnores,
  syncPagesRenamedAndRemoved,
  placementStyle,
  headlineType,
  pageTemplates,
  placementContinues,
  pageFurniture,
  reviewQueueIndex,
  searchImpacts,
  importsPrintedIssue,
  undatedImportsOutOfDateFilters,
  bylinesWithoutPersonIndex,
  searchCharImpacts,
  searchPhraseCounts,
  searchKeysFolding,
  searchKeysCommonCharacters,
  searchKeysColumns,
  searchFactsTable,
  searchPeople,
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;
