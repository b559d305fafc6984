import { describe, expect, it } from 'vitest';
import type { BodyBlock } from '../../shared/domain/article';
import { headlineFromParagraphMoves, joinMoves, splitMoves, swapMoves } from '../../shared/import/review-ignores';
import { carryIgnores, oneLineOffsets, unmoved } from '../../shared/proofread/carry-ignores';
import { houseOptions } from '../../shared/proofread/house';
import { proofreadStory, type ProofreadableStory } from '../../shared/proofread/story';

/** 己经 is a typo the shipped list knows: one finding wherever it stands. */
const T = '己经';

const paragraphs = (...texts: string[]): BodyBlock[] => texts.map((text) => ({ type: 'paragraph', text }));

function story(over: Partial<ProofreadableStory> = {}): ProofreadableStory {
  return {
    column: '',
    kicker: '',
    headline: '',
    deck: '',
    dateline: '',
    jump: '',
    source: '',
    body: [],
    photos: [],
    proofIgnores: [],
    ...over,
  };
}

/** Every finding of the story by where it stands and what it covers, marked when the story keeps it. */
function shown(s: ProofreadableStory, ignores: readonly string[]): string[] {
  const kept = new Set(ignores);
  return proofreadStory({ ...s, proofIgnores: [] }).findings.map((f) => {
    const where =
      f.place.part === 'body' ? `body ${f.place.block}` : f.place.part === 'caption' ? `caption ${f.place.photoId}` : f.place.part;
    const covered = f.text.slice(f.finding.offset, f.finding.offset + f.finding.length);
    return `${kept.has(f.id) ? 'kept' : 'shown'} ${where}@${f.finding.offset} ${f.finding.rule}:${covered}`;
  });
}

