import type { i18n } from 'i18next';
import { ApiError } from '../../shared/api/errors';
import type { ArticleAccess, Handlers, SessionStatus } from '../../shared/api/contract';
import { LIMITS } from '../../shared/domain/article';
import type { Archive } from '../archive/archive';
import type { Exporter } from '../export/exporter';
import { nitfXml, wireText } from '../../shared/export/nitf';
import { DEFAULT_LANGUAGE, isLanguage } from '../../shared/i18n/languages';
import type { Actor } from '../../shared/domain/accounts';
import {
  decide,
  hasPermission,
  mayChangeStatus,
  mayEditStory,
  mayReviewImport,
  mayTrash,
  trashBlock,
  type StoryFacts,
} from '../../shared/domain/permissions';
import { availableActions, type Status } from '../../shared/domain/status';
import { errorMessage } from '../../shared/i18n/setup';
import { allowed } from '../archive/archive';
import { summaryOf } from '../archive/accounts';
import type { Authority } from '../accounts/authority';
import { hashPassword } from '../accounts/passwords';
import type { SyncAgent } from '../sync/agent';
import { readLink } from '../sync/link';

/** Base64 of a file the size limit allows, plus a little: anything longer is refused unread. */
const MAX_BASE64 = Math.ceil((LIMITS.photoBytes * 4) / 3) + 4;

/**
 * The API's implementation: one handler per method of the contract, each a thin call into the
 * archive. The Electron main process and the browser host serve this same table.
 */
