import type { BodyBlock, BylineEntry, BylineForm, PhotoCredit } from '../domain/article';
import { parseCredit, parseDatelineLead, parseFeatureByline } from './byline-parse';
import { assignHeadlines, FeatureCache, Matcher, type Cluster, type HeadlineEvidence, type TitleLine } from './headlines';
import { isMastheadLine, readMasthead, type Masthead } from './masthead';
import { bigrams, endsSentence, gridWidth, hanCodePoints, isHanCodePoint, joinWrapped, pairKey, tidySpaces, type Pair } from './text';
import { charClass, SPACE } from '../text/char-class';
import { removeControlChars } from '../text/control-chars';
import type { Finding } from '../proofread/finding';
import { halfwidthPunctuation } from '../proofread/punctuation';

/**
 * Splits the raw text of a printed page into articles. The text is what extraction from a
 * printed page gives: lines hard-wrapped at the column width (or a paragraph per line), blank
 * lines where a column ended, headlines before or after their story and sometimes far from it,
 * bylines cut by wraps, stray spaces. Everything here is a heuristic, so every article carries
 * a confidence and the reasons it is not higher; the desk reviews imports before use.
 */

export interface ImportedPhoto {
  caption: string;
  credit: PhotoCredit;
}

export interface ImportedArticle {
  column: string;
  kicker: string;
  headline: string;
  deck: string;
  dateline: string;
  bylineForm: BylineForm;
  byline: BylineEntry[];
  body: BodyBlock[];
  photos: ImportedPhoto[];
  photoGroupCredit: PhotoCredit | null;
  jump: string;
  source: string;
  /** 1-based lines of the source text the article was read from. */
  firstLine: number;
  lastLine: number;
  /** 0–1: how sure the importer is that this is one whole article, rightly taken apart. */
  confidence: number;
  /** Why the confidence is not 1: codes the desk's review screen translates. */
  doubts: ImportDoubt[];
}

/**
 * Why an article is not sure, by the part in doubt: its headline (none, guessed by position,
 * printed away from the text, or its lines' parts as 引题/主题/副题), its text (joined from two
 * places, a fragment, a caption guessed), its byline; and half-width punctuation kept as printed.
 */
export type ImportDoubt =
  | 'no-headline'
  | 'headline-guessed'
  | 'headline-far'
  | 'headline-weak'
  | 'headline-parts-guessed'
  | 'pieces-joined'
  | 'no-byline'
  | 'fragment'
  | 'caption-guessed'
  | 'halfwidth-punctuation'
  | 'no-edition-date';

const DOUBT_WEIGHT: Record<ImportDoubt, number> = {
  'no-headline': 0.35,
  'headline-guessed': 0.3,
  'headline-far': 0.15,
  'headline-weak': 0.15,
  'headline-parts-guessed': 0.15,
  'pieces-joined': 0.15,
  'no-byline': 0.15,
  fragment: 0.3,
  'caption-guessed': 0.1,
  // The text is as printed, and rightly taken apart: the proofreader's business, not the import's.
  'halfwidth-punctuation': 0,
  // Said for review where neither the page nor the batch gave a date; added by the file's reader.
  'no-edition-date': 0,
};

/** A doubt this importer knows (a story's stored doubts may come from another desk's newer one). */
export function isImportDoubt(doubt: string): doubt is ImportDoubt {
  return Object.hasOwn(DOUBT_WEIGHT, doubt);
}

/** How sure the import is of an article with these doubts, to the hundredth. */
export function importConfidence(doubts: Iterable<ImportDoubt>): number {
  const confidence = Math.max(
    0.05,
    [...doubts].reduce((c, d) => c - DOUBT_WEIGHT[d], 1),
  );
  return Math.round(confidence * 100) / 100;
}

export interface ReadPage {
  articles: ImportedArticle[];
  /** What the page's 报眉 says of its date, page and issue. */
  masthead: Masthead;
}

interface Line {
  no: number;
  text: string;
  blankBefore: boolean;
  /** titleShaped(text), once asked: each line is asked again for every title line above it. */
  shaped?: boolean;
  /** gridWidth(text), once measured: most lines are measured again for every question above. */
  width?: number;
}

const widthOf = (line: Line): number => (line.width ??= gridWidth(line.text));
const shapedLine = (line: Line): boolean => (line.shaped ??= titleShaped(line.text, widthOf(line)));

type Element =
  | { kind: 'title'; lines: Line[] }
  | { kind: 'paragraph'; lines: Line[]; text: string }
  | { kind: 'column'; line: Line; label: string }
  | { kind: 'masthead'; line: Line }
  | { kind: 'feature'; line: Line; byline: BylineEntry[] }
  | { kind: 'jump-in' | 'jump-out' | 'source'; line: Line; text: string };

