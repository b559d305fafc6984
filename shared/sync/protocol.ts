import * as z from 'zod';
import { articleDraftSchema, importOriginSchema, statusSchema } from '../domain/article-schemas';
import { accountNameSchema, deskRoleSchema, FRONTS } from '../domain/accounts';
import { furnitureListSchema, pageGeometrySchema, placementSchema } from '../domain/layout-schemas';
import { houseProofreadingSchema } from '../proofread/house-schema';
import { typefaceStyleSchema } from '../typeset/typeface-schemas';

/**
 * The newsroom's sync protocol: what desktops and the newsroom server say to each other.
 *
 * Everything that syncs is a *record*: a key that names it across the newsroom and a JSON
 * document holding its whole state (or null once deleted). The server keeps each record's
 * newest document with a version (bumped by every accepted change) and a place in one global
 * sequence; a desktop pushes the records it changed, in the order it first changed them, and
 * pulls every record whose sequence is past its cursor. Whole states rather than operations:
 * a record pushed twice is the same record, and a desktop offline for a day sends each story
 * once however often it was saved.
 *
 * Keys:
 *   article:<uuid>            an article's head (text, byline, photos, status)
 *   revision:<uid>            one revision (a burst of saves, a conflict, a signed text)
 *   status:<uid>              one status change, with who, from where and why
 *   audit:<uid>               one entry of the audit trail
 *   edition:<YYYY-MM-DD>      an edition's header
 *   page:<YYYY-MM-DD>/<n>     a page of an edition: section, editor, grid
 *   placement:<id>            a story on a page's grid (null when taken off)
 *   account:<name>            an account (server → desktops only; desktops never push one)
 * A uid is `<device id>.<local row id>`, made by the desktop that wrote the row.
 *
 * HTTP, JSON bodies, `Authorization: Bearer <token>` on everything but sign-in and set-up:
 *   POST   /api/setup            {name, password}          → session   (only while no account exists; the first is admin)
 *   POST   /api/session          {name, password, device, deviceName?}  → session
 *   DELETE /api/session                                     → {}
 *   GET    /api/accounts                                    → {accounts}
 *   POST   /api/accounts         accountInput               → {account}     (admin)
 *   PATCH  /api/accounts/<name>  accountPatch               → {account}     (admin)
 *   POST   /api/sync/push        pushRequest                → pushResponse
 *   GET    /api/sync/pull?since=<seq>&limit=<n>             → pullResponse
 *   POST   /api/images/missing   {hashes}                   → {missing}
 *   PUT    /api/images/<sha256>  raw bytes, Content-Type image/* → {}
 *   GET    /api/images/<sha256>                             → raw bytes
 *   POST   /api/locks            {articleId, takeOver?}     → lockResponse
 *   DELETE /api/locks/<articleId>                           → {}
 *   GET    /api/locks/<articleId>                           → {lock|null}
 *   GET    /api/live  (WebSocket upgrade)                   → liveMessage…
 * Errors: any non-2xx answer has the body `{error: {code, params?}}`, the code one of the
 * desk's error codes (shared/api/errors.ts), so the desktop translates it.
 */

export const PROTOCOL_VERSION = 1;

/** How long a check-out lasts without being renewed; a desk renews while the story is open. */
export const LOCK_TTL_MS = 5 * 60_000;
export const LOCK_RENEW_MS = 60_000;

/** At most this many records in one pull answer, and ops in one push. */
export const PULL_LIMIT_MAX = 1000;
export const PUSH_OPS_MAX = 500;
/** A JSON request body (a push) is at most this large; a desktop splits a larger push. */
export const REQUEST_BYTES_MAX = 32 * 1024 * 1024;
/** Image uploads are capped like the desk's own photo import. */
export const IMAGE_BYTES_MAX = 40 * 1024 * 1024;

const iso = z.string().min(10).max(40);
const uid = z.string().regex(/^[0-9a-f-]{8,64}\.\d{1,15}$/);
const articleId = z.string().min(1).max(64);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const byName = accountNameSchema.nullable();
const front = z.enum(FRONTS).nullable();

export const deviceIdSchema = z.string().regex(/^[0-9a-f-]{8,64}$/);

export const articleDocSchema = z.strictObject({
  id: articleId,
  status: statusSchema,
  draft: articleDraftSchema,
  createdAt: iso,
  updatedAt: iso,
  createdBy: byName,
  updatedBy: byName,
  /** The `revision:` key's uid holding the signed text; null if never signed off. */
  signedRevision: uid.nullable(),
  editionDate: date.nullable(),
  page: z.number().int().nullable(),
  /**
   * Where an imported article came from, with the page file's hash (a second import of the same
   * file is a duplicate anywhere) and the 第N期 and 总第N期 its page prints: absent where it
   * prints none, so that the record of a page without them reads as before.
   */
  origin: importOriginSchema
    .extend({
      fileHash: z.string().regex(/^[0-9a-f]{64}$/),
      issue: z.number().int().optional(),
      totalIssue: z.number().int().optional(),
    })
    .nullable(),
  needsReview: z.boolean(),
  /**
   * In the trash (回收站) since, and who put it there. Absent, not null, when it is not: a record
   * of a story never trashed reads as before the trash, to desks and servers that predate it.
   */
  deletedAt: iso.optional(),
  deletedBy: byName.optional(),
});
export type ArticleDoc = z.infer<typeof articleDocSchema>;

