import i18next, { type i18n } from 'i18next';
import type { ErrorCode, ErrorParams } from '../api/errors';
import { DEFAULT_LANGUAGE, type Language } from './languages';
import { NAMESPACES, resources } from './resources';

/** An i18next instance with every namespace loaded in memory, ready before it returns. */
export function createI18n(language: Language = DEFAULT_LANGUAGE): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    ns: NAMESPACES,
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
    contextSeparator: '#',
  });
  return instance;
}

/**
 * The message for an error code; a `what` parameter names a kind of thing and a `language`
 * parameter a language (ja, ko), and both are translated too.
 */
export function errorMessage(i18n: i18n, code: ErrorCode, params: ErrorParams = {}): string {
  const kind = params.what;
  const kinds = ['article', 'revision', 'image', 'edition', 'page', 'placement'] as const;
  const what = kinds.find((k) => k === kind);
  const whatText = what ? i18n.t(`errors:what.${what}`) : kind;
  const languages = ['ja', 'ko'] as const;
  const language = languages.find((l) => l === params.language);
  const languageText = language ? i18n.t(`errors:language.${language}`) : params.language;
  return i18n.t(`errors:${code}`, { ...params, what: whatText, language: languageText });
}
