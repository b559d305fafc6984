import { headingOnOneLine, type Article, type BylineEntry, type CreditPerson } from '../domain/article';
import { formatCaption, formatPhotoCredit } from '../domain/byline';
import { ROLE_WORDS } from '../domain/roles';
import { storyTextOf, bodyParagraphs } from '../typeset/story';
import { removeControlChars } from '../text/control-chars';

/**
 * An article as NITF 3.6 (IPTC's News Industry Text Format) for the archive service and other
 * papers' systems: hedline with hl1 (主题) and hl2 (引题, 副题), one byline per contributor
 * with the role, the dateline, body paragraphs and intertitles, and each photo as media with
 * its caption and producer.
 */

export const NITF_NAMESPACE = 'http://iptc.org/std/NITF/2006-10-18/';

const xml = (s: string) =>
  s
    // Characters XML 1.0 cannot carry at all (control characters pasted from elsewhere).
    // eslint-disable-next-line no-control-regex -- removing these control characters is the point
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/gu, '')
    .replace(/&/gu, '&amp;')
    .replace(/</gu, '&lt;')
    .replace(/>/gu, '&gt;')
    .replace(/"/gu, '&quot;');

/** 2025-03-19 → 20250319 (NITF's ISO 8601 basic form). */
const norm = (date: string) => date.slice(0, 10).replace(/-/gu, '');

function person(p: BylineEntry | CreditPerson): string {
  const role = p.role ? `${'outlet' in p && p.outlet ? p.outlet : ''}${ROLE_WORDS[p.role]}` : '';
  return `<person>${xml(p.name)}</person>${role ? `<byttl>${xml(role)}</byttl>` : ''}`;
}

export interface NitfContext {
  /** The paper's name, for pubdata and the copyright holder. */
  paper: string;
  /** The edition and page it ran in, when it was printed. */
  edition?: { date: string; page: number; section: string };
  /** A link to each photo's file, by image hash (relative to where the XML is written). */
  photoSource?: (hash: string, mime: string) => string;
}

export function nitfXml(a: Article, ctx: NitfContext): string {
  const story = storyTextOf(a);
  const date = ctx.edition?.date ?? a.editionDate ?? a.updatedAt;
  const hl2 = [a.kicker, a.deck].map(headingOnOneLine).filter(Boolean);
  const bylines = a.byline.map((b) => `<byline>${person(b)}</byline>`).join('\n');
  const paragraphs = bodyParagraphs({ ...story, byline: '', dateline: '' })
    .map((b) => (b.type === 'intertitle' ? `<hl2>${xml(b.text)}</hl2>` : `<p>${xml(b.text)}</p>`))
    .join('\n');
  const group = a.photoGroupCredit;
  const media = a.photos
    .map((p, i) => {
      const reference = p.hash && p.mime && ctx.photoSource ? ctx.photoSource(p.hash, p.mime) : null;
      const producers = [...p.credit.people, ...(group?.people ?? [])];
      const size = p.width && p.height ? ` width="${p.width}" height="${p.height}"` : '';
      return [
        `<media media-type="image">`,
        reference ? `<media-reference source="${xml(reference)}" mime-type="${xml(p.mime ?? '')}"${size}/>` : `<media-reference${size}/>`,
        `<media-caption>${xml(formatCaption(p.caption, p.credit, group ? i : null))}</media-caption>`,
        producers.length ? `<media-producer>${producers.map(person).join(' ')}</media-producer>` : '',
        `</media>`,
      ].join('');
    })
    .join('\n');
  const groupCredit = group ? formatPhotoCredit(group, true) : '';
  const ends = [a.jump, a.source, groupCredit].map((t) => t.trim()).filter(Boolean);
  const pubdata = ctx.edition
    ? `<pubdata type="print" name="${xml(ctx.paper)}" date.publication="${norm(ctx.edition.date)}" position.section="${xml(ctx.edition.section)}" position.sequence="${ctx.edition.page}"/>`
    : `<pubdata type="print" name="${xml(ctx.paper)}"/>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<nitf xmlns="${NITF_NAMESPACE}" version="-//IPTC//DTD NITF 3.6//EN" xml:lang="zh-CN">
<head>
<title>${xml(headingOnOneLine(a.headline))}</title>
<docdata management-status="usable">
<doc-id id-string="${xml(a.id)}"/>
<date.issue norm="${norm(date)}"/>
<doc.copyright holder="${xml(ctx.paper)}"/>
</docdata>
${pubdata}
</head>
<body>
<body.head>
<hedline>
<hl1>${xml(headingOnOneLine(a.headline))}</hl1>
${hl2.map((t) => `<hl2>${xml(t)}</hl2>`).join('\n')}
</hedline>
${bylines}
${a.dateline.trim() ? `<dateline>${xml(a.dateline.trim())}</dateline>` : ''}
</body.head>
<body.content>
${paragraphs}
${media}
</body.content>
${ends.length ? `<body.end>\n${ends.map((t) => `<tagline>${xml(t)}</tagline>`).join('\n')}\n</body.end>` : ''}
</body>
</nitf>
`.replace(/\n{2,}/gu, '\n');
}

/**
 * The article as the wire and web desks take it: the headings on lines of their own, then the
 * byline in house form opening the first paragraph, every paragraph indented with two
 * ideographic spaces, captions with their credits, the jump line and the source note.
 */
export function wireText(a: Article): string {
  const story = storyTextOf(a);
  const lines: string[] = [];
  if (story.column) lines.push(`【${story.column}】`);
  for (const t of [story.kicker, story.headline, story.deck]) if (t) lines.push(t);
  lines.push('');
  if (story.bylineForm === 'feature' && story.byline) lines.push(story.byline);
  for (const b of bodyParagraphs(story)) lines.push(b.type === 'intertitle' ? b.text : `\u3000\u3000${b.text}`);
  if (story.photos.length) lines.push('');
  for (const p of story.photos) lines.push(p.caption);
  if (story.groupCredit) lines.push(story.groupCredit);
  for (const t of [story.jump, story.source]) if (t) lines.push(t);
  // The wire desk's systems take this text as it is: a control character saved in an older
  // archive or typed into a field must not travel on to them.
  return `${removeControlChars(lines.join('\n')).replace(/\n{3,}/gu, '\n\n')}\n`;
}