export const revisionDocSchema = z.strictObject({
  articleId,
  reason: z.enum(['created', 'edit', 'restore', 'conflict', 'signed']),
  /** True while an editing burst still writes into it: the same author may send it again. */
  open: z.boolean(),
  headline: z.string().max(2000),
  chars: z.number().int().min(0),
  draft: articleDraftSchema,
  createdAt: iso,
  updatedAt: iso,
  by: byName,
});
export type RevisionDoc = z.infer<typeof revisionDocSchema>;

export const statusDocSchema = z.strictObject({
  articleId,
  from: statusSchema.nullable(),
  to: statusSchema,
  at: iso,
  by: byName,
  front,
  reason: z.string().max(2000).nullable(),
});
export type StatusDoc = z.infer<typeof statusDocSchema>;

const detailValue = z.union([z.string().max(4000), z.number(), z.boolean(), z.null()]);
export const auditDocSchema = z.strictObject({
  at: iso,
  by: byName,
  front,
  action: z.string().min(1).max(60),
  articleId: articleId.nullable(),
  editionDate: date.nullable(),
  page: z.number().int().nullable(),
  detail: z.record(z.string().max(60), detailValue),
});
export type AuditDoc = z.infer<typeof auditDocSchema>;

export const editionDocSchema = z.strictObject({
  date,
  number: z.number().int().min(1).max(100_000),
  totalNumber: z.number().int().min(1).max(10_000_000),
  paper: z.string().min(1).max(40),
  createdAt: iso,
  updatedAt: iso,
});
export type EditionDoc = z.infer<typeof editionDocSchema>;

export const pageDocSchema = z.strictObject({
  date,
  number: z.number().int().min(1).max(200),
  section: z.string().max(40),
  editor: z.string().max(40),
  geometry: pageGeometrySchema,
  /** Absent from desks before furniture: the page keeps none. */
  furniture: furnitureListSchema.optional(),
  updatedAt: iso,
});
export type PageDoc = z.infer<typeof pageDocSchema>;

export const placementDocSchema = z.strictObject({
  date,
  page: z.number().int().min(1).max(200),
  placement: placementSchema,
});
export type PlacementDoc = z.infer<typeof placementDocSchema>;

export const accountDocSchema = z.strictObject({
  name: accountNameSchema,
  roles: z.array(deskRoleSchema).min(1),
  /** The byline person the account is. */
  person: z.strictObject({ name: z.string().min(1).max(40), outlet: z.string().max(100) }).nullable(),
  /** The scrypt hash, so the desk signs people in while offline; never a password. */
  password: z.string().regex(/^scrypt\$/),
  createdAt: iso,
  removed: z.boolean(),
});
export type AccountDoc = z.infer<typeof accountDocSchema>;

/**
 * A setting of the whole newsroom, one record each: its own proofreading rules (本报校对规则,
 * `setting:proofreading`) or the house's typefaces (字体, `setting:typefaces`). The record holds
 * the one field its key names.
 */
export const settingDocSchema = z.union([
  z.strictObject({ proofreading: houseProofreadingSchema }),
  z.strictObject({ typefaces: typefaceStyleSchema }),
]);
export type SettingDoc = z.infer<typeof settingDocSchema>;

/** A page template (版式模板) of the house: a page's grid, 版名 and furniture under a name (null when removed). */
export const templateDocSchema = z.strictObject({
  name: z.string().trim().min(1).max(40),
  section: z.string().max(40),
  geometry: pageGeometrySchema,
  furniture: furnitureListSchema,
  createdAt: iso,
});
export type TemplateDoc = z.infer<typeof templateDocSchema>;

