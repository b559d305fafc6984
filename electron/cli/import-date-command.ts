import { Command } from 'commander';
import type { ImportDating } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { unwrap, type CliContext } from './context';
import { mayChange } from './sign-in';

/**
 * banmian import set-date ARTICLE DATE [--page N]: an imported story given the edition date
 * (and page) printed on its page, with every other story of that page still undated, through
 * the same API and rules as the desk's import review (as `--user`, who may fix the import).
 * `program` lends it the command line's settings (errors and output through `io`).
 */
export function importSetDateCommand(program: Command, { i18n, io, withServices }: CliContext): Command {
  const t = i18n.t.bind(i18n);
  return new Command('set-date')
    .copyInheritedSettings(program)
    .description(t('cli:importSetDate.command'))
    .argument('<article>', t('cli:importSetDate.articleArgument'))
    .argument('<date>', t('cli:importSetDate.dateArgument'))
    .option('--page <n>', t('cli:pageOption'))
    .option('--json', t('cli:jsonOption'))
    .action((article: string, date: string, _options: unknown, command: Command) => {
      // \`import\` itself has --page and --json and takes them wherever they stand: with its own.
      const o = command.optsWithGlobals<{ page?: string; json?: boolean }>();
      const page = o.page === undefined ? undefined : Number(o.page);
      if (page !== undefined && !(Number.isInteger(page) && page >= 1)) throw new ApiError('INVALID_INPUT', { issue: `--page ${o.page}` });
      return withServices(async (services, session) => {
        mayChange(services.archive, session.actor);
        const input = { id: article, date, ...(page !== undefined ? { page } : {}) };
        const dating = unwrap(await services.call('articles.setImportDate', input, session.caller)) as ImportDating;
        if (o.json) {
          io.out(`${JSON.stringify(dating, null, 2)}\n`);
          return;
        }
        const headline = dating.article.headline || t('common:untitled');
        io.out(`${t('cli:importSetDate.done', { headline, date: dating.article.editionDate, others: dating.dated.length })}\n`);
        if (dating.skipped.length) io.err(`${t('cli:importSetDate.skipped', { count: dating.skipped.length })}\n`);
      });
    });
}
