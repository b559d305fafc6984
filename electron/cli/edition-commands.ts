import type { Command } from 'commander';
import type { i18n } from 'i18next';
import type { ApiOutput, EditionPlan, LayoutPage } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { ApiMethod } from '../../shared/api/methods';
import type { Edition, Furniture, Page } from '../../shared/domain/layout';
import type { AppServices } from '../services/app-services';
import { unwrap, withHint, type CliContext } from './context';
import { mayChange, type CliSession } from './sign-in';

/** A whole number from an option, or the option named in an INVALID_INPUT. */
function whole(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/u.test(value.trim()) || !Number.isSafeInteger(n)) throw new ApiError('INVALID_INPUT', { issue: `--${name} ${value}` });
  return n;
}

const defined = <T extends Record<string, unknown>>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * `--json` given before or after the subcommand's own options: commander hands an option the
 * parent command also has (`editions --json`) to the parent when it comes first.
 */
const wantsJson = (command: Command): boolean => command.optsWithGlobals<{ json?: boolean }>().json === true;

/** A refusal to delete what holds stories, with the way to confirm on the command line. */
function confirmHint(i18n: i18n, error: unknown): unknown {
  if (error instanceof ApiError && (error.code === 'PAGE_HAS_STORIES' || error.code === 'EDITION_HAS_STORIES'))
    return withHint(error, i18n.t('cli:editions.forceHint'));
  return error;
}

/** The numbers a new edition takes when not given: the next after the edition before it (期号 starting again each year). */
function nextNumbers(editions: readonly Edition[], date: string): { number: number; totalNumber: number; paper?: string } {
  const before = editions.filter((e) => e.date < date).sort((a, b) => b.date.localeCompare(a.date))[0];
  if (!before) return { number: 1, totalNumber: 1, ...(editions[0] ? { paper: editions[0].paper } : {}) };
  const sameYear = before.date.slice(0, 4) === date.slice(0, 4);
  return { number: sameYear ? before.number + 1 : 1, totalNumber: before.totalNumber + 1, paper: before.paper };
}

/**
 * banmian editions (list, add, edit, remove, plan) and banmian pages (add, edit, move,
 * remove): the edition whole from the command line, through the same API and rules as the
 * layout desk (a change only as `--user`, with the layout role).
 */
