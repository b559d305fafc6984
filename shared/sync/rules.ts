import type { ErrorCode } from '../api/errors';
import type { DeskRole } from '../domain/accounts';
import {
  GRANTED_BY,
  hasPermission,
  mayChangeStatus,
  mayEditStory,
  mayReviewImport,
  mayTrash,
  trashBlock,
  type Decision,
  type StoryFacts,
} from '../domain/permissions';
import { nextStatus, STATUS_ACTIONS, STATUSES, type Status } from '../domain/status';
import type { ArticleDoc, DocOf, PlacementDoc, RecordKind, RevisionDoc } from './protocol';
import { idOfKey, kindOfKey } from './protocol';

/**
 * The newsroom's rules applied to one record's change, as the server checks every op a desktop
 * pushes: the same permissions the desk checks (shared/domain/permissions.ts), so a desktop
 * cannot push what its user may not do there. Pure: the server passes the record as it holds
 * it, the new document, and for placements the others on the same page and edition.
 */

/** Who pushes: the account behind the session. Records name accounts and byline people by name. */
export interface SyncActor {
  name: string;
  roles: readonly DeskRole[];
  person: { name: string; outlet: string } | null;
}

export type Verdict = { ok: true } | { ok: false; code: ErrorCode; params?: Record<string, string | number> };

/** What the server knows besides the record: the others of a placement's edition, a spiked article's status before. */
export interface ChangeContext {
  /** Every other placement (not this one) in the same edition, with the headline of its article when known. */
  others?: readonly { doc: PlacementDoc; headline: string | null }[];
  /** The status a spiked article was spiked from, by its newest status change; unknown when absent. */
  spikedFrom?: Status | null;
  /** Where an article going to the trash is placed (null: nowhere); unknown when absent. */
  placed?: { date: string; page: number } | null;
}

type AnyDoc = DocOf[RecordKind];

const OK: Verdict = { ok: true };
const refuse = (code: ErrorCode, params?: Record<string, string | number>): Verdict =>
  params ? { ok: false, code, params } : { ok: false, code };
const denied = (needs: readonly DeskRole[]): Verdict => refuse('PERMISSION_DENIED', { roles: needs.join(',') });
const fromDecision = (d: Decision): Verdict => (d.ok ? OK : d.frozen ? refuse('ARTICLE_SIGNED') : denied(d.needs));

/** Same JSON value (key order aside). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(rb, k) && sameJson(ra[k], rb[k]));
}

const sameName = (a: string | null, b: string | null): boolean =>
  a !== null && b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The permission rules speak of account and person ids; records name them. The actor is
 * account 1 and person 1; a story's creator is 1 when it names the actor, its byline holds
 * person 1 when one of its entries is the actor's person (name and outlet).
 */
const ME = 1;
const OTHER = 2;
function actorFacts(actor: SyncActor): { accountId: number; personId: number | null; roles: readonly DeskRole[] } {
  return { accountId: ME, personId: actor.person ? ME : null, roles: actor.roles };
}
function storyFacts(actor: SyncActor, doc: ArticleDoc): StoryFacts {
  const person = actor.person;
  const mine =
    person !== null &&
    doc.draft.byline.some((e) => e.name.trim() === person.name.trim() && (e.outlet ?? '').trim() === person.outlet.trim());
  return {
    status: doc.status,
    signed: isSigned(doc),
    createdBy: doc.createdBy === null ? null : sameName(doc.createdBy, actor.name) ? ME : OTHER,
    bylinePersonIds: mine ? [ME] : [],
  };
}

/** Signed off in the desk: approved with the signed text kept (an import is approved but never signed). */
const isSigned = (doc: ArticleDoc): boolean => doc.status === 'approved' && doc.signedRevision !== null;

/**
 * Can the actor take `from` to `to` by status actions they may each take? Desktops coalesce
 * what was done offline, so an edit and a sign-off arrive as one record. Restoring a spiked
 * story returns it to the status it was spiked from: `spikedFrom`, as the newest status change
 * says, when the server has it; unknown, any live status (approved only for a chief). A story
 * spiked and restored within one record is back where it was: no step forward.
 */
