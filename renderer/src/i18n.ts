import { initReactI18next, useTranslation } from 'react-i18next';
import { DEFAULT_LANGUAGE, type Language } from '../../shared/i18n/languages';
import { createI18nWith } from '../../shared/i18n/setup';
import { PAGE_NAMESPACES, type PageResources } from './locales/page-resources';
import { pageResources as defaultResources } from './locales/zh-CN';

/**
 * The page's i18next, started in zh-CN (the default, and the fallback of every other language)
 * and switched to the archive's saved language at boot. Another language's texts are a chunk
 * of their own, read when that language is chosen.
 */
export const i18n = createI18nWith({ [DEFAULT_LANGUAGE]: defaultResources }, DEFAULT_LANGUAGE).use(initReactI18next);
// initReactI18next hooks in on init; the instance was initialised already, so hand it over.
initReactI18next.init(i18n);

const LOAD: Record<Language, () => Promise<{ pageResources: PageResources }>> = {
  'zh-CN': () => Promise.resolve({ pageResources: defaultResources }),
  en: () => import('./locales/en'),
};

async function loadLanguage(language: Language): Promise<void> {
  if (i18n.hasResourceBundle(language, 'common')) return;
  const { pageResources } = await LOAD[language]();
  for (const ns of PAGE_NAMESPACES) i18n.addResourceBundle(language, ns, pageResources[ns]);
}

export async function applyLanguage(language: Language): Promise<void> {
  await loadLanguage(language);
  await i18n.changeLanguage(language);
  document.documentElement.lang = language;
  document.title = i18n.t('common:appName');
}

/** useTranslation over every namespace the page shows, so keys are written `desk:title` everywhere. */
export const useT = () => useTranslation(PAGE_NAMESPACES);
