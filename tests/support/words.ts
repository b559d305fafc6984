import type { Archive } from '../../electron/archive/archive';
import { random } from '../../bench/synthetic';

/** Words of the archive's own text, `chars` characters each, drawn at random from its first `texts` stories. */
export function drawWords(archive: Archive, chars: number, count: number, seed: number, texts = 600): string[] {
  const rnd = random(seed);
  const bodies = archive.db.prepare('SELECT body_text FROM articles ORDER BY rowid LIMIT ?').pluck().all(texts) as string[];
  const words: string[] = [];
  while (words.length < count) {
    const runs = (bodies[Math.floor(rnd() * bodies.length)]!.match(/\p{Script=Han}+/gu) ?? []).filter((r) => r.length >= chars);
    const run = runs[Math.floor(rnd() * runs.length)];
    if (!run) continue;
    const at = Math.floor(rnd() * (run.length - chars + 1));
    words.push(run.slice(at, at + chars));
  }
  return words;
}
