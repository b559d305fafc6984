import type { Command } from 'commander';
import { ApiError } from '../../shared/api/errors';
import type { Article } from '../../shared/domain/article';
import type { Finding, ProofreadOptions, ProofreadRule } from '../../shared/proofread/check';
import type { CliContext } from './context';

/** The checker with its word lists, the house's rules and the messages: loaded by this command only. */
const proofreader = () =>
  Promise.all([import('../../shared/proofread/check'), import('../../shared/proofread/house'), import('../../shared/proofread/message')]);
type Check = Awaited<ReturnType<typeof proofreader>>[0];

async function readStandardInput(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The parts of an article a proofreader reads, one to a line: kicker, headline, deck, body paragraphs, captions. */
export function articleText(article: Article): string {
  const parts = [
    article.kicker,
    article.headline,
    article.deck,
    ...article.body.map((b) => b.text),
    ...article.photos.map((p) => p.caption),
  ];
  return parts.filter((part) => part.trim() !== '').join('\n');
}

/** `--rules a,b` as rule ids; an unknown id stops the command, naming the valid ones. */
function parseRules(
  list: string | undefined,
  t: CliContext['i18n']['t'],
  { isProofreadRule, PROOFREAD_RULES }: Check,
): ProofreadRule[] | undefined {
  if (list === undefined) return undefined;
  const ids = list
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const unknown = ids.filter((id) => !isProofreadRule(id));
  if (unknown.length || !ids.length) {
    throw new Error(t('cli:proofread.unknownRules', { rules: unknown.join(', ') || list, valid: PROOFREAD_RULES.join(', ') }));
  }
  return ids as ProofreadRule[];
}

/**
 * banmian proofread [--json] [--rules LIST] [--article ID]: the proofreading checker (校对) on
 * standard input or on an article of the archive. One finding a line, `line:column rule
 * message → suggestion`, in the terminal's language; `--json` gives `{ offset, length, rule,
 * message, suggestion }` with offsets in UTF-16 code units. Findings are no failure: exit 0.
 */
export function registerProofreadCommand(program: Command, { i18n, io, withServices }: CliContext): void {
  const t = i18n.t.bind(i18n);

  program
    .command('proofread')
    .description(t('cli:proofread.command'))
    .option('--json', t('cli:jsonOption'))
    .option('--rules <list>', t('cli:proofread.rulesOption'))
    .option('--article <id>', t('cli:proofread.articleOption'))
    .action(async (o: { json?: boolean; rules?: string; article?: string }) => {
      const [check, { houseOptions }, { proofreadMessage }] = await proofreader();
      const { lineAndColumn, proofread } = check;
      const message = (f: Finding): string => proofreadMessage(i18n, f);
      const rules = parseRules(o.rules, t, check);
      let text: string;
      let house: ProofreadOptions = {};
      if (o.article !== undefined) {
        const id = o.article;
        // An article of the archive is read under the newsroom's own rules and word lists.
        [text, house] = await withServices((services) => [
          articleText(services.archive.get(id)),
          houseOptions(services.archive.settings().proofreading),
        ]);
      } else {
        const bytes = await (io.input ?? readStandardInput)();
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          throw new ApiError('IMPORT_UNDECODABLE', { fileName: 'stdin' });
        }
      }
      // Rules asked for by name are checked even where the house switched them off.
      const findings = proofread(text, rules ? { ...house, off: [], rules } : house);
      if (o.json) {
        const report = findings.map((f) => ({
          offset: f.offset,
          length: f.length,
          rule: f.rule,
          message: message(f),
          suggestion: f.suggestion ?? null,
        }));
        io.out(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      for (const f of findings) {
        const { line, column } = lineAndColumn(text, f.offset);
        const fix = f.suggestion === undefined ? '' : ` → ${f.suggestion}`;
        io.out(`${line}:${column} ${f.rule} ${message(f)}${fix}\n`);
      }
    });
}