export const RECORD_KINDS = [
  'article',
  'revision',
  'status',
  'audit',
  'edition',
  'page',
  'placement',
  'account',
  'setting',
  'template',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const DOC_SCHEMAS = {
  article: articleDocSchema,
  revision: revisionDocSchema,
  status: statusDocSchema,
  audit: auditDocSchema,
  edition: editionDocSchema,
  page: pageDocSchema,
  placement: placementDocSchema,
  account: accountDocSchema,
  setting: settingDocSchema,
  template: templateDocSchema,
} as const satisfies Record<RecordKind, z.ZodType>;

export interface DocOf {
  article: ArticleDoc;
  revision: RevisionDoc;
  status: StatusDoc;
  audit: AuditDoc;
  edition: EditionDoc;
  page: PageDoc;
  placement: PlacementDoc;
  account: AccountDoc;
  setting: SettingDoc;
  template: TemplateDoc;
}

const KEY_PATTERNS: Record<RecordKind, RegExp> = {
  article: /^article:[0-9A-Za-z-]{1,64}$/,
  revision: /^revision:[0-9a-f-]{8,64}\.\d{1,15}$/,
  status: /^status:[0-9a-f-]{8,64}\.\d{1,15}$/,
  audit: /^audit:[0-9a-f-]{8,64}\.\d{1,15}$/,
  edition: /^edition:\d{4}-\d{2}-\d{2}$/,
  page: /^page:\d{4}-\d{2}-\d{2}\/\d{1,3}$/,
  placement: /^placement:[^\s/]{1,64}$/,
  account: /^account:.{1,40}$/u,
  setting: /^setting:(?:proofreading|typefaces)$/,
  template: /^template:\S(?:.{0,38}\S)?$/u,
};

/** The kind of a well-formed key, or null. */
export function kindOfKey(key: string): RecordKind | null {
  const kind = key.slice(0, key.indexOf(':')) as RecordKind;
  const pattern = KEY_PATTERNS[kind] as RegExp | undefined;
  return pattern?.test(key) ? kind : null;
}

/** The part of a key after its kind: an article's id, a page's `date/n`, a revision's uid. */
export const idOfKey = (key: string): string => key.slice(key.indexOf(':') + 1);

/** Parses a document of the key's kind (null stays null: a deletion). Throws a ZodError. */
export function parseDoc(key: string, doc: unknown): DocOf[RecordKind] | null {
  const kind = kindOfKey(key);
  if (!kind) throw new Error(`not a record key: ${key}`);
  if (doc === null) return null;
  return DOC_SCHEMAS[kind].parse(doc);
}

/**
 * One change pushed: the record's whole new state. `id` makes the push idempotent: the server
 * remembers the outcome of every op id it applied and answers a repeat with it. `base` is the
 * record's version as this desktop last saw it from the server (0: it has never seen it).
 */
export const pushOpSchema = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{32}$/),
  key: z.string().min(3).max(200),
  base: z.number().int().min(0),
  doc: z.unknown(),
});
export type PushOp = z.infer<typeof pushOpSchema>;

export const pushRequestSchema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  device: deviceIdSchema,
  ops: z.array(pushOpSchema).min(1).max(PUSH_OPS_MAX),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

/** A record as the server holds it. `doc` null: deleted (a placement taken off). */
export interface ServerRecord {
  key: string;
  version: number;
  seq: number;
  doc: unknown;
  /** Who last changed it and on which desktop (null for the server's own records). */
  by: string | null;
  device: string | null;
  /** The machine's name as it signed in (its host name), for the desk to say where. */
  deviceName?: string | null;
  at: string;
}

/**
 * What became of one op:
 * - applied: the server holds it now, at `version`;
 * - conflict: someone changed the record since `base` (the server kept theirs, sent back);
 * - refused: the pusher may not make this change, or it breaks a rule (a placement that
 *   overlaps another on the page); `current` is the server's record when there is one.
 * Ops are applied in order; one refused or in conflict does not stop the ones after it.
 */
export type OpOutcome =
  | { id: string; key: string; outcome: 'applied'; version: number; seq: number }
  | { id: string; key: string; outcome: 'conflict'; current: ServerRecord }
  | { id: string; key: string; outcome: 'refused'; code: string; params?: Record<string, string | number>; current: ServerRecord | null };

export interface PushResponse {
  results: OpOutcome[];
}

export interface PullResponse {
  records: ServerRecord[];
  /** The cursor for the next pull: the highest seq in `records`, or `since` when there were none. */
  next: number;
  more: boolean;
}

export interface SessionResponse {
  token: string;
  account: { name: string; roles: string[] };
  /** The server's own id, so a desktop notices being pointed at another newsroom. */
  server: string;
}

export interface LockInfo {
  articleId: string;
  /** The account editing it, and on which desktop. */
  name: string;
  device: string;
  /** The machine's name as it signed in. */
  deviceName?: string | null;
  since: string;
  renewedAt: string;
}

export interface LockResponse {
  lock: LockInfo;
  /** True when the lock is the caller's (taken now, renewed, or taken over). */
  mine: boolean;
  /** Set when taking over: whom it was taken from. */
  tookFrom?: LockInfo;
}

/** Server → desktop over the WebSocket. */
export type LiveMessage =
  | { type: 'hello'; seq: number; server: string }
  | { type: 'changed'; seq: number }
  | { type: 'lock'; articleId: string; lock: LockInfo | null; tookFrom?: LockInfo };

export const accountInputSchema = z.strictObject({
  name: accountNameSchema,
  password: z.string().min(8).max(200),
  roles: z.array(deskRoleSchema).min(1),
  person: z
    .strictObject({ name: z.string().min(1).max(40), outlet: z.string().max(100) })
    .nullable()
    .optional(),
});
export const accountPatchSchema = z.strictObject({
  password: z.string().min(8).max(200).optional(),
  roles: z.array(deskRoleSchema).min(1).optional(),
  person: z
    .strictObject({ name: z.string().min(1).max(40), outlet: z.string().max(100) })
    .nullable()
    .optional(),
  removed: z.boolean().optional(),
});
