import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/archive/archive';
import {
  compactIndexes,
  compactStep,
  indexesToCompact,
  indexShape,
  MANY_SEGMENTS,
  SEARCH_INDEXES,
  worthCompacting,
} from '../../electron/archive/search-compaction';
import type { SearchRequest } from '../../shared/api/contract';
import { fillArchive } from '../support/archives';
import { fullDraft, saveStory } from '../support/drafts';
import { AppServices } from '../../electron/services/app-services';
import { asAdmin } from '../support/services';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());

/** Searches of every kind the merge must leave answering exactly as before. */
const REQUESTS: SearchRequest[] = [
  { q: '社区', order: 'newest', limit: 20 },
  { q: '社区 服务', order: 'relevance', limit: 20 },
  { q: '活动', order: 'relevance', limit: 20 },
  { q: '区', order: 'relevance', limit: 20 },
  { q: '号', order: 'newest', limit: 50 },
  { q: '', filters: { person: '王子瑶' }, limit: 20 },
];

const answers = (archive: Archive) =>
  REQUESTS.map((request) => {
    const { results, total } = archive.search(request);
    return { total, ids: results.map((r) => r.id) };
  });

const segments = (archive: Archive) => SEARCH_INDEXES.map((table) => indexShape(archive.db, table)?.segments);

/** FTS5's own check of each index's structure and entries. */
function checkIndexes(archive: Archive): void {
  for (const table of SEARCH_INDEXES) archive.db.prepare(`INSERT INTO ${table} (${table}) VALUES ('integrity-check')`).run();
}

/** A word no other story holds: two characters of the sexagenary cycle, then 号. */
const STEMS = '甲乙丙丁戊己庚辛壬癸';
const BRANCHES = '子丑寅卯辰巳午未申酉戌亥';
const wordOf = (n: number) => `${STEMS[n % 10]}${BRANCHES[Math.floor(n / 10) % 12]}号`;

/**
 * Stories saved one by one, each its own transaction and so its own segment, until every index
 * is in more segments than are left alone (FTS5's own merging brings them down now and then):
 * the ids, each story holding its own word (wordOf).
 */
function saveUntilScattered(archive: Archive, ids: string[] = []): string[] {
  while (segments(archive).some((s) => s! <= MANY_SEGMENTS)) {
    ids.push(saveStory(archive, `社区服务中心开展便民活动，${wordOf(ids.length)}。`));
    if (ids.length > 110) throw new Error(`still ${segments(archive).join('/')} segments`);
  }
  return ids;
}

/** An archive as a newsroom leaves it: an import, then stories saved one by one. */
function workedArchive(dir = temp.folder()): { archive: Archive; ids: string[] } {
  const archive = Archive.open(dir);
  temp.onCleanup(() => archive.close());
  fillArchive(archive, 400);
  return { archive, ids: saveUntilScattered(archive) };
}

