import * as z from 'zod';
import { PROOFREAD_RULES } from './finding';

/**
 * A newsroom's own proofreading as the API, the newsroom's protocol and the archive's settings
 * check it; apart from house.ts, whose type it gives, so that the proofreader does not load zod.
 */

const word = z.string().trim().min(1).max(50);
const housePairSchema = z.object({ wrong: word, right: word });

export const houseProofreadingSchema = z.object({
  off: z.array(z.enum(PROOFREAD_RULES)).max(PROOFREAD_RULES.length),
  typos: z.array(housePairSchema).max(5_000),
  avoid: z.array(housePairSchema).max(5_000),
});
