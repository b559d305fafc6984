import type { ContributorRow } from '../api/contract';

export const CSV_HEADER = ['name', 'outlet', 'role', 'month', 'articles', 'chars', 'photos'] as const;

/** RFC 4180 CSV with a BOM, so that spreadsheet programs read the Chinese as UTF-8. */
export function contributorsCsv(rows: ContributorRow[], header: readonly string[] = CSV_HEADER): string {
  const cell = (v: string | number) => {
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [header.map(cell).join(',')];
  for (const r of rows) lines.push([r.name, r.outlet, r.role, r.month, r.articles, r.chars, r.photos].map(cell).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
