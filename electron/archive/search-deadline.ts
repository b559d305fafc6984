/**
 * How long newest first reads matches for its page and its count, in milliseconds, before it
 * stops at the first look at the clock that finds the page in hand (an object, so that tests
 * reach past it). The count is read up to COUNT_CAP + 1 matches in the same walk as the page;
 * where the words are in many articles but found together in fewer (three words of four
 * characters: 9 lists walked side by side, some 50 µs a match at a million), those matches cost
 * far more than the page. Past this, the count says how many were read, as a floor
 * (`totalCapped`: "300+"), and the page is the same. A setting (BANMIAN_COUNT_MS) for tests that
 * compare counts, which a loaded machine would otherwise make floors now and then.
 */
export const countBudget = { ms: nonNegative(process.env.BANMIAN_COUNT_MS) ?? 10 };

function nonNegative(text: string | undefined): number | undefined {
  const n = Number(text);
  return text && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** When a read of the newest matches may stop, once it holds `need` of them; `stopped` says it did, with more to read. */
export interface Deadline {
  need: number;
  at: number;
  stopped: boolean;
}

/**
 * A deadline `countBudget.ms` from now for a page that ends at the `end`th match: one match
 * past it is read before any stop, so that a count cut short says there are more than the page
 * shows (the desk offers more results while the count is past what it has).
 */
export function countDeadline(end: number): Deadline {
  return { need: end + 1, at: performance.now() + countBudget.ms, stopped: false };
}

/** Rows read between looks at the clock. */
export const CLOCK_EVERY = 32;
