import type { i18n } from 'i18next';
import type { Finding } from './finding';

/** A finding's message in the language of `i18n` (keys under story:proofread.messages). */
export function proofreadMessage(i18n: i18n, finding: Finding): string {
  // The keys are built at run time; i18n.test.ts checks that both languages have every one.
  const t = i18n.t.bind(i18n) as unknown as (key: string, options: Record<string, string>) => string;
  return t(`story:${finding.messageKey}`, finding.params);
}
