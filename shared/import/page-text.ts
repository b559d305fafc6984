import type { BodyBlock, BylineEntry, BylineForm, PhotoCredit } from '../domain/article';
import { parseCredit, parseDatelineLead, parseFeatureByline } from './byline-parse';
import { bigrams, endsSentence, gridWidth, joinWrapped, tidySpaces } from './text';
import { removeControlChars } from '../text/control-chars';

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

export type ImportDoubt = 'no-headline' | 'headline-guessed' | 'no-byline' | 'fragment' | 'caption-guessed';

interface Line {
  no: number;
  text: string;
  blankBefore: boolean;
}

type Element =
  | { kind: 'title'; lines: Line[] }
  | { kind: 'paragraph'; lines: Line[]; text: string }
  | { kind: 'column'; line: Line; label: string }
  | { kind: 'feature'; line: Line; byline: BylineEntry[] }
  | { kind: 'jump-in' | 'jump-out' | 'source'; line: Line; text: string };

const JUMP_IN = /^[（(]\s*上接第?\s*[0-9一二三四五六七八九十]+\s*版\s*[）)]/u;
const JUMP_OUT = /[（(]\s*下转第?\s*[0-9一二三四五六七八九十]+\s*版\s*[）)]\s*$/u;
const SOURCE = /^[（(]\s*原载.{2,60}[）)]$/u;
const COLUMN = /^[\p{Script=Han}A-Za-z ]{1,14}简讯$/u;
const DATELINE_START = /^\s*(本报讯|本报[^（(，。]{1,12}讯|[^（(，。\s]{1,6}社[^（(，。]{0,16}电\s*[（(])/u;
const NUMBERED_CAPTION = /^\s*([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*/u;

/** A justified line spread out with a space after every character (近 期 ，受 上 游). */
function unspread(line: string): string {
  const spaced = line.match(/\S (?=\S)/gu)?.length ?? 0;
  const chars = line.replace(/ /g, '').length;
  if (chars < 4 || spaced / chars < 0.3) return line;
  return line.replace(/(\S) (?=\S)/gu, (m, ch: string, at: number) => {
    const next = line[at + 2] ?? '';
    return /[A-Za-z0-9]/.test(ch) && /[A-Za-z0-9]/.test(next) ? m : ch;
  });
}

function readLines(text: string): Line[] {
  const lines: Line[] = [];
  let blank = true;
  text.split(/\r\n|\r|\n/u).forEach((raw, i) => {
    const line = unspread(
      raw
        .replace(/[\u00a0\u3000\t]/gu, ' ')
        .replace(/ {2,}/gu, ' ')
        .trim(),
    );
    if (!line) {
      blank = true;
      return;
    }
    lines.push({ no: i + 1, text: line, blankBefore: blank });
    blank = false;
  });
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
    const w = Math.round(gridWidth(line.text));
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
function titleShaped(text: string): boolean {
  const w = gridWidth(text);
  if (w < 2 || w > 45) return false;
  // A headline line closes what it opens; a wrapped body line often does not.
  for (const pair of ['（）', '“”', '《》', '()']) {
    if (text.split(pair[0]!).length !== text.split(pair[1]!).length) return false;
  }
  if (/[，,。；;？?！!]/u.test(text.replace(/[！!？?]["”’]?$/u, ''))) return false;
  if (/[。；;.]["”’）)]*$/u.test(text)) return false;
  return !DATELINE_START.test(text) && !NUMBERED_CAPTION.test(text) && !isCreditLine(text);
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
function looksLikeTitle(line: Line, next: Line | undefined, width: number, previousClosed: boolean): boolean {
  if (!previousClosed || !titleShaped(line.text)) return false;
  if (!next || DATELINE_START.test(next.text)) return true;
  if (!next.blankBefore && !titleShaped(next.text)) return false;
  // A line exactly as wide as the column is a wrapped body line when body text goes on after
  // it, across a column break too, or when the next line is full as well.
  // (a paragraph's first line is two cells short: the first-line indent of 首行缩进)
  const full = (l: Line) => {
    const w = gridWidth(l.text);
    return Math.abs(w - width) <= 1 || Math.abs(w - (width - 2)) <= 1;
  };
  if (full(line) && (!titleShaped(next.text) || (!next.blankBefore && full(next)))) return false;
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
  const ends = (a: Line, b: Line) => endsSentence(a.text) && (b.blankBefore || width === Infinity || gridWidth(a.text) < width - 1.5);

  lines.forEach((line, i) => {
    const next = lines[i + 1];
    const text = line.text;
    const special = (element: Element) => {
      closeParagraph();
      elements.push(element);
      lastWasSpecial = true;
    };
    if (COLUMN.test(text)) return special({ kind: 'column', line, label: text });
    if (SOURCE.test(text)) return special({ kind: 'source', line, text });
    if (JUMP_IN.test(text)) {
      const jump = JUMP_IN.exec(text)![0];
      special({ kind: 'jump-in', line, text: jump });
      const rest = text.slice(jump.length).trim();
      if (rest) {
        paragraph = [{ ...line, text: rest }];
        lastBody = paragraph[0]!;
        lastWasSpecial = false;
      }
      return;
    }
    const feature = /^[□■]/u.test(text) ? parseFeatureByline(text) : null;
    if (feature) return special({ kind: 'feature', line, byline: feature });

    const previousClosed = lastWasSpecial || !lastBody || (paragraph.length === 0 ? true : endsSentence(lastBody.text));
    if (looksLikeTitle(line, next, width, previousClosed)) {
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
    if (paragraph.length && (credit || DATELINE_START.test(text) || NUMBERED_CAPTION.test(text) || (lastBody && ends(lastBody, line)))) {
      closeParagraph();
    } else if (!paragraph.length && lastBody && !lastWasSpecial && !endsSentence(lastBody.text)) {
      // A paragraph broken by a title or a column end goes on where the text resumes.
      const resumed = [...elements].reverse().find((e) => e.kind === 'paragraph');
      if (resumed && resumed.kind === 'paragraph' && resumed === elements.at(-1)) {
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

interface Story {
  elements: number[];
  titles: { index: number; lines: Line[] }[];
  column: string;
  dateline: string;
  bylineForm: BylineForm;
  byline: BylineEntry[];
  body: { text: string; lines: Line[] }[];
  photos: ImportedPhoto[];
  photoGroupCredit: PhotoCredit | null;
  captionsPending: string[];
  jump: string;
  source: string;
  doubts: Set<ImportDoubt>;
}

function newStory(index: number, column: string): Story {
  return {
    elements: [index],
    titles: [],
    column,
    dateline: '',
    bylineForm: 'standard',
    byline: [],
    body: [],
    photos: [],
    photoGroupCredit: null,
    captionsPending: [],
    jump: '',
    source: '',
    doubts: new Set(),
  };
}

/** Cuts the element stream into stories at datelines, feature bylines and fresh starts after headlines. */
function cutStories(elements: Element[]): { stories: Story[]; titles: { index: number; lines: Line[] }[] } {
  const stories: Story[] = [];
  const titles: { index: number; lines: Line[] }[] = [];
  let current: Story | null = null;
  let column = '';
  let briefsLeft = 0;
  let titleSinceBody = false;
  const start = (index: number) => {
    const label = briefsLeft > 0 ? column : '';
    if (briefsLeft > 0) briefsLeft--;
    current = newStory(index, label);
    stories.push(current);
    titleSinceBody = false;
    return current;
  };

  elements.forEach((element, index) => {
    switch (element.kind) {
      case 'title':
        titles.push({ index, lines: element.lines });
        titleSinceBody = true;
        return;
      case 'column':
        column = element.label;
        briefsLeft = 8;
        return;
      case 'feature': {
        const story = start(index);
        story.bylineForm = 'feature';
        story.byline = element.byline;
        return;
      }
      case 'jump-in': {
        const story = start(index);
        story.jump = element.text;
        return;
      }
      case 'jump-out':
      case 'source': {
        const story: Story = current ?? start(index);
        story.elements.push(index);
        if (element.kind === 'source') story.source = element.text;
        else story.jump = story.jump ? `${story.jump} ${element.text}` : element.text;
        return;
      }
      case 'paragraph': {
        const lead = DATELINE_START.test(element.text) ? parseDatelineLead(element.text) : null;
        let story: Story = current ?? start(index);
        const waiting = story.body.length === 0 && story.photos.length === 0 && !story.dateline;
        if (lead && !waiting) story = start(index);
        else if (!lead && titleSinceBody && (story.body.length > 0 || story.photos.length > 0)) story = start(index);
        else story.elements.push(index);
        titleSinceBody = false;
        let text = element.text;
        if (lead) {
          story.dateline = lead.dateline;
          if (lead.byline.length) story.byline = lead.byline;
          text = lead.rest;
        }
        addParagraph(story, tidySpaces(text), element.lines);
        return;
      }
    }
  });
  return { stories, titles };
}

/** A paragraph of a story: body text, a numbered caption of a photo set, or a caption with its credit. */
function addParagraph(story: Story, text: string, lines: Line[]): void {
  if (!text) return;
  const numbered = NUMBERED_CAPTION.exec(text);
  const credit = parseCredit(text);
  if (numbered && !credit) {
    story.captionsPending.push(text.slice(numbered[0].length));
    return;
  }
  if (!credit) {
    story.body.push({ text, lines });
    return;
  }
  if (credit.group) {
    const numberedCaptions = story.captionsPending.splice(0);
    if (numbered) numberedCaptions.push(credit.caption.slice(numbered[0].length));
    story.photoGroupCredit = credit.credit;
    for (const caption of numberedCaptions) story.photos.push({ caption, credit: { kind: credit.credit.kind, people: [] } });
    return;
  }
  if (credit.caption) {
    story.photos.push({ caption: credit.caption, credit: credit.credit });
    return;
  }
  // A credit on a line of its own: a photo story's text is all caption; in a dated story the
  // paragraph just before it is.
  if (!story.dateline && story.byline.length === 0) {
    const caption = story.body
      .splice(0)
      .map((p) => p.text)
      .join('');
    story.photos.push({ caption, credit: credit.credit });
  } else {
    const caption = story.body.pop()?.text ?? '';
    story.photos.push({ caption, credit: credit.credit });
    story.doubts.add('caption-guessed');
  }
}

/**
 * Gives each headline group to the story it names: the one nearby whose text shares the most
 * of its rarer character pairs, since pages print headlines above, below or beside the text.
 */
function assignTitles(stories: Story[], titles: { index: number; lines: Line[] }[], elements: Element[]): void {
  if (!stories.length) return;
  const storyText = stories.map((s) => s.body.map((p) => p.text).join('') + s.photos.map((p) => p.caption).join(''));
  const grams = storyText.map(bigrams);
  const df = new Map<string, number>();
  for (const set of grams) for (const g of set) df.set(g, (df.get(g) ?? 0) + 1);
  const idf = (g: string) => Math.log((stories.length + 1) / ((df.get(g) ?? 0) + 0.5));
  const position = stories.map((s) => s.elements[0]!);

  const STRONG = 0.25;
  /** The story nearby whose text holds most of the line's rarer character pairs, and how much. */
  const bestFor = (text: string, index: number): { story: number; score: number } => {
    const wanted = [...bigrams(text)];
    const total = wanted.reduce((sum, g) => sum + Math.max(idf(g), 0.1), 0);
    const after = position.findIndex((p) => p > index);
    const nextStory = after === -1 ? stories.length : after;
    let best = { story: -1, score: 0 };
    for (let i = Math.max(0, nextStory - 5); i <= Math.min(stories.length - 1, nextStory + 4); i++) {
      const score = total ? wanted.reduce((sum, g) => sum + (grams[i]!.has(g) ? Math.max(idf(g), 0.1) : 0), 0) / total : 0;
      if (score > best.score) best = { story: i, score };
    }
    return best;
  };

  for (const title of titles) {
    // Each line is matched on its own (a group can hold the end of one story's headline and
    // the start of the next); a line that matches nothing follows its neighbour in the group.
    const matches = title.lines.map((line) => bestFor(line.text, title.index));
    const strong = matches.map((m) => (m.score >= STRONG ? m.story : -1));
    const targets = strong.map((story, i) => {
      if (story >= 0) return { story, guessed: false };
      const below = strong.slice(i + 1).find((s) => s >= 0);
      const above = strong
        .slice(0, i)
        .reverse()
        .find((s) => s >= 0);
      const neighbour = below ?? above;
      if (neighbour !== undefined) return { story: neighbour, guessed: false };
      const after = position.findIndex((p) => p > title.index);
      const nextStory = after === -1 ? stories.length : after;
      const untitled = (k: number) => k >= 0 && k < stories.length && stories[k]!.titles.length === 0;
      const fallback = untitled(nextStory) ? nextStory : untitled(nextStory - 1) ? nextStory - 1 : Math.min(nextStory, stories.length - 1);
      return { story: fallback, guessed: true };
    });
    title.lines.forEach((line, i) => {
      const { story: target, guessed } = targets[i]!;
      const story = stories[target]!;
      const last = story.titles.at(-1);
      if (last && last.index === title.index) last.lines.push(line);
      else story.titles.push({ index: title.index, lines: [line] });
      story.elements.push(title.index);
      if (guessed) story.doubts.add('headline-guessed');
    });
  }
  void elements;
}

/** 主动搭台引流主动搭台引流 → 主动搭台引流: extraction sometimes doubles a headline. */
export function undouble(text: string): string {
  const t = text.trim();
  if (t.length % 2 === 0 && t.length >= 4) {
    const half = t.slice(0, t.length / 2);
    if (half + half === t) return half;
  }
  return t;
}

/** The story's headline lines, in page order, as 引题 / 主题 / 副题. */
function headlineParts(story: Story): { kicker: string; headline: string; deck: string } {
  const lines = story.titles.sort((a, b) => a.index - b.index).flatMap((t) => t.lines.map((l) => undouble(tidySpacesKeep(l.text))));
  const deckAt = lines.findIndex((l) => /^[—–-]{1,2}/u.test(l));
  const deck = deckAt >= 0 ? lines.splice(deckAt, 1)[0]! : '';
  if (lines.length === 0) return { kicker: '', headline: '', deck };
  if (lines.length === 1) return { kicker: '', headline: lines[0]!, deck };
  if (lines.length === 2 && lines.every((l) => gridWidth(l) <= 8)) return { kicker: '', headline: lines.join(' '), deck };
  const headline = lines.pop()!;
  return { kicker: lines.join(' '), headline, deck };
}

/** Headlines keep the space between their phrases; only digit–Chinese gaps go. */
function tidySpacesKeep(text: string): string {
  return text.replace(/(\d) (?=\p{Script=Han})|(\p{Script=Han}) (?=\d)/gu, '$1$2').trim();
}

export function splitPageText(text: string): ImportedArticle[] {
  // Every article, caption and byline is cut from this text: control characters (terminal
  // sequences, NUL, C1) left by the system the page came from go here, once, and never reach
  // the archive. Line breaks stay, so line numbers in each article's origin are the file's.
  const elements = readElements(readLines(removeControlChars(text)));
  const { stories, titles } = cutStories(elements);
  assignTitles(stories, titles, elements);
  // A briefs label (沙市 简讯) covers the short items after it, up to the first long story.
  let label = '';
  let ended = false;
  for (const story of stories) {
    if (story.column !== label) [label, ended] = [story.column, false];
    if (!story.column) continue;
    if (ended || story.body.reduce((n, p) => n + p.text.length, 0) > 600) {
      ended = true;
      story.column = '';
    }
  }
  const lineNumbers = (e: Element): number[] => ('lines' in e ? e.lines.map((l) => l.no) : [e.line.no]);

  return stories
    .map((story): ImportedArticle | null => {
      for (const caption of story.captionsPending) story.photos.push({ caption, credit: { kind: 'photo', people: [] } });
      const { kicker, headline, deck } = headlineParts(story);
      const chars = story.body.reduce((n, p) => n + p.text.length, 0) + story.photos.reduce((n, p) => n + p.caption.length, 0);
      // A headline alone, with no text or picture under it, is not an article.
      if (chars === 0) return null;
      const doubts = story.doubts;
      if (!headline) doubts.add('no-headline');
      if (!story.byline.length && !story.photos.length) doubts.add('no-byline');
      if (chars < 40) doubts.add('fragment');
      const weights: Record<ImportDoubt, number> = {
        'no-headline': 0.35,
        'headline-guessed': 0.2,
        'no-byline': 0.15,
        fragment: 0.3,
        'caption-guessed': 0.1,
      };
      const confidence = Math.max(
        0.05,
        [...doubts].reduce((c, d) => c - weights[d], 1),
      );
      const numbers = story.elements.flatMap((i) => lineNumbers(elements[i]!));
      return {
        column: story.column,
        kicker,
        headline,
        deck,
        dateline: story.dateline,
        bylineForm: story.bylineForm,
        byline: story.byline,
        body: story.body.map((p) => ({ type: 'paragraph' as const, text: p.text })),
        photos: story.photos,
        photoGroupCredit: story.photoGroupCredit,
        jump: story.jump,
        source: story.source,
        firstLine: Math.min(...numbers),
        lastLine: Math.max(...numbers),
        confidence: Math.round(confidence * 100) / 100,
        doubts: [...doubts],
      };
    })
    .filter((a): a is ImportedArticle => a !== null);
}
