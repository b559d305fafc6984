import type { ArticleDraft } from '../../shared/domain/article';
import { articleDraftSchema } from '../../shared/domain/article-schemas';
import type { Furniture, PageGeometry, PlacementStyle } from '../../shared/domain/layout';
import { furnitureListSchema, pageGeometrySchema, placementStyleSchema } from '../../shared/domain/layout-schemas';
import type { HouseProofreading } from '../../shared/proofread/house';
import { houseProofreadingSchema } from '../../shared/proofread/house-schema';

/**
 * What the archive keeps as JSON and reads back (drafts and revisions, a page's geometry and
 * furniture, a placement's style, the house's proofreading), checked against its shape. zod and
 * its schemas load when one is first checked: the command line's listing and search check none
 * (scripts/cli-bundle.mjs makes this module a split point, so it may hand out functions only).
 */

/** A draft as a save, a sign-off or a revision carries it: fields added since filled in; throws on a bad one. */
export function checkedDraft(value: unknown): ArticleDraft {
  return articleDraftSchema.parse(value);
}

/** A page's or a template's geometry; throws on a bad one. */
export function checkedGeometry(value: unknown): PageGeometry {
  return pageGeometrySchema.parse(value);
}

/** Furniture as stored, or undefined where it is damaged. */
export function furnitureIn(value: unknown): Furniture[] | undefined {
  const parsed = furnitureListSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** A placement's style as stored, or undefined where it is damaged. */
export function placementStyleIn(value: unknown): PlacementStyle | undefined {
  const parsed = placementStyleSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The house's proofreading as stored, or undefined where it is damaged. */
export function proofreadingIn(value: unknown): HouseProofreading | undefined {
  const parsed = houseProofreadingSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
