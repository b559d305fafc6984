import type { i18n } from 'i18next';
import type { AuditEntry } from '../api/contract';

/** An entry's details as one cell or column: JSON, or nothing when there are none. */
export const auditDetailText = (detail: AuditEntry['detail']) => (Object.keys(detail).length ? JSON.stringify(detail) : '');

const AUDIT_CSV_HEADER = ['at', 'by', 'front', 'action', 'article', 'edition', 'page', 'detail'] as const;

/**
 * The audit trail as RFC 4180 CSV with a BOM, as the contributors CSV is: who in names (未知 for
 * before accounts), where from in words, the rest as stored. The one format of `banmian audit
 * --csv` and the desk's export beside the contributor figures.
 */
export function auditCsv(i18n: i18n, entries: readonly AuditEntry[]): string {
  const cell = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/u.test(s) ? `"${s.replace(/"/gu, '""')}"` : s;
  };
  const lines = [AUDIT_CSV_HEADER.join(',')];
  for (const e of entries) {
    lines.push(
      [
        e.at,
        e.by ?? i18n.t('common:unknownPerson'),
        e.front ? i18n.t(`common:fronts.${e.front}`) : '',
        e.action,
        e.articleId,
        e.editionDate,
        e.page,
        auditDetailText(e.detail),
      ]
        .map(cell)
        .join(','),
    );
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** The most entries one audit.list call returns (the contract's largest `limit`). */
export const AUDIT_PAGE = 5000;

/** Days, inclusive, as audit.list takes them (YYYY-MM-DD); either end may be open. */
export interface DayRange {
  from?: string;
  to?: string;
}

/** A month range as days: from the first day of `from` to the last day of `to` (YYYY-MM → YYYY-MM-DD); '' is open. */
export function monthDays(from: string, to: string): DayRange {
  const last = (month: string) => {
    const [year = 0, m = 1] = month.split('-').map(Number);
    // Day 0 of the next month is the last day of this one.
    return `${month}-${String(new Date(Date.UTC(year, m, 0)).getUTCDate()).padStart(2, '0')}`;
  };
  return { ...(from ? { from: `${from}-01` } : {}), ...(to ? { to: last(to) } : {}) };
}

/** The day before an ISO day. */
function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Every audit entry between two days, newest first, read through `list` (audit.list), which
 * answers at most `page` entries at a time, newest first: a full answer is followed by another
 * up to the day of its oldest entry (that day again, since the first left some of it out).
 * Should one day alone hold more than a page, the rest of that day cannot be reached this way:
 * `complete` is false, and the reading goes on from the day before.
 */
export async function auditTrail(
  list: (query: DayRange & { limit: number }) => Promise<AuditEntry[]>,
  range: DayRange,
  page = AUDIT_PAGE,
): Promise<{ entries: AuditEntry[]; complete: boolean }> {
  const entries: AuditEntry[] = [];
  const seen = new Set<number>();
  let to = range.to;
  let complete = true;
  for (;;) {
    const batch = await list({ ...range, ...(to ? { to } : {}), limit: page });
    const fresh = batch.filter((e) => !seen.has(e.id));
    for (const e of fresh) {
      seen.add(e.id);
      entries.push(e);
    }
    const oldest = batch.at(-1);
    if (batch.length < page || !oldest) break;
    const oldestDay = oldest.at.slice(0, 10);
    if (fresh.length === 0) {
      complete = false;
      to = dayBefore(oldestDay);
    } else to = oldestDay;
    if (range.from && to < range.from) break;
  }
  entries.sort((a, b) => b.id - a.id);
  return { entries, complete };
}
