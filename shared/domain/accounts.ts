import * as z from 'zod';
import { DESK_ROLES, PASSWORD_MIN } from './account-basics';

export { DESK_ROLES, FRONTS, PASSWORD_MIN, type Actor, type DeskRole, type Front } from './account-basics';

/**
 * The desk's people as the archive knows them: accounts that sign in, each holding one or more
 * desk roles (岗位). Not to be confused with a byline's roles (记者, 通讯员… in roles.ts), which
 * say what a contributor did for one story; an account is linked to its byline person so that
 * both name the same person.
 */
export const deskRoleSchema = z.enum(DESK_ROLES);

export const accountNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  // Names are printed in trails and messages: no control characters, no line breaks.
  .regex(/^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+$/u);

export const passwordSchema = z.string().min(PASSWORD_MIN).max(200);

export const accountSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  roles: z.array(deskRoleSchema),
  /** The byline person the account is linked to, by name; null when none. */
  person: z.string().nullable(),
  createdAt: z.string(),
  removed: z.boolean(),
});
export type AccountSummary = z.infer<typeof accountSummarySchema>;
