/**
 * Every role a line can have, in the order a story reads (the settings form lists them so).
 * Apart from the typefaces' schemas (typefaces.ts): the command line names them in its help
 * without loading zod.
 */
export const LINE_ROLES = ['column', 'kicker', 'headline', 'deck', 'byline', 'body', 'intertitle', 'caption', 'jump', 'source'] as const;