export function createHandlers(
  archive: Archive,
  i18n: () => i18n,
  exporter: Exporter,
  authority: Authority,
  /** Made when a sync method is first called (AppServices). */
  sync: () => SyncAgent,
): Handlers {
  // A desktop in a newsroom keeps the newsroom's accounts, read-only: the server manages them.
  const localAccounts = () => {
    if (readLink(archive.db)) throw new ApiError('ACCOUNTS_ON_SERVER');
  };
  const sessionStatus = (token: string | null): SessionStatus => {
    const account = authority.current(token);
    return { setupNeeded: !archive.hasAccounts(), account: account ? summaryOf(account) : null };
  };
  return {
    'articles.list': ({ mine, awaitingMe, nonEmpty, ...query }, { actor }) =>
      archive.list({
        ...query,
        // Every empty draft left before the end of time: all of them.
        ...(nonEmpty ? { emptyBefore: '9999-12-31' } : {}),
        ...(mine && actor ? { ownedBy: { accountId: actor.accountId, personId: actor.personId } } : {}),
        ...(awaitingMe ? { statuses: actor ? awaitingFor(actor) : [] } : {}),
      }),
    'articles.get': ({ id }) => archive.get(id),
    'articles.create': ({ draft }, { actor }) => archive.create(draft ?? {}, actor),
    'articles.save': ({ id, baseVersion, draft, checkpoint }, { actor }) => archive.save(id, baseVersion, draft, checkpoint, actor),
    'articles.setStatus': ({ id, action, reason }, { actor }) => archive.setStatus(id, action, actor, reason),
    'articles.statusLog': ({ id }) => archive.statusLog(id),
    'articles.markReviewed': ({ id }, { actor }) => archive.markReviewed(id, actor),
    'articles.reviewQueue': ({ limit }) => archive.reviewQueue(limit),
    'articles.importPieces': ({ id }) => archive.importPieces(id),
    'articles.fixImport': ({ id, baseVersion, fix }, { actor }) => archive.fixImport(id, baseVersion, fix, actor),
    'articles.setImportDate': ({ id, date, page }, { actor }) => archive.setImportDate(id, date, page ?? null, actor),
    'articles.access': ({ id }, { actor }) => accessTo(archive.facts(id), actor, i18n(), archive.trashState(id)),
    'articles.trash': ({ id }, { actor }) => archive.trash(id, actor),
    'articles.restoreFromTrash': ({ id }, { actor }) => archive.restoreFromTrash(id, actor),
    'articles.listTrash': () => archive.listTrash(),
    'articles.emptyTrash': (_input, { actor }) => archive.purgeTrash(actor, true),
    'revisions.list': ({ articleId }) => archive.revisions(articleId),
    'revisions.get': ({ id }) => archive.revision(id),
    'revisions.restore': ({ articleId, revisionId, baseVersion }, { actor }) => archive.restore(articleId, revisionId, baseVersion, actor),
    'photos.import': ({ fileName, dataBase64 }) => {
      if (dataBase64.length > MAX_BASE64) {
        throw new ApiError('IMAGE_TOO_LARGE', {
          size: ((dataBase64.length * 3) / 4 / 1024 / 1024).toFixed(1),
          max: LIMITS.photoBytes / 1024 / 1024,
        });
      }
      const bytes = Buffer.from(dataBase64, 'base64');
      return { ...archive.importImage(bytes, fileName), fileName };
    },
    // In a worker thread with its own connection: the process serving the window stays free.
    'pages.import': async ({ files, editionDate, page }, { actor }) => {
      const language = i18n().language;
      const job = {
        dataDir: archive.dir,
        language: isLanguage(language) ? language : DEFAULT_LANGUAGE,
        files: files.map((f) => ({ fileName: f.fileName, bytes: Buffer.from(f.dataBase64, 'base64') })),
        options: { editionDate: editionDate ?? null, page: page ?? null },
      };
      // Imported here: the import's worker thread is no part of opening the archive.
      const { runImport } = await import('../import/run-import');
      const { reports } = await runImport(job).result;
      const read = reports.filter((r) => r.ok && !r.duplicate);
      if (read.length) {
        archive.recordAudit(actor, {
          action: 'import.files',
          editionDate: editionDate ?? null,
          page: page ?? null,
          detail: { files: read.length, articles: read.reduce((n, r) => n + r.articleIds.length, 0) },
        });
      }
      return reports;
    },
    'search.query': (request) => archive.search(request),
    'people.list': () => archive.people(),
    'people.stats': (request) => archive.contributors(request),
    'layout.editions': () => archive.editions(),
    'layout.edition': ({ date }) => archive.edition(date),
    'layout.createEdition': (header, { actor }) => archive.createEdition(header, actor),
    'layout.templates': () => archive.templates(),
    'layout.saveTemplate': (input, { actor }) => archive.saveTemplate(input, actor),
    'layout.removeTemplate': ({ name }, { actor }) => (archive.removeTemplate(name, actor), {}),
    'layout.addPage': (input, { actor }) => archive.addPage(input, actor),
    'layout.updatePage': (input, { actor }) => archive.updatePage(input, actor),
    'layout.updateEdition': (input, { actor }) => archive.updateEdition(input, actor),
    'layout.removeEdition': ({ date, force }, { actor }) => archive.removeEdition(date, force ?? false, actor),
    'layout.removePage': ({ date, number, force }, { actor }) => archive.removePage(date, number, force ?? false, actor),
    'layout.movePage': ({ date, number, to }, { actor }) => archive.movePage(date, number, to, actor),
    'layout.plan': ({ date }) => archive.editionPlan(date),
    'layout.page': ({ date, number }) => archive.layoutPage(date, number),
    'layout.place': ({ date, page, placement }, { actor }) => archive.place(date, page, placement, actor),
    'layout.unplace': ({ date, page, id }, { actor }) => archive.unplace(date, page, id, actor),
    'layout.slots': ({ articleId }) => archive.slots(articleId),
    'export.page': async ({ date, page, force, bleed, cropMarks, pdf, pdfx }, { actor }) => {
      const report = await exporter.exportToFolder(date, page, {
        force: force ?? false,
        bleed: bleed ?? false,
        cropMarks: cropMarks ?? false,
        pdf: (pdf ?? false) || pdfx !== undefined,
        pdfx: pdfx ?? null,
      });
      archive.recordAudit(actor, {
        action: 'export.page',
        editionDate: date,
        page,
        detail: {
          refused: report.refused,
          forced: force ?? false,
          pdf: (pdf ?? false) || pdfx !== undefined,
          ...(pdfx ? { pdfx } : {}),
          problems: report.problems.length,
        },
      });
      return { ...report, folder: exporter.folderOf(date) };
    },
    'export.index': ({ date }) => ({ file: exporter.writeIndex(date) }),
    'export.proof': ({ date, page, pdfx }) => exporter.proof(date, page, pdfx ?? '4'),
    'export.article': ({ id, format }) => {
      const article = archive.get(id);
      if (archive.trashState(id).trashedAt) throw new ApiError('ARTICLE_TRASHED');
      if (format === 'text') return { fileName: `${id}.txt`, mime: 'text/plain', content: wireText(article) };
      const content = nitfXml(article, archive.printedIn(id));
      return { fileName: `${id}.xml`, mime: 'application/xml', content };
    },
    'settings.get': () => archive.settings(),
    'settings.set': (patch, { actor }) => {
      // How long a desk may sit idle is the newsroom's rule: an administrator's to set.
      if (patch.idleMinutes !== undefined && actor) allowed(decide(actor, 'accounts'));
      // The house's proofreading rules bind every editor: the chief editor's or an administrator's.
      if (patch.proofreading !== undefined && actor) allowed(decide(actor, 'house-rules'));
      // The house's typefaces are the look of every page: layout staff's, a chief editor's or an administrator's.
      if (patch.typefaces !== undefined && actor) allowed(decide(actor, 'house-style'));
      return archive.updateSettings(patch, actor);
    },
    'session.status': (_input, { token }) => sessionStatus(token),
    'session.setup': async (input, { front, setSession }) => {
      const account = await authority.setup(input, front);
      const token = authority.sessions.start(account.id, front);
      setSession(token);
      return sessionStatus(token);
    },
    'session.signIn': async ({ name, password }, { front, token: previous, setSession }) => {
      const { token } = await authority.signIn(name, password, front);
      authority.sessions.end(previous);
      sync().signedIn(name, password);
      setSession(token);
      return sessionStatus(token);
    },
    'session.signOut': (_input, { token, setSession }) => {
      authority.sessions.end(token);
      setSession(null);
      return sessionStatus(null);
    },
    'accounts.list': () => archive.listAccounts().map(summaryOf),
    'accounts.add': async ({ name, password, roles, person }, { actor, front }) => {
      localAccounts();
      return summaryOf(archive.addAccount({ name, roles, person, passwordHash: await hashPassword(password) }, actor, front));
    },
    'accounts.update': ({ name, roles, person, removed }, { actor }) => {
      localAccounts();
      const updated = archive.updateAccount(
        name,
        { ...(roles ? { roles } : {}), ...(person !== undefined ? { person } : {}), ...(removed !== undefined ? { removed } : {}) },
        actor,
      );
      if (updated.removed) authority.sessions.endAllOf(updated.id);
      return summaryOf(updated);
    },
    'accounts.setPassword': async ({ name, password, current }, { actor }) => {
      localAccounts();
      const account = archive.accountByName(name);
      if (!account) throw new ApiError('NOT_FOUND', { what: 'account', id: name });
      // An administrator sets anyone's; everyone else only their own, with the current one.
      if (actor && !hasPermission(actor, 'accounts')) {
        if (actor.accountId !== account.id) throw new ApiError('PERMISSION_DENIED', { roles: 'admin' });
        await authority.verify(account.name, current ?? '');
      }
      return summaryOf(archive.updateAccount(account.name, { passwordHash: await hashPassword(password) }, actor));
    },
    'audit.list': ({ articleId, date, page, from, to, limit }) => archive.audit({ articleId, editionDate: date, page, from, to, limit }),
    'sync.status': () => sync().status(),
    'sync.watch': ({ after, waitMs }) => sync().watch(after, waitMs),
    'sync.now': () => sync().syncNow(),
    'sync.join': ({ url, name, password }) => sync().join(url, name, password),
    'sync.leave': () => sync().leave(),
    'sync.configure': ({ keepYears }) => sync().configure(keepYears),
    'sync.dismiss': ({ upTo }) => sync().dismiss(upTo),
    'sync.lock': ({ articleId, takeOver }, { actor }) => sync().lock(articleId, actor?.name ?? null, takeOver ?? false),
    'sync.story': ({ articleId }) => sync().story(articleId),
    'sync.release': async ({ articleId }, { actor }) => {
      await sync().release(articleId, actor?.name ?? null);
      return {};
    },
  };
}

