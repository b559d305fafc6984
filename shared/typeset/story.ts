import type { ArticleDraft, BodyBlock } from '../domain/article';
import { formatByline, formatCaption, formatPhotoCredit } from '../domain/byline';

/** An article as the composer sets it: every printed part already in house form. */
export interface StoryText {
  column: string;
  kicker: string;
  headline: string;
  deck: string;
  /** Standard form (本报讯（记者…）) opens the first paragraph; feature form (□ …) is a line of its own. */
  byline: string;
  bylineForm: 'standard' | 'feature';
  /** The dateline alone, for a feature byline (it still opens the first paragraph). */
  dateline: string;
  body: BodyBlock[];
  photos: { caption: string; hash: string | null; width: number | null; height: number | null; credited: boolean }[];
  /** 本组图片：… 摄, under a group of photos. */
  groupCredit: string;
  jump: string;
  source: string;
}

type StorySource = Pick<
  ArticleDraft,
  'column' | 'kicker' | 'headline' | 'deck' | 'dateline' | 'bylineForm' | 'byline' | 'photos' | 'photoGroupCredit' | 'jump' | 'source'
> & { body: readonly BodyBlock[] };

export function storyTextOf(a: StorySource): StoryText {
  const group = a.photoGroupCredit;
  return {
    column: a.column.trim(),
    kicker: a.kicker.trim(),
    headline: a.headline.trim(),
    deck: a.deck.trim(),
    byline: formatByline(a.dateline, a.byline, a.bylineForm),
    bylineForm: a.bylineForm,
    dateline: a.dateline.trim(),
    body: a.body.filter((b) => b.text.trim().length > 0).map((b) => ({ type: b.type, text: b.text.trim() })),
    photos: a.photos.map((p, i) => ({
      caption: formatCaption(p.caption, p.credit, group ? i : null),
      hash: p.hash,
      width: p.width,
      height: p.height,
      credited: p.credit.people.length > 0 || (group?.people.length ?? 0) > 0,
    })),
    groupCredit: group ? formatPhotoCredit(group, true) : '',
    jump: a.jump.trim(),
    source: a.source.trim(),
  };
}

/** The body as set, paragraph by paragraph: the byline or dateline opens the first paragraph. */
export function bodyParagraphs(s: StoryText): BodyBlock[] {
  const lead = s.bylineForm === 'standard' ? s.byline : s.dateline;
  const blocks = s.body.map((b) => ({ ...b }));
  const first = blocks.find((b) => b.type === 'paragraph');
  if (lead) {
    if (first) first.text = lead + first.text;
    else blocks.unshift({ type: 'paragraph', text: lead });
  }
  return blocks;
}
