import common from '../../../resources/locales/en/common.json';
import desk from '../../../resources/locales/en/desk.json';
import errors from '../../../resources/locales/en/errors.json';
import exportNs from '../../../resources/locales/en/export.json';
import layout from '../../../resources/locales/en/layout.json';
import people from '../../../resources/locales/en/people.json';
import story from '../../../resources/locales/en/story.json';
import type { PageResources } from './page-resources';

export const pageResources: PageResources = { common, desk, errors, export: exportNs, layout, people, story };