function statusPathAllowed(actor: SyncActor, facts: StoryFacts, from: Status, to: Status, spikedFrom?: Status | null): boolean {
  if (from === to) return true;
  const me = actorFacts(actor);
  const seen = new Set<Status>([from]);
  const queue: Status[] = [from];
  while (queue.length) {
    const at = queue.shift()!;
    for (const action of STATUS_ACTIONS) {
      if (!mayChangeStatus(me, action, { ...facts, status: at }).ok) continue;
      let targets: Status[];
      if (at === 'spiked' && action === 'restore') {
        if (at !== from) continue;
        if (spikedFrom) targets = [nextStatus('spiked', 'restore', spikedFrom)!];
        else targets = STATUSES.filter((s) => s !== 'spiked' && (s !== 'approved' || hasPermission(actor, 'sign-off')));
      } else targets = [nextStatus(at, action)].filter((s): s is Status => s !== null);
      for (const next of targets) {
        if (next === to) return true;
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
  }
  return false;
}

/**
 * Into the trash or out of it: the desk's rules (a reporter their own draft, an editor any
 * story), and into it only what is neither signed off nor printed nor placed on a page. While
 * it stays in the trash a story changes no further. Purging is each desk's own and never a
 * record: an article record is never deleted.
 */
function checkTrash(actor: SyncActor, current: ArticleDoc | null, next: ArticleDoc, context: ChangeContext | undefined): Verdict {
  const was = current?.deletedAt !== undefined;
  const is = next.deletedAt !== undefined;
  if (was && is) {
    const unchanged = current !== null && sameJson(current.draft, next.draft) && current.status === next.status;
    return unchanged ? OK : refuse('ARTICLE_TRASHED');
  }
  if (was === is) return OK;
  const facts = storyFacts(actor, current ?? next);
  // A piece of an imported page joined into the story it belongs to goes to the trash, printed
  // or not, by whoever may put that import right (electron/archive/import-review.ts).
  const joinedImport = next.origin !== null && !isSigned(next) && mayReviewImport(actorFacts(actor), facts).ok;
  const may = mayTrash(actorFacts(actor), facts);
  if (!may.ok && !joinedImport) return fromDecision(may);
  if (!is) return OK;
  if (next.deletedBy != null && !sameName(next.deletedBy, actor.name)) return refuse('WRONG_AUTHOR', { name: next.deletedBy });
  const placed = context?.placed ?? null;
  const block = trashBlock({ status: next.status, placed: placed !== null });
  if (block === 'signed' && !joinedImport) return refuse('TRASH_SIGNED');
  if (placed) return refuse('TRASH_PLACED', { date: placed.date, page: placed.page });
  return OK;
}

function checkArticle(actor: SyncActor, current: ArticleDoc | null, next: ArticleDoc | null, context?: ChangeContext): Verdict {
  if (next === null) return refuse('RECORD_NOT_DELETABLE');
  const trash = checkTrash(actor, current, next, context);
  if (!trash.ok) return trash;
  const spikedFrom = context?.spikedFrom;
  if (current === null) {
    const permission = next.origin ? 'import' : 'write';
    if (!hasPermission(actor, permission)) return denied(GRANTED_BY[permission]);
    if (next.createdBy !== null && !sameName(next.createdBy, actor.name)) return refuse('WRONG_AUTHOR', { name: next.createdBy });
    // An import arrives in whatever status it was printed in; a new story starts as a draft.
    if (!next.origin && !statusPathAllowed(actor, storyFacts(actor, next), 'draft', next.status))
      return refuse('STATUS_NOT_ALLOWED', { status: next.status });
    if (isSigned(next) && !hasPermission(actor, 'sign-off')) return denied(GRANTED_BY['sign-off']);
    return OK;
  }
  if (current.createdBy !== next.createdBy) return refuse('WRONG_AUTHOR', { name: next.createdBy ?? '' });
  const facts = storyFacts(actor, current);
  if (!sameJson(current.draft, next.draft)) {
    const edit = mayEditStory(actorFacts(actor), facts);
    // An imported story's text is put right by whoever may review its import (a reporter their own).
    const fixesImport = current.origin !== null && mayReviewImport(actorFacts(actor), facts).ok;
    // A chief editor may change a signed story's text while withdrawing or re-signing it.
    const chiefResigns =
      edit.ok === false &&
      edit.frozen === true &&
      hasPermission(actor, 'sign-off') &&
      (!isSigned(next) || next.signedRevision !== current.signedRevision);
    if (!edit.ok && !chiefResigns && !fixesImport) return fromDecision(edit);
  }
  // The edition a story was printed in is an imported story's alone, given by whoever may
  // review its import (the desk's import-dating.ts): the desk dates nothing else.
  if (current.editionDate !== next.editionDate || current.page !== next.page) {
    if (current.origin === null) return refuse('IMPORT_FIX_NOT_IMPORTED');
    const dating = mayReviewImport(actorFacts(actor), facts);
    if (!dating.ok) return fromDecision(dating);
  }
  if (!statusPathAllowed(actor, facts, current.status, next.status, spikedFrom))
    return refuse('STATUS_NOT_ALLOWED', { status: current.status });
  if (next.signedRevision !== current.signedRevision && next.signedRevision !== null && !hasPermission(actor, 'sign-off'))
    return denied(GRANTED_BY['sign-off']);
  return OK;
}

/** Revisions, status changes and audit entries: written once by whoever made them, never rewritten. */
function checkHistory(actor: SyncActor, kind: 'revision' | 'status' | 'audit', current: AnyDoc | null, next: AnyDoc | null): Verdict {
  if (current !== null && sameJson(current, next)) return OK;
  if (next === null) return refuse('RECORD_APPEND_ONLY');
  const by = (next as { by: string | null }).by;
  if (by !== null && !sameName(by, actor.name)) return refuse('WRONG_AUTHOR', { name: by });
  if (current === null) return OK;
  // An open revision is the author's editing burst: they send it again as it grows.
  if (kind === 'revision' && (current as RevisionDoc).open && (current as RevisionDoc).by === by) return OK;
  return refuse('RECORD_APPEND_ONLY');
}

/** Rectangles on the grid: columns across, body lines down. */
function overlaps(a: PlacementDoc['placement'], b: PlacementDoc['placement']): boolean {
  return a.column < b.column + b.span && b.column < a.column + a.span && a.top < b.top + b.depth && b.top < a.top + a.depth;
}

function checkPlacement(next: PlacementDoc | null, context: ChangeContext | undefined): Verdict {
  if (next === null || !context) return OK;
  for (const other of context.others ?? []) {
    if (other.doc.date !== next.date) continue;
    // A story begins once in an edition; its further parts (转版) go on with it.
    if (other.doc.placement.articleId === next.placement.articleId && !other.doc.placement.continues && !next.placement.continues)
      return refuse('ARTICLE_ALREADY_PLACED', { page: other.doc.page, headline: other.headline ?? '' });
    if (other.doc.page === next.page && overlaps(other.doc.placement, next.placement))
      return refuse('PLACEMENT_OVERLAP', { headline: other.headline ?? '' });
  }
  return OK;
}

/** May the actor change the record at `key` from `current` to `next` (null: deleted)? */
export function checkChange(actor: SyncActor, key: string, current: AnyDoc | null, next: AnyDoc | null, context?: ChangeContext): Verdict {
  const kind = kindOfKey(key);
  if (kind === null) return refuse('INVALID_INPUT', { issue: key });
  // An administrator joining a desktop brings its archive into the newsroom: stories, history
  // and pages written by anyone, as they stand. Only what is new to the server; what the
  // newsroom already holds changes by the rules alone.
  if (current === null && next !== null && kind !== 'account' && hasPermission(actor, 'accounts'))
    return kind === 'placement' ? checkPlacement(next as PlacementDoc, context) : OK;
  switch (kind) {
    case 'account':
      return refuse('RECORD_READ_ONLY');
    case 'article':
      return checkArticle(actor, current as ArticleDoc | null, next as ArticleDoc | null, context);
    case 'revision':
    case 'status':
    case 'audit':
      return checkHistory(actor, kind, current, next);
    case 'setting': {
      const name = idOfKey(key);
      // A record holds the setting its key names, and no other.
      if (next !== null && !(name in next)) return refuse('INVALID_INPUT', { issue: key });
      // The house's proofreading rules bind every editor: the chief editor's or an administrator's;
      // its typefaces are the look of every page: layout staff's too.
      const permission = name === 'typefaces' ? 'house-style' : 'house-rules';
      return hasPermission(actor, permission) ? OK : denied(GRANTED_BY[permission]);
    }
    case 'template':
      // A record holds the template its key names.
      if (next !== null && (next as { name: string }).name !== idOfKey(key)) return refuse('INVALID_INPUT', { issue: key });
      return hasPermission(actor, 'layout') ? OK : denied(GRANTED_BY.layout);
    case 'edition':
    case 'page':
    case 'placement': {
      if (!hasPermission(actor, 'layout')) return denied(GRANTED_BY.layout);
      return kind === 'placement' ? checkPlacement(next as PlacementDoc | null, context) : OK;
    }
  }
}
