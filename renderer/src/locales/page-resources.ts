import { NAMESPACES, type Namespace, type resources } from '../../../shared/i18n/resources';

/** The command line's and the app menu's namespaces: the main process translates those. */
type NotOnThePage = 'cli' | 'menu';
type PageNamespace = Exclude<Namespace, NotOnThePage>;

/**
 * One language's namespaces as the page shows them. Each language is a module of its own
 * (zh-CN.ts, en.ts), so the page's first chunk carries only the language it starts in.
 */
export type PageResources = Omit<(typeof resources)['zh-CN'], NotOnThePage>;

export const PAGE_NAMESPACES = NAMESPACES.filter((ns): ns is PageNamespace => ns !== 'cli' && ns !== 'menu');
