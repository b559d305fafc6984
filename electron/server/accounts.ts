import { ApiError } from '../../shared/api/errors';
import { DESK_ROLES, type DeskRole } from '../../shared/domain/accounts';
import type { AccountDoc } from '../../shared/sync/protocol';
import type { SyncActor } from '../../shared/sync/rules';
import { decoyHash, hashPassword, verifyPassword } from '../accounts/passwords';
import { serializeWrites, writeRecord } from './records';
import type { SqlClient, SqlQuery } from './sql';

/**
 * The newsroom's accounts. Desktops learn them as `account:<name>` records (with the password
 * hash, so a desk signs people in while offline), written whenever an account changes.
 */

export interface AccountRow {
  id: number;
  name: string;
  roles: DeskRole[];
  person: { name: string; outlet: string } | null;
  password: string;
  createdAt: string;
  removed: boolean;
  failures: number;
  failedAt: string | null;
}

export interface AccountView {
  name: string;
  roles: DeskRole[];
  person: { name: string; outlet: string } | null;
  createdAt: string;
  removed: boolean;
}

interface Row {
  id: number | string;
  name: string;
  roles: string[];
  person_name: string | null;
  person_outlet: string | null;
  password: string;
  created_at: Date | string;
  removed_at: Date | string | null;
  failures: number;
  failed_at: Date | string | null;
}

const iso = (at: Date | string): string => (at instanceof Date ? at : new Date(at)).toISOString();

function toAccount(row: Row): AccountRow {
  return {
    id: Number(row.id),
    name: row.name,
    roles: DESK_ROLES.filter((r) => row.roles.includes(r)),
    person: row.person_name === null ? null : { name: row.person_name, outlet: row.person_outlet ?? '' },
    password: row.password,
    createdAt: iso(row.created_at),
    removed: row.removed_at !== null,
    failures: Number(row.failures),
    failedAt: row.failed_at === null ? null : iso(row.failed_at),
  };
}

export const viewOf = (a: AccountRow): AccountView => ({
  name: a.name,
  roles: a.roles,
  person: a.person,
  createdAt: a.createdAt,
  removed: a.removed,
});
export const actorOf = (a: AccountRow): SyncActor => ({ name: a.name, roles: a.roles, person: a.person });

const docOf = (a: AccountRow): AccountDoc => ({
  name: a.name,
  roles: a.roles,
  person: a.person,
  password: a.password,
  createdAt: a.createdAt,
  removed: a.removed,
});

export async function accountByName(db: SqlQuery, name: string): Promise<AccountRow | null> {
  const [row] = await db.query<Row>('SELECT * FROM accounts WHERE lower(name) = lower($1)', [name.trim()]);
  return row ? toAccount(row) : null;
}

export async function accountById(db: SqlQuery, id: number): Promise<AccountRow | null> {
  const [row] = await db.query<Row>('SELECT * FROM accounts WHERE id = $1', [id]);
  return row ? toAccount(row) : null;
}

export async function listAccounts(db: SqlQuery): Promise<AccountView[]> {
  const rows = await db.query<Row>('SELECT * FROM accounts ORDER BY lower(name)');
  return rows.map((r) => viewOf(toAccount(r)));
}

/** Publishes the account to desktops: its record, with a new place in the sequence. */
async function publish(tx: SqlQuery, id: number, by: string | null): Promise<AccountRow> {
  const account = (await accountById(tx, id))!;
  await writeRecord(tx, `account:${account.name}`, 'account', docOf(account), by, null);
  return account;
}

export interface NewAccount {
  name: string;
  password: string;
  roles: readonly DeskRole[];
  person?: { name: string; outlet: string } | null | undefined;
}

async function insert(tx: SqlQuery, input: NewAccount, roles: readonly DeskRole[], by: string | null): Promise<AccountRow> {
  if (await accountByName(tx, input.name)) throw new ApiError('ACCOUNT_EXISTS', { name: input.name.trim() });
  const hash = await hashPassword(input.password);
  const [row] = await tx.query<{ id: number | string }>(
    `INSERT INTO accounts (name, roles, person_name, person_outlet, password) VALUES ($1, $2::text[], $3, $4, $5) RETURNING id`,
    [input.name.trim(), [...roles], input.person?.name ?? null, input.person ? input.person.outlet : null, hash],
  );
  return publish(tx, Number(row!.id), by);
}

