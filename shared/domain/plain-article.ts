import type { Article, BylineEntry } from './article';
import { formatByline } from './byline';
import type { CreditKind, Role } from './roles';

/**
 * An article as the command line prints it for scripts: every part as plain data, bylines as
 * people with role codes, the body as paragraph strings.
 */
export interface PlainArticle {
  id: string;
  status: Article['status'];
  version: number;
  column: string;
  kicker: string;
  headline: string;
  deck: string;
  dateline: string;
  bylineForm: Article['bylineForm'];
  byline: BylineEntry[];
  /** The byline as printed: 本报讯（记者王子瑶 通讯员陈勇）. */
  bylineText: string;
  body: string[];
  blocks: Article['body'];
  photos: {
    hash: string | null;
    fileName: string;
    caption: string;
    credit: { kind: CreditKind; names: string[]; people: { role: Role | null; name: string }[]; group: boolean };
  }[];
  jump: string;
  source: string;
  chars: number;
  charsWithPunctuation: number;
  editionDate: string | null;
  page: number | null;
  /** For imported articles: the source file and lines, the importer's confidence and doubts. */
  origin: Article['origin'];
  needsReview: boolean;
  createdAt: string;
  updatedAt: string;
  /** The revision holding the text as signed off (签发); null if it never was. */
  signedRevision: number | null;
}

export function toPlainArticle(a: Article): PlainArticle {
  return {
    id: a.id,
    status: a.status,
    version: a.version,
    column: a.column,
    kicker: a.kicker,
    headline: a.headline,
    deck: a.deck,
    dateline: a.dateline,
    bylineForm: a.bylineForm,
    byline: a.byline,
    bylineText: formatByline(a.dateline, a.byline, a.bylineForm),
    body: a.body.map((b) => b.text),
    blocks: a.body,
    photos: a.photos.map((p) => {
      const credit = a.photoGroupCredit ?? p.credit;
      return {
        hash: p.hash,
        fileName: p.fileName,
        caption: p.caption,
        credit: {
          kind: credit.kind,
          names: credit.people.map((c) => c.name),
          people: credit.people,
          group: a.photoGroupCredit !== null,
        },
      };
    }),
    jump: a.jump,
    source: a.source,
    chars: a.chars,
    charsWithPunctuation: a.charsWithPunctuation,
    editionDate: a.editionDate,
    page: a.page,
    origin: a.origin,
    needsReview: a.needsReview,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    signedRevision: a.signedRevision,
  };
}
