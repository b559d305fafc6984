import type { i18n } from 'i18next';
import type { ContributorRow } from '../api/contract';

const CONTRIBUTOR_COLUMNS = ['name', 'outlet', 'role', 'month', 'articles', 'chars', 'photos'] as const;

/** A row's role in the desk's words; a photo credit that printed no role says so rather than guess one. */
export const contributorRole = (i18n: i18n, role: ContributorRow['role']) =>
  role ? i18n.t(`common:roles.${role}`) : i18n.t('people:noRole');

/** A row's month, or the words for an imported story whose edition is not known. */
export const contributorMonth = (i18n: i18n, month: string) => month || i18n.t('people:undated');

/**
 * RFC 4180 CSV with a BOM, so that spreadsheet programs read the Chinese as UTF-8; headings and
 * roles in the desk's language, as the finance office reads it. The one format of `banmian
 * people --csv` and the desk's export.
 */
export function contributorsCsv(i18n: i18n, rows: readonly ContributorRow[]): string {
  const cell = (v: string | number) => {
    const s = String(v);
    return /[",\r\n]/u.test(s) ? `"${s.replace(/"/gu, '""')}"` : s;
  };
  const lines = [CONTRIBUTOR_COLUMNS.map((c) => cell(i18n.t(`people:columns.${c}`))).join(',')];
  for (const r of rows)
    lines.push(
      [r.name, r.outlet, contributorRole(i18n, r.role), contributorMonth(i18n, r.month), r.articles, r.chars, r.photos].map(cell).join(','),
    );
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
