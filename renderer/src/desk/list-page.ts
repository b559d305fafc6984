/** Stories the desk's list reads at a time: it pages on from there, as far as the archive goes. */
export const LIST_PAGE = 500;

/**
 * The list's start as the page asks for it at boot (first-calls.ts), the rest of its first page
 * once that is in: enough rows for the desk's first frame, and an answer that is in by the time
 * React draws it (500 rows of a million-story archive came a frame later).
 */
export const FIRST_PAGE = 50;
