/**
 * A newsroom's own proofreading (本报校对规则): the rules it switches off, and the wrong words and
 * words to avoid it adds to the lists that ship with Banmian. Kept in the archive's settings and
 * read by the editor, the command line and the export preflight alike.
 */
import type * as z from 'zod';
import type { ProofreadOptions } from './check';
import type { houseProofreadingSchema } from './house-schema';
import { houseList } from './words';

export type HouseProofreading = z.infer<typeof houseProofreadingSchema>;

export const DEFAULT_HOUSE_PROOFREADING: HouseProofreading = { off: [], typos: [], avoid: [] };

/** The checker's options for a newsroom's settings; the shipped lists stand alone when it adds nothing. */
export function houseOptions(house: HouseProofreading): ProofreadOptions {
  return {
    off: house.off,
    ...(house.typos.length ? { typos: houseList('typo', house.typos) } : {}),
    ...(house.avoid.length ? { avoidWords: houseList('avoid', house.avoid) } : {}),
  };
}

/**
 * The pairs typed into the settings form, one a line as `wrong → right` (or `wrong right`, or
 * `wrong,right`); blank lines skipped. Lines that are not a pair come back by number so the form
 * can say which.
 */
export function parseHousePairs(text: string): { pairs: { wrong: string; right: string }[]; bad: number[] } {
  const pairs: { wrong: string; right: string }[] = [];
  const bad: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (!trimmed) return;
    const parts = trimmed
      .split(/\s*(?:→|->|=>|[,，\t]|\s)\s*/u)
      .map((p) => p.trim())
      .filter(Boolean);
    if (parts.length !== 2 || parts[0]!.length > 50 || parts[1]!.length > 50) bad.push(i + 1);
    else pairs.push({ wrong: parts[0]!, right: parts[1]! });
  });
  return { pairs, bad };
}

/** The pairs as the settings form shows them, one a line. */
export function formatHousePairs(pairs: readonly { wrong: string; right: string }[]): string {
  return pairs.map((p) => `${p.wrong} → ${p.right}`).join('\n');
}
