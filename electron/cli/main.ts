import { basename, resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import type { i18n } from 'i18next';
import { Command, CommanderError } from 'commander';
import type { ArticleSummary, ContributorRow, SearchResponse } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { AppServices } from '../services/app-services';
import type { RestoreResult } from '../archive/restore';
import type { Holder } from '../archive/presence';
import { contributorMonth, contributorRole, contributorsCsv } from '../../shared/domain/contributors-csv';
import { createI18n, errorMessage } from '../../shared/i18n/setup';
import { defaultDataDir } from '../paths';
import { isLanguage, languageOfLocale, type Language } from '../../shared/i18n/languages';
import { escapeControlChars } from '../../shared/text/control-chars';
import { RANK_WINDOW_SIZE } from '../../shared/search/limits';
import { undatedFiles, withDating } from '../../shared/import/report-dating';
import type { ExportCliOptions } from './export-commands';
import { hintOf, unwrap, type CliContext, type Io } from './context';
import { archiveHasAccounts, mayChange, NO_ONE, PromptStopped, signIn, type CliSession } from './sign-in';
import { registerServerCommand } from './server-command';
import { registerUsersCommands } from './users-commands';
import { registerWorkflowCommands } from './workflow-commands';
import { registerSyncCommands } from './sync-commands';
import { registerProofreadCommand } from './proofread-command';
import { registerTrashCommands } from './trash-commands';
import { registerEditionCommands } from './edition-commands';
import { registerTypefacesCommand } from './typefaces-command';
import { importSetDateCommand } from './import-date-command';
import { STATUSES } from '../../shared/domain/status';

// What a command needs beyond parsing its arguments is imported when it runs, the archive's
// world as one piece (./services.ts): `--help` or `typeset` reads no archive code, and a listing
// or a search neither Lexical nor pdf-lib, nor the export, host or newsroom code. Keep these
// out of the static imports.
const loadServices = () => import('./services');

/** The command line speaks the terminal's language when it says one, else the desk's zh-CN. */
function cliLanguage(env: NodeJS.ProcessEnv): Language | undefined {
  return languageOfLocale(env.BANMIAN_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '');
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * What reaches the terminal: text from the archive (a headline saved with ESC [2J, a name
 * with BEL) must not drive it, so every control character (`shared/text/control-chars.ts`:
 * C0 but tab and line breaks, DEL, C1, lone surrogates, U+FFFE/U+FFFF) is shown as a `\uXXXX`
 * escape, e.g. ESC as `\u001b`: visible, inert, and valid inside the JSON strings of --json
 * output, which JSON.stringify leaves raw for DEL, C1 and U+FFFE/U+FFFF. A carriage return is
 * kept before a line feed and at the start of a write (our own progress line, redrawn in
 * place); anywhere else it would let text overwrite the line it is on, so it is escaped too.
 */
function forTerminal(text: string): string {
  return escapeControlChars(text).replace(/\r(?!\n)/g, (cr, at: number) => (at === 0 ? cr : '\\u000d'));
}

const processIo: Io = {
  out: (text) => process.stdout.write(forTerminal(text)),
  err: (text) => process.stderr.write(forTerminal(text)),
  input: readStdin,
};

/** The exit code of a command stopped by Ctrl+C, as shells report SIGINT. */
export const STOPPED_EXIT_CODE = 130;

/** The programs that hold an archive, in words: 桌面应用（进程 1234）、浏览器主机 127.0.0.1:5173（进程 99）. */
function describeHolders(i18n: i18n, holders: Holder[]): string {
  if (!holders.length) return i18n.t('cli:holders.unknown');
  return holders
    .map((h) =>
      i18n.t('cli:holders.entry', {
        program: i18n.t(`cli:holders.${h.program}`),
        detail: h.detail ? ` ${h.detail}` : '',
        pid: h.pid,
        machine: h.machine,
      }),
    )
    .join(i18n.t('cli:holders.separator'));
}

/** An error in words, with what the command line adds: the status in words, how to sign in, advice. */
function cliErrorMessage(i18n: i18n, error: ApiError): string {
  const status = STATUSES.find((s) => s === error.params.status);
  const params = status ? { ...error.params, status: i18n.t(`common:status.${status}`) } : error.params;
  const lines = [errorMessage(i18n, error.code, params)];
  if (error.code === 'SIGN_IN_REQUIRED') lines.push(i18n.t('cli:signIn.hint'));
  const hint = hintOf(error);
  if (hint) lines.push(hint);
  return lines.join('\n');
}

/**
 * The top-level commands, by the part of the command line that defines them, in the order help
 * lists them. Only the part of the command being run is defined (its options, its texts in the
 * terminal's language): defining every command translated some 250 texts at each start, more
 * than a listing's own work. tests/unit/cli-parts.test.ts holds this to what each part defines.
 */
export const COMMAND_PARTS = {
  articles: ['articles'],
  import: ['import'],
  search: ['search'],
  people: ['people'],
  reindex: ['reindex'],
  backup: ['backup'],
  restore: ['restore'],
  typeset: ['typeset'],
  export: ['export'],
  'export-article': ['export-article'],
  users: ['users'],
  workflow: ['status', 'audit'],
  server: ['server'],
  sync: ['connect', 'sync', 'disconnect', 'sync-status'],
  proofread: ['proofread'],
  trash: ['trash'],
  editions: ['editions', 'pages', 'templates'],
  typefaces: ['typefaces'],
  host: ['host'],
} as const satisfies Record<string, readonly string[]>;
type CommandPart = keyof typeof COMMAND_PARTS;

/** The parts to define: the one that has the command `argv` names, else all (help, no command, a name none has). */
function partsFor(argv: readonly string[]): CommandPart[] {
  const all = Object.keys(COMMAND_PARTS) as CommandPart[];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--data' || arg === '--user') i++;
    else if (!arg.startsWith('--data=') && !arg.startsWith('--user=')) {
      if (arg.startsWith('-')) return all;
      const named = all.filter((part) => (COMMAND_PARTS[part] as readonly string[]).includes(arg));
      return named.length ? named : all;
    }
  }
  return all;
}

/** Runs the command line; resolves to the exit code. Errors are printed translated, never thrown. */
export async function runCli(argv: string[], io: Io = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const i18n: i18n = createI18n(cliLanguage(env));
  const t = i18n.t.bind(i18n);
  const program = new Command('banmian')
    .description(t('cli:description'))
    .option('--data <dir>', t('cli:dataOption'))
    .option('--user <name>', t('cli:userOption'))
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  const dataDir = (): string => resolve(program.opts<{ data?: string }>().data ?? defaultDataDir(env));
  const userName = (): string | undefined => program.opts<{ user?: string }>().user;
  // The command being run, named in the archive's list of who has it open (for a restore).
  let commandName = '';
  program.hook('preAction', (_program, action) => {
    commandName = action.name();
  });
  // Opens the archive and signs `--user` in (its password from BANMIAN_PASSWORD or asked at
  // the terminal): wrong name or password stops the command before it does anything.
  const withServices: CliContext['withServices'] = async (work, options = {}) => {
    const { AppServices } = await loadServices();
    const services: AppServices = AppServices.open(dataDir(), {
      holder: { program: 'cli', detail: commandName },
      demo: options.demo ?? true,
    });
    try {
      const name = userName();
      const signingIn = name !== undefined && (!options.signInOnlyWithAccounts || services.archive.hasAccounts());
      const session: CliSession = signingIn ? await signIn(services, name, env, i18n) : NO_ONE;
      return await work(services, session);
    } finally {
      services.close();
    }
  };
  const context: CliContext = { i18n, io, env, userName, withServices };

  // Each part defines its commands; only the part of the command being run is defined (COMMAND_PARTS).
  const parts: Record<CommandPart, () => unknown> = {
    articles: () =>
      program
        .command('articles')
        .description(t('cli:articlesCommand'))
        .option('--json', t('cli:jsonOption'))
        .action((options: { json?: boolean }) =>
          withServices(async (services) => {
            if (options.json) {
              const ids = services.archive.allIds();
              const { toPlainArticle } = await loadServices();
              // Each with its history: who moved it where, from which front end, and why.
              const all = ids.map((id) => ({ ...toPlainArticle(services.archive.get(id)), statusLog: services.archive.statusLog(id) }));
              io.out(`${JSON.stringify(all, null, 2)}\n`);
              return;
            }
            const list: ArticleSummary[] = services.archive.list({ limit: 1000 });
            if (!list.length) io.out(`${t('cli:noArticles')}\n`);
            for (const a of list) {
              const status = t(`common:status.${a.status}`);
              io.out(`${a.id}  [${status}]  ${a.headline || t('common:untitled')}  ${a.byline}  ${a.chars}  ${a.updatedAt}\n`);
            }
          }),
        ),
    import: () =>
      program
        .command('import')
        .description(t('cli:importCommand'))
        .argument('<files...>', t('cli:filesArgument'))
        .option('--edition <date>', t('cli:editionOption'))
        .option('--page <n>', t('cli:pageOption'))
        .option('--json', t('cli:jsonOption'))
        .addCommand(importSetDateCommand(program, context))
        .action((files: string[], options: { edition?: string; page?: string; json?: boolean }) => {
          if (options.edition !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.edition)) {
            throw new ApiError('INVALID_INPUT', { issue: `--edition ${options.edition}: YYYY-MM-DD` });
          }
          const page = options.page === undefined ? null : Number(options.page);
          if (page !== null && !(Number.isInteger(page) && page >= 1))
            throw new ApiError('INVALID_INPUT', { issue: `--page ${options.page}` });
          return withServices(async (services, { actor }) => {
            mayChange(services.archive, actor, 'import');
            const { runImport } = await import('../import/run-import');
            const running = runImport(
              {
                dataDir: services.archive.dir,
                language: isLanguage(i18n.language) ? i18n.language : 'zh-CN',
                files: files.map((path) => ({ fileName: basename(path), path: resolve(path) })),
                options: { editionDate: options.edition ?? null, page },
              },
              (done, total, report) => {
                if (options.json) return;
                const line = report.ok
                  ? report.duplicate
                    ? t('cli:importDuplicate', { file: report.fileName })
                    : withDating(
                        i18n,
                        t('cli:importDone', {
                          file: report.fileName,
                          count: report.articleIds.length,
                          doubtful: report.doubtful,
                          encoding: report.encoding,
                        }),
                        report,
                      )
                  : `${t('cli:error')}: ${report.error?.message}`;
                (report.ok ? io.out : io.err)(`[${done}/${total}] ${line}\n`);
              },
            );
            // Ctrl+C stops between files: what was imported stays, nothing is half written.
            const stop = () => running.cancel();
            process.once('SIGINT', stop);
            const { reports, cancelled } = await running.result.finally(() => process.removeListener('SIGINT', stop));
            // Who brought what into the archive (a run that added nothing leaves no entry).
            const read = reports.filter((r) => r.ok && !r.duplicate);
            if (read.length) {
              services.archive.recordAudit(actor, {
                action: 'import.files',
                editionDate: options.edition ?? null,
                page,
                detail: { files: read.length, articles: read.reduce((n, r) => n + r.articleIds.length, 0) },
              });
            }
            if (options.json) io.out(`${JSON.stringify(reports, null, 2)}\n`);
            // Stories with no date are found by no date filter and paid in no month: say so, and how to give one.
            const undated = undatedFiles(reports);
            if (undated) io.err(`${t('desk:import.undatedFiles', { count: undated })}\n${t('cli:importUndatedHint')}\n`);
            if (cancelled) io.err(`${t('desk:import.cancelled')}\n`);
            if (cancelled || reports.some((r) => !r.ok)) process.exitCode = 1;
          });
        }),
    search: () =>
      program
        .command('search')
        .description(t('cli:searchCommand'))
        .argument('<query...>', t('cli:queryArgument'))
        .option('--limit <n>', t('cli:limitOption'), '20')
        .option('--order <order>', t('cli:orderOption'), 'newest')
        .option('--person <name>', t('cli:personOption'))
        .option('--role <role>', t('cli:roleOption'))
        .option('--status <status>', t('cli:statusOption'))
        .option('--column <label>', t('cli:columnOption'))
        .option('--from <date>', t('cli:fromOption'))
        .option('--to <date>', t('cli:toOption'))
        .option('--edition <date>', t('cli:editionOption'))
        .option('--page <n>', t('cli:pageOption'))
        .option('--json', t('cli:jsonOption'))
        .action((words: string[], o: Record<string, string | boolean | undefined>) =>
          withServices(async (services, session) => {
            const filters = Object.fromEntries(
              (['person', 'role', 'status', 'column', 'from', 'to', 'edition'] as const)
                .filter((k) => typeof o[k] === 'string')
                .map((k) => [k, o[k]]),
            );
            if (typeof o.page === 'string') Object.assign(filters, { page: Number(o.page) });
            const result = await services.call(
              'search.query',
              {
                q: words.join(' '),
                order: o.order,
                limit: Number(o.limit),
                ...(Object.keys(filters).length ? { filters } : {}),
              },
              session.caller,
            );
            const response = unwrap(result) as SearchResponse;
            if (o.json) {
              io.out(`${JSON.stringify(response.results, null, 2)}\n`);
              return;
            }
            io.out(`${t('cli:searchTotal', { count: response.total, more: response.totalCapped ? '+' : '' })}\n`);
            // As the desk says it: relevance ranked the newest matches only.
            if (response.partial) {
              const key = response.rankedBy === 'weight' ? 'cli:searchPartialWeight' : 'cli:searchPartial';
              io.out(`${t(key, { window: response.ranked ?? RANK_WINDOW_SIZE })}\n`);
            }
            for (const r of response.results) {
              io.out(
                `${r.date ?? t('common:undated')}  ${r.headline || t('common:untitled')}  ${r.byline}  (${r.score})\n    ${r.snippet}\n`,
              );
            }
          }),
        ),
    people: () =>
      program
        .command('people')
        .description(t('cli:peopleCommand'))
        .option('--from <month>', t('cli:monthFromOption'))
        .option('--to <month>', t('cli:monthToOption'))
        .option('--person <name>', t('cli:personOption'))
        .option('--csv <file>', t('cli:csvOption'))
        .option('--json', t('cli:jsonOption'))
        .action((o: { from?: string; to?: string; person?: string; csv?: string; json?: boolean }) =>
          withServices(async (services, session) => {
            const request = Object.fromEntries(Object.entries({ from: o.from, to: o.to, person: o.person }).filter(([, v]) => v));
            const result = await services.call('people.stats', request, session.caller);
            const rows = unwrap(result) as ContributorRow[];
            if (o.csv) {
              writeFileSync(o.csv, contributorsCsv(i18n, rows));
              io.out(`${t('cli:csvWritten', { rows: rows.length, file: o.csv })}\n`);
            } else if (o.json) io.out(`${JSON.stringify(rows, null, 2)}\n`);
            else
              for (const r of rows)
                io.out(
                  `${contributorMonth(i18n, r.month)}  ${r.outlet}${contributorRole(i18n, r.role)} ${r.name}  ${r.articles}  ${r.chars}  ${r.photos}\n`,
                );
          }),
        ),
    reindex: () =>
      program
        .command('reindex')
        .description(t('cli:reindexCommand'))
        .action(() =>
          withServices(async (services, { actor }) => {
            mayChange(services.archive, actor, 'maintain');
            const { reindexAll } = await loadServices();
            const total = reindexAll(services.archive, (done, all) => io.err(`\r${done}/${all}`));
            io.err('\n');
            io.out(`${t('cli:reindexDone', { count: total })}\n`);
          }),
        ),
    backup: () =>
      program
        .command('backup')
        .description(t('cli:backupCommand'))
        .requiredOption('--out <file>', t('cli:outOption'))
        .action(async (o: { out: string }) => {
          // Ctrl+C (or a kill) stops the copy and removes its unfinished file.
          const stop = new AbortController();
          const abort = () => stop.abort();
          process.once('SIGINT', abort);
          process.once('SIGTERM', abort);
          try {
            const { backupArchive } = await import('../archive/backup');
            const { bytes } = await backupArchive(dataDir(), resolve(o.out), { signal: stop.signal });
            io.out(`${t('cli:backupDone', { file: resolve(o.out), size: (bytes / 1024 / 1024).toFixed(1) })}\n`);
          } catch (error) {
            if (error instanceof ApiError && error.code === 'BACKUP_STOPPED') {
              io.err(`${errorMessage(i18n, error.code)}\n`);
              process.exitCode = STOPPED_EXIT_CODE;
              return;
            }
            throw error;
          } finally {
            process.removeListener('SIGINT', abort);
            process.removeListener('SIGTERM', abort);
          }
        }),
    restore: () =>
      program
        .command('restore')
        .description(t('cli:restoreCommand'))
        .argument('<backup>', t('cli:outOption'))
        .action(async (backup: string) => {
          // Only an administrator replaces an archive that has accounts: signed in against the
          // archive as it is, then closed again, before anything is touched.
          if (await archiveHasAccounts(dataDir()))
            await withServices((services, { actor }) => mayChange(services.archive, actor, 'maintain'));
          const { restoreArchive } = await loadServices();
          let result: RestoreResult;
          try {
            result = restoreArchive(dataDir(), resolve(backup));
          } catch (error) {
            if (error instanceof ApiError && error.code === 'ARCHIVE_IN_USE') {
              const found = (error.details as { holders?: Holder[] } | undefined)?.holders ?? [];
              throw new ApiError('ARCHIVE_IN_USE', { holders: describeHolders(i18n, found) });
            }
            throw error;
          }
          // Open once: the restored archive is checked to open, and named as ours again.
          const { AppServices } = await loadServices();
          AppServices.open(dataDir(), { holder: { program: 'cli', detail: commandName } }).close();
          const { articles, previous } = result;
          io.out(`${previous ? t('cli:restoreDone', { articles, previous }) : t('cli:restoreDoneFresh', { articles })}\n`);
        }),
    typeset: () =>
      program
        .command('typeset')
        .description(t('cli:typesetCommand'))
        .requiredOption('--width <n>', t('cli:widthOption'))
        .option('--indent <k>', t('cli:indentOption'), '2')
        .action(async (o: { width: string; indent: string }) => {
          const width = Number(o.width);
          const indent = Number(o.indent);
          if (!(width >= 2 && width <= 200)) throw new ApiError('INVALID_INPUT', { issue: `--width ${o.width}` });
          if (!(indent >= 0 && indent < width)) throw new ApiError('INVALID_INPUT', { issue: `--indent ${o.indent}` });
          const bytes = await (io.input ?? readStdin)();
          let text: string;
          try {
            text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
          } catch {
            throw new ApiError('IMPORT_UNDECODABLE', { fileName: 'stdin' });
          }
          const { typesetText } = await loadServices();
          io.out(typesetText(text, width, indent));
        }),
    export: () =>
      program
        .command('export')
        .description(t('export:cli.command'))
        .requiredOption('--edition <date>', t('export:cli.editionOption'))
        .option('--page <n>', t('export:cli.pageOption'))
        .option('--all', t('export:cli.allOption'))
        .requiredOption('--out <path>', t('export:cli.outOption'))
        .option('--pdf [file]', t('export:cli.pdfOption'))
        .option('--force', t('export:cli.forceOption'))
        .option('--bleed', t('export:cli.bleedOption'))
        .option('--crop-marks', t('export:cli.cropMarksOption'))
        .option('--pdfx [level]', t('export:cli.pdfxOption'))
        .option('--min-ppi <n>', t('export:cli.minPpiOption'))
        .option('--chromium <path>', t('export:cli.chromiumOption'))
        .option('--json', t('cli:jsonOption'))
        .action((o: ExportCliOptions) =>
          withServices(async (services, { actor }) => (await loadServices()).exportCommand(services, i18n, io, o, actor)),
        ),
    'export-article': () =>
      program
        .command('export-article')
        .description(t('export:cli.articleCommand'))
        .argument('<ids...>', 'ID')
        .option('--format <format>', t('export:cli.formatOption'), 'nitf')
        .option('--out <dir>', t('export:cli.articleOutOption'))
        .action((ids: string[], o: { format: string; out?: string }) =>
          withServices(async (services) => (await loadServices()).exportArticles(services, io, ids, o)),
        ),
    users: () => registerUsersCommands(program, context),
    workflow: () => registerWorkflowCommands(program, context),
    server: () => registerServerCommand(program, context, dataDir),
    sync: () => registerSyncCommands(program, context),
    proofread: () => registerProofreadCommand(program, context),
    trash: () => registerTrashCommands(program, context),
    editions: () => registerEditionCommands(program, context),
    typefaces: () => registerTypefacesCommand(program, context),
    host: () =>
      program
        .command('host')
        .description(t('cli:hostCommand'))
        .option('--port <port>', t('cli:portOption'), '0')
        .action(async (options: { port: string }) => {
          const [{ AppServices }, { startHost }, { rendererDir }] = await Promise.all([
            loadServices(),
            import('../host/server'),
            import('./renderer-dir'),
          ]);
          const services = AppServices.open(dataDir(), {
            holder: { program: 'host', detail: `127.0.0.1:${options.port}` },
            waitForWrites: 'async',
            liveSync: true,
          });
          const host = await startHost({ services, rendererDir: rendererDir(), port: Number(options.port) });
          io.out(`${t('cli:hostListening', { url: host.url, dir: dataDir() })}\n`);
          await new Promise<void>((done) => {
            const stop = () =>
              void host.close().then(() => {
                services.close();
                done();
              });
            process.once('SIGINT', stop);
            process.once('SIGTERM', stop);
          });
        }),
  };
  for (const part of partsFor(argv)) parts[part]();

  try {
    process.exitCode = undefined;
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof PromptStopped) return STOPPED_EXIT_CODE;
    if (error instanceof ApiError) {
      io.err(`${t('cli:error')}: ${cliErrorMessage(i18n, error)}\n`);
      return 1;
    }
    io.err(`${t('cli:error')}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
