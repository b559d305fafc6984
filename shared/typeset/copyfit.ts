import type { i18n } from 'i18next';
import type { LayoutPage } from '../api/contract';
import type { PartFlow } from './flow';
import type { Copyfit } from './frame';
import type { StoryText } from './story';

/** 超 3 行，约 45 字 / 空 2 行 / 正好: the copyfit as the desk says it. */
export function copyfitText(i18n: Pick<i18n, 't'>, copyfit: Copyfit | null): string {
  if (!copyfit) return i18n.t('layout:copyfit.none');
  if (copyfit.state === 'over') return i18n.t('layout:copyfit.over', { lines: copyfit.lines, chars: copyfit.chars });
  if (copyfit.state === 'short') return i18n.t('layout:copyfit.short', { lines: copyfit.lines });
  return i18n.t('layout:copyfit.fits');
}

/** The placed stories of a page by article id, as the composer takes them. */
export function storiesOf(page: Pick<LayoutPage, 'stories'>): Map<string, StoryText> {
  return new Map(page.stories.map((s) => [s.articleId, s.story]));
}

/** The flows of a page's parts of stories set in parts (转版), by placement id. */
export function flowsOf(page: Pick<LayoutPage, 'flows'>): Map<string, PartFlow> {
  return new Map(Object.entries(page.flows ?? {}));
}
