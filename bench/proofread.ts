// The proofreader's speed as an editor types: `npm run bench:proofread`. The story desk checks
// in the pause after typing; with the cache only the paragraph that changed is checked again.
// Measured here: a whole story checked from nothing, and a keystroke's re-check with the cache,
// for stories of 2,000, 5,000 and 20,000 characters of the fixture pages' real paragraphs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { splitPageText } from '../shared/import/page-text';
import { ProofreadCache, proofreadStory, type ProofreadableStory } from '../shared/proofread/story';

const pagesDir = join(__dirname, '..', '..', 'shared', 'fixtures', 'pages');
const paragraphs = readdirSync(pagesDir)
  .filter((f) => f.endsWith('.txt'))
  .flatMap((f) => splitPageText(readFileSync(join(pagesDir, f), 'utf8')).flatMap((a) => a.body.map((b) => b.text)))
  .filter((p) => p.length > 20);

function story(chars: number): ProofreadableStory {
  const body: ProofreadableStory['body'][number][] = [];
  for (let i = 0, n = 0; n < chars; i++) {
    const text = paragraphs[i % paragraphs.length]!;
    body.push({ type: 'paragraph', text });
    n += text.length;
  }
  return {
    column: '',
    kicker: '推动环保工作取得更大成效',
    headline: '全市专题研讨班开班',
    deck: '',
    dateline: '本报讯',
    jump: '',
    source: '',
    body,
    photos: [],
  };
}

function percentile(times: number[], p: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

const ms = (n: number) => n.toFixed(2);
console.log(`proofreading, ${paragraphs.length} fixture paragraphs; p50 / p95 in ms`);
for (const chars of [2_000, 5_000, 20_000]) {
  const s = story(chars);
  const full: number[] = [];
  const keystroke: number[] = [];
  for (let round = 0; round < 60; round++) {
    let t = performance.now();
    const cache = new ProofreadCache();
    proofreadStory(s, cache);
    full.push(performance.now() - t);
    // A character typed into the middle paragraph: the story as the editor has it after it.
    const body = s.body.map((b, i) => (i === s.body.length >> 1 ? { ...b, text: `${b.text.slice(0, 10)}的${b.text.slice(10)}` } : b));
    t = performance.now();
    proofreadStory({ ...s, body }, cache);
    keystroke.push(performance.now() - t);
  }
  console.log(
    `${String(chars).padStart(6)} chars, ${String(s.body.length).padStart(3)} paragraphs: whole story ${ms(percentile(full, 50))} / ${ms(percentile(full, 95))}; after a keystroke (cached) ${ms(percentile(keystroke, 50))} / ${ms(percentile(keystroke, 95))}`,
  );
}
