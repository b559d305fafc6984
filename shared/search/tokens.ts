/**
 * Search terms for Chinese text. FTS5's own tokenizers either cannot match two characters
 * (trigram) or need word segmentation that loses names; overlapping character pairs give
 * full recall for any query of two or more characters, so the archive indexes those: every
 * run of Chinese becomes its pairs (and a character that only ends runs, a term of its own, so
 * that single characters are found wherever they stand), every run of letters or digits one word.
 */


/** NFKC folds full-width letters and digits (２０２４, ＡＢＣ) into the ones people type. */
export function normalizeForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export interface Run {
  han: boolean;
  text: string;
}

const RUNS = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}])+)/gu;

/** Runs of Chinese characters and runs of letters/digits; everything else separates. */
export function runsOf(text: string): Run[] {
  const runs: Run[] = [];
  for (const m of normalizeForSearch(text).matchAll(RUNS)) runs.push({ han: m[1] !== undefined, text: m[0] });
  return runs;
}

/**
 * The text as the space-separated terms the FTS5 index stores: 营商环境 → 营商 商环 环境.
 * A single character is found as the first character of a pair (境* finds 境内) or, where it
 * only ever ends a run in this text (…环境。), as a term of its own, written once at the end.
 * Pairs keep their positions, so a phrase of pairs never matches across two runs.
 */
export function indexTerms(text: string): string {
  const terms: string[] = [];
  const starts = new Set<string>();
  const ends = new Set<string>();
  for (const run of runsOf(text)) {
    if (!run.han) {
      terms.push(run.text);
      continue;
    }
    const chars = [...run.text];
    for (let i = 0; i + 1 < chars.length; i++) {
      terms.push(chars[i]! + chars[i + 1]!);
      starts.add(chars[i]!);
    }
    ends.add(chars.at(-1)!);
  }
  for (const ch of ends) if (!starts.has(ch)) terms.push(ch);
  return terms.join(' ');
}

/** A bareword or phrase that FTS5 reads literally. */
const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * One word of a query as an FTS5 expression: a phrase of its character pairs (adjacent, so
 * 营商环境 finds 营商环境 and not 营商…环境), a single character as the term or any pair it starts.
 */
function wordExpression(word: string): string | null {
  const parts = runsOf(word).map((run) => {
    if (!run.han) return quote(run.text);
    const chars = [...run.text];
    if (chars.length === 1) return `(${quote(chars[0]!)} OR ${quote(chars[0]!)}*)`;
    const pairs: string[] = [];
    for (let i = 0; i + 1 < chars.length; i++) pairs.push(chars[i]! + chars[i + 1]!);
    return quote(pairs.join(' '));
  });
  if (!parts.length) return null;
  return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
}

/**
 * The expression relevance is scored by: each word by its first term alone. bm25 needs the
 * number of documents each phrase occurs in, and for a phrase of common characters FTS5 can
 * only count that by checking the phrase in every document holding its pairs; a single term's
 * count is cheap. Documents are still found by the full phrase.
 */
function rankTerm(word: string): string | null {
  const run = runsOf(word)[0];
  if (!run) return null;
  if (!run.han) return quote(run.text);
  const chars = [...run.text];
  return chars.length === 1 ? `(${quote(chars[0]!)} OR ${quote(chars[0]!)}*)` : quote(chars[0]! + chars[1]!);
}

export interface ParsedQuery {
  /** The FTS5 MATCH expression, or null when the query holds nothing searchable. */
  match: string | null;
  /** A cheaper expression, implied by `match`, whose bm25 ranks what `match` found. */
  rank: string | null;
  /** The words and phrases as typed, for highlighting. */
  words: string[];
}

/** 营商 "政府采购" 沙市: every word must match (AND); quotes keep a phrase together. */
export function parseQuery(query: string): ParsedQuery {
  const words: string[] = [];
  for (const m of query.matchAll(/"([^"]+)"|“([^”]+)”|(\S+)/gu)) {
    const word = (m[1] ?? m[2] ?? m[3] ?? '').trim();
    if (word) words.push(word);
  }
  const expressions = words.map(wordExpression).filter((e): e is string => e !== null);
  const ranks = words.map(rankTerm).filter((e): e is string => e !== null);
  return {
    match: expressions.length ? expressions.join(' AND ') : null,
    rank: ranks.length ? ranks.join(' OR ') : null,
    words,
  };
}

/**
 * A short passage of `text` around the first place a query word occurs, with where each
 * occurrence of a word falls in it, for the result list to highlight.
 */
export function snippetOf(text: string, words: string[], radius = 40): { snippet: string; highlights: [number, number][] } {
  const plain = text.replace(/\s+/gu, ' ');
  const folded = normalizeForSearch(plain);
  const needles = words.map((w) => normalizeForSearch(w).replace(/\s+/gu, '')).filter(Boolean);
  let first = -1;
  for (const n of needles) {
    const at = folded.indexOf(n);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  const start = first < 0 ? 0 : Math.max(0, first - Math.floor(radius / 2));
  const end = Math.min(plain.length, start + radius * 2);
  const snippet = (start > 0 ? '…' : '') + plain.slice(start, end) + (end < plain.length ? '…' : '');
  const offset = start > 0 ? 1 - start : 0;
  const highlights: [number, number][] = [];
  for (const n of needles) {
    let at = folded.indexOf(n, start);
    while (at >= 0 && at + n.length <= end) {
      highlights.push([at + offset, at + offset + n.length]);
      at = folded.indexOf(n, at + n.length);
    }
  }
  highlights.sort((a, b) => a[0] - b[0]);
  return { snippet, highlights };
}
