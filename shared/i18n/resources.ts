import enCli from '../../resources/locales/en/cli.json';
import enCommon from '../../resources/locales/en/common.json';
import enDesk from '../../resources/locales/en/desk.json';
import enErrors from '../../resources/locales/en/errors.json';
import enMenu from '../../resources/locales/en/menu.json';
import enPeople from '../../resources/locales/en/people.json';
import enStory from '../../resources/locales/en/story.json';
import enLayout from '../../resources/locales/en/layout.json';
import enExport from '../../resources/locales/en/export.json';
import zhCli from '../../resources/locales/zh-CN/cli.json';
import zhCommon from '../../resources/locales/zh-CN/common.json';
import zhDesk from '../../resources/locales/zh-CN/desk.json';
import zhErrors from '../../resources/locales/zh-CN/errors.json';
import zhMenu from '../../resources/locales/zh-CN/menu.json';
import zhPeople from '../../resources/locales/zh-CN/people.json';
import zhStory from '../../resources/locales/zh-CN/story.json';
import zhLayout from '../../resources/locales/zh-CN/layout.json';
import zhExport from '../../resources/locales/zh-CN/export.json';
import type { Language } from './languages';

/** One namespace per feature; zh-CN is the reference, en must hold the same keys (tested). */
export const resources = {
  'zh-CN': {
    common: zhCommon,
    desk: zhDesk,
    story: zhStory,
    errors: zhErrors,
    menu: zhMenu,
    cli: zhCli,
    people: zhPeople,
    layout: zhLayout,
    export: zhExport,
  },
  en: {
    common: enCommon,
    desk: enDesk,
    story: enStory,
    errors: enErrors,
    menu: enMenu,
    cli: enCli,
    people: enPeople,
    layout: enLayout,
    export: enExport,
  },
} satisfies Record<Language, Record<string, unknown>>;

export type Namespace = keyof (typeof resources)['zh-CN'];
export const NAMESPACES = [
  'common',
  'desk',
  'story',
  'errors',
  'menu',
  'cli',
  'people',
  'layout',
  'export',
] as const satisfies readonly Namespace[];
