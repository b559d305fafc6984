import * as z from 'zod';
import type { LineRole } from './frame';
import { LINE_ROLES } from './line-roles';
import { TYPEFACES, type RoleType, type TypefaceStyle } from './typefaces';

/**
 * The house's typefaces as the API and the newsroom's protocol check them; apart from
 * typefaces.ts so that reading a stored style (readTypefaces) does not load zod.
 */

export const roleTypeSchema = z.strictObject({ face: z.enum(TYPEFACES), weight: z.union([z.literal(400), z.literal(700)]) });

export const typefaceStyleSchema = z.strictObject(
  Object.fromEntries(LINE_ROLES.map((role) => [role, roleTypeSchema])) as Record<LineRole, typeof roleTypeSchema>,
);

// The shapes check exactly the types the rest of the code uses.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _roleType: Same<z.infer<typeof roleTypeSchema>, RoleType> = true;
const _style: Same<z.infer<typeof typefaceStyleSchema>, TypefaceStyle> = true;
void _roleType;
void _style;
