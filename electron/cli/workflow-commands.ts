import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { i18n } from 'i18next';
import type { AuditEntry } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { auditCsv, auditDetailText } from '../../shared/domain/audit-csv';
import type { Article } from '../../shared/domain/article';
import { availableActions, nextStatus, STATUSES, type Status, type StatusAction } from '../../shared/domain/status';
import { unwrap, withHint, type CliContext } from './context';
import { mayChange } from './sign-in';

const DAY = /^\d{4}-\d{2}-\d{2}$/u;

function isStatus(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value);
}

/**
 * The one workflow action that takes a story from `from` to `to`, if there is one: draft →
 * submitted is submit, approved → edited is revoke (撤销签发), spiked → the status it was spiked
 * from is restore, and so on (shared/domain/status.ts).
 */
function actionTo(from: Status, to: Status, spikedFrom: Status | null): StatusAction | null {
  return availableActions(from).find((a) => nextStatus(from, a, spikedFrom) === to) ?? null;
}

const statusWord = (i18n: i18n, status: Status) => i18n.t(`common:status.${status}`);

/** An audit entry's place: the story, or the edition and page. */
function placeOf(e: AuditEntry): string {
  if (e.articleId) return e.articleId;
  if (e.editionDate) return e.page === null ? e.editionDate : `${e.editionDate}/${e.page}`;
  return '';
}

/** banmian status (a story through the workflow, as someone) and banmian audit (who did what). */
export function registerWorkflowCommands(program: Command, { i18n, io, withServices }: CliContext): void {
  const t = i18n.t.bind(i18n);

  program
    .command('status')
    .description(t('cli:status.command'))
    .argument('<id>', t('cli:status.idArgument'))
    .requiredOption('--to <status>', t('cli:status.toOption'))
    .option('--reason <text>', t('cli:status.reasonOption'))
    .option('--json', t('cli:jsonOption'))
    .action((id: string, o: { to: string; reason?: string; json?: boolean }) => {
      const to = o.to;
      if (!isStatus(to)) throw new ApiError('INVALID_INPUT', { issue: `--to ${to}: ${STATUSES.join(' | ')}` });
      return withServices(async (services, session) => {
        // The API would let the command line without a user move a story: only someone may.
        mayChange(services.archive, session.actor);
        const article = services.archive.get(id);
        const log = services.archive.statusLog(id);
        const spikedFrom = log.findLast((c) => c.to === 'spiked')?.from ?? null;
        const action = actionTo(article.status, to, spikedFrom);
        if (!action) {
          const reachable = availableActions(article.status)
            .map((a) => nextStatus(article.status, a, spikedFrom))
            .filter((s): s is Status => s !== null)
            .map((s) => `${statusWord(i18n, s)} (${s})`)
            .join(t('common:listSeparator'));
          throw withHint(
            new ApiError('STATUS_NOT_ALLOWED', { status: article.status }),
            t('cli:status.reachable', { statuses: reachable }),
          );
        }
        const reason = o.reason === undefined ? {} : { reason: o.reason };
        const changed = unwrap(await services.call('articles.setStatus', { id, action, ...reason }, session.caller)) as Article;
        if (o.json) {
          io.out(
            `${JSON.stringify({ id, action, from: article.status, to: changed.status, signedRevision: changed.signedRevision }, null, 2)}\n`,
          );
          return;
        }
        io.out(
          `${t('cli:status.changed', {
            headline: changed.headline || t('common:untitled'),
            from: statusWord(i18n, article.status),
            to: statusWord(i18n, changed.status),
          })}\n`,
        );
      });
    });

  program
    .command('audit')
    .description(t('cli:audit.command'))
    .option('--article <id>', t('cli:audit.articleOption'))
    .option('--from <date>', t('cli:fromOption'))
    .option('--to <date>', t('cli:toOption'))
    .option('--csv <file>', t('cli:audit.csvOption'))
    .option('--json', t('cli:jsonOption'))
    .action((o: { article?: string; from?: string; to?: string; csv?: string; json?: boolean }) => {
      for (const key of ['from', 'to'] as const) {
        const day = o[key];
        if (day !== undefined && !DAY.test(day)) throw new ApiError('INVALID_INPUT', { issue: `--${key} ${day}: YYYY-MM-DD` });
      }
      return withServices((services) => {
        if (o.article !== undefined) services.archive.get(o.article);
        // Everything asked for, newest first (a negative limit is SQLite's "no limit").
        const entries = services.archive.audit({ articleId: o.article, from: o.from, to: o.to, limit: -1 });
        if (o.csv) {
          writeFileSync(o.csv, auditCsv(i18n, entries));
          io.out(`${t('cli:csvWritten', { rows: entries.length, file: o.csv })}\n`);
          return;
        }
        if (o.json) {
          io.out(`${JSON.stringify(entries, null, 2)}\n`);
          return;
        }
        if (!entries.length) io.out(`${t('cli:audit.none')}\n`);
        for (const e of entries) {
          const cells = [
            e.at,
            e.by ?? t('common:unknownPerson'),
            e.front ? t(`common:fronts.${e.front}`) : '',
            e.action,
            placeOf(e),
            auditDetailText(e.detail),
          ];
          io.out(`${cells.filter(Boolean).join('  ')}\n`);
        }
      });
    });
}
