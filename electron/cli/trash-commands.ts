import type { Command } from 'commander';
import type { TrashEntry } from '../../shared/api/contract';
import type { Article } from '../../shared/domain/article';
import { unwrap, type CliContext } from './context';
import { mayChange } from './sign-in';

/** The days until a purge, counted as the desk does: a part of a day is a day. */
function daysLeft(purgeAt: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(purgeAt) - now) / 86_400_000));
}

/**
 * banmian trash list | add | restore | empty: the trash (回收站) from the command line, through
 * the same API and rules as the desk (a change only as `--user`, by that account's roles).
 */
export function registerTrashCommands(program: Command, { i18n, io, withServices }: CliContext): void {
  const t = i18n.t.bind(i18n);
  const trash = program.command('trash').description(t('cli:trash.command'));

  trash
    .command('list')
    .description(t('cli:trash.list'))
    .option('--json', t('cli:jsonOption'))
    .action((o: { json?: boolean }) =>
      withServices(async (services, session) => {
        const entries = unwrap(await services.call('articles.listTrash', {}, session.caller)) as TrashEntry[];
        if (o.json) {
          io.out(`${JSON.stringify(entries, null, 2)}\n`);
          return;
        }
        if (!entries.length) io.out(`${t('cli:trash.none')}\n`);
        for (const e of entries) {
          const who = e.deletedBy ?? t('common:unknownPerson');
          const left = t('cli:trash.daysLeft', { count: daysLeft(e.purgeAt, Date.now()) });
          io.out(`${e.id}  ${e.headline || t('common:untitled')}  ${e.byline}  ${who}  ${e.deletedAt}  ${left}\n`);
        }
      }),
    );

  trash
    .command('add')
    .description(t('cli:trash.add'))
    .requiredOption('--article <id>', t('cli:trash.articleOption'))
    .action((o: { article: string }) =>
      withServices(async (services, session) => {
        mayChange(services.archive, session.actor);
        const entry = unwrap(await services.call('articles.trash', { id: o.article }, session.caller)) as TrashEntry;
        io.out(`${t('cli:trash.added', { headline: entry.headline || t('common:untitled'), purgeAt: entry.purgeAt.slice(0, 10) })}\n`);
      }),
    );

  trash
    .command('restore')
    .description(t('cli:trash.restore'))
    .requiredOption('--article <id>', t('cli:trash.articleOption'))
    .action((o: { article: string }) =>
      withServices(async (services, session) => {
        mayChange(services.archive, session.actor);
        const article = unwrap(await services.call('articles.restoreFromTrash', { id: o.article }, session.caller)) as Article;
        io.out(`${t('cli:trash.restored', { headline: article.headline || t('common:untitled') })}\n`);
      }),
    );

  trash
    .command('empty')
    .description(t('cli:trash.empty'))
    .action(() =>
      withServices(async (services, session) => {
        mayChange(services.archive, session.actor);
        const { purged, waiting } = unwrap(await services.call('articles.emptyTrash', {}, session.caller)) as {
          purged: number;
          waiting: number;
        };
        io.out(`${t('cli:trash.emptied', { count: purged })}\n`);
        if (waiting) io.out(`${t('cli:trash.waiting', { count: waiting })}\n`);
      }),
    );
}
