/** zh-CN first: the desk works in Chinese; en is complete for everyone else. */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The desk's language for a system locale (zh, zh-CN, zh_TW.UTF-8 → zh-CN; en-GB, de → en); undefined when none is said. */
export function languageOfLocale(locale: string): Language | undefined {
  if (isLanguage(locale)) return locale;
  if (/^zh\b/iu.test(locale) || /^zh[-_]/iu.test(locale)) return 'zh-CN';
  if (/^[a-z]{2,3}([-_]|\b)/iu.test(locale) && !/^(C|POSIX)\b/u.test(locale)) return 'en';
  return undefined;
}
