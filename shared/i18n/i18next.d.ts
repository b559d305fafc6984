import 'i18next';
import type { resources } from './resources';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: (typeof resources)['zh-CN'];
    returnNull: false;
    /** Error codes are keys and contain `_`; no key here uses i18next contexts. */
    contextSeparator: '#';
  }
}