describe('merging the search indexes', () => {
  it('leaves each index in one segment, every search answering as before', () => {
    const { archive } = workedArchive();
    expect(Math.min(...segments(archive).map(Number))).toBeGreaterThan(MANY_SEGMENTS);
    const before = answers(archive);
    expect(before.every((a) => a.ids.length > 0)).toBe(true);
    expect(indexesToCompact(archive.db)).toEqual([...SEARCH_INDEXES]);
    expect(compactIndexes(archive.db, (work) => archive.write(work), 4)).toEqual([...SEARCH_INDEXES]);
    expect(segments(archive)).toEqual([1, 1, 1]);
    checkIndexes(archive);
    expect(answers(archive)).toEqual(before);
    // Merged, nothing is worth merging again.
    expect(indexesToCompact(archive.db)).toEqual([]);
  });

  it('folds in the stories saved between its steps, and finds each', () => {
    const { archive, ids } = workedArchive();
    let steps = 0;
    for (let n = 0; n < 30 || SEARCH_INDEXES.some((t) => indexShape(archive.db, t)!.segments > 1); n++) {
      if (n < 30) ids.push(saveStory(archive, `稿件${wordOf(ids.length)}。`));
      for (const table of SEARCH_INDEXES)
        if (indexShape(archive.db, table)!.segments > 1) archive.write(() => compactStep(archive.db, table, 2));
      steps++;
      expect(steps).toBeLessThan(5000);
    }
    expect(segments(archive)).toEqual([1, 1, 1]);
    checkIndexes(archive);
    ids.forEach((id, n) => expect(archive.search({ q: wordOf(n), order: 'newest', limit: 50 }).results.map((r) => r.id)).toContain(id));
  });

  it('finishes a merge cut into by a write every few steps, without starting over', () => {
    const { archive } = workedArchive();
    let steps = 0;
    for (const table of SEARCH_INDEXES) {
      for (let more = true; more;) {
        more = archive.write(() => compactStep(archive.db, table, 4));
        if (++steps % 3 === 0) saveStory(archive, `合并时写下的稿件${steps}。`);
        expect(steps).toBeLessThan(3000);
      }
      expect(indexShape(archive.db, table)!.merging).toBe(false);
    }
    checkIndexes(archive);
  });

  it('merges into one segment where a merge of FTS5’s own is under way', () => {
    const { archive } = workedArchive();
    // One page of FTS5's merge of a level (a positive count: as its automerge merges), left there.
    for (const table of SEARCH_INDEXES) archive.db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('merge', 1)`).run();
    expect(SEARCH_INDEXES.filter((table) => indexShape(archive.db, table)!.merging)).not.toEqual([]);
    const before = answers(archive);
    compactIndexes(archive.db, (work) => archive.write(work), 4);
    expect(segments(archive)).toEqual([1, 1, 1]);
    checkIndexes(archive);
    expect(answers(archive)).toEqual(before);
  });

  it('reads how many pages each index holds, before a merge and half way through it', () => {
    const { archive } = workedArchive();
    // FTS5's leaves: rows of its data table at height 0, not a doclist index, of a segment (ids
    // 2^16 and up are tombstone pages).
    const leaves = (table: string) =>
      archive.db
        .prepare(`SELECT count(*) FROM ${table}_data WHERE id >= (1 << 37) AND (id >> 37) < 65536 AND ((id >> 31) & 63) = 0`)
        .pluck()
        .get() as number;
    for (const table of SEARCH_INDEXES) {
      expect(indexShape(archive.db, table)!.pages).toBe(leaves(table));
      archive.write(() => compactStep(archive.db, table, 4));
      expect(indexShape(archive.db, table)!.merging).toBe(true);
      expect(indexShape(archive.db, table)!.pages).toBe(leaves(table));
    }
  });

  it('leaves alone an index in few segments, or one where little was written since its last merge', () => {
    const archive = Archive.open(temp.folder());
    temp.onCleanup(() => archive.close());
    saveStory(archive, '社区服务');
    expect(indexesToCompact(archive.db)).toEqual([]);
    expect(worthCompacting({ segments: MANY_SEGMENTS, pages: 1000, largest: 10 })).toBe(false);
    // Twenty small segments beside one of 100,000 pages: a merge would rewrite it for 50 pages.
    expect(worthCompacting({ segments: 20, pages: 100_050, largest: 100_000 })).toBe(false);
    expect(worthCompacting({ segments: 20, pages: 100_200, largest: 100_000 })).toBe(true);
  });

  it('goes on after a merge killed half way, the archive whole', async () => {
    const dir = temp.folder();
    const { archive } = workedArchive(dir);
    const before = answers(archive);
    archive.close();
    // A process merging with plain SQLite, killed after a few steps: its last steps are in
    // the journal only, as after a crash of the app.
    const script = join(dir, 'merge-and-die.cjs');
    writeFileSync(
      script,
      `const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
const db = new Database(process.argv[2]);
db.pragma('journal_mode = WAL');
db.pragma('wal_autocheckpoint = 0');
const step = db.prepare("INSERT INTO article_search (article_search, rank) VALUES ('merge', CAST(-2 AS INTEGER))");
for (let n = 0; n < Number(process.argv[3]); n++) step.run();
process.kill(process.pid, 'SIGKILL');
`,
    );
    const child = spawn(process.execPath, [script, join(dir, 'banmian.sqlite'), '5']);
    await new Promise((resolve) => child.on('exit', resolve));
    expect(child.signalCode).toBe('SIGKILL');
    const reopened = Archive.open(dir);
    temp.onCleanup(() => reopened.close());
    checkIndexes(reopened);
    expect(answers(reopened)).toEqual(before);
    // Merged on from where it was killed (each index, worth it by now or not).
    for (const table of SEARCH_INDEXES) while (reopened.write(() => compactStep(reopened.db, table, 8)));
    expect(segments(reopened)).toEqual([1, 1, 1]);
    checkIndexes(reopened);
    expect(answers(reopened)).toEqual(before);
  });
});

describe('the app merging while nobody works', () => {
  const quickly = { idleMs: 1500, everyMs: 20, pauseMs: 1, pages: 8 };

  it('waits while calls come, then merges every index', async () => {
    const dir = temp.folder();
    workedArchive(dir).archive.close();
    const services = AppServices.open(dir, { demo: false, waitForWrites: 'async', searchUpkeep: quickly });
    temp.onCleanup(() => services.close());
    const archive = services.archive;
    const before = segments(archive);
    expect(Math.min(...before.map(Number))).toBeGreaterThan(MANY_SEGMENTS);
    const caller = await asAdmin(services);
    // A desk at work: a call every 50 ms for longer than the quiet the merge waits for, and nothing merged meanwhile.
    for (let n = 0; n < 40; n++) {
      expect((await services.call('articles.list', {}, caller)).ok).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(segments(archive)).toEqual(before);
    const answered = answers(archive);
    const deadline = Date.now() + 20_000;
    const until = async (done: () => boolean) => {
      while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    // Merging has begun: a desk's story written meanwhile is taken, and is found once all is merged.
    await until(() => segments(archive).some((s, i) => s !== before[i]));
    const written = await services.call('articles.create', { draft: fullDraft({ headline: '合并时写下的稿件戊戌号' }) }, caller);
    expect(written.ok).toBe(true);
    // The merge goes on where it was (it does not start over for the story): the story's
    // segment stays beside the merged one.
    const merged = () => SEARCH_INDEXES.every((t) => !indexShape(archive.db, t)!.merging && indexShape(archive.db, t)!.segments <= 2);
    await until(merged);
    expect(merged()).toBe(true);
    checkIndexes(archive);
    expect(answers(archive).slice(0, 3)).toEqual(answered.slice(0, 3));
    expect(archive.search({ q: '戊戌号', order: 'newest' }).results.map((r) => r.id)).toContain(
      written.ok && (written.value as { id: string }).id,
    );
  }, 60_000);

  it('merges while an open desk only looks on its own (the newsroom’s status, the session)', async () => {
    const dir = temp.folder();
    workedArchive(dir).archive.close();
    const services = AppServices.open(dir, { demo: false, waitForWrites: 'async', searchUpkeep: quickly });
    temp.onCleanup(() => services.close());
    const caller = await asAdmin(services);
    const deadline = Date.now() + 30_000;
    // The newsroom indicator's look every so often, well within the quiet the merge waits for.
    while (segments(services.archive).some((s) => s !== 1) && Date.now() < deadline) {
      expect((await services.call('sync.status', {}, caller)).ok).toBe(true);
      expect((await services.call('session.status', {}, caller)).ok).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(segments(services.archive)).toEqual([1, 1, 1]);
  }, 60_000);

  it('waits for another writer holding the archive, then merges', async () => {
    const dir = temp.folder();
    workedArchive(dir).archive.close();
    // Another process's long transaction (an import's, a restore's).
    const other = new Database(join(dir, 'banmian.sqlite'));
    temp.onCleanup(() => other.close());
    other.exec('BEGIN IMMEDIATE');
    const services = AppServices.open(dir, { demo: false, waitForWrites: 'async', searchUpkeep: { ...quickly, idleMs: 100 } });
    temp.onCleanup(() => services.close());
    const before = segments(services.archive);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(segments(services.archive)).toEqual(before);
    other.exec('COMMIT');
    const deadline = Date.now() + 20_000;
    while (segments(services.archive).some((s) => s !== 1) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(segments(services.archive)).toEqual([1, 1, 1]);
    checkIndexes(services.archive);
  }, 60_000);
});
