import type { Archive } from '../../electron/archive/archive';
import { emptyDraft, type ArticleDraft } from '../../shared/domain/article';
import { bodyJsonFromBlocks } from '../../shared/editor/body';

/** A draft with every part filled in, as an editor would leave it. */
export function fullDraft(overrides: Partial<ArticleDraft> = {}): ArticleDraft {
  return {
    ...emptyDraft(),
    column: '全国文明城市创建进行时',
    kicker: '推动环保工作取得更大成效',
    headline: '全市专题研讨班开班',
    deck: '——沙市区持续推进融资便利化改革创新略记',
    dateline: '本报讯',
    byline: [
      { role: 'reporter', name: '王子瑶' },
      { role: 'correspondent', name: '陈勇' },
    ],
    bodyJson: bodyJsonFromBlocks([
      { type: 'paragraph', text: '近日，省委编办印发通报，区委编办荣获全省二等奖。' },
      { type: 'intertitle', text: '突出主责主业' },
      { type: 'paragraph', text: '……' },
    ]),
    jump: '（下转第2版）',
    source: '（原载11月27日《湖北日报》）',
    ...overrides,
  };
}

/** Saves a new story headed 稿件 whose body is one paragraph, `text` (the other parts fullDraft's, or `extra`'s): its id. */
export function saveStory(archive: Archive, text: string, extra: Partial<ArticleDraft> = {}): string {
  const a = archive.create();
  return archive.save(
    a.id,
    a.version,
    fullDraft({ headline: '稿件', bodyJson: bodyJsonFromBlocks([{ type: 'paragraph', text }]), ...extra }),
  ).id;
}
