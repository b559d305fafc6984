/**
 * What the commands use of the archive's world, in one module: the command line imports it
 * (`await import('./services')`) when a command first needs the archive, and the build then
 * reads it as a few large chunks. Each command importing its own pieces instead cut this world
 * into dozens of small chunks, and Node's loader spends about as long on a chunk as on its code.
 * Keep what only one kind of command needs and is heavy (the host, the newsroom, the export's
 * composer, the checker) out of here: those stay imports of their own.
 */
export { AppServices } from '../services/app-services';
export { ARCHIVE_FILE } from '../archive/archive';
export { openDatabase } from '../archive/sqlite';
export { actorOf } from '../accounts/authority';
export { reindexAll } from '../archive/search-index';
export { restoreArchive } from '../archive/restore';
export { readLink } from '../sync/link';
export { toPlainArticle } from '../../shared/domain/plain-article';
export { DEFAULT_TYPEFACES, faceNamed } from '../../shared/typeset/typefaces';
export { typesetText } from '../../shared/typeset/text';
export { copyfitText, flowsOf, storiesOf } from '../../shared/typeset/copyfit';
export { setPage } from '../../shared/typeset/frame';
export { pagePlan, planTotals } from '../../shared/layout/page-plan';
export { exportArticles, exportCommand } from './export-commands';
