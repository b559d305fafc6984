import i18next, { type i18n, type Resource } from 'i18next';
import type { ErrorCode, ErrorParams } from '../api/errors';
import { DESK_ROLES, type DeskRole } from '../domain/account-basics';
import { DEFAULT_LANGUAGE, type Language } from './languages';
import { NAMESPACES, resources } from './resources';

/** An i18next instance with every namespace loaded in memory, ready before it returns. */
export function createI18n(language: Language = DEFAULT_LANGUAGE): i18n {
  return createI18nWith(resources, language);
}

/**
 * The same over the resources given: the page starts with its default language's and adds
 * another's when it is chosen, so that its first chunk carries one language, not all.
 */
export function createI18nWith(bundles: Resource, language: Language = DEFAULT_LANGUAGE): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources: bundles,
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
 * The message for an error code. Some parameters are codes the message says in words: `what`
 * (a kind of thing), `language` (ja, ko), `roles` (desk roles, comma-separated: 值班总编、编辑).
 * A stale save that can name who saved first (`by`) says so (ARTICLE_STALE_by).
 */
export function errorMessage(i18n: i18n, code: ErrorCode, params: ErrorParams = {}): string {
  const kind = params.what;
  const kinds = ['article', 'revision', 'image', 'edition', 'page', 'placement', 'account'] as const;
  const what = kinds.find((k) => k === kind);
  const whatText = what ? i18n.t(`errors:what.${what}`) : kind;
  const languages = ['ja', 'ko'] as const;
  const language = languages.find((l) => l === params.language);
  const languageText = language ? i18n.t(`errors:language.${language}`) : params.language;
  const roles =
    typeof params.roles === 'string'
      ? params.roles
          .split(',')
          .filter((r): r is DeskRole => (DESK_ROLES as readonly string[]).includes(r))
          .map((r) => i18n.t(`common:deskRoles.${r}`))
          .join(i18n.t('common:listSeparator'))
      : params.roles;
  const options = { ...params, what: whatText, language: languageText, roles };
  return code === 'ARTICLE_STALE' && params.by ? i18n.t('errors:ARTICLE_STALE_by', options) : i18n.t(`errors:${code}`, options);
}
