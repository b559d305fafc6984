import type { Actor, DeskRole } from './accounts';
import type { Status, StatusAction } from './status';

/**
 * Who may do what: the newsroom's rules as data, checked in the one services layer every front
 * end passes (the app, the browser host, the command line) and read by the desk to offer only
 * what the signed-in person may do.
 *
 * - Reporters (记者) draft and submit their own stories: ones they created, or whose byline
 *   names them (a co-author is given the story by being on it).
 * - Editors (编辑) edit any story, pass it as edited (已审), return, spike and restore it.
 * - Only the chief editor on duty (值班总编) signs a story off (签发) or withdraws a sign-off.
 * - Only layout staff (版面编辑) change editions, pages and placements; they, a chief editor
 *   or an administrator set the house's typefaces (字体), which every page prints in.
 * - Only exporters (and chief editors) export a page for print.
 * - Administrators manage accounts and the archive (restore, reindex, settings of the desk).
 * - A reporter moves their own draft to the trash (回收站), an editor any story not signed off
 *   or placed; only a chief editor or an administrator empties the trash before its time.
 * Everyone signed in may read.
 */
export type Permission =
  | 'read'
  | 'write'
  | 'submit'
  | 'review'
  | 'sign-off'
  | 'layout'
  | 'export'
  | 'import'
  | 'accounts'
  | 'maintain'
  | 'empty-trash'
  | 'house-rules'
  | 'house-style';

export const GRANTED_BY: Readonly<Record<Permission, readonly DeskRole[]>> = {
  read: ['reporter', 'editor', 'chief', 'layout', 'exporter', 'admin'],
  write: ['reporter', 'editor', 'chief'],
  submit: ['reporter', 'editor', 'chief'],
  review: ['editor', 'chief'],
  'sign-off': ['chief'],
  layout: ['layout'],
  export: ['exporter', 'chief'],
  import: ['editor', 'chief', 'admin'],
  accounts: ['admin'],
  maintain: ['admin'],
  'empty-trash': ['chief', 'admin'],
  /** The newsroom's proofreading rules and word lists. */
  'house-rules': ['chief', 'admin'],
  /** The house's typefaces (字体): the look of every page, the layout desk's and the paper's to choose. */
  'house-style': ['layout', 'chief', 'admin'],
};

/** Allowed, or refused with the roles that would allow it (the message names them). */
export type Decision = { ok: true } | { ok: false; needs: readonly DeskRole[]; frozen?: boolean };

const ALLOW: Decision = { ok: true };

export function hasPermission(actor: Pick<Actor, 'roles'>, permission: Permission): boolean {
  return GRANTED_BY[permission].some((role) => actor.roles.includes(role));
}

export function decide(actor: Pick<Actor, 'roles'>, permission: Permission): Decision {
  return hasPermission(actor, permission) ? ALLOW : { ok: false, needs: GRANTED_BY[permission] };
}

/** What the rules need to know of a story. */
export interface StoryFacts {
  status: Status;
  /**
   * Signed off (签发) in the desk: approved, with the signed text kept. A story imported from
   * printed pages is approved too (it was printed) but was never signed off here.
   */
  signed: boolean;
  /** The account that created it; null for an import or a story from before accounts. */
  createdBy: number | null;
  /** The byline's people. */
  bylinePersonIds: readonly number[];
}

/** Is it this reporter's own story: created by them, or with them in its byline? */
export function isOwnStory(actor: Pick<Actor, 'accountId' | 'personId'>, story: StoryFacts): boolean {
  return story.createdBy === actor.accountId || (actor.personId !== null && story.bylinePersonIds.includes(actor.personId));
}

/**
 * May the actor change the story's text (save, restore a revision)? A signed-off story is
 * frozen for everyone: the sign-off must be withdrawn first. Editors and chief editors edit
 * any other; a reporter their own while it is a draft or waits for review.
 */
export function mayEditStory(actor: Pick<Actor, 'accountId' | 'personId' | 'roles'>, story: StoryFacts): Decision {
  if (story.signed) return { ok: false, needs: GRANTED_BY['sign-off'], frozen: true };
  if (hasPermission(actor, 'review')) return ALLOW;
  if (hasPermission(actor, 'write') && isOwnStory(actor, story) && (story.status === 'draft' || story.status === 'submitted')) return ALLOW;
  return { ok: false, needs: GRANTED_BY.review };
}

/**
 * May the actor put right what an import got wrong in a story (its headline, its pieces), or
 * say it looks right? Editors and chief editors any imported story; a reporter their own (the
 * byline names them), whatever its status: a printed story is approved, and the reporter knows
 * their own text best. A story signed off in the desk is frozen, as for any edit.
 */
export function mayReviewImport(actor: Pick<Actor, 'accountId' | 'personId' | 'roles'>, story: StoryFacts): Decision {
  if (story.signed) return { ok: false, needs: GRANTED_BY['sign-off'], frozen: true };
  if (hasPermission(actor, 'review')) return ALLOW;
  if (hasPermission(actor, 'write') && isOwnStory(actor, story)) return ALLOW;
  return { ok: false, needs: GRANTED_BY.review };
}

/** The permission a status action needs. */
export const ACTION_PERMISSION: Readonly<Record<StatusAction, Permission>> = {
  submit: 'submit',
  edit: 'review',
  return: 'review',
  spike: 'review',
  restore: 'review',
  approve: 'sign-off',
  revoke: 'sign-off',
};

/** May the actor take this status action on the story? A reporter submits only their own. */
export function mayChangeStatus(actor: Pick<Actor, 'accountId' | 'personId' | 'roles'>, action: StatusAction, story: StoryFacts): Decision {
  const permission = ACTION_PERMISSION[action];
  if (!hasPermission(actor, permission)) return { ok: false, needs: GRANTED_BY[permission] };
  if (action === 'submit' && !hasPermission(actor, 'review') && !isOwnStory(actor, story)) return { ok: false, needs: GRANTED_BY.review };
  return ALLOW;
}

/**
 * May the actor move the story to the trash, or take it out again? A reporter their own draft
 * (a story under review is the desk's now); editors and chief editors any story. Whether the
 * story may go at all is `trashBlock`'s to say.
 */
export function mayTrash(actor: Pick<Actor, 'accountId' | 'personId' | 'roles'>, story: StoryFacts): Decision {
  if (hasPermission(actor, 'review')) return ALLOW;
  if (hasPermission(actor, 'write') && isOwnStory(actor, story) && story.status === 'draft') return ALLOW;
  return { ok: false, needs: GRANTED_BY.review };
}

/**
 * Why a story cannot go to the trash, whoever asks: signed off (签发) or printed (an import is
 * approved because it ran), or placed on a page (the page would lose it). Null: it may.
 */
export function trashBlock(story: { status: Status; placed: boolean }): 'signed' | 'placed' | null {
  if (story.status === 'approved') return 'signed';
  return story.placed ? 'placed' : null;
}