describe('carrying kept findings through a change of a story’s parts', () => {
  it('keeps them in place when nothing moves, and drops a kept finding whose text is gone or that never was', () => {
    const before = story({
      headline: `标题${T}`,
      body: paragraphs(`戊${T}`, `二${T}`),
      proofIgnores: ['headline|typo:己经:0', 'body|typo:己经:1', 'body|typo:不在:0'],
    });
    expect(carryIgnores([{ story: before, moves: unmoved }], before)).toEqual(['headline|typo:己经:0', 'body|typo:己经:1']);
    const edited = story({ ...before, body: paragraphs(`戊${T}`, '二已经') });
    expect(carryIgnores([{ story: before, moves: unmoved }], edited)).toEqual(['headline|typo:己经:0']);
    expect(carryIgnores([{ story: story({ ...before, proofIgnores: [] }), moves: unmoved }], before)).toEqual([]);
  });

  it('splits them with the body: the second story’s counted from its own first paragraph, the first keeping only its own', () => {
    const before = story({
      headline: `标题${T}`,
      body: paragraphs(`甲${T}`, `乙${T}`, `丙${T}`, `丁${T}`),
      // the first paragraph's finding and the last two, and the headline's
      proofIgnores: ['headline|typo:己经:0', 'body|typo:己经:0', 'body|typo:己经:2', 'body|typo:己经:3'],
    });
    const moves = splitMoves(2);
    const head = story({ ...before, body: before.body.slice(0, 2) });
    const rest = story({ dateline: '本报讯', body: before.body.slice(2) });
    const headKept = carryIgnores([{ story: before, moves: moves.head }], head);
    const restKept = carryIgnores([{ story: before, moves: moves.rest }], rest);
    expect(headKept).toEqual(['headline|typo:己经:0', 'body|typo:己经:0']);
    expect(restKept).toEqual(['body|typo:己经:0', 'body|typo:己经:1']);
    expect(shown(head, headKept)).toEqual(['kept headline@2 typo:己经', 'kept body 0@1 typo:己经', 'shown body 1@1 typo:己经']);
    expect(shown(rest, restKept)).toEqual(['kept body 0@1 typo:己经', 'kept body 1@1 typo:己经']);
  });

  it('joins them: the piece’s body counted after the story’s, its headline an intertitle, its photos renamed, its jump line after the story’s', () => {
    const head = story({
      headline: '主题',
      body: paragraphs(`甲${T}`, `乙${T}`),
      photos: [{ id: 'p1', caption: `图${T}` }],
      jump: `见${T}`,
      proofIgnores: ['body|typo:己经:1'],
    });
    const tail = story({
      kicker: `引${T}`,
      headline: `次${T}`,
      deck: `副${T}`,
      column: `栏${T}`,
      body: paragraphs(`丙${T}`, `丁${T}`),
      photos: [{ id: 'p1', caption: `二图${T}` }],
      jump: `转${T}`,
      proofIgnores: [
        'kicker|typo:己经:0',
        'headline|typo:己经:0',
        'column|typo:己经:0',
        'body|typo:己经:1',
        'caption:p1|typo:己经:0',
        'jump|typo:己经:0',
      ],
    });
    const joined = story({
      kicker: tail.kicker,
      headline: head.headline,
      deck: tail.deck,
      body: [...head.body, { type: 'intertitle', text: tail.headline }, ...tail.body],
      photos: [...head.photos, { id: 'p1-2', caption: tail.photos[0]!.caption }],
      jump: `${head.jump} ${tail.jump}`,
    });
    const moves = joinMoves(head, tail);
    const kept = carryIgnores(
      [
        { story: head, moves: moves.head },
        { story: tail, moves: moves.tail },
      ],
      joined,
    );
    expect(shown(joined, kept)).toEqual([
      'kept kicker@1 typo:己经',
      'shown deck@1 typo:己经',
      'shown body 0@1 typo:己经',
      'kept body 1@1 typo:己经',
      'kept body 2@1 typo:己经',
      'shown body 3@1 typo:己经',
      'kept body 4@1 typo:己经',
      'shown caption p1@1 typo:己经',
      'kept caption p1-2@2 typo:己经',
      'shown jump@1 typo:己经',
      'kept jump@5 typo:己经',
    ]);
    expect(kept).toContain('body|typo:己经:4');
    expect(kept).toContain('caption:p1-2|typo:己经:0');
    expect(kept).toContain('jump|typo:己经:1');
  });

  it('joins a piece under a story without a headline: the piece’s headline becomes the headline', () => {
    const head = story({ body: paragraphs(`甲${T}`) });
    const tail = story({ headline: `次${T}`, body: paragraphs(`乙${T}`), proofIgnores: ['headline|typo:己经:0', 'body|typo:己经:0'] });
    const joined = story({ headline: tail.headline, body: [...head.body, ...tail.body] });
    const moves = joinMoves(head, tail);
    expect(
      carryIgnores(
        [
          { story: head, moves: moves.head },
          { story: tail, moves: moves.tail },
        ],
        joined,
      ),
    ).toEqual(['headline|typo:己经:0', 'body|typo:己经:1']);
  });

  it('makes a paragraph the headline: its kept findings become the headline’s, the old headline’s go into the body with it', () => {
    const before = story({
      headline: ` 旧${T}题`,
      body: paragraphs('一', `新  ${T}\n题${T}`, `三${T}`),
      // the second of the paragraph's, and the third paragraph's; not the old headline's
      proofIgnores: ['body|typo:己经:1', 'body|typo:己经:2'],
    });
    const after = story({ headline: `新 ${T} 题${T}`, body: paragraphs('一', `旧${T}题`, `三${T}`) });
    const kept = carryIgnores([{ story: before, moves: headlineFromParagraphMoves(1, before.body[1]!.text, before.headline) }], after);
    expect(shown(after, kept)).toEqual([
      'shown headline@2 typo:己经',
      'kept headline@6 typo:己经',
      'shown body 1@1 typo:己经',
      'kept body 2@1 typo:己经',
    ]);
    expect(kept).toEqual(['headline|typo:己经:1', 'body|typo:己经:1']);

    // without a headline before, the paragraphs after close up
    const bare = story({ ...before, headline: '', proofIgnores: ['headline|typo:己经:0', 'body|typo:己经:2'] });
    const closed = story({ headline: after.headline, body: paragraphs('一', `三${T}`) });
    expect(carryIgnores([{ story: bare, moves: headlineFromParagraphMoves(1, bare.body[1]!.text, '') }], closed)).toEqual([
      'body|typo:己经:0',
    ]);
  });

  it('swaps headlines with what each kept of its own', () => {
    const a = story({ headline: `甲${T}`, body: paragraphs(`戊${T}`), proofIgnores: ['headline|typo:己经:0', 'body|typo:己经:0'] });
    const b = story({ headline: `乙${T}`, body: paragraphs(`二${T}`), proofIgnores: [] });
    const swap = (mine: ProofreadableStory, theirs: ProofreadableStory) =>
      carryIgnores(
        [
          { story: mine, moves: swapMoves.kept },
          { story: theirs, moves: swapMoves.taken },
        ],
        { ...mine, headline: theirs.headline },
      );
    expect(swap(a, b)).toEqual(['body|typo:己经:0']);
    expect(swap(b, a)).toEqual(['headline|typo:己经:0']);
  });

  it('finds as the house finds, and keeps what a rule switched off would find when it comes back on', () => {
    const house = houseOptions({ off: ['typo'], typos: [{ wrong: '沙中', right: '沙市' }], avoid: [] });
    const before = story({ body: paragraphs(`一沙中${T}`, `二沙中`), proofIgnores: ['body|typo:沙中:1', 'body|typo:己经:0'] });
    const after = story({ body: before.body.slice(1) });
    const rest = splitMoves(1).rest;
    expect(carryIgnores([{ story: before, moves: rest }], after, house)).toEqual(['body|typo:沙中:0']);
    // without the house's words, that finding is not one at all
    expect(carryIgnores([{ story: before, moves: rest }], after)).toEqual([]);
    const first = splitMoves(1).head;
    expect(carryIgnores([{ story: before, moves: first }], story({ body: before.body.slice(0, 1) }), house)).toEqual(['body|typo:己经:0']);
  });

  it('maps offsets onto the text on one line, astral characters and all', () => {
    const text = ' 𠀀 甲\n\t乙 ';
    const at = oneLineOffsets(text);
    const line = text.replace(/\s+/gu, ' ').trim();
    expect(line).toBe('𠀀 甲 乙');
    expect([1, 2, 4, 7].map(at)).toEqual([0, 1, 3, 5]);
    expect([0, 3, 5, 6, 8].map(at)).toEqual([null, null, null, null, null]);
  });
});
