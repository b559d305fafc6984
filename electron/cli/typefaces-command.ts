import type { Command } from 'commander';
import type { ApiOutput } from '../../shared/api/contract';
import type { Typeface, TypefaceStyle, Weight } from '../../shared/typeset/typefaces';
import { LINE_ROLES } from '../../shared/typeset/line-roles';
import type { LineRole } from '../../shared/typeset/frame';
import type { AppServices } from '../services/app-services';
import { unwrap, type CliContext } from './context';
import { mayChange, type CliSession } from './sign-in';

const WEIGHT_NAMES: Readonly<Record<string, Weight>> = { regular: 400, normal: 400, '400': 400, bold: 700, '700': 700 };

const isRole = (v: string): v is LineRole => (LINE_ROLES as readonly string[]).includes(v);

/**
 * banmian typefaces show|set|reset: the house's typefaces (字体) from the command line, through
 * the same settings call and rules as the layout desk (a change only as `--user`, with layout,
 * chief editor or administrator role).
 */
export function registerTypefacesCommand(program: Command, { i18n, io, withServices }: CliContext): void {
  const t = i18n.t.bind(i18n);
  const faceName = (face: Typeface) => t(`layout:typefaces.face.${face}`);
  const print = (json: boolean, style: TypefaceStyle, saved: boolean) => {
    if (json) return io.out(`${JSON.stringify(style, null, 2)}\n`);
    if (saved) io.out(`${t('cli:typefaces.saved')}\n`);
    for (const role of LINE_ROLES) {
      const type = style[role];
      io.out(
        `${t('cli:typefaces.line', { role, name: t(`layout:typefaces.role.${role}`), face: faceName(type.face), bold: type.weight === 700 ? t('cli:typefaces.bold') : '' })}\n`,
      );
    }
  };
  const role = (name: string): LineRole => {
    if (!isRole(name)) throw new Error(t('cli:typefaces.unknownRole', { role: name, valid: LINE_ROLES.join(', ') }));
    return name;
  };
  const save = async (services: AppServices, session: CliSession, typefaces: TypefaceStyle): Promise<TypefaceStyle> => {
    mayChange(services.archive, session.actor, 'house-style');
    return (unwrap(await services.call('settings.set', { typefaces }, session.caller)) as ApiOutput<'settings.set'>).typefaces;
  };

  const command = program.command('typefaces').description(t('cli:typefaces.command'));

  command
    .command('show', { isDefault: true })
    .description(t('cli:typefaces.show'))
    .option('--json', t('cli:jsonOption'))
    .action((o: { json?: boolean }) => withServices((services) => print(o.json === true, services.archive.settings().typefaces, false)));

  command
    .command('set')
    .description(t('cli:typefaces.set'))
    .requiredOption('--role <role>', t('cli:typefaces.roleOption', { roles: LINE_ROLES.join(', ') }))
    .option('--face <face>', t('cli:typefaces.faceOption'))
    .option('--weight <weight>', t('cli:typefaces.weightOption'))
    .option('--json', t('cli:jsonOption'))
    .action(async (o: { role: string; face?: string; weight?: string; json?: boolean }) => {
      const part = role(o.role);
      const { faceNamed } = await import('./services');
      if (o.face === undefined && o.weight === undefined) throw new Error(t('cli:typefaces.nothingToSet'));
      const face = o.face === undefined ? undefined : faceNamed(o.face);
      if (face === 'fangsong') throw new Error(t('cli:typefaces.noFangsong'));
      if (face === null) throw new Error(t('cli:typefaces.unknownFace', { face: o.face }));
      const weight = o.weight === undefined ? undefined : WEIGHT_NAMES[o.weight.trim().toLowerCase()];
      if (o.weight !== undefined && weight === undefined) throw new Error(t('cli:typefaces.unknownWeight', { weight: o.weight }));
      return withServices(async (services, session) => {
        const style = services.archive.settings().typefaces;
        const next = { ...style, [part]: { face: face ?? style[part].face, weight: weight ?? style[part].weight } };
        print(o.json === true, await save(services, session, next), true);
      });
    });

  command
    .command('reset')
    .description(t('cli:typefaces.reset'))
    .option('--role <role>', t('cli:typefaces.roleOption', { roles: LINE_ROLES.join(', ') }))
    .option('--json', t('cli:jsonOption'))
    .action((o: { role?: string; json?: boolean }) => {
      const part = o.role === undefined ? undefined : role(o.role);
      return withServices(async (services, session) => {
        const { DEFAULT_TYPEFACES } = await import('./services');
        const style = services.archive.settings().typefaces;
        const next = part ? { ...style, [part]: DEFAULT_TYPEFACES[part] } : DEFAULT_TYPEFACES;
        print(o.json === true, await save(services, session, next), true);
      });
    });
}
