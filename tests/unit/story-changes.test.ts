import { describe, expect, it } from 'vitest';
import type { BodyBlock, Photo } from '../../shared/domain/article';
import { storyChanges } from '../../shared/domain/story-changes';
import { bodyJsonFromBlocks } from '../../shared/editor/body';
import { diffChars, type DiffRun } from '../../shared/text/diff';
import { fullDraft } from '../support/drafts';

/** Runs as one line: [-deleted-] and {+inserted+}, the rest as it is. */
const marked = (runs: readonly DiffRun[]) =>
  runs.map((r) => (r.kind === 'same' ? r.text : r.kind === 'deleted' ? `[-${r.text}-]` : `{+${r.text}+}`)).join('');
const side = (runs: readonly DiffRun[], which: 'before' | 'after') =>
  runs
    .filter((r) => r.kind !== (which === 'before' ? 'inserted' : 'deleted'))
    .map((r) => r.text)
    .join('');

const BODY: BodyBlock[] = [
  { type: 'paragraph', text: '记者从市住建局获悉，今年全市共有126个老旧小区纳入改造计划，涉及居民4.2万户。' },
  { type: 'intertitle', text: '先问需后施工' },
  { type: 'paragraph', text: '改造前，各社区逐户上门征求意见，把加装电梯、增设停车位列为首批项目。' },
  { type: 'paragraph', text: '市住建局有关负责人表示，改造将于年底前全部完工。' },
];
const signed = fullDraft({ bodyJson: bodyJsonFromBlocks(BODY) });
const withBody = (blocks: BodyBlock[]) => fullDraft({ bodyJson: bodyJsonFromBlocks(blocks) });

describe('diffChars: what changed, character by character', () => {
  it('marks a changed number as its deleted and inserted digits, the rest shared', () => {
    const runs = diffChars('全市共有126个老旧小区', '全市共有128个老旧小区');
    expect(runs).toEqual([
      { kind: 'same', text: '全市共有12' },
      { kind: 'deleted', text: '6' },
      { kind: 'inserted', text: '8' },
      { kind: 'same', text: '个老旧小区' },
    ]);
  });

  it('marks an inserted sentence as one insertion', () => {
    const before = '改造前，各社区逐户上门征求意见。';
    const after = '改造前，各社区逐户上门征求意见。共收到意见建议1300余条。';
    expect(marked(diffChars(before, after))).toBe('改造前，各社区逐户上门征求意见。{+共收到意见建议1300余条。+}');
  });

  it('takes a rewritten clause as one change, not confetti around the characters it happens to share', () => {
    const before = '今天天气很好，我们去公园散步了。';
    const after = '明日的雨会很大，他们在家里读书了。';
    const runs = diffChars(before, after);
    expect(marked(runs)).toBe('[-今天天气很好，我们去公园散步-]{+明日的雨会很大，他们在家里读书+}了。');
    expect(side(runs, 'before')).toBe(before);
    expect(side(runs, 'after')).toBe(after);
  });

  it('keeps two changes apart when what lies between them is longer than either', () => {
    expect(marked(diffChars('夜市今晚开张，摊位有126个。', '夜市明晚开张，摊位有128个。'))).toBe(
      '夜市[-今-]{+明+}晚开张，摊位有12[-6-]{+8+}个。',
    );
  });

  it('never splits a character outside the BMP', () => {
    expect(diffChars('𠀀字', '𠀁字')).toEqual([
      { kind: 'deleted', text: '𠀀' },
      { kind: 'inserted', text: '𠀁' },
      { kind: 'same', text: '字' },
    ]);
  });

  it('gives equal texts as one shared run, and an empty one as nothing', () => {
    expect(diffChars('共有126个', '共有126个')).toEqual([{ kind: 'same', text: '共有126个' }]);
    expect(diffChars('', '')).toEqual([]);
    expect(diffChars('', '新增')).toEqual([{ kind: 'inserted', text: '新增' }]);
  });

  it('shows a text rewritten beyond the edit limit as deleted and inserted whole, quickly', () => {
    const before = '甲乙丙丁'.repeat(2000);
    const after = '子丑寅卯'.repeat(2000);
    const started = performance.now();
    const runs = diffChars(before, after);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(runs).toEqual([
      { kind: 'deleted', text: before },
      { kind: 'inserted', text: after },
    ]);
  });
});

