// The composer's speed: `npm run bench:compose`. It must be fast enough to run on every
// keystroke: a 5,000-character article in under 2 ms, a page of 12 articles in under 20 ms.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PAGE_PRESETS, type Placement } from '../shared/domain/layout';
import { splitPageText } from '../shared/import/page-text';
import { clearComposeCache } from '../shared/typeset/compose';
import { setBody, setPage } from '../shared/typeset/frame';
import type { StoryText } from '../shared/typeset/story';

const pagesDir = join(__dirname, '..', '..', 'shared', 'fixtures', 'pages');
const paragraphs = readdirSync(pagesDir)
  .filter((f) => f.endsWith('.txt'))
  .flatMap((f) => splitPageText(readFileSync(join(pagesDir, f), 'utf8')).flatMap((a) => a.body.map((b) => b.text)))
  .filter((p) => p.length > 20);

/** An article of about `chars` characters made of the fixture pages' real paragraphs. */
function story(chars: number, offset: number): StoryText {
  const body: StoryText['body'] = [];
  let n = 0;
  for (let i = offset; n < chars; i++) {
    const text = paragraphs[i % paragraphs.length]!;
    body.push({ type: 'paragraph', text });
    n += text.length;
  }
  return {
    column: '',
    kicker: '推动环保工作取得更大成效',
    headline: '全市专题研讨班开班',
    deck: '——沙市区持续推进融资便利化改革创新略记',
    byline: '本报讯（记者王子瑶 通讯员陈勇）',
    bylineForm: 'standard',
    dateline: '本报讯',
    body,
    photos: [],
    groupCredit: '',
    jump: '',
    source: '',
  };
}

/** Collects garbage before each timed run when Node allows it, so one run does not pay for another's garbage. */
const gc = (globalThis as { gc?: () => void }).gc;

function measure(runs: number, work: () => void): { p50: number; p95: number } {
  for (let i = 0; i < 20; i++) work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc?.();
    const t = performance.now();
    work();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]! * 1000) / 1000;
  return { p50: at(0.5), p95: at(0.95) };
}

const long = story(5000, 0);
const longChars = long.body.reduce((n, b) => n + b.text.length, 0);
// Cold: nothing composed before (the cache of set paragraphs emptied every run).
const single = measure(300, () => {
  clearComposeCache();
  setBody(long, 13);
});
// A keystroke: one paragraph changed, the rest of the story already set.
let typed = 0;
const keystroke = measure(300, () => {
  typed++;
  const body = long.body.map((b, i) => (i === 3 ? { ...b, text: `${b.text}${'字'.repeat(typed % 40)}` } : b));
  setBody({ ...long, body }, 13);
});

// A broadsheet page of 12 stories: four rows of three, 1,000 to 2,500 characters each.
const g = PAGE_PRESETS.broadsheet;
const placements: Placement[] = [];
const stories = new Map<string, StoryText>();
for (let k = 0; k < 12; k++) {
  const id = `a${k}`;
  stories.set(id, story(1000 + ((k * 137) % 1500), k * 7));
  const row = Math.floor(k / 3);
  const col = (k % 3) * 2 + (k % 3 === 2 ? 0 : 0);
  placements.push({
    id,
    articleId: id,
    column: col + (k % 3 === 2 ? 2 : 0),
    span: k % 3 === 2 ? 4 : 2,
    top: row * 26,
    depth: 25,
    bodySpan: k % 3 === 2 ? 4 : 2,
    split: k % 3 === 2 ? 5 : 2,
    headlineSize: 'medium',
    photos: [],
  });
}
const pageChars = [...stories.values()].reduce((n, s) => n + s.body.reduce((m, b) => m + b.text.length, 0), 0);
const page = measure(100, () => {
  clearComposeCache();
  setPage({ geometry: g, placements }, stories);
});

console.log(`composer, Node ${process.version}${gc ? ', garbage collected between runs' : ''}:
  one article of ${longChars.toLocaleString()} characters at 13 a line, from nothing: p50 ${single.p50} ms, p95 ${single.p95} ms (target < 2 ms)
  the same article after a keystroke (one paragraph set again): p50 ${keystroke.p50} ms, p95 ${keystroke.p95} ms
  a broadsheet page of 12 articles, ${pageChars.toLocaleString()} characters, from nothing: p50 ${page.p50} ms, p95 ${page.p95} ms (target < 20 ms)`);
