import type { Database } from 'better-sqlite3';
import { ApiError } from '../../shared/api/errors';
import { DESK_ROLES, type DeskRole } from '../../shared/domain/account-basics';
import type { AccountSummary } from '../../shared/domain/accounts';
import { personId } from './people';
import { stmt } from './statements';

/** An account as stored, with what signing in needs. */
export interface AccountRow {
  id: number;
  name: string;
  roles: DeskRole[];
  personId: number | null;
  person: string | null;
  password: string;
  createdAt: string;
  removed: boolean;
  failures: number;
  failedAt: string | null;
}

interface Row {
  id: number;
  name: string;
  roles: string;
  person_id: number | null;
  person: string | null;
  password: string;
  created_at: string;
  removed_at: string | null;
  failures: number;
  failed_at: string | null;
}

const SELECT = `SELECT a.*, p.name AS person FROM accounts a LEFT JOIN people p ON p.id = a.person_id`;

function parseRoles(text: string): DeskRole[] {
  return text.split(',').filter((r): r is DeskRole => (DESK_ROLES as readonly string[]).includes(r));
}

function toAccount(row: Row): AccountRow {
  return {
    id: row.id,
    name: row.name,
    roles: parseRoles(row.roles),
    personId: row.person_id,
    person: row.person,
    password: row.password,
    createdAt: row.created_at,
    removed: row.removed_at !== null,
    failures: row.failures,
    failedAt: row.failed_at,
  };
}

export function summaryOf(account: AccountRow): AccountSummary {
  return {
    id: account.id,
    name: account.name,
    roles: account.roles,
    person: account.person,
    createdAt: account.createdAt,
    removed: account.removed,
  };
}

export function countAccounts(db: Database): number {
  return stmt(db, 'SELECT count(*) FROM accounts WHERE removed_at IS NULL').pluck().get() as number;
}

export function accountByName(db: Database, name: string): AccountRow | undefined {
  const row = stmt(db, `${SELECT} WHERE a.name = ? COLLATE NOCASE`).get(name.trim()) as Row | undefined;
  return row && toAccount(row);
}

export function accountById(db: Database, id: number): AccountRow | undefined {
  const row = stmt(db, `${SELECT} WHERE a.id = ?`).get(id) as Row | undefined;
  return row && toAccount(row);
}

export function listAccounts(db: Database): AccountRow[] {
  return (stmt(db, `${SELECT} ORDER BY a.removed_at IS NOT NULL, a.name`).all() as Row[]).map(toAccount);
}

/** The roles in the desk's order, each once. */
function rolesText(roles: readonly DeskRole[]): string {
  return DESK_ROLES.filter((r) => roles.includes(r)).join(',');
}

export function insertAccount(
  db: Database,
  input: { name: string; roles: readonly DeskRole[]; person?: string | null; passwordHash: string },
  now: string,
): AccountRow {
  const name = input.name.trim();
  if (accountByName(db, name)) throw new ApiError('ACCOUNT_EXISTS', { name });
  // A reporter's account is their byline person: the same row the bylines refer to.
  const person = input.person === null ? null : personId(db, input.person ?? name);
  const id = Number(
    stmt(db, 'INSERT INTO accounts (name, roles, person_id, password, created_at) VALUES (?, ?, ?, ?, ?)').run(
      name,
      rolesText(input.roles),
      person,
      input.passwordHash,
      now,
    ).lastInsertRowid,
  );
  return accountById(db, id)!;
}

export function updateAccount(
  db: Database,
  id: number,
  patch: { roles?: readonly DeskRole[]; person?: string | null; removed?: boolean; passwordHash?: string },
  now: string,
): AccountRow {
  if (patch.roles) stmt(db, 'UPDATE accounts SET roles = ? WHERE id = ?').run(rolesText(patch.roles), id);
  if (patch.person !== undefined)
    stmt(db, 'UPDATE accounts SET person_id = ? WHERE id = ?').run(patch.person === null ? null : personId(db, patch.person), id);
  if (patch.removed !== undefined) stmt(db, 'UPDATE accounts SET removed_at = ? WHERE id = ?').run(patch.removed ? now : null, id);
  if (patch.passwordHash)
    stmt(db, 'UPDATE accounts SET password = ?, failures = 0, failed_at = NULL WHERE id = ?').run(patch.passwordHash, id);
  return accountById(db, id)!;
}

/** Counts a failed sign-in (or, with `ok`, clears the count). */
export function recordSignIn(db: Database, id: number, ok: boolean, now: string): void {
  if (ok) stmt(db, 'UPDATE accounts SET failures = 0, failed_at = NULL WHERE id = ? AND failures > 0').run(id);
  else stmt(db, 'UPDATE accounts SET failures = failures + 1, failed_at = ? WHERE id = ?').run(now, id);
}
