import type { useT } from '../i18n';

/**
 * The desk's `t`, handed down from the desk to the views drawn again on every move (a frame,
 * the inspector, the frame list): the same function until the language changes, so it spares
 * each of them the hook's own work on every draw, and a new language still draws them again.
 */
export type Translate = ReturnType<typeof useT>['t'];
