import { initReactI18next, useTranslation } from 'react-i18next';
import { DEFAULT_LANGUAGE, type Language } from '../../shared/i18n/languages';
import { NAMESPACES } from '../../shared/i18n/resources';
import { createI18n } from '../../shared/i18n/setup';

/** The page's i18next, started in zh-CN and switched to the archive's saved language at boot. */
export const i18n = createI18n(DEFAULT_LANGUAGE).use(initReactI18next);
// initReactI18next hooks in on init; the instance was initialised already, so hand it over.
initReactI18next.init(i18n);

export async function applyLanguage(language: Language): Promise<void> {
  await i18n.changeLanguage(language);
  document.documentElement.lang = language;
  document.title = i18n.t('common:appName');
}

/** useTranslation over every namespace, so keys are written `desk:title` everywhere. */
export const useT = () => useTranslation(NAMESPACES);
