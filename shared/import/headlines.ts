import { bigrams, gridWidth, hanCodePoints, isHanCodePoint, pairKey, type Pair } from './text';

/**
 * Which printed headline is whose, read as a copy editor reads a page: by what the headline
 * says (the rarer words, names and numbers it shares with one story's text and not the
 * others'), then by where it stands (right above or right below a story), and only when the
 * words say nothing, by position alone. Pages print headlines above, below or far from their
 * stories, several headlines in one cluster, kickers on lines of their own, column labels among
 * them; so every line is weighed on its own and then put together with its neighbours.
 */

export interface TitleLine {
  text: string;
  /** The line is printed after a blank line (a gap inside a cluster of headline lines). */
  gap: boolean;
  /** Lines with the same group were printed with no blank between them. */
  group: number;
}

export interface Cluster {
  lines: TitleLine[];
  /** The piece whose text starts right after the cluster, and the one whose text ends right before it. */
  above: number | null;
  below: number | null;
}

/** adjacent: named by its words, printed next to the text; far: named, printed away from it; weak: named by few words; guessed: by position only. */
export type HeadlineEvidence = 'adjacent' | 'far' | 'weak' | 'guessed';

export interface HeadlineAssignment {
  lines: TitleLine[];
  evidence: HeadlineEvidence;
}

export interface Assignments {
  headlines: (HeadlineAssignment | null)[];
  /** Column labels (栏目) found among the headline lines, by piece. */
  columns: (string | null)[];
}

/** A text's features: its character pairs and its longer numbers (#28, #86.03). */
type Feature = Pair;

/** What the features of a text are: its character pairs and its longer numbers. */
function features(text: string): Set<Feature> {
  const out: Set<Feature> = bigrams(text);
  for (const n of text.matchAll(/\d+(?:\.\d+)?/gu)) if (n[0].length >= 2) out.add(`#${n[0]}`);
  return out;
}

const NUMBER = /\d+(?:\.\d+)?/gu;

/**
 * The features of the texts one page's matchers have seen, kept across the matchers that page
 * needs as its pieces are put together, each feature numbered: the matchers count and compare
 * features by number, in arrays, where a set and a map per feature were most of matching.
 */
export class FeatureCache {
  private readonly texts = new Map<string, Int32Array>();
  /** Numbers of the features that are strings (#28, pairs outside the main Han blocks). */
  private readonly named = new Map<string, number>();
  // Numbers of the pairs that are small integers, in a table of their own (open addressing):
  // a Map lookup per character pair was the largest part of reading a page.
  private keys = new Int32Array(1 << 14).fill(-1);
  private values = new Int32Array(1 << 14);
  /** 32 less the table's bits: a Fibonacci hash keeps the top bits. */
  private shift = 18;
  private filled = 0;
  private counted = 0;
  /** When each feature was last met, by the text being numbered: a text's features are listed once each. */
  private seen: Int32Array = new Int32Array(1024);
  private round = 0;

  private slot(key: number): number {
    const mask = this.keys.length - 1;
    let at = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (this.keys[at] !== -1 && this.keys[at] !== key) at = (at + 1) & mask;
    return at;
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Int32Array(keys.length * 2).fill(-1);
    this.values = new Int32Array(keys.length * 2);
    this.shift--;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === -1) continue;
      const at = this.slot(keys[i]!);
      this.keys[at] = keys[i]!;
      this.values[at] = values[i]!;
    }
  }

  private next(): number {
    const n = this.counted++;
    if (n >= this.seen.length) {
      const grown = new Int32Array(this.seen.length * 2);
      grown.set(this.seen);
      this.seen = grown;
    }
    return n;
  }

  private number(f: Feature): number {
    if (typeof f === 'string') {
      let n = this.named.get(f);
      if (n === undefined) this.named.set(f, (n = this.next()));
      return n;
    }
    let at = this.slot(f);
    if (this.keys[at] === f) return this.values[at]!;
    if ((this.filled + 1) * 2 > this.keys.length) {
      this.grow();
      at = this.slot(f);
    }
    this.keys[at] = f;
    this.filled++;
    return (this.values[at] = this.next());
  }

  private add(f: Feature, out: number[]): void {
    const n = this.number(f);
    if (this.seen[n] === this.round) return;
    this.seen[n] = this.round;
    out.push(n);
  }

  /** The numbers of a text's features, in the order features() would list them: its pairs, then its numbers. */
  of(text: string): Int32Array {
    let list = this.texts.get(text);
    if (list) return list;
    this.round++;
    const out: number[] = [];
    let previous = -1;
    for (let i = 0; i < text.length;) {
      const cp = text.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      if (isHanCodePoint(cp)) {
        if (previous >= 0) this.add(pairKey(previous, cp), out);
        previous = cp;
      }
    }
    for (const n of text.matchAll(NUMBER)) if (n[0].length >= 2) this.add(`#${n[0]}`, out);
    list = Int32Array.from(out);
    this.texts.set(text, list);
    return list;
  }

  /** Whether a text holds a character pair, if its features were made: for a few pairs asked, a scan beats a set. */
  pairsOf(text: string): { has(pair: Pair): boolean } | undefined {
    const list = this.texts.get(text);
    if (!list) return undefined;
    return {
      has: (pair) => {
        const n = this.numberOf(pair);
        return n !== undefined && list.includes(n);
      },
    };
  }

  /** A feature's number, if any text had it. */
  numberOf(f: Feature): number | undefined {
    if (typeof f === 'string') return this.named.get(f);
    const at = this.slot(f);
    return this.keys[at] === f ? this.values[at] : undefined;
  }

  get count(): number {
    return this.counted;
  }
}