describe('storyChanges: the story against its signed text', () => {
  it('finds nothing in an unchanged story, nor in spaces the print trims', () => {
    expect(storyChanges(signed, signed)).toEqual([]);
    expect(storyChanges(signed, { ...signed, headline: ` ${signed.headline} ` })).toEqual([]);
    // The body read by the editor counts the same as the body read from the JSON.
    expect(storyChanges(signed, { ...signed, body: BODY })).toEqual([]);
  });

  it('shows a changed number in its paragraph, numbered as the desk counts paragraphs', () => {
    const now = BODY.map((b, i) => (i === 0 ? { ...b, text: b.text.replace('共有126个', '共有128个') } : b));
    const changes = storyChanges(signed, withBody(now));
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      field: 'body',
      before: { number: 1, type: 'paragraph' },
      after: { number: 1, type: 'paragraph' },
    });
    expect(marked(changes[0]!.runs)).toBe('记者从市住建局获悉，今年全市共有12[-6-]{+8+}个老旧小区纳入改造计划，涉及居民4.2万户。');
  });

  it('shows an inserted sentence within its paragraph', () => {
    const now = BODY.map((b, i) => (i === 2 ? { ...b, text: `${b.text}共收到意见建议1300余条。` } : b));
    const [change, ...rest] = storyChanges(signed, withBody(now));
    expect(rest).toEqual([]);
    expect(change).toMatchObject({ field: 'body', before: { number: 3 }, after: { number: 3 } });
    expect(marked(change!.runs)).toBe('改造前，各社区逐户上门征求意见，把加装电梯、增设停车位列为首批项目。{+共收到意见建议1300余条。+}');
  });

  it('shows a deleted paragraph where it stood in the signed text, and pairs a changed neighbour with itself', () => {
    // The intertitle goes, and the paragraph after it is changed too.
    const now: BodyBlock[] = [BODY[0]!, { type: 'paragraph', text: BODY[2]!.text.replace('首批', '第一批') }, BODY[3]!];
    const changes = storyChanges(signed, withBody(now));
    expect(changes.map((c) => (c.field === 'body' ? [c.before?.number ?? null, c.after?.number ?? null] : c.field))).toEqual([
      [2, null],
      [3, 2],
    ]);
    expect(changes[0]).toMatchObject({ before: { type: 'intertitle' }, runs: [{ kind: 'deleted', text: '先问需后施工' }] });
    expect(marked(changes[1]!.runs)).toBe('改造前，各社区逐户上门征求意见，把加装电梯、增设停车位列为[-首-]{+第一+}批项目。');
  });

  it('shows an inserted paragraph as new, and a paragraph made an intertitle as a change of kind', () => {
    const now: BodyBlock[] = [
      BODY[0]!,
      { type: 'paragraph', text: '据介绍，改造资金由财政补助和居民自筹共同承担。' },
      BODY[1]!,
      BODY[2]!,
      { type: 'intertitle', text: BODY[3]!.text },
    ];
    const changes = storyChanges(signed, withBody(now));
    expect(changes).toEqual([
      {
        field: 'body',
        before: null,
        after: { number: 2, type: 'paragraph' },
        runs: [{ kind: 'inserted', text: '据介绍，改造资金由财政补助和居民自筹共同承担。' }],
      },
      {
        field: 'body',
        before: { number: 4, type: 'paragraph' },
        after: { number: 5, type: 'intertitle' },
        runs: [{ kind: 'same', text: BODY[3]!.text }],
      },
    ]);
  });

  it('lists changed fields in print order: headline, byline in house form, captions with credits, source', () => {
    const photo = (id: string, caption: string): Photo => ({
      id,
      hash: null,
      mime: null,
      width: null,
      height: null,
      fileName: '',
      caption,
      credit: { kind: 'photo', people: [{ role: 'reporter', name: '刘艺' }] },
    });
    const before = { ...signed, photos: [photo('a', '居民在新装的电梯前合影'), photo('b', '施工现场')] };
    const after = {
      ...signed,
      headline: '全市128个老旧小区今年改造',
      byline: [...signed.byline, { role: 'intern' as const, name: '张敏' }],
      photos: [photo('a', '居民在新装的电梯前合影留念')],
      source: '（原载11月28日《湖北日报》）',
    };
    const changes = storyChanges(before, after);
    expect(changes.map((c) => c.field)).toEqual(['headline', 'byline', 'caption', 'caption', 'source']);
    expect(marked(changes[1]!.runs)).toBe('记者王子瑶 通讯员陈勇{+ 实习生张敏+}');
    expect(changes[2]).toMatchObject({ before: 1, after: 1 });
    expect(marked(changes[2]!.runs)).toBe('居民在新装的电梯前合影{+留念+}（记者 刘艺 摄）');
    expect(changes[3]).toMatchObject({ before: 2, after: null, runs: [{ kind: 'deleted', text: '施工现场（记者 刘艺 摄）' }] });
    expect(marked(changes[4]!.runs)).toBe('（原载11月2[-7-]{+8+}日《湖北日报》）');
  });
});
