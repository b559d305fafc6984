import demo from '../../resources/demo/articles.json';
import demoPhotos from '../../resources/demo/photos.json';
import type { BodyBlock, BylineEntry, CreditPerson, Photo, PhotoCredit } from '../../shared/domain/article';
import type { CreditKind } from '../../shared/domain/roles';
import type { Status, StatusAction } from '../../shared/domain/status';
import { bodyJsonFromBlocks } from '../../shared/editor/body';
import type { Archive } from './archive';
import { pageLines, type Placement } from '../../shared/domain/layout';
import { fitDepth } from '../../shared/typeset/frame';
import { storyTextOf } from '../../shared/typeset/story';

/** The demo edition: the day after the demo's news, page 1 laid out with the demo's stories. */
export const DEMO_EDITION = { date: '2025-03-19', number: 58, totalNumber: 12_345, paper: '江城日报' } as const;

interface DemoPhoto {
  file: keyof typeof demoPhotos;
  caption: string;
  credit: { kind: CreditKind; people: CreditPerson[] };
}

interface DemoArticle {
  status: Status;
  column: string;
  kicker: string;
  headline: string;
  deck: string;
  dateline: string;
  bylineForm?: 'standard' | 'feature';
  byline: BylineEntry[];
  body: BodyBlock[];
  jump: string;
  source: string;
  photos: DemoPhoto[];
  photoGroupCredit?: PhotoCredit;
}

/** The workflow steps that take a new draft to each status. */
const STEPS: Record<Status, StatusAction[]> = {
  draft: [],
  submitted: ['submit'],
  edited: ['submit', 'edit'],
  approved: ['submit', 'edit', 'approve'],
  spiked: ['spike'],
};

/** Fills a new archive with a small demo edition, so the app opens on something real. */
export function seedDemo(archive: Archive): void {
  const ids: string[] = [];
  for (const a of (demo as { articles: DemoArticle[] }).articles) {
    const photos: Photo[] = a.photos.map((p, i) => {
      const image = archive.importImage(Buffer.from(demoPhotos[p.file], 'base64'), p.file);
      return { id: `demo-${i + 1}`, ...image, fileName: p.file, caption: p.caption, credit: p.credit };
    });
    const article = archive.create({
      column: a.column,
      kicker: a.kicker,
      headline: a.headline,
      deck: a.deck,
      dateline: a.dateline,
      bylineForm: a.bylineForm ?? 'standard',
      byline: a.byline,
      bodyJson: bodyJsonFromBlocks(a.body),
      photos,
      photoGroupCredit: a.photoGroupCredit ?? null,
      jump: a.jump,
      source: a.source,
    });
    for (const step of STEPS[a.status]) archive.setStatus(article.id, step);
    ids.push(article.id);
  }
  layOutDemoPage(archive, ids);
}

/**
 * Page 1 of the demo edition, a tabloid: the lead story across the top with its photo, the
 * second story below with its photo, two shorter ones beside it. The spiked story stays off
 * the page. Each frame is made as deep as its text.
 */
function layOutDemoPage(archive: Archive, ids: string[]): void {
  const [lead, second, third, fourth] = ids;
  if (!lead || !second || !third || !fourth) return;
  archive.createEdition(DEMO_EDITION);
  const page = archive.addPage({ date: DEMO_EDITION.date, number: 1, section: '要闻', editor: '林晓岚', preset: 'tabloid' });
  const g = page.page.geometry;
  const frames: Omit<Placement, 'depth' | 'top'>[] = [
    {
      id: 'demo-lead',
      articleId: lead,
      column: 0,
      span: 6,
      bodySpan: 4,
      split: 4,
      headlineSize: 'large',
      photos: [{ photo: 0, column: 4, span: 2, top: 0, depth: 8 }],
    },
    {
      id: 'demo-second',
      articleId: second,
      column: 0,
      span: 4,
      bodySpan: 4,
      split: 4,
      headlineSize: 'medium',
      photos: [{ photo: 0, column: 2, span: 2, top: 0, depth: 10 }],
    },
    { id: 'demo-third', articleId: third, column: 4, span: 2, bodySpan: 2, split: 2, headlineSize: 'small', photos: [] },
    { id: 'demo-fourth', articleId: fourth, column: 4, span: 2, bodySpan: 2, split: 2, headlineSize: 'small', photos: [] },
  ];
  const bottom = new Map<number, number>();
  const below = (f: (typeof frames)[number]) => {
    let top = 0;
    for (let c = f.column; c < f.column + f.span; c++) top = Math.max(top, bottom.get(c) ?? 0);
    return top;
  };
  for (const f of frames) {
    const top = below(f);
    const story = storyTextOf(archive.get(f.articleId));
    const depth = fitDepth(g, { ...f, top, depth: 1 }, story, pageLines(g) - top);
    archive.place(DEMO_EDITION.date, 1, { ...f, top, depth });
    // A line of white between stories.
    for (let c = f.column; c < f.column + f.span; c++) bottom.set(c, top + depth + 1);
  }
}