/** The newsroom's first account, its administrator (with any other roles asked for). Only while there is none. */
export async function setup(db: SqlClient, input: NewAccount): Promise<AccountRow> {
  return db.transaction(async (tx) => {
    await serializeWrites(tx);
    const [row] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM accounts');
    if (row && row.n > 0) throw new ApiError('SETUP_DONE');
    const roles = DESK_ROLES.filter((r) => r === 'admin' || input.roles.includes(r));
    return insert(tx, input, roles, null);
  });
}

export async function addAccount(db: SqlClient, input: NewAccount, by: string): Promise<AccountRow> {
  return db.transaction(async (tx) => {
    await serializeWrites(tx);
    return insert(
      tx,
      input,
      DESK_ROLES.filter((r) => input.roles.includes(r)),
      by,
    );
  });
}

export interface AccountPatch {
  password?: string | undefined;
  roles?: readonly DeskRole[] | undefined;
  person?: { name: string; outlet: string } | null | undefined;
  removed?: boolean | undefined;
}

/** Changes an account; the newsroom keeps at least one administrator. A removed account's sessions end. */
export async function updateAccount(db: SqlClient, name: string, patch: AccountPatch, by: string): Promise<AccountRow> {
  const hash = patch.password === undefined ? undefined : await hashPassword(patch.password);
  return db.transaction(async (tx) => {
    await serializeWrites(tx);
    const account = await accountByName(tx, name);
    if (!account) throw new ApiError('NOT_FOUND', { what: 'account', id: name });
    const roles = patch.roles ? DESK_ROLES.filter((r) => patch.roles!.includes(r)) : account.roles;
    const removed = patch.removed ?? account.removed;
    const staysAdmin = roles.includes('admin') && !removed;
    if (account.roles.includes('admin') && !account.removed && !staysAdmin) {
      const [row] = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM accounts WHERE 'admin' = ANY(roles) AND removed_at IS NULL AND id <> $1`,
        [account.id],
      );
      if (!row || row.n === 0) throw new ApiError('LAST_ADMIN', { name: account.name });
    }
    const person = patch.person === undefined ? account.person : patch.person;
    await tx.query(
      `UPDATE accounts SET roles = $2::text[], person_name = $3, person_outlet = $4, password = coalesce($5, password),
         removed_at = CASE WHEN $6::boolean THEN coalesce(removed_at, now()) ELSE NULL END
       WHERE id = $1`,
      [account.id, [...roles], person?.name ?? null, person ? person.outlet : null, hash ?? null, removed],
    );
    if (removed) await tx.query('DELETE FROM sessions WHERE account_id = $1', [account.id]);
    return publish(tx, account.id, by);
  });
}

/** After this many failed sign-ins in a row, each try waits: 1, 2, 4… seconds, at most 30. */
const FREE_FAILURES = 3;
const MAX_DELAY_MS = 30_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Failed sign-ins under names no account has, so guessing names is slowed the same. */
const unknownFailures = new Map<string, { failures: number; at: number }>();

/**
 * Checks a name and password. Wrong either way says the same (SIGN_IN_FAILED) after the same
 * work: an unknown name is checked against a decoy hash.
 */
export async function verifySignIn(db: SqlQuery, name: string, password: string): Promise<AccountRow> {
  const account = await accountByName(db, name);
  const key = name.trim().toLowerCase();
  const failures = account ? account.failures : (unknownFailures.get(key)?.failures ?? 0);
  const lastAt = account ? (account.failedAt ? Date.parse(account.failedAt) : 0) : (unknownFailures.get(key)?.at ?? 0);
  if (failures >= FREE_FAILURES) {
    const wait = lastAt + Math.min(2 ** (failures - FREE_FAILURES) * 1000, MAX_DELAY_MS) - Date.now();
    if (wait > 0) await sleep(wait);
  }
  const ok = await verifyPassword(password, account?.password ?? (await decoyHash()));
  if (!account || !ok) {
    if (account) await db.query('UPDATE accounts SET failures = failures + 1, failed_at = now() WHERE id = $1', [account.id]);
    else {
      if (unknownFailures.size > 10_000) unknownFailures.clear();
      unknownFailures.set(key, { failures: failures + 1, at: Date.now() });
    }
    throw new ApiError('SIGN_IN_FAILED');
  }
  if (account.removed) throw new ApiError('ACCOUNT_REMOVED', { name: account.name });
  if (account.failures) await db.query('UPDATE accounts SET failures = 0, failed_at = NULL WHERE id = $1', [account.id]);
  return account;
}