/** What waits for this person: 待审 stories for an editor, 已审 ones for a chief editor. */
function awaitingFor(actor: Actor): Status[] {
  const statuses: Status[] = [];
  if (hasPermission(actor, 'review')) statuses.push('submitted');
  if (hasPermission(actor, 'sign-off')) statuses.push('edited');
  return statuses;
}

/**
 * What the signed-in person may do with one story (everything, on an archive without accounts).
 * A story in the trash is read-only for everyone: restoring it is all there is to do.
 */
function accessTo(
  facts: StoryFacts,
  actor: Actor | null,
  i18n: i18n,
  trashState: { trashedAt: string | null; placed: unknown },
): ArticleAccess {
  if (trashState.trashedAt) {
    return {
      edit: false,
      editRefusal: { code: 'ARTICLE_TRASHED', message: errorMessage(i18n, 'ARTICLE_TRASHED') },
      actions: [],
      restoreKeepsStatus: false,
      trash: false,
      trashed: true,
    };
  }
  const trash = trashBlock({ status: facts.status, placed: trashState.placed !== null }) === null && (!actor || mayTrash(actor, facts).ok);
  const fixImport = !facts.signed && (!actor || mayReviewImport(actor, facts).ok);
  return { ...accessOfLiveStory(facts, actor, i18n), trash, trashed: false, fixImport };
}

function accessOfLiveStory(facts: StoryFacts, actor: Actor | null, i18n: i18n): ArticleAccess {
  const actions = availableActions(facts.status);
  if (!actor) {
    const frozen = facts.signed;
    return {
      edit: !frozen,
      editRefusal: frozen ? { code: 'ARTICLE_SIGNED', message: errorMessage(i18n, 'ARTICLE_SIGNED') } : null,
      actions,
      restoreKeepsStatus: false,
    };
  }
  const edit = mayEditStory(actor, facts);
  const refusal = edit.ok
    ? null
    : edit.frozen
      ? new ApiError('ARTICLE_SIGNED')
      : new ApiError('PERMISSION_DENIED', { roles: edit.needs.join(',') });
  return {
    edit: edit.ok,
    editRefusal: refusal ? { code: refusal.code, message: errorMessage(i18n, refusal.code, refusal.params) } : null,
    actions: actions.filter((a) => mayChangeStatus(actor, a, facts).ok),
    restoreKeepsStatus: hasPermission(actor, 'sign-off'),
  };
}
