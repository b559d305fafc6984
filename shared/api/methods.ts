/**
 * Every API method by name. The preload builds its named functions from this list alone, so it
 * needs no schema code; `contract.ts` is checked against it at compile time.
 */
export const API_METHODS = [
  'articles.list',
  'articles.get',
  'articles.create',
  'articles.save',
  'articles.setStatus',
  'articles.statusLog',
  'articles.markReviewed',
  'articles.reviewQueue',
  'articles.importPieces',
  'articles.fixImport',
  'articles.setImportDate',
  'articles.access',
  'articles.trash',
  'articles.restoreFromTrash',
  'articles.listTrash',
  'articles.emptyTrash',
  'revisions.list',
  'revisions.get',
  'revisions.restore',
  'photos.import',
  'pages.import',
  'search.query',
  'people.list',
  'people.stats',
  'layout.editions',
  'layout.edition',
  'layout.createEdition',
  'layout.templates',
  'layout.saveTemplate',
  'layout.removeTemplate',
  'layout.addPage',
  'layout.updatePage',
  'layout.updateEdition',
  'layout.removeEdition',
  'layout.removePage',
  'layout.movePage',
  'layout.plan',
  'layout.page',
  'layout.place',
  'layout.unplace',
  'layout.slots',
  'export.page',
  'export.index',
  'export.article',
  'export.proof',
  'settings.get',
  'settings.set',
  'session.status',
  'session.setup',
  'session.signIn',
  'session.signOut',
  'accounts.list',
  'accounts.add',
  'accounts.update',
  'accounts.setPassword',
  'audit.list',
  'sync.status',
  'sync.watch',
  'sync.now',
  'sync.join',
  'sync.leave',
  'sync.configure',
  'sync.dismiss',
  'sync.lock',
  'sync.release',
  'sync.story',
] as const;

export type ApiMethod = (typeof API_METHODS)[number];

/** `articles.list` → the IPC channel `banmian:articles.list`. */
export const channelOf = (method: ApiMethod): string => `banmian:${method}`;

/** Channels for the few messages that are not API calls. */
export const CHANNELS = {
  /** main → renderer: a menu command (new, save, find, language). */
  command: 'banmian:command',
  /** main → renderer: the window is closing, save what is pending. */
  beforeClose: 'banmian:before-close',
  /** renderer → main: pending work is saved, the window may close. */
  readyToClose: 'banmian:ready-to-close',
} as const;

/**
 * `find`: the archive search (the desk's 查找 field); `find-in-story`, `replace-in-story`: the
 * open story's find bar. `refresh`: the archive changed behind the page's back (an import from
 * the menu).
 */
export const APP_COMMANDS = [
  'new-article',
  'save',
  'find',
  'find-in-story',
  'replace-in-story',
  'show-desk',
  'refresh',
  'language:zh-CN',
  'language:en',
] as const;
export type AppCommand = (typeof APP_COMMANDS)[number];
