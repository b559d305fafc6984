/** The parts of a story an import can be unsure of, in the order the desk reads a story. */
const DOUBT_PARTS = ['headline', 'text', 'byline', 'photo', 'date', 'punctuation'] as const;
type DoubtPart = (typeof DOUBT_PARTS)[number];

/** Which part each of the importer's doubts (shared/import/page-text.ts ImportDoubt) is about. */
const PART_OF: Readonly<Record<string, DoubtPart>> = {
  'no-headline': 'headline',
  'headline-guessed': 'headline',
  'headline-far': 'headline',
  'headline-weak': 'headline',
  'headline-parts-guessed': 'headline',
  'pieces-joined': 'text',
  fragment: 'text',
  'no-byline': 'byline',
  'caption-guessed': 'photo',
  'no-edition-date': 'date',
  'halfwidth-punctuation': 'punctuation',
};

/** The parts in doubt, once each: what the review list and the banner name first. */
export function doubtfulParts(doubts: readonly string[]): DoubtPart[] {
  const parts = new Set(doubts.map((d) => PART_OF[d]).filter((p): p is DoubtPart => p !== undefined));
  return DOUBT_PARTS.filter((p) => parts.has(p));
}
