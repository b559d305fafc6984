import type { i18n } from 'i18next';
import { ApiError } from '../../shared/api/errors';
import type { Handlers } from '../../shared/api/contract';
import { LIMITS } from '../../shared/domain/article';
import type { Archive } from '../archive/archive';
import { runImport } from '../import/run-import';
import type { Exporter } from '../export/exporter';
import { nitfXml, wireText } from '../../shared/export/nitf';
import { DEFAULT_LANGUAGE, isLanguage } from '../../shared/i18n/languages';

/** Base64 of a file the size limit allows, plus a little: anything longer is refused unread. */
const MAX_BASE64 = Math.ceil((LIMITS.photoBytes * 4) / 3) + 4;

/**
 * The API's implementation: one handler per method of the contract, each a thin call into the
 * archive. The Electron main process and the browser host serve this same table.
 */
export function createHandlers(archive: Archive, i18n: () => i18n, exporter: Exporter): Handlers {
  return {
    'articles.list': (input) => archive.list(input),
    'articles.get': ({ id }) => archive.get(id),
    'articles.create': ({ draft }) => archive.create(draft ?? {}),
    'articles.save': ({ id, baseVersion, draft, checkpoint }) => archive.save(id, baseVersion, draft, checkpoint),
    'articles.setStatus': ({ id, action }) => archive.setStatus(id, action),
    'articles.statusLog': ({ id }) => archive.statusLog(id),
    'articles.markReviewed': ({ id }) => archive.markReviewed(id),
    'revisions.list': ({ articleId }) => archive.revisions(articleId),
    'revisions.get': ({ id }) => archive.revision(id),
    'revisions.restore': ({ articleId, revisionId, baseVersion }) => archive.restore(articleId, revisionId, baseVersion),
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
    'pages.import': async ({ files, editionDate, page }) => {
      const language = i18n().language;
      const job = {
        dataDir: archive.dir,
        language: isLanguage(language) ? language : DEFAULT_LANGUAGE,
        files: files.map((f) => ({ fileName: f.fileName, bytes: Buffer.from(f.dataBase64, 'base64') })),
        options: { editionDate: editionDate ?? null, page: page ?? null },
      };
      return (await runImport(job).result).reports;
    },
    'search.query': (request) => archive.search(request),
    'people.list': () => archive.people(),
    'people.stats': (request) => archive.contributors(request),
    'layout.editions': () => archive.editions(),
    'layout.edition': ({ date }) => archive.edition(date),
    'layout.createEdition': (header) => archive.createEdition(header),
    'layout.addPage': (input) => archive.addPage(input),
    'layout.updatePage': (input) => archive.updatePage(input),
    'layout.page': ({ date, number }) => archive.layoutPage(date, number),
    'layout.place': ({ date, page, placement }) => archive.place(date, page, placement),
    'layout.unplace': ({ date, page, id }) => archive.unplace(date, page, id),
    'layout.slots': ({ articleId }) => archive.slots(articleId),
    'export.page': async ({ date, page, force, bleed, cropMarks, pdf }) => {
      const report = await exporter.exportToFolder(date, page, {
        force: force ?? false,
        bleed: bleed ?? false,
        cropMarks: cropMarks ?? false,
        pdf: pdf ?? false,
      });
      return { ...report, folder: exporter.folderOf(date) };
    },
    'export.index': ({ date }) => ({ file: exporter.writeIndex(date) }),
    'export.article': ({ id, format }) => {
      const article = archive.get(id);
      if (format === 'text') return { fileName: `${id}.txt`, mime: 'text/plain', content: wireText(article) };
      const content = nitfXml(article, archive.printedIn(id));
      return { fileName: `${id}.xml`, mime: 'application/xml', content };
    },
    'settings.get': () => archive.settings(),
    'settings.set': (patch) => archive.updateSettings(patch),
  };
}
