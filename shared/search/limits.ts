/**
 * Past this many matches, counting stops and the desk is shown "1000+": counting every match of
 * a word in most of a million articles would cost more than finding the page of results.
 */
export const COUNT_CAP = 1_000;
/**
 * Relevance ranks at most the newest this many matches of one query: scoring every match of a
 * common word costs time in proportion to the matches; past this the desk is asked to narrow.
 */
export const RANK_WINDOW_SIZE = 3_000;
