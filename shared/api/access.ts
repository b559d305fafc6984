import type { Permission } from '../domain/permissions';
import type { ApiMethod } from './methods';

/**
 * What each API call needs before it runs: a permission (held through a desk role); 'signed-in'
 * (someone, whoever: the handler decides by the story or the account what they may); or
 * nothing ('public': the calls that sign in). 'read' calls change nothing, so the command line
 * may make them without a user. Rules that depend on the story itself (a reporter's own,
 * a signed-off story frozen) are checked again where the story is written, in the same
 * transaction. The table is complete by type: a new method without a rule does not compile.
 */
export const METHOD_PERMISSION: Readonly<Record<ApiMethod, Permission | 'signed-in' | 'public'>> = {
  'articles.list': 'read',
  'articles.get': 'read',
  'articles.create': 'write',
  'articles.save': 'write',
  'articles.setStatus': 'signed-in',
  'articles.statusLog': 'read',
  // Whose story: the archive decides in the writing transaction (mayReviewImport).
  'articles.markReviewed': 'signed-in',
  'articles.reviewQueue': 'read',
  'articles.importPieces': 'read',
  'articles.fixImport': 'signed-in',
  // As a fix: whose story, the archive decides in the writing transaction (mayReviewImport).
  'articles.setImportDate': 'signed-in',
  'articles.access': 'read',
  // Whose story, in which state: the archive decides in the writing transaction (mayTrash).
  'articles.trash': 'write',
  'articles.restoreFromTrash': 'write',
  'articles.listTrash': 'read',
  'articles.emptyTrash': 'empty-trash',
  'revisions.list': 'read',
  'revisions.get': 'read',
  'revisions.restore': 'write',
  'photos.import': 'write',
  'pages.import': 'import',
  'search.query': 'read',
  'people.list': 'read',
  'people.stats': 'read',
  'layout.editions': 'read',
  'layout.edition': 'read',
  'layout.createEdition': 'layout',
  'layout.templates': 'read',
  'layout.saveTemplate': 'layout',
  'layout.removeTemplate': 'layout',
  'layout.addPage': 'layout',
  'layout.updatePage': 'layout',
  'layout.updateEdition': 'layout',
  'layout.removeEdition': 'layout',
  'layout.removePage': 'layout',
  'layout.movePage': 'layout',
  'layout.plan': 'read',
  'layout.page': 'read',
  'layout.place': 'layout',
  'layout.unplace': 'layout',
  'layout.slots': 'read',
  'export.page': 'export',
  'export.index': 'export',
  'export.article': 'read',
  // A proof writes nothing: whoever may see the page may see it as it will print.
  'export.proof': 'read',
  'settings.get': 'public',
  'settings.set': 'signed-in',
  'session.status': 'public',
  'session.setup': 'public',
  'session.signIn': 'public',
  'session.signOut': 'public',
  'accounts.list': 'read',
  'accounts.add': 'accounts',
  'accounts.update': 'accounts',
  'accounts.setPassword': 'signed-in',
  'audit.list': 'read',
  'sync.status': 'read',
  'sync.watch': 'read',
  'sync.now': 'read',
  // Joining sends the whole archive to a server: the archive's administrator decides.
  'sync.join': 'maintain',
  'sync.leave': 'maintain',
  'sync.configure': 'maintain',
  'sync.dismiss': 'read',
  'sync.lock': 'read',
  'sync.release': 'read',
  'sync.story': 'read',
};

/**
 * Calls the desk makes by itself, on a timer (the newsroom's state, the live feed, a
 * check-out's renewal): they need the session but are not the person at work, so they do not
 * keep an idle desk from locking.
 */
export const PASSIVE_METHODS: ReadonlySet<ApiMethod> = new Set<ApiMethod>(['sync.status', 'sync.watch', 'sync.story', 'sync.lock']);