interface Wanted {
  /** The numbers of a headline line's features, in features() order; -1 for one no piece has. */
  numbers: Int32Array;
  /** Each feature's weight in that order, and their sum. */
  weights: Float64Array;
  total: number;
  /** The numbers of the line's consecutive Chinese pairs, in order (-1: in no piece). */
  pairs: Int32Array;
}

/**
 * How much of a short text (a headline line) a piece's text holds, weighted by rarity across
 * the page's pieces: 0 to about 1.3, a verbatim phrase scoring above scattered pairs.
 */
export class Matcher {
  private readonly lists: Int32Array[];
  /** Which pieces hold each numbered feature: `words` bits of 32 a feature. */
  private readonly holders: Uint32Array;
  private readonly words: number;
  private readonly known: number;
  /** In how many pieces each numbered feature is. */
  private readonly df: Int32Array;
  /**
   * How rare a feature is across the page's pieces, by how many hold it (0 for one every piece
   * has), and its weight in a score: by that count, which is at most the number of pieces, so
   * kept in tables (a logarithm per feature of every piece was a good part of kinship).
   */
  private readonly rarity: Float64Array;
  private readonly weight: Float64Array;
  /** Headline lines are scored against every piece: their features and weights are made once. */
  private readonly wanted = new Map<string, Wanted>();
  /** Each piece's features' rarities in its list's order, and their sum: kinship weighs them over and over. */
  private rarities: { values: Float64Array; size: number }[] | null = null;
  /** Kinship of each piece to every other, unfiltered, by piece. */
  private readonly closeness = new Map<number, number[]>();

  constructor(
    texts: readonly string[],
    private readonly cache: FeatureCache = new FeatureCache(),
  ) {
    this.lists = texts.map((text) => cache.of(text));
    this.known = cache.count;
    this.words = Math.max(1, Math.ceil(this.lists.length / 32));
    this.holders = new Uint32Array(this.known * this.words);
    this.df = new Int32Array(this.known);
    const n = this.lists.length;
    this.rarity = new Float64Array(n + 1);
    this.weight = new Float64Array(n + 1);
    for (let df = 0; df <= n; df++) {
      this.rarity[df] = Math.max(Math.log((n + 1) / (df + 0.5)), 0);
      this.weight[df] = Math.max(Math.log((n + 1) / (df + 0.5)), 0.1);
    }
    this.lists.forEach((list, p) => {
      const word = p >> 5;
      const bit = 1 << (p & 31);
      for (let i = 0; i < list.length; i++) {
        const n = list[i]!;
        this.holders[n * this.words + word]! |= bit;
        this.df[n]!++;
      }
    });
  }

  private holds(piece: number, n: number | undefined): boolean {
    if (n === undefined || n < 0 || n >= this.known) return false;
    return ((this.holders[n * this.words + (piece >> 5)]! >>> (piece & 31)) & 1) === 1;
  }

