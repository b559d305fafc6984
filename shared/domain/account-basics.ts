/**
 * The desk roles (岗位), who acts and from where, and the password rule, as plain data apart
 * from the account schemas in accounts.ts: the page's first chunk (the sign-in, the error
 * messages) and the command line's archive read them without loading zod, which only what
 * validates needs.
 */
export const DESK_ROLES = ['reporter', 'editor', 'chief', 'layout', 'exporter', 'admin'] as const;
export type DeskRole = (typeof DESK_ROLES)[number];

/** At least 8 characters; any characters (a passphrase in Chinese is fine). */
export const PASSWORD_MIN = 8;

/** Where a call came from: the desktop app, the browser host, the command line. */
export const FRONTS = ['app', 'host', 'cli'] as const;
export type Front = (typeof FRONTS)[number];

/** Who is acting, as the services layer knows them for one call. */
export interface Actor {
  accountId: number;
  name: string;
  roles: readonly DeskRole[];
  /** The byline person this account is (their stories, their figures). */
  personId: number | null;
  front: Front;
}

/** How long a session may sit idle before it ends (minutes), unless the archive says otherwise. */
export const DEFAULT_IDLE_MINUTES = 30;
