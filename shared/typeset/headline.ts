/**
 * Headlines (引题, 主题, 副题) as a compositor breaks them, not as body text flows: a line break the
 * editor typed is a break (stored as a newline, printed as one, never as a space); a line too
 * long for the width is broken between its phrases where it can be (the spaces and marks a
 * headline is written in), otherwise into lines of even length, so that no line holds a
 * single character and no word is cut where an even break fits (改革经验/全省推广, not 改革经验全/
 * 省推广). Each line is then set by the body's composer, which keeps the clreq prohibitions.
 */
import { composeParagraph, type ComposeOptions, type Line } from './compose';

/** Where a headline may break between phrases: after a space or a pausing mark. */
const PHRASE_END = /[\s\u3000，、；：！？,;:!?]/u;

/** The phrases of one forced line, each with what ends it (a mark stays with its phrase; spaces go). */
function phrasesOf(line: string): string[] {
  const phrases: string[] = [];
  let current = '';
  for (const ch of line) {
    if (/\s|\u3000/u.test(ch)) {
      if (current) phrases.push(current);
      current = '';
    } else {
      current += ch;
      if (PHRASE_END.test(ch)) {
        phrases.push(current);
        current = '';
      }
    }
  }
  if (current) phrases.push(current);
  return phrases;
}

/** Ems a text takes at natural spacing on one line (its composer's own measure). */
function naturalWidth(text: string): number {
  const [line] = composeParagraph(text, { width: 1e6, align: 'start' });
  if (!line?.glyphs.length) return 0;
  const last = line.glyphs[line.glyphs.length - 1]!;
  return last.x + last.advance;
}

/** Joins phrases into a line as printed: Chinese phrases run on, a space between Latin or digits. */
function joinPhrases(phrases: readonly string[]): string {
  let out = '';
  for (const p of phrases) {
    const before = out.at(-1) ?? '';
    out += out && /[A-Za-z0-9]/.test(before) && /^[A-Za-z0-9]/.test(p) ? ` ${p}` : p;
  }
  return out;
}

/**
 * The phrases packed into exactly `n` lines that each fit `width`, as even as can be (the
 * longest line as short as possible); null when they do not fit in `n`.
 */
function packPhrases(phrases: readonly string[], n: number, width: number): string[] | null {
  const k = phrases.length;
  if (k < n) return null;
  // best[i][j]: the smallest longest line setting the first i phrases in j lines.
  const widthOf = (from: number, to: number) => naturalWidth(joinPhrases(phrases.slice(from, to)));
  const best: number[][] = Array.from({ length: k + 1 }, () => new Array<number>(n + 1).fill(Infinity));
  const from: number[][] = Array.from({ length: k + 1 }, () => new Array<number>(n + 1).fill(-1));
  best[0]![0] = 0;
  for (let i = 1; i <= k; i++) {
    for (let j = 1; j <= Math.min(n, i); j++) {
      for (let s = j - 1; s < i; s++) {
        if (best[s]![j - 1] === Infinity) continue;
        const w = widthOf(s, i);
        if (w > width + 1e-6) continue;
        const worst = Math.max(best[s]![j - 1]!, w);
        if (worst < best[i]![j]!) {
          best[i]![j] = worst;
          from[i]![j] = s;
        }
      }
    }
  }
  if (best[k]![n] === Infinity) return null;
  const lines: string[] = [];
  for (let i = k, j = n; j > 0; j--) {
    const s = from[i]![j]!;
    lines.unshift(joinPhrases(phrases.slice(s, i)));
    i = s;
  }
  return lines;
}

/** One forced line of a headline, broken as evenly as it allows into as few lines as it needs. */
function balanced(text: string, width: number, align: ComposeOptions['align']): Line[] {
  const natural = composeParagraph(text, { width, align });
  if (natural.length <= 1) return [...natural];
  const n = natural.length;
  // Between phrases first, when the phrases fit in as many lines as the text needs anyway.
  const phrases = phrasesOf(text);
  if (phrases.length > 1) {
    const packed = packPhrases(phrases, n, width);
    if (packed) return packed.flatMap((line) => composeParagraph(line, { width, align }));
  }
  // Otherwise the narrowest measure that still takes no more lines: every line about as long.
  let chosen = natural;
  for (let w = width - 0.5; w >= 1; w -= 0.5) {
    const lines = composeParagraph(text, { width: w, align });
    if (lines.length > n) break;
    chosen = lines;
  }
  if (chosen === natural) return [...natural];
  // Broken at the narrower measure, each line is set again at the full one: centred on it.
  return chosen.flatMap((line) => composeParagraph(line.text, { width, align }));
}

/**
 * A heading's lines at `width` ems (at its own size): the editor's breaks kept, each forced line
 * broken evenly between phrases. Used for 引题, 主题 and 副题 by the page and the export alike.
 */
export function composeHeading(text: string, width: number, align: ComposeOptions['align'] = 'center'): Line[] {
  return text
    .split(/\r?\n/u)
    .map((line) => line.trim())
    .filter(Boolean)
    .flatMap((line) => balanced(line, width, align));
}