export function registerEditionCommands(program: Command, { i18n, io, withServices }: CliContext): void {
  const t = i18n.t.bind(i18n);
  const editionLine = (e: { date: string; number: number; totalNumber: number; paper: string }) =>
    t('layout:editionTitle', { date: e.date, number: e.number, total: e.totalNumber, paper: e.paper });
  const pageLine = (p: { number: number; section: string; editor: string }) =>
    `${t('layout:pageTitle', { number: p.number, section: p.section })}  ${t('layout:editorInCharge')}: ${p.editor}`;

  /** Calls a method as the signed-in `--user`, who must be there once the archive has accounts. */
  const change = async <M extends ApiMethod>(services: AppServices, session: CliSession, method: M, input: unknown) => {
    mayChange(services.archive, session.actor, 'layout');
    try {
      return unwrap(await services.call(method, input, session.caller)) as ApiOutput<M>;
    } catch (error) {
      throw confirmHint(i18n, error);
    }
  };
  const print = (json: boolean, value: unknown, text: string) => io.out(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);

  const editions = program
    .command('editions')
    .description(t('cli:editionsCommand'))
    .option('--json', t('cli:jsonOption'))
    .action((o: { json?: boolean }) =>
      withServices(async (services) => {
        const { copyfitText, flowsOf, setPage, storiesOf } = await import('./services');
        const report = services.archive.editions().map((e) => ({
          ...e,
          pages: e.pages.map((page) => {
            const layout = services.archive.layoutPage(e.date, page.number);
            const frames = new Map(setPage(page, storiesOf(layout), flowsOf(layout)).map((f) => [f.placementId, f]));
            return { ...page, placements: page.placements.map((p) => ({ ...p, copyfit: frames.get(p.id)?.copyfit ?? null })) };
          }),
        }));
        if (o.json) {
          io.out(`${JSON.stringify(report, null, 2)}\n`);
          return;
        }
        if (!report.length) io.out(`${t('cli:noEditions')}\n`);
        for (const e of report) {
          io.out(`${editionLine(e)}\n`);
          for (const page of e.pages) {
            io.out(`  ${pageLine(page)}\n`);
            for (const p of page.placements) {
              const headline = services.archive.get(p.articleId).headline || t('common:untitled');
              io.out(`    ${headline}  ${copyfitText(i18n, p.copyfit)}\n`);
            }
          }
        }
      }),
    );

  editions
    .command('add')
    .description(t('cli:editions.add'))
    .requiredOption('--date <date>', t('cli:editions.dateOption'))
    .option('--number <n>', t('cli:editions.numberOption'))
    .option('--total <n>', t('cli:editions.totalOption'))
    .option('--paper <name>', t('cli:editions.paperOption'))
    .option('--json', t('cli:jsonOption'))
    .action((o: { date: string; number?: string; total?: string; paper?: string }, command: Command) =>
      withServices(async (services, session) => {
        const next = nextNumbers(services.archive.editions(), o.date);
        const paper = o.paper ?? next.paper;
        if (paper === undefined) throw new ApiError('INVALID_INPUT', { issue: t('cli:editions.paperRequired') });
        const edition = await change(services, session, 'layout.createEdition', {
          date: o.date,
          number: whole('number', o.number) ?? next.number,
          totalNumber: whole('total', o.total) ?? next.totalNumber,
          paper,
        });
        print(wantsJson(command), edition, t('cli:editions.added', { edition: editionLine(edition) }));
      }),
    );

  editions
    .command('edit')
    .description(t('cli:editions.edit'))
    .requiredOption('--date <date>', t('cli:editions.dateOption'))
    .option('--new-date <date>', t('cli:editions.newDateOption'))
    .option('--number <n>', t('cli:editions.numberOption'))
    .option('--total <n>', t('cli:editions.totalOption'))
    .option('--paper <name>', t('cli:editions.paperOption'))
    .option('--json', t('cli:jsonOption'))
    .action((o: { date: string; newDate?: string; number?: string; total?: string; paper?: string }, command: Command) =>
      withServices(async (services, session) => {
        const edition = await change(services, session, 'layout.updateEdition', {
          date: o.date,
          ...defined({ newDate: o.newDate, number: whole('number', o.number), totalNumber: whole('total', o.total), paper: o.paper }),
        });
        print(wantsJson(command), edition, t('cli:editions.changed', { edition: editionLine(edition) }));
      }),
    );

  editions
    .command('remove')
    .description(t('cli:editions.remove'))
    .requiredOption('--date <date>', t('cli:editions.dateOption'))
    .option('--force', t('cli:editions.forceOption'))
    .option('--json', t('cli:jsonOption'))
    .action((o: { date: string; force?: boolean }, command: Command) =>
      withServices(async (services, session) => {
        const removed = await change(services, session, 'layout.removeEdition', { date: o.date, force: o.force === true });
        print(
          wantsJson(command),
          removed,
          t('cli:editions.removed', { date: removed.date, pages: removed.pages, count: removed.unplaced.length }),
        );
      }),
    );

  editions
    .command('plan')
    .description(t('cli:editions.plan'))
    .requiredOption('--date <date>', t('cli:editions.dateOption'))
    .option('--json', t('cli:jsonOption'))
    .action((o: { date: string }, command: Command) =>
      withServices(async (services, session) => {
        const plan = unwrap(await services.call('layout.plan', { date: o.date }, session.caller)) as EditionPlan;
        const { copyfitText, pagePlan, planTotals } = await import('./services');
        const pages = pagePlan(plan);
        const totals = planTotals(pages);
        if (wantsJson(command)) {
          io.out(`${JSON.stringify({ ...plan.edition, totals, pages }, null, 2)}\n`);
          return;
        }
        io.out(`${t('layout:plan.title')}  ${editionLine(plan.edition)}\n`);
        io.out(`${t('layout:plan.totals', { ...totals })}\n`);
        for (const page of pages) {
          io.out(`\n${pageLine(page)}\n`);
          if (!page.stories.length) io.out(`  ${t('layout:plan.noStories')}\n`);
          for (const s of page.stories) {
            const status = t(`common:status.${s.status}`);
            io.out(`  ${s.headline || t('common:untitled')}  [${status}]  ${copyfitText(i18n, s.copyfit)}  ${s.articleId}\n`);
          }
        }
      }),
    );

  const pages = program.command('pages').description(t('cli:pages.command'));

  pages
    .command('add')
    .description(t('cli:pages.add'))
    .requiredOption('--edition <date>', t('cli:pages.editionOption'))
    .requiredOption('--number <n>', t('cli:pages.numberOption'))
    .option('--section <name>', t('cli:pages.sectionOption'))
    .option('--editor <name>', t('cli:pages.editorOption'))
    .option('--template <name>', t('cli:pages.templateOption'))
    .option('--preset <preset>', t('cli:pages.presetOption'))
    .option('--json', t('cli:jsonOption'))
    .action(
      (o: { edition: string; number: string; section?: string; editor?: string; template?: string; preset?: string; json?: boolean }) =>
        withServices(async (services, session) => {
          const page: LayoutPage = await change(services, session, 'layout.addPage', {
            date: o.edition,
            number: whole('number', o.number),
            section: o.section ?? '',
            editor: o.editor ?? '',
            ...defined({ preset: o.preset, template: o.template }),
          });
          print(o.json === true, page.page, t('cli:pages.added', { date: o.edition, page: pageLine(page.page) }));
        }),
    );

  pages
    .command('edit')
    .description(t('cli:pages.edit'))
    .requiredOption('--edition <date>', t('cli:pages.editionOption'))
    .requiredOption('--number <n>', t('cli:pages.numberOption'))
    .option('--section <name>', t('cli:pages.sectionOption'))
    .option('--editor <name>', t('cli:pages.editorOption'))
    .option('--new-number <n>', t('cli:pages.newNumberOption'))
    .option('--masthead', t('cli:pages.mastheadOption'))
    .option('--no-masthead', t('cli:pages.noMastheadOption'))
    .option('--registration <cn>', t('cli:pages.registrationOption'))
    .option('--publisher <text>', t('cli:pages.publisherOption'))
    .option('--json', t('cli:jsonOption'))
    .action(
      (o: {
        edition: string;
        number: string;
        section?: string;
        editor?: string;
        newNumber?: string;
        masthead?: boolean;
        registration?: string;
        publisher?: string;
        json?: boolean;
      }) =>
        withServices(async (services, session) => {
          const number = whole('number', o.number) ?? 0;
          const asked = o.masthead !== undefined || o.registration !== undefined || o.publisher !== undefined;
          const furniture = asked ? mastheadChange(services.archive.layoutPage(o.edition, number).page, o) : undefined;
          const page: LayoutPage = await change(services, session, 'layout.updatePage', {
            date: o.edition,
            number,
            ...defined({ section: o.section, editor: o.editor, newNumber: whole('new-number', o.newNumber), furniture }),
          });
          print(o.json === true, page.page, t('cli:pages.changed', { date: o.edition, page: pageLine(page.page) }));
        }),
    );

  pages
    .command('move')
    .description(t('cli:pages.move'))
    .requiredOption('--edition <date>', t('cli:pages.editionOption'))
    .requiredOption('--number <n>', t('cli:pages.numberOption'))
    .requiredOption('--to <n>', t('cli:pages.toOption'))
    .option('--json', t('cli:jsonOption'))
    .action((o: { edition: string; number: string; to: string; json?: boolean }) =>
      withServices(async (services, session) => {
        const edition = await change(services, session, 'layout.movePage', {
          date: o.edition,
          number: whole('number', o.number),
          to: whole('to', o.to),
        });
        const order = edition.pages.map((p) => t('layout:pageTitle', { number: p.number, section: p.section }).trim());
        print(o.json === true, edition, t('cli:pages.moved', { date: o.edition, pages: order.join(t('common:listSeparator')) }));
      }),
    );

  pages
    .command('remove')
    .description(t('cli:pages.remove'))
    .requiredOption('--edition <date>', t('cli:pages.editionOption'))
    .requiredOption('--number <n>', t('cli:pages.numberOption'))
    .option('--force', t('cli:editions.forceOption'))
    .option('--json', t('cli:jsonOption'))
    .action((o: { edition: string; number: string; force?: boolean; json?: boolean }) =>
      withServices(async (services, session) => {
        const number = whole('number', o.number);
        const removed = await change(services, session, 'layout.removePage', { date: o.edition, number, force: o.force === true });
        print(o.json === true, removed, t('cli:pages.removed', { date: o.edition, page: number, count: removed.unplaced.length }));
      }),
    );

  const templates = program.command('templates').description(t('cli:templates.command'));

  templates
    .command('list')
    .description(t('cli:templates.list'))
    .option('--json', t('cli:jsonOption'))
    .action((o: { json?: boolean }, command: Command) =>
      withServices((services) => {
        const list = services.archive.templates();
        if (o.json === true || wantsJson(command)) return print(true, list, '');
        if (!list.length) io.out(`${t('cli:templates.none')}\n`);
        for (const tpl of list) {
          io.out(
            `${t('cli:templates.line', { name: tpl.name, section: tpl.section, columns: tpl.geometry.columns, measure: tpl.geometry.columnChars })}\n`,
          );
        }
      }),
    );

  templates
    .command('save')
    .description(t('cli:templates.save'))
    .requiredOption('--edition <date>', t('cli:pages.editionOption'))
    .requiredOption('--page <n>', t('cli:pages.numberOption'))
    .requiredOption('--name <name>', t('cli:templates.nameOption'))
    .option('--json', t('cli:jsonOption'))
    .action((o: { edition: string; page: string; name: string; json?: boolean }) =>
      withServices(async (services, session) => {
        const saved = await change(services, session, 'layout.saveTemplate', {
          name: o.name,
          date: o.edition,
          page: whole('page', o.page),
        });
        print(o.json === true, saved, t('cli:templates.saved', { name: saved.name, date: o.edition, page: o.page }));
      }),
    );

  templates
    .command('remove')
    .description(t('cli:templates.remove'))
    .requiredOption('--name <name>', t('cli:templates.nameOption'))
    .option('--json', t('cli:jsonOption'))
    .action((o: { name: string; json?: boolean }) =>
      withServices(async (services, session) => {
        await change(services, session, 'layout.removeTemplate', { name: o.name });
        print(o.json === true, { removed: o.name }, t('cli:templates.removed', { name: o.name }));
      }),
    );
}

/**
 * The page's furniture with its 报头 added (across the top), changed (刊号, 主办) or taken off, as
 * `pages edit --masthead`, `--registration`, `--publisher` and `--no-masthead` ask; undefined
 * when none of them is given.
 */
function mastheadChange(page: Page, o: { masthead?: boolean; registration?: string; publisher?: string }): Furniture[] | undefined {
  const list = page.furniture ?? [];
  const had = list.find((f) => f.kind === 'masthead');
  if (o.masthead === false) return list.filter((f) => f.kind !== 'masthead');
  if (o.masthead !== true && o.registration === undefined && o.publisher === undefined) return undefined;
  const base: Furniture = had ?? {
    kind: 'masthead',
    column: 0,
    span: page.geometry.columns,
    top: 0,
    depth: 12,
    registration: '',
    publisher: '',
  };
  const next = {
    ...base,
    ...(o.registration !== undefined ? { registration: o.registration.trim() } : {}),
    ...(o.publisher !== undefined ? { publisher: o.publisher.trim() } : {}),
  } as Furniture;
  return had ? list.map((f) => (f === had ? next : f)) : [next, ...list];
}