  private featuresOf(text: string): Wanted {
    let found = this.wanted.get(text);
    if (!found) {
      const wanted = features(text);
      const numbers = new Int32Array(wanted.size);
      const weights = new Float64Array(wanted.size);
      let total = 0;
      let i = 0;
      for (const f of wanted) {
        const n = this.cache.numberOf(f);
        const known = n !== undefined && n < this.known ? n : -1;
        numbers[i] = known;
        total += weights[i++] = this.weight[known < 0 ? 0 : this.df[known]!]!;
      }
      const han = hanCodePoints(text);
      const pairs = new Int32Array(Math.max(0, han.length - 1));
      for (let j = 1; j < han.length; j++) pairs[j - 1] = this.cache.numberOf(pairKey(han[j - 1]!, han[j]!)) ?? -1;
      found = { numbers, weights, total, pairs };
      this.wanted.set(text, found);
    }
    return found;
  }

  /** How many of a short text's features the piece's text holds. */
  found(text: string, piece: number): number {
    if (!this.lists[piece]) return 0;
    const { numbers } = this.featuresOf(text);
    let n = 0;
    for (let i = 0; i < numbers.length; i++) if (this.holds(piece, numbers[i])) n++;
    return n;
  }

  score(text: string, piece: number): number {
    if (!this.lists[piece]) return 0;
    const { numbers, weights, total, pairs } = this.featuresOf(text);
    if (!total) return 0;
    let found = 0;
    for (let i = 0; i < numbers.length; i++) if (this.holds(piece, numbers[i])) found += weights[i]!;
    // The longest run of the headline's pairs, in order, that the text holds: a phrase printed
    // in both (垃圾分类进校园) says more than the same pairs scattered.
    let run = 0;
    let longest = 0;
    for (let j = 0; j < pairs.length; j++) {
      run = this.holds(piece, pairs[j]) ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return found / total + Math.min(0.3, 0.05 * Math.max(0, longest - 2));
  }

  get size(): number {
    return this.lists.length;
  }

  /**
   * How close piece b's subject is to piece a's, against the page's other pieces: the rarer
   * pairs (names, places, the subject's words) a shares with b, as a share of what it shares
   * with the piece closest to it; 1 when b is that piece. Two parts of one story share their
   * names and subject more than either does with a neighbour.
   */
  kinship(a: number, b: number, among: (piece: number) => boolean = () => true): number {
    const close = this.closenessOf(a);
    if (!close) return 0;
    const shared = close.map((v, x) => (x === a || (x !== b && !among(x)) ? 0 : v));
    const most = Math.max(...shared);
    return most > 0 ? (shared[b] ?? 0) / most : 0;
  }

  private closenessOf(a: number): number[] | undefined {
    const own = this.lists[a];
    if (!own) return undefined;
    let close = this.closeness.get(a);
    if (close) return close;
    const { df, rarity } = this;
    this.rarities ??= this.lists.map((list) => {
      const values = new Float64Array(list.length);
      let size = 0;
      for (let i = 0; i < list.length; i++) size += values[i] = rarity[df[list[i]!]!]!;
      return { values, size };
    });
    const rarities = this.rarities;
    const mine = new Uint8Array(df.length);
    for (let i = 0; i < own.length; i++) mine[own[i]!] = 1;
    close = this.lists.map((list, x) => {
      const { values, size } = rarities[x]!;
      let sum = 0;
      for (let i = 0; i < list.length; i++) if (mine[list[i]!]) sum += values[i]!;
      // (as a cosine: a long story shares more pairs with anything by its length alone)
      return size ? sum / Math.sqrt(size) : 0;
    });
    this.closeness.set(a, close);
    return close;
  }
}

/** A line's share of the rare words must reach this to name a story by itself. */
export const STRONG = 0.4;
/** …and beat the next story by this much. */
const MARGIN = 0.12;
/** Below this a line says next to nothing about any story. */
const WEAK = 0.2;

/**
 * Labels of recurring columns (栏目) end so: a line like this beside a story's own headline is
 * its column, not part of its headline; alone, it may be the headline.
 */
const COLUMN_LABEL = /(进行时|简讯|快讯|攻坚战|在行动|专栏|巡礼|走基层|系列报道|观察|时评|短评|视点|聚焦|一线|看变化|新征程|面对面)$/u;

export function columnLike(text: string): boolean {
  return gridWidth(text) <= 12 && COLUMN_LABEL.test(text.replace(/[”"’』」]+$/u, ''));
}

const RANK: Record<HeadlineEvidence, number> = { adjacent: 0, far: 1, weak: 2, guessed: 3 };

interface LineChoice {
  cluster: number;
  line: number;
  piece: number;
  strength: number;
  margin: number;
}

/** A line's score against every piece (a loop: Array.from of an array-like is slow in V8). */
function scoresOf(matcher: Matcher, text: string): number[] {
  const scores: number[] = [];
  for (let p = 0; p < matcher.size; p++) scores.push(matcher.score(text, p));
  return scores;
}

/**
 * The piece a line's scores put first (the first of equal scores) and the next best score (0
 * with one piece): what sorting the scores gave, without a pair and a sort per line and piece.
 */
function topTwo(scores: readonly number[]): { best: number; second: number } {
  let best = 0;
  for (let p = 1; p < scores.length; p++) if (scores[p]! > scores[best]!) best = p;
  let second = -Infinity;
  for (let p = 0; p < scores.length; p++) if (p !== best && scores[p]! > second) second = scores[p]!;
  return { best, second: scores.length > 1 ? second : 0 };
}

export function assignHeadlines(clusters: readonly Cluster[], matcher: Matcher): Assignments {
  const n = matcher.size;
  const headlines: (HeadlineAssignment | null)[] = Array<HeadlineAssignment | null>(n).fill(null);
  const columns: (string | null)[] = Array<string | null>(n).fill(null);
  if (!n) return { headlines, columns };

  const content = clusters.map((c) => c.lines.map((l) => scoresOf(matcher, l.text)));

  // Which way this page prints headlines, above or below their text, from the lines whose words
  // leave no doubt: where the words say nothing, position then leans the same way.
  let aboveVotes = 0;
  let belowVotes = 0;
  clusters.forEach((cluster, k) => {
    for (const scores of content[k]!) {
      const { best, second } = topTwo(scores);
      if (scores[best]! < 0.6 || scores[best]! - second < 0.25) continue;
      if (cluster.above === best) aboveVotes++;
      else if (cluster.below === best) belowVotes++;
    }
  });
  const prefersBelow = belowVotes > aboveVotes;
  const nearBonus = (cluster: Cluster, p: number): number =>
    cluster.above === p ? (prefersBelow ? 0.06 : 0.12) : cluster.below === p ? (prefersBelow ? 0.12 : 0.06) : 0;

  // Each line by its own words.
  const choice: (LineChoice | null)[][] = clusters.map((cluster, k) =>
    cluster.lines.map((line, i) => {
      if (columnLike(line.text)) return null;
      const scores = content[k]![i]!.map((s, p) => s + nearBonus(cluster, p));
      const { best, second } = topTwo(scores);
      const strength = content[k]![i]![best]!;
      const margin = scores[best]! - second;
      // A line that few of the page's words tie to any story still names one when it ties to no
      // other at all (图书馆延时开放 点亮“夜读时光” against three briefs), on two words or more.
      const unique = strength >= WEAK && margin >= WEAK && matcher.found(line.text, best) >= 2;
      return (strength >= STRONG && margin >= MARGIN) || unique ? { cluster: k, line: i, piece: best, strength, margin } : null;
    }),
  );

  // A story has one headline: when lines of two clusters name it, the stronger cluster's are
  // its headline; a short line of the other is a column label over it (“双优化”攻坚战), a
  // longer one goes to the story it names next best, or waits with the unsure lines.
  const used = new Set<TitleLine>();
  const byPiece = new Map<number, Map<number, LineChoice[]>>();
  for (const row of choice)
    for (const c of row) {
      if (!c) continue;
      const perCluster = byPiece.get(c.piece) ?? new Map<number, LineChoice[]>();
      perCluster.set(c.cluster, [...(perCluster.get(c.cluster) ?? []), c]);
      byPiece.set(c.piece, perCluster);
    }
  const weight = (list: LineChoice[]) =>
    list.reduce((sum, c) => sum + c.strength, 0) + nearBonus(clusters[list[0]!.cluster]!, list[0]!.piece) * 2;
  for (const perCluster of byPiece.values()) {
    if (perCluster.size < 2) continue;
    const ranked = [...perCluster.values()].sort((a, b) => weight(b) - weight(a));
    for (const list of ranked.slice(1)) {
      for (const c of list) choice[c.cluster]![c.line] = null;
    }
  }

  const taken = new Set<number>();
  const give = (piece: number, lines: TitleLine[], evidence: HeadlineEvidence) => {
    const current = headlines[piece];
    if (current) {
      current.lines.push(...lines);
      if (RANK[evidence] > RANK[current.evidence]) current.evidence = evidence;
    } else headlines[piece] = { lines: [...lines], evidence };
    taken.add(piece);
  };

  // The sure lines, and the unsure ones next to them printed as one block with them (a kicker
  // ending in a colon, a deck opened by a dash, a line printed with no blank between).
  clusters.forEach((cluster, k) => {
    const row = choice[k]!;
    const owner: (number | null)[] = row.map((c) => c?.piece ?? null);
    for (let pass = 0; pass < 2; pass++) {
      cluster.lines.forEach((line, i) => {
        if (owner[i] !== null || used.has(line) || columnLike(line.text)) return;
        const up = i > 0 ? owner[i - 1] : null;
        const down = i + 1 < cluster.lines.length ? owner[i + 1] : null;
        const joinedDown = down !== null && down !== undefined && !cluster.lines[i + 1]!.gap;
        const joinedUp = up !== null && up !== undefined && !line.gap;
        if (/[：:]$/u.test(line.text) && down !== null && down !== undefined) owner[i] = down;
        else if (/^[—–-]{1,2}/u.test(line.text) && up !== null && up !== undefined) owner[i] = up;
        else if (joinedDown) owner[i] = down;
        else if (joinedUp) owner[i] = up;
      });
    }
    const lists = new Map<number, TitleLine[]>();
    cluster.lines.forEach((line, i) => {
      const p = owner[i];
      if (p === null || p === undefined) return;
      lists.set(p, [...(lists.get(p) ?? []), line]);
      used.add(line);
    });
    for (const [piece, lines] of lists) {
      const sure = row.filter((c): c is LineChoice => c !== null && c.piece === piece);
      const adjacent = cluster.above === piece || cluster.below === piece;
      const evidence = !sure.every((c) => c.strength >= STRONG)
        ? 'weak'
        : adjacent && sure.every((c) => c.margin >= 0.2)
          ? 'adjacent'
          : 'far';
      give(piece, lines, evidence);
    }
  });

  // What is left: runs of lines no story's words claim (主动搭台引流 / 讲好禁毒故事). Together
  // they may name a story; else they go by position to an untitled story next to them.
  clusters.forEach((cluster, k) => {
    const blocks: TitleLine[][] = [];
    let block: TitleLine[] = [];
    cluster.lines.forEach((line) => {
      if (used.has(line) || columnLike(line.text)) {
        if (block.length) blocks.push(block);
        block = [];
        return;
      }
      block.push(line);
    });
    if (block.length) blocks.push(block);
    for (const lines of blocks) {
      const text = lines.map((l) => l.text).join('');
      const scores: number[] = [];
      for (let p = 0; p < n; p++) scores.push(taken.has(p) ? -1 : matcher.score(text, p) + nearBonus(cluster, p));
      const best = scores.reduce((b, s, p) => (s > scores[b]! ? p : b), 0);
      if (scores[best]! - nearBonus(cluster, best) >= STRONG) {
        give(best, lines, cluster.above === best || cluster.below === best ? 'adjacent' : 'far');
        continue;
      }
      const near = [prefersBelow ? cluster.below : cluster.above, prefersBelow ? cluster.above : cluster.below].find(
        (p): p is number => p !== null && !taken.has(p),
      );
      const target = near ?? (scores[best]! >= 0.15 ? best : null);
      if (target !== null) give(target, lines, 'guessed');
    }
    void k;
  });

  // Column-like lines: the column of the story they stand over or name, unless that story has
  // no headline at all, when the line is its headline after all.
  clusters.forEach((cluster, k) => {
    cluster.lines.forEach((line, i) => {
      if (!columnLike(line.text) || used.has(line)) return;
      const scores = content[k]![i]!;
      const named = scores.reduce((b, s, p) => (s > scores[b]! ? p : b), 0);
      const target = scores[named]! >= 0.3 ? named : (cluster.above ?? cluster.below);
      if (target === null) return;
      if (!headlines[target]) give(target, [line], 'guessed');
      else columns[target] ??= line.text;
    });
  });
  return { headlines, columns };
}
