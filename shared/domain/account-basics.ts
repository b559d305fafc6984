/**
 * The desk roles (岗位) and the password rule as plain data, apart from the account schemas in
 * accounts.ts: the page's first chunk (the sign-in, the error messages) reads them without
 * loading zod, which only the views that validate need.
 */
export const DESK_ROLES = ['reporter', 'editor', 'chief', 'layout', 'exporter', 'admin'] as const;
export type DeskRole = (typeof DESK_ROLES)[number];

/** At least 8 characters; any characters (a passphrase in Chinese is fine). */
export const PASSWORD_MIN = 8;
