import type { i18n } from 'i18next';
import type { ImportReport } from '../api/contract';

/**
 * What an import report says of the dates and issues its files were taken for, in the words
 * the desk, the File menu and the command line all show: each file's line, and a batch's
 * files left without a date. A story with no date is found by no date filter and paid in no
 * month until the desk gives it one in the import review: nobody should learn that by chance.
 */

/** Files of a batch whose stories were written with no edition date: none on the page, none for the batch. */
export function undatedFiles(reports: readonly ImportReport[]): number {
  return reports.filter((r) => r.ok && !r.duplicate && r.editionDate === null).length;
}

/** A file's report line with the date its stories were given and the issue its page prints, or that they have none. */
export function withDating(i18n: i18n, line: string, report: ImportReport): string {
  // (a duplicate or a failure wrote nothing to date)
  if (!report.ok || report.duplicate || report.editionDate === undefined) return line;
  const parts = [
    report.editionDate === null ? i18n.t('desk:import.undated') : i18n.t('desk:import.dated', { date: report.editionDate }),
    ...(report.issue != null ? [i18n.t('desk:import.issue', { number: report.issue })] : []),
    ...(report.totalIssue != null ? [i18n.t('desk:import.totalIssue', { total: report.totalIssue })] : []),
  ];
  return i18n.t('desk:import.withDetail', { line, detail: parts.join(i18n.t('desk:import.partsSeparator')) });
}
