import { diffChars as jsDiffChars } from 'diff';

export type DiffKind = 'same' | 'inserted' | 'deleted';

/** A stretch of text that both versions share, or that only the later one has, or only the earlier. */
export interface DiffRun {
  kind: DiffKind;
  text: string;
}

/**
 * Beyond this many characters deleted and inserted, a text counts as rewritten and is shown as
 * all deleted and all inserted: the cost of Myers' diff grows with the edits, and a comparison
 * of two unrelated texts character by character helps nobody read them.
 */
const MAX_EDITS = 1000;

const length = (s: string) => [...s].length;

/**
 * Each stretch of changes as one deletion then one insertion, and neighbouring shared text as
 * one run: 共有12[6→8]个, not a deletion and an insertion in either order or split in pieces.
 */
function regroup(runs: readonly DiffRun[]): DiffRun[] {
  const out: DiffRun[] = [];
  let deleted = '';
  let inserted = '';
  const flush = () => {
    if (deleted) out.push({ kind: 'deleted', text: deleted });
    if (inserted) out.push({ kind: 'inserted', text: inserted });
    deleted = '';
    inserted = '';
  };
  for (const run of runs) {
    if (!run.text) continue;
    if (run.kind === 'deleted') deleted += run.text;
    else if (run.kind === 'inserted') inserted += run.text;
    else {
      flush();
      const last = out.at(-1);
      if (last?.kind === 'same') last.text += run.text;
      else out.push({ ...run });
    }
  }
  flush();
  return out;
}

/** The longer side (deleted or inserted) of the change that runs from `from` in the direction `step`. */
function changeSize(runs: readonly DiffRun[], from: number, step: 1 | -1): number {
  let deleted = 0;
  let inserted = 0;
  for (let j = from; j >= 0 && j < runs.length && runs[j]!.kind !== 'same'; j += step) {
    if (runs[j]!.kind === 'deleted') deleted += length(runs[j]!.text);
    else inserted += length(runs[j]!.text);
  }
  return Math.max(deleted, inserted);
}

/**
 * A character diff of a rewritten sentence keeps every 的, 了 and 。 the two versions happen to
 * share, and reads as confetti. As diff-match-patch's semantic clean-up does, a shared stretch
 * no longer than the changes on both sides of it is taken as changed too (one at a time: each
 * such merge widens the changes beside the next).
 */
function mergeSmallSame(grouped: DiffRun[]): DiffRun[] {
  let runs = grouped;
  for (;;) {
    const i = runs.findIndex((run, j) => {
      if (run.kind !== 'same' || j === 0 || j === runs.length - 1) return false;
      const n = length(run.text);
      return n <= changeSize(runs, j - 1, -1) && n <= changeSize(runs, j + 1, 1);
    });
    if (i === -1) return runs;
    const { text } = runs[i]!;
    runs = regroup([...runs.slice(0, i), { kind: 'deleted', text }, { kind: 'inserted', text }, ...runs.slice(i + 1)]);
  }
}

/**
 * What changed from `before` to `after`, character by character (Unicode code points, so a
 * character outside the BMP is never split), as runs in reading order: each change a deletion
 * followed by its insertion. jsdiff (Myers' algorithm) finds the changes.
 */
export function diffChars(before: string, after: string): DiffRun[] {
  if (before === after) return before ? [{ kind: 'same', text: before }] : [];
  const changes = jsDiffChars(before, after, { maxEditLength: MAX_EDITS });
  if (!changes) {
    return regroup([
      { kind: 'deleted', text: before },
      { kind: 'inserted', text: after },
    ]);
  }
  const runs = changes.map((c): DiffRun => ({ kind: c.added ? 'inserted' : c.removed ? 'deleted' : 'same', text: c.value }));
  return mergeSmallSame(regroup(runs));
}
