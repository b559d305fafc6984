import demo from '../../resources/demo/articles.json';
import demoPhotos from '../../resources/demo/photos.json';
import type { BodyBlock, BylineEntry, CreditPerson, Photo, PhotoCredit } from '../../shared/domain/article';
import type { CreditKind } from '../../shared/domain/roles';
import type { Status, StatusAction } from '../../shared/domain/status';
import { bodyJsonFromBlocks } from '../../shared/editor/body';
import type { Archive } from './archive';

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
  }
}
