import common from '../../../resources/locales/zh-CN/common.json';
import desk from '../../../resources/locales/zh-CN/desk.json';
import errors from '../../../resources/locales/zh-CN/errors.json';
import exportNs from '../../../resources/locales/zh-CN/export.json';
import layout from '../../../resources/locales/zh-CN/layout.json';
import people from '../../../resources/locales/zh-CN/people.json';
import story from '../../../resources/locales/zh-CN/story.json';
import type { PageResources } from './page-resources';

export const pageResources: PageResources = { common, desk, errors, export: exportNs, layout, people, story };
