import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/archive/archive';
import { countBudget } from '../../electron/archive/search-deadline';
import { fillArchive } from '../support/archives';
import { tempDir } from '../support/temp';

// The desk and the story picker ask for more while `offset + results.length < total`: a count
// cut short at the deadline must then stay above the page it was read for.
const folder = tempDir();
let archive: Archive;

beforeAll(() => {
  archive = Archive.open(folder.dir);
  fillArchive(archive, 1500, 11);
});
afterAll(() => {
  archive.close();
  folder.cleanup();
});

describe('a count cut short at its deadline', () => {
  it('says there is more past the page, as the desk reads it', () => {
    const before = countBudget.ms;
    try {
      for (const q of ['本报', '本报讯', '本', '报 讯'])
        for (const [offset, limit] of [
          [0, 32],
          [32, 32],
          [700, 100],
          [0, 20],
          [0, 100],
        ] as const) {
          countBudget.ms = 600_000;
          const whole = archive.search({ q, limit, offset });
          countBudget.ms = 0;
          const hurried = archive.search({ q, limit, offset });
          expect(hurried.results.map((r) => r.id)).toEqual(whole.results.map((r) => r.id));
          const more = (r: typeof whole) => offset + r.results.length < r.total && r.results.length > 0;
          expect(more(hurried), `${q} ${offset}+${limit}: ${hurried.total}${hurried.totalCapped ? '+' : ''} of ${whole.total}`).toBe(
            more(whole),
          );
        }
    } finally {
      countBudget.ms = before;
    }
  });
});