const JUMP_IN = /^[（(]\s*上接第?\s*[0-9一二三四五六七八九十]+\s*版\s*[）)]/u;
const JUMP_OUT = /[（(]\s*下转第?\s*[0-9一二三四五六七八九十]+\s*版\s*[）)]\s*$/u;
const SOURCE = /^[（(]\s*原载.{2,60}[）)]$/u;
const COLUMN = /^[\p{Script=Han}A-Za-z ]{1,14}简讯$/u;
const DATELINE_START = /^\s*(本报讯|本报[^（(，。]{1,12}讯|[^（(，。\s]{1,6}社[^（(，。]{0,16}电\s*[（(])/u;
/**
 * DATELINE_START, asked of nearly every line several times: only text that opens with 本, or
 * has 社 among its first six characters (twelve code units), can match it.
 */
function datelineStart(text: string): boolean {
  const t = text.trimStart();
  if (t.charCodeAt(0) !== 0x672c) {
    const she = t.indexOf('社', 1);
    if (she < 0 || she > 12) return false;
  }
  return DATELINE_START.test(text);
}
const NUMBERED_CAPTION = /^\s*([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*/u;
/** A line that goes on with the sentence of the line before it, cut by a column end: 云,区政协主席…, 位，围绕… */
const CONTINUATION = /^\p{Script=Han}[，,、。；;：:）)”]/u;

/** A justified line spread out with a space after every character (近 期 ，受 上 游). */
function unspread(line: string): string {
  // (a line with no space has nothing to join)
  if (!line.includes(' ')) return line;
  // The spaces between two characters that are not white space, and the characters but spaces,
  // counted in one pass rather than matched and copied: white space is all in the BMP, and no
  // half of a surrogate pair is white space, so a code unit either side tells.
  let spaces = 0;
  let spaced = 0;
  for (let i = 0; i < line.length; i++) {
    if (line.charCodeAt(i) !== 0x20) continue;
    spaces++;
    if (i > 0 && i + 1 < line.length && !(charClass(line.charCodeAt(i - 1)) & SPACE) && !(charClass(line.charCodeAt(i + 1)) & SPACE))
      spaced++;
  }
  const chars = line.length - spaces;
  if (chars < 4 || spaced / chars < 0.3) return line;
  return line.replace(/(\S) (?=\S)/gu, (m, ch: string, at: number) => {
    const next = line[at + 2] ?? '';
    return /[A-Za-z0-9]/.test(ch) && /[A-Za-z0-9]/.test(next) ? m : ch;
  });
}

function readLines(text: string): Line[] {
  const lines: Line[] = [];
  let blank = true;
  // Spaces are made one and single over the whole text, not line by line (two regexes a line
  // were a good part of reading lines): a run of spaces never reaches over a line break.
  const raws = text
    .replace(/[\u00a0\u3000\t]/gu, ' ')
    .replace(/ {2,}/gu, ' ')
    .split(/\r\n|\r|\n/u);
  for (let i = 0; i < raws.length; i++) {
    const line = unspread(raws[i]!.trim());
    if (!line) {
      blank = true;
      continue;
    }
    lines.push({ no: i + 1, text: line, blankBefore: blank });
    blank = false;
  }
  return lines;
}

/**
 * The column width of hard-wrapped text: the commonest width of lines that a wrap continues.
 * Text with a paragraph per line has none (Infinity).
 */
function columnWidth(lines: Line[]): number {
  const counts = new Map<number, number>();
  let wrapped = 0;
  lines.forEach((line, i) => {
    const next = lines[i + 1];
    if (!next || next.blankBefore) return;
    const w = Math.round(widthOf(line));
    if (w < 6 || w > 60) return;
    wrapped++;
    counts.set(w, (counts.get(w) ?? 0) + 1);
  });
  let best = 0;
  let width = Infinity;
  for (const [w, n] of counts) {
    // neighbouring widths count too: columns differ by a cell where digits are half width
    const near = n + (counts.get(w - 1) ?? 0) + (counts.get(w + 1) ?? 0);
    if (near > best) [best, width] = [near, w];
  }
  return wrapped >= 6 && best >= wrapped * 0.3 ? width : Infinity;
}

/** Text shaped like a headline: short, with no sentence punctuation inside or at its end. */
// Every line of a page is asked whether it is shaped like a title, most lines more than once:
// these count without making arrays.
function hasTwoHan(text: string): boolean {
  let n = 0;
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    if (isHanCodePoint(cp) && ++n === 2) return true;
  }
  return false;
}

/** Whether the text closes as many of （, “, 《 and ( as it opens, each counted apart: one pass, not eight. */
function closesWhatItOpens(text: string): boolean {
  let round = 0;
  let quote = 0;
  let title = 0;
  let half = 0;
  for (let i = 0; i < text.length; i++) {
    switch (text.charCodeAt(i)) {
      case 0xff08:
        round++;
        break;
      case 0xff09:
        round--;
        break;
      case 0x201c:
        quote++;
        break;
      case 0x201d:
        quote--;
        break;
      case 0x300a:
        title++;
        break;
      case 0x300b:
        title--;
        break;
      case 0x28:
        half++;
        break;
      case 0x29:
        half--;
        break;
    }
  }
  return round === 0 && quote === 0 && title === 0 && half === 0;
}

function titleShaped(text: string, w: number): boolean {
  // (a line of nothing but marks, ……, is a paragraph of its own)
  if (w < 2 || w > 45 || !hasTwoHan(text)) return false;
  // A headline line closes what it opens; a wrapped body line often does not.
  if (!closesWhatItOpens(text)) return false;
  if (/[，,。；;？?！!]/u.test(text.replace(/[！!？?]["”’]?$/u, ''))) return false;
  if (/[。；;.]["”’）)]*$/u.test(text)) return false;
  return !datelineStart(text) && !NUMBERED_CAPTION.test(text) && !isCreditLine(text);
}

/** A line that is nothing but a photo credit: （黄国舜 潘路 摄）. */
function isCreditLine(text: string): boolean {
  const credit = /[（(]/u.test(text[0] ?? '') ? parseCredit(text) : null;
  return credit !== null && credit.caption === '';
}

/**
 * A headline line: headline-shaped, after a finished paragraph, and not the first line of a
 * paragraph (a line that runs on into body text with no blank between is one).
 */
function looksLikeTitle(lines: Line[], at: number, width: number, previousClosed: boolean, afterTitle: boolean): boolean {
  const line = lines[at]!;
  const next = lines[at + 1];
  if (!previousClosed || !shapedLine(line)) return false;
  if (!next || datelineStart(next.text)) return true;
  // Lines with no mark at all, one under the other, straight down to a dateline: text would
  // have ended its paragraph with a stop, so these are headline lines, however wide.
  let end = at + 1;
  while (end < lines.length && shapedLine(lines[end]!)) end++;
  if (end < lines.length && !lines[end]!.blankBefore && datelineStart(lines[end]!.text)) return true;
  // A body line cut at a column end, the rest of its sentence after the break (李程 / 云,区政协…).
  if (CONTINUATION.test(next.text)) return false;
  if (!next.blankBefore && !shapedLine(next)) {
    // A short line over a much longer one is a heading over its text: in wrapped text a
    // paragraph's first line fills the column, and with a paragraph per line a paragraph that
    // short would end in a stop.
    const w = widthOf(line);
    if (width === Infinity) return widthOf(next) >= w * 2 && w <= 24;
    return w <= width * 0.6 && widthOf(next) >= w + 4;
  }
  // Under another headline line, a line as wide as the column is one more headline line.
  if (afterTitle) return true;
  // A line exactly as wide as the column is a wrapped body line when body text goes on after
  // it, across a column break too, or when the next line is full as well.
  // (a paragraph's first line is two cells short: the first-line indent of 首行缩进)
  const full = (l: Line) => {
    const w = widthOf(l);
    return Math.abs(w - width) <= 1 || Math.abs(w - (width - 2)) <= 1;
  };
  if (full(line) && (!shapedLine(next) || (!next.blankBefore && full(next)))) return false;
  return true;
}

/** Reads the lines into titles, paragraphs and the special lines of a page. */
function readElements(lines: Line[]): Element[] {
  const width = columnWidth(lines);
  const elements: Element[] = [];
  let paragraph: Line[] = [];
  let lastBody: Line | null = null;
  let lastWasSpecial = true;
  const closeParagraph = () => {
    if (!paragraph.length) return;
    const text = paragraph.reduce((acc, l) => joinWrapped(acc, l.text), '');
    elements.push({ kind: 'paragraph', lines: paragraph, text });
    paragraph = [];
  };
  /** Whether the body line `a` ends its paragraph, given what comes next. */
  const ends = (a: Line, b: Line) => endsSentence(a.text) && (b.blankBefore || width === Infinity || widthOf(a) < width - 1.5);

  lines.forEach((line, i) => {
    const text = line.text;
    const special = (element: Element) => {
      closeParagraph();
      elements.push(element);
      lastWasSpecial = true;
    };
    // (COLUMN ends in 简讯: most lines are let go without the regex)
    if (text.endsWith('简讯') && COLUMN.test(text)) return special({ kind: 'column', line, label: text });
    if (SOURCE.test(text)) return special({ kind: 'source', line, text });
    if (JUMP_IN.test(text)) {
      const jump = JUMP_IN.exec(text)![0];
      special({ kind: 'jump-in', line, text: jump });
      const rest = text.slice(jump.length).trim();
      if (rest) {
        paragraph = [{ no: line.no, blankBefore: line.blankBefore, text: rest }];
        lastBody = paragraph[0]!;
        lastWasSpecial = false;
      }
      return;
    }
    if (isMastheadLine(text) && !JUMP_OUT.test(text)) return special({ kind: 'masthead', line });
    const feature = /^[□■]/u.test(text) ? parseFeatureByline(text) : null;
    if (feature) return special({ kind: 'feature', line, byline: feature });

    // In wrapped text a line well short of the column ends its paragraph, whatever its last mark.
    const shortLast = (l: Line) => width !== Infinity && widthOf(l) < width * 0.7;
    const previousClosed =
      lastWasSpecial || !lastBody || (paragraph.length === 0 ? true : endsSentence(lastBody.text) || shortLast(lastBody));
    // A dash line under a paragraph is the attribution of a quotation (——习近平…), not a deck:
    // a deck stands under a headline.
    const attribution = /^[—–]{2}/u.test(text) && !lastWasSpecial && (paragraph.length > 0 || elements.at(-1)?.kind === 'paragraph');
    if (!attribution && looksLikeTitle(lines, i, width, previousClosed, elements.at(-1)?.kind === 'title' && lastWasSpecial)) {
      const last = elements.at(-1);
      // Consecutive title lines with no blank between are one headline group (引题/主题/副题).
      if (!paragraph.length && last?.kind === 'title' && !line.blankBefore) last.lines.push(line);
      else {
        closeParagraph();
        elements.push({ kind: 'title', lines: [line] });
      }
      lastWasSpecial = true;
      return;
    }
    const credit = isCreditLine(text);
    if (paragraph.length && (credit || datelineStart(text) || NUMBERED_CAPTION.test(text) || (lastBody && ends(lastBody, line)))) {
      closeParagraph();
    } else if (!paragraph.length && lastBody && !lastWasSpecial && !endsSentence(lastBody.text)) {
      // A paragraph broken by a column end goes on where the text resumes.
      const resumed = elements.at(-1);
      if (resumed?.kind === 'paragraph') {
        elements.pop();
        paragraph = resumed.lines;
      }
    }
    paragraph.push(line);
    lastBody = line;
    lastWasSpecial = false;
    if (credit) {
      // A credit ends whatever it captions.
      closeParagraph();
      lastWasSpecial = true;
    }
  });
  closeParagraph();

  // A paragraph that ends with a jump line carries it as a special element of its own.
  return elements.flatMap((e): Element[] => {
    if (e.kind !== 'paragraph') return [e];
    const jump = JUMP_OUT.exec(e.text);
    if (!jump) return [e];
    const text = e.text.slice(0, jump.index).trim();
    const out: Element[] = text ? [{ ...e, text }] : [];
    return [...out, { kind: 'jump-out', line: e.lines.at(-1)!, text: jump[0].trim() }];
  });
}

/**
 * A run of the page's text that is one story or part of one: what a dateline, a feature
 * byline or a jump line starts (a story for sure), or what starts after a headline or a photo
 * credit (maybe a story, maybe the text under an intertitle or a far headline's body).
 */
interface Piece {
  kind: 'dated' | 'feature' | 'jump' | 'plain';
  elements: number[];
  column: string;
  dateline: string;
  bylineForm: BylineForm;
  byline: BylineEntry[];
  body: BodyBlock[];
  photos: ImportedPhoto[];
  photoGroupCredit: PhotoCredit | null;
  captionsPending: string[];
  jump: string;
  source: string;
  /** Its text ended with a photo credit: the text that follows is not its own. */
  closed: boolean;
  /** Text and a credited photo, no dateline or byline: a photo story (图片新闻). */
  photoNews: boolean;
  /** A captioned photo printed in another piece's text: that piece's photo, unless a headline makes it a story of its own. */
  host: Piece | null;
  headline: { lines: TitleLine[]; evidence: HeadlineEvidence } | null;
  doubts: Set<ImportDoubt>;
}

function newPiece(kind: Piece['kind'], index: number): Piece {
  return {
    kind,
    elements: [index],
    column: '',
    dateline: '',
    bylineForm: 'standard',
    byline: [],
    body: [],
    photos: [],
    photoGroupCredit: null,
    captionsPending: [],
    jump: '',
    source: '',
    closed: false,
    photoNews: false,
    host: null,
    headline: null,
    doubts: new Set(),
  };
}

const hasText = (p: Piece) => p.body.length > 0 || p.photos.length > 0 || p.captionsPending.length > 0;
const isStory = (p: Piece) => p.kind !== 'plain' && !p.photoNews;

/** Cuts the element stream into pieces at datelines, feature bylines, jump lines, and fresh starts after headlines and credits. */
function cutPieces(elements: Element[]): Piece[] {
  const pieces: Piece[] = [];
  let current: Piece | null = null;
  let titleSinceBody = false;
  const start = (kind: Piece['kind'], index: number) => {
    current = newPiece(kind, index);
    pieces.push(current);
    titleSinceBody = false;
    return current;
  };

  elements.forEach((element, index) => {
    switch (element.kind) {
      case 'title':
        titleSinceBody = true;
        return;
      case 'column':
      case 'masthead':
        return;
      case 'feature': {
        const piece = start('feature', index);
        piece.bylineForm = 'feature';
        piece.byline = element.byline;
        return;
      }
      case 'jump-in': {
        start('jump', index).jump = element.text;
        return;
      }
      case 'jump-out':
      case 'source': {
        const piece: Piece = current ?? start('plain', index);
        if (piece !== current) return;
        piece.elements.push(index);
        if (element.kind === 'source') piece.source = element.text;
        else piece.jump = piece.jump ? `${piece.jump} ${element.text}` : element.text;
        return;
      }
      case 'paragraph': {
        const lead = datelineStart(element.text) ? parseDatelineLead(element.text) : null;
        const open: Piece | null = current;
        const waiting = open !== null && open.kind !== 'plain' && !hasText(open) && !open.dateline;
        let piece: Piece;
        if (lead) piece = waiting && !titleSinceBody ? open : start('dated', index);
        else if (!open) piece = start('plain', index);
        else if (titleSinceBody && hasText(open)) piece = start('plain', index);
        else if (open.closed && !NUMBERED_CAPTION.test(element.text)) piece = start('plain', index);
        else piece = open;
        if (piece === open) piece.elements.push(index);
        titleSinceBody = false;
        let text = element.text;
        if (lead) {
          if (piece.kind === 'plain') piece.kind = 'dated';
          piece.dateline = lead.dateline;
          if (lead.byline.length) piece.byline = lead.byline;
          text = lead.rest;
        }
        const detached = addParagraph(piece, tidySpaces(text), index);
        if (detached) pieces.push(detached);
        return;
      }
    }
  });
  return pieces;
}

/**
 * A paragraph of a piece: body text, a numbered caption of a photo set, or a caption with its
 * credit. A captioned photo inside a story's text comes back as a piece of its own (it may be a
 * photo story printed there), to be given back to the story if no headline claims it.
 */
function addParagraph(piece: Piece, text: string, index: number): Piece | null {
  if (!text) return null;
  const numbered = NUMBERED_CAPTION.exec(text);
  const credit = parseCredit(text);
  if (numbered && !credit) {
    piece.captionsPending.push(text.slice(numbered[0].length));
    return null;
  }
  if (!credit) {
    piece.body.push({ type: 'paragraph', text });
    return null;
  }
  const story = piece.dateline !== '' || piece.byline.length > 0;
  if (credit.group) {
    const numberedCaptions = piece.captionsPending.splice(0);
    if (numbered) numberedCaptions.push(credit.caption.slice(numbered[0].length));
    piece.photoGroupCredit = credit.credit;
    for (const caption of numberedCaptions) piece.photos.push({ caption, credit: { kind: credit.credit.kind, people: [] } });
    if (!story) piece.photoNews = true;
    piece.closed = true;
    return null;
  }
  if (credit.caption) {
    if (!story && !piece.body.length) {
      // A photo story: its text is what the page prints beside the picture.
      piece.body.push({ type: 'paragraph', text: credit.caption });
      piece.photos.push({ caption: '', credit: credit.credit });
      piece.photoNews = true;
      piece.closed = true;
      return null;
    }
    piece.elements = piece.elements.filter((e) => e !== index);
    const photo = newPiece('plain', index);
    photo.body.push({ type: 'paragraph', text: credit.caption });
    photo.photos.push({ caption: '', credit: credit.credit });
    photo.photoNews = true;
    photo.closed = true;
    photo.host = piece;
    return photo;
  }
  // A credit on a line of its own: a photo story's text is all caption; in a dated story the
  // paragraph just before it is.
  if (!story) {
    piece.photos.push({ caption: '', credit: credit.credit });
    piece.photoNews = true;
  } else {
    const caption = piece.body.pop()?.text ?? '';
    piece.photos.push({ caption, credit: credit.credit });
    piece.doubts.add('caption-guessed');
  }
  piece.closed = true;
  return null;
}

const pieceText = (p: Piece) => p.body.map((b) => b.text).join('') + p.photos.map((ph) => ph.caption).join('') + p.captionsPending.join('');

/** The title elements between two pieces: clusters of headline lines, with what stands right after and right before them. */
function findClusters(elements: Element[], pieces: Piece[]): { cluster: Cluster; indices: number[] }[] {
  const owner = new Map<number, number>();
  pieces.forEach((p, i) => p.elements.forEach((e) => owner.set(e, i)));
  const neutral = (e: Element) => e.kind === 'column' || e.kind === 'masthead';
  // (a title element a story took in, an intertitle, is its text now)
  const isTitle = (i: number) => elements[i]!.kind === 'title' && !owner.has(i);
  const out: { cluster: Cluster; indices: number[] }[] = [];
  let at = 0;
  while (at < elements.length) {
    if (!isTitle(at)) {
      at++;
      continue;
    }
    const indices: number[] = [];
    const lines: TitleLine[] = [];
    let end = at;
    for (; end < elements.length; end++) {
      const e = elements[end]!;
      if (neutral(e)) continue;
      if (!isTitle(end) || e.kind !== 'title') break;
      indices.push(end);
      e.lines.forEach((l, i) => lines.push({ text: undouble(tidyHeadline(l.text)), gap: i === 0, group: end }));
    }
    if (lines[0]) lines[0].gap = false;
    let before = at - 1;
    while (before >= 0 && neutral(elements[before]!)) before--;
    const below = before >= 0 ? (owner.get(before) ?? null) : null;
    const above = end < elements.length ? (owner.get(end) ?? null) : null;
    // "above" is the piece whose text starts right after the cluster, not one it runs into
    const startsThere = above !== null && Math.min(...pieces[above]!.elements) === end;
    out.push({ cluster: { lines, above: startsThere ? above : null, below }, indices });
    at = end;
  }
  return out;
}

/** Moves everything of `from` into `into` (a story's later part, found elsewhere on the page). */
function mergeInto(into: Piece, from: Piece, between: BodyBlock[] = []): void {
  into.elements.push(...from.elements);
  into.body.push(...between, ...from.body);
  into.photos.push(...from.photos);
  into.captionsPending.push(...from.captionsPending);
  into.photoGroupCredit ??= from.photoGroupCredit;
  if (from.jump) into.jump = into.jump ? `${into.jump} ${from.jump}` : from.jump;
  into.source ||= from.source;
  for (const d of from.doubts) into.doubts.add(d);
}

/**
 * Headings inside a story: a cluster of short lines between a story's text and undated text
 * that goes on with the same subject (its names and rarer words), whose words are those of the
 * text right under them, is a run of intertitles (小标题), not a new story's headline.
 */
function takeIntertitles(elements: Element[], pieces: Piece[], cache: FeatureCache): Piece[] {
  // Made when a cluster first needs it, which is before any piece is merged: most pages have
  // no candidate intertitles, and the matcher is a good part of reading a page.
  let made: Matcher | null = null;
  const matcher = () => (made ??= new Matcher(pieces.map(pieceText), cache));
  const index = new Map(pieces.map((p, i) => [p, i] as const));
  const mergedInto = new Map<Piece, Piece>();
  const resolve = (p: Piece): Piece => {
    let at = p;
    while (mergedInto.has(at)) at = mergedInto.get(at)!;
    return at;
  };
  for (const { cluster, indices } of findClusters(elements, pieces)) {
    const { above, below } = cluster;
    if (above === null || below === null) continue;
    const next = pieces[above]!;
    const story = resolve(pieces[below]!);
    if (next.kind !== 'plain' || next.photoNews || next.host || !isStory(story) || !story.body.length) continue;
    const groups = indices.map((i) => (elements[i] as { lines: Line[] }).lines);
    if (groups.some((g) => g.length > 2 || g.some((l) => widthOf(l) > 20))) continue;
    const text = cluster.lines.map((l) => l.text).join('');
    const scores = pieces.map((_, p) => matcher().score(text, p));
    const own = Math.max(scores[above]!, scores[below]!);
    const best = Math.max(...scores);
    // (against the stories only: the text under the next intertitle is a part of the same story)
    const subject = matcher().kinship(above, index.get(story) ?? below, (x) => isStory(pieces[x]!));
    // A story that has intertitles already takes the next one on less evidence: they come in series.
    const series = story.body.some((b) => b.type === 'intertitle');
    // A short heading over text about the very subject of the story before it (its closest
    // story by names and rare words) is an intertitle on less evidence from its own words.
    const short = groups.length === 1 && gridWidth(text) <= 12;
    const words = scores[above]! >= 0.35 || (series && scores[above]! >= 0.15) || (short && subject >= 0.99 && scores[above]! >= 0.15);
    if (!words || own < best - 0.05 || subject < (series ? 0.6 : 0.8)) continue;
    mergeInto(
      story,
      next,
      groups.map((g) => ({ type: 'intertitle', text: g.map((l) => tidyHeadline(l.text)).join(' ') })),
    );
    story.elements.push(...indices);
    mergedInto.set(next, story);
  }
  return pieces.filter((p) => !mergedInto.has(p));
}

/**
 * A headline and byline printed with no text under them (the text was laid out elsewhere), and
 * undated text with no headline or byline that the headline names: one story, put together.
 */
function joinBylinesToText(elements: Element[], pieces: Piece[], cache: FeatureCache): Piece[] {
  // (made on first need, before any piece is merged, as in takeIntertitles)
  let made: Matcher | null = null;
  const matcher = () => (made ??= new Matcher(pieces.map(pieceText), cache));
  const gone = new Set<Piece>();
  for (const { cluster } of findClusters(elements, pieces)) {
    if (cluster.above === null) continue;
    const story = pieces[cluster.above]!;
    if (story.kind === 'plain' || story.body.length || gone.has(story)) continue;
    const text = cluster.lines.map((l) => l.text).join('');
    const scores = pieces.map((p, i) => (gone.has(p) ? 0 : matcher().score(text, i)));
    const best = scores.reduce((b, s, i) => (s > scores[b]! ? i : b), 0);
    const orphan = pieces[best]!;
    if (scores[best]! < STRONG_JOIN || orphan.kind !== 'plain' || orphan.photoNews || orphan.host || !orphan.body.length) continue;
    mergeInto(story, orphan);
    story.doubts.add('pieces-joined');
    gone.add(orphan);
  }
  return pieces.filter((p) => !gone.has(p));
}
const STRONG_JOIN = 0.45;
/** A brief (简讯) runs to a few hundred characters: longer items under a briefs label are stories of their own. */
const BRIEF_CHARS = 450;

/** 主动搭台引流主动搭台引流 → 主动搭台引流: extraction sometimes doubles a headline. */
export function undouble(text: string): string {
  const t = text.trim();
  if (t.length % 2 === 0 && t.length >= 4) {
    const half = t.slice(0, t.length / 2);
    if (half + half === t) return half;
  }
  return t;
}

// Regexes with \p{Script=…} stand here, not in the functions that use them: esbuild writes
// such a regex as `new RegExp(…)`, which inside a function is built again on every call.
const DIGIT_HAN_GAP = /(\d) (?=\p{Script=Han})|(\p{Script=Han}) (?=\d)/gu;
const ANY_HAN = /\p{Script=Han}/u;

/** Headlines keep the space between their phrases; only digit–Chinese gaps go. */
function tidyHeadline(text: string): string {
  return text.replace(DIGIT_HAN_GAP, '$1$2').trim();
}

/** The phrases of a headline line split at its spaces, never inside quotes or brackets. */
function phrases(line: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of line) {
    if ('“‘《（(『「【'.includes(ch)) depth++;
    if ('”’》）)』」】'.includes(ch)) depth = Math.max(0, depth - 1);
    if (ch === ' ' && depth === 0) {
      if (current) out.push(current);
      current = '';
    } else current += ch;
  }
  if (current) out.push(current);
  return out;
}

/**
 * A story's headline lines, in page order, as 引题 / 主题 / 副题. The 主题 is set in the
 * largest type, so it is the shorter line; the longer, factual line is the 引题 when above it
 * and the 副题 when below. A line ending in a colon is a 引题, one opened by a dash a 副题.
 * `sure` is false where the text alone cannot tell (no dash, no colon, lengths close).
 */
export function headlineParts(
  lines: readonly string[],
  text = '',
  pairs?: { has(pair: Pair): boolean },
): { kicker: string; headline: string; deck: string; sure: boolean } {
  const list = joinWrappedHeadline(lines, text, pairs);
  let deck = '';
  const deckAt = list.findIndex((l, i) => i > 0 && /^[—–-]{1,2}/u.test(l));
  if (deckAt > 0) deck = list.splice(deckAt).join(' ');
  let kicker = '';
  const colon = list.findIndex((l) => /[：:]$/u.test(l));
  if (colon >= 0 && colon < list.length - 1) kicker = list.splice(0, colon + 1).join(' ');
  if (list.length === 0) return { kicker, headline: '', deck, sure: true };
  if (list.length === 1) {
    const line = list[0]!;
    const parts = phrases(line);
    if (!kicker && parts.length >= 2) {
      // 引题 and 主题 printed as one line: a long factual phrase, then the short headline phrases.
      const [first, ...rest] = parts;
      const longest = Math.max(...rest.map(gridWidth));
      if (gridWidth(first!) >= 10 && gridWidth(first!) >= longest * 1.4) {
        const even = rest.length === 1 || Math.max(...rest.map(gridWidth)) - Math.min(...rest.map(gridWidth)) <= 1;
        return { kicker: first!, headline: rest.join(' '), deck, sure: even };
      }
    }
    return { kicker, headline: line, deck, sure: true };
  }
  // Two short lines of like length are one headline in two halves (过驳减载 / 安全保畅).
  if (list.length === 2 && list.every((l) => gridWidth(l) <= 8) && Math.abs(gridWidth(list[0]!) - gridWidth(list[1]!)) <= 2) {
    return { kicker, headline: list.join(' '), deck, sure: true };
  }
  const widths = list.map(gridWidth);
  const at = widths.indexOf(Math.min(...widths));
  const above = list.slice(0, at);
  const below = list.slice(at + 1);
  const sure =
    !below.length &&
    above.every((l) => gridWidth(l) >= widths[at]! * 1.3) &&
    // the same shape seen from the text: the shorter line is the one the text does not print
    (!!deck || !!kicker || above.length > 0);
  return {
    kicker: [kicker, ...above].filter(Boolean).join(' '),
    headline: list[at]!,
    deck: [...below, deck].filter(Boolean).join(' '),
    sure: sure && !kicker,
  };
}

/**
 * A headline too long for its width wraps like text (共青团荆州市委五届八次 / 全体（扩大）会议召开):
 * two lines whose join the story's text prints as one phrase are one line.
 */
function joinWrappedHeadline(lines: readonly string[], text: string, known?: { has(pair: Pair): boolean }): string[] {
  // (one line joins nothing: the text's pairs are not worth making for it)
  if (!text || lines.length < 2) return [...lines];
  const pairs = known ?? bigrams(text);
  const out: string[] = [];
  for (const line of lines) {
    const previous = out.at(-1);
    if (previous !== undefined && straddles(previous, line, pairs)) out[out.length - 1] = previous + line;
    else out.push(line);
  }
  return out;
}

function straddles(a: string, b: string, pairs: { has(pair: Pair): boolean }): boolean {
  const left = hanCodePoints(a).slice(-3);
  const right = hanCodePoints(b).slice(0, 3);
  if (left.length < 3 || right.length < 3) return false;
  const chain = [...left, ...right];
  for (let i = 1; i < chain.length; i++) if (!pairs.has(pairKey(chain[i - 1]!, chain[i]!))) return false;
  return true;
}

/**
 * Half-width marks in Chinese text, as the proofreader's own rule finds them (GB/T 15834): the
 * import keeps the text as printed and says so, and the copy desk marks each one.
 */
function hasHalfWidthPunctuation(text: string): boolean {
  if (!/[,.;:?!()"]/u.test(text)) return false;
  const found: Finding[] = [];
  halfwidthPunctuation(text, found);
  return found.length > 0;
}

export function readPageText(text: string): ReadPage {
  // Every article, caption and byline is cut from this text: control characters (terminal
  // sequences, NUL, C1) left by the system the page came from go here, once, and never reach
  // the archive. Line breaks stay, so line numbers in each article's origin are the file's.
  const elements = readElements(readLines(removeControlChars(text)));
  const masthead = readMasthead(elements.flatMap((e) => (e.kind === 'masthead' ? [e.line.text] : [])));
  let pieces = cutPieces(elements);
  const cache = new FeatureCache();
  pieces = takeIntertitles(elements, pieces, cache);
  pieces = joinBylinesToText(elements, pieces, cache);
  const matcher = new Matcher(pieces.map(pieceText), cache);
  const { headlines, columns } = assignHeadlines(
    findClusters(elements, pieces).map((c) => c.cluster),
    matcher,
  );
  pieces.forEach((piece, i) => {
    piece.headline = headlines[i] ?? null;
    if (columns[i]) piece.column = columns[i];
  });

  // A captioned photo no headline claims is a photo of the story it was printed in, when it
  // speaks of the same things; else a photo item of its own.
  const all = pieces;
  pieces = pieces.filter((p) => {
    if (!p.host || p.headline || !all.includes(p.host)) return true;
    if (matcher.kinship(all.indexOf(p), all.indexOf(p.host)) < 0.8) return true;
    p.host.photos.push({ caption: p.body.map((b) => b.text).join(''), credit: p.photos[0]!.credit });
    p.host.elements.push(...p.elements);
    return false;
  });

  // A briefs label (沙市 简讯) stands over the short dated items after it.
  const labels = elements.flatMap((e, i) => (e.kind === 'column' ? [{ i, label: e.label }] : []));
  for (const piece of pieces) {
    const first = Math.min(...piece.elements);
    const label = labels.filter((l) => l.i < first).at(-1);
    const chars = piece.body.reduce((n, b) => n + b.text.length, 0);
    if (label && !piece.column && piece.dateline && chars <= BRIEF_CHARS) piece.column = label.label;
  }

  const articles = pieces
    .map((piece): ImportedArticle | null => {
      for (const caption of piece.captionsPending) piece.photos.push({ caption, credit: { kind: 'photo', people: [] } });
      const text = pieceText(piece);
      const lines = piece.headline?.lines.map((l) => l.text) ?? [];
      // (a text the matchers had has its pairs made already, among its features)
      const parts = headlineParts(lines, text, cache.pairsOf(text));
      const chars = text.length;
      // A headline alone, with no text or picture under it, is not an article; nor is text
      // with no Chinese in it, on a Chinese paper's page (a file that is not page text).
      if (chars === 0 || (!piece.photos.length && !ANY_HAN.test(text))) return null;
      const doubts = piece.doubts;
      if (!parts.headline) doubts.add('no-headline');
      else if (piece.headline?.evidence === 'guessed') doubts.add('headline-guessed');
      else if (piece.headline?.evidence === 'far') doubts.add('headline-far');
      else if (piece.headline?.evidence === 'weak') doubts.add('headline-weak');
      if (parts.headline && !parts.sure) doubts.add('headline-parts-guessed');
      if (!piece.byline.length && !piece.photos.length) doubts.add('no-byline');
      if (chars < 40) doubts.add('fragment');
      // A heading is printed text too: 党委(党组) in a kicker is kept as printed and flagged as in the body.
      const headings = [piece.column, parts.kicker, parts.headline, parts.deck];
      if (hasHalfWidthPunctuation(text) || headings.some(hasHalfWidthPunctuation)) doubts.add('halfwidth-punctuation');
      // (the lines of its elements and of its headline's, spanned without listing them)
      let firstLine = Infinity;
      let lastLine = -Infinity;
      const line = (no: number) => {
        if (no < firstLine) firstLine = no;
        if (no > lastLine) lastLine = no;
      };
      const span = (e: Element) => {
        if ('lines' in e) for (const l of e.lines) line(l.no);
        else line(e.line.no);
      };
      for (const i of piece.elements) span(elements[i]!);
      for (const l of piece.headline?.lines ?? []) span(elements[l.group]!);
      return {
        column: piece.column,
        kicker: parts.kicker,
        headline: parts.headline,
        deck: parts.deck,
        dateline: piece.dateline,
        bylineForm: piece.bylineForm,
        byline: piece.byline,
        body: piece.body,
        photos: piece.photos,
        photoGroupCredit: piece.photoGroupCredit,
        jump: piece.jump,
        source: piece.source,
        firstLine,
        lastLine,
        confidence: importConfidence(doubts),
        doubts: [...doubts],
      };
    })
    .filter((a): a is ImportedArticle => a !== null);
  return { articles, masthead };
}

export function splitPageText(text: string): ImportedArticle[] {
  return readPageText(text).articles;
}
