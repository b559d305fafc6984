/** Past this many matches, counting stops and is shown as "10000+". */
export const COUNT_CAP = 10_000;
/** Relevance ranks at most the newest this many matches of one query. */
export const RANK_WINDOW_SIZE = 20_000;
