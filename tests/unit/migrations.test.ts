import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ARCHIVE_FILE, Archive, NEW_ARCHIVE_PAGE_SIZE } from '../../electron/archive/archive';
import { migrate, schemaVersion } from '../../electron/archive/migrate';
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/archive/migrations';
import type { Migration } from '../../electron/archive/migrations/types';
import { countLimits } from '../../electron/archive/search-counts';
import { indexArticle } from '../../electron/archive/search-index';
import { queryParts, walkImpacts } from '../../electron/archive/search-rank';
import { scanLimits } from '../../electron/archive/search-scan';
import { indexTerms } from '../../shared/search/tokens';
import { commonBit, hasCommonBit } from '../../shared/search/common-characters';
import { DUE_EMPTY_DRAFTS_SQL } from '../../electron/archive/trash';
import { REVIEW_QUEUE_SQL } from '../../electron/archive/import-review';
import { schemaDifferences } from '../../electron/archive/schema-check';
import { installSyncTriggers } from '../../electron/archive/sync-triggers';
import { PAGE_PRESETS } from '../../shared/domain/layout';
import { ApiError } from '../../shared/api/errors';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());
const folder = temp.folder;

/**
 * An archive written at schema `upTo` (with pages of `pageSize`, else SQLite's default) that
 * holds one indexed story, old-1: 岑河镇开展禁毒宣传活动。 Its connection is left open.
 */
function archiveWithOneStory(dir: string, upTo: number, pageSize?: number): Database.Database {
  const db = new Database(join(dir, ARCHIVE_FILE));
  if (pageSize) db.pragma(`page_size = ${pageSize}`);
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= upTo),
  );
  const at = '2023-05-06T07:00:00.000Z';
  db.prepare(
    "INSERT INTO articles (id, status, headline, body_text, created_at, updated_at) VALUES ('old-1', 'approved', '旧稿', '岑河镇开展禁毒宣传活动。', ?, ?)",
  ).run(at, at);
  indexArticle(db, 'old-1');
  return db;
}

/** The archive in `dir` opened (and so migrated): at the newest schema, exactly as a new archive's. */
function openUpgraded(dir: string): Archive {
  const archive = Archive.open(dir);
  expect(schemaVersion(archive.db)).toBe(SCHEMA_VERSION);
  expect(schemaDifferences(archive.db, SCHEMA_VERSION)).toEqual([]);
  return archive;
}

/** Text that makes a story long without holding the words the impact tests ask about. */
const FILLER = '会议强调，要坚持问题导向，压实工作责任，推动各项任务落地见效。'.repeat(6);

/**
 * An archive written at schema `upTo` holding the stories given (id, headline, body), signed
 * off for the edition of 2024-06-25 and indexed as that schema indexed them; closed.
 */
function archiveWithStories(dir: string, upTo: number, stories: [string, string, string][]): void {
  const db = new Database(join(dir, ARCHIVE_FILE));
  db.pragma('foreign_keys = ON');
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= upTo),
  );
  const at = '2024-06-25T08:00:00.000Z';
  const story = db.prepare(
    `INSERT INTO articles (id, status, headline, body_text, created_at, updated_at, edition_date) VALUES (?, 'approved', ?, ?, ?, ?, '2024-06-25')`,
  );
  for (const [id, headline, body] of stories) {
    story.run(id, headline, body, at, at);
    indexArticle(db, id);
  }
  db.close();
}

/**
 * The ids a search finds for single characters looked for in the newest articles, as a common
 * character is at a million (here every character's lists are short, and FTS5 would merge
 * them at once), sorted.
 */
function scanned(archive: Archive, q: string): string[] {
  const limits = { ...scanLimits };
  Object.assign(scanLimits, { leadPages: 0, joinPages: 0 });
  try {
    return archive
      .search({ q, limit: 10 })
      .results.map((r) => r.id)
      .sort();
  } finally {
    Object.assign(scanLimits, limits);
  }
}

describe('migrations', () => {
  it('numbers migrations in steps of 10, oldest first, and names each file for what it does', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    versions.forEach((v, i) => expect(v).toBe((i + 1) * 10));
    expect(SCHEMA_VERSION).toBe(versions.at(-1));
  });

  it('creates a new archive at the newest schema, in WAL mode with foreign keys on', () => {
    const dir = folder();
    const archive = Archive.open(dir);
    expect(schemaVersion(archive.db)).toBe(SCHEMA_VERSION);
    expect(archive.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(archive.db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = archive.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining(['articles', 'people', 'bylines', 'images', 'photos', 'credits', 'revisions', 'status_changes', 'settings']),
    );
    archive.close();
  });

  it('opens an existing archive again without migrating or losing rows', () => {
    const dir = folder();
    const first = Archive.open(dir);
    const article = first.create({ headline: '第一篇' });
    first.close();
    const again = Archive.open(dir);
    expect(again.created).toBe(false);
    expect(again.get(article.id).headline).toBe('第一篇');
    again.close();
  });

  it('refuses an archive written by a newer Banmian and leaves it untouched', () => {
    const dir = folder();
    const db = new Database(join(dir, ARCHIVE_FILE));
    db.exec('CREATE TABLE future (x TEXT)');
    db.pragma(`user_version = ${SCHEMA_VERSION + 10}`);
    db.close();
    const before = readFileSync(join(dir, ARCHIVE_FILE));
    let error: unknown;
    try {
      Archive.open(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('ARCHIVE_TOO_NEW');
    expect((error as ApiError).params).toEqual({ found: SCHEMA_VERSION + 10, supported: SCHEMA_VERSION });
    expect(readFileSync(join(dir, ARCHIVE_FILE)).equals(before)).toBe(true);
  });

  it('rolls a failing migration back whole and keeps the versions that completed', () => {
    const dir = folder();
    const db = new Database(join(dir, 'm.sqlite'));
    const steps: Migration[] = [
      { version: 10, name: 'a', up: (d) => d.exec("CREATE TABLE a (x TEXT); INSERT INTO a VALUES ('kept')") },
      {
        version: 20,
        name: 'b',
        up: (d) => {
          d.exec('CREATE TABLE b (x TEXT); UPDATE a SET x = NULL');
          throw new Error('disk full');
        },
      },
    ];
    expect(() => migrate(db, steps)).toThrow('disk full');
    expect(schemaVersion(db)).toBe(10);
    expect(db.prepare('SELECT x FROM a').pluck().get()).toBe('kept');
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'b'").pluck().get()).toBe(0);
    db.close();
  });

  it('reports an archive file that is not SQLite as unreadable', () => {
    const dir = folder();
    const file = join(dir, ARCHIVE_FILE);
    writeFileSync(file, 'this is not a database, just text that someone saved here');
    expect(() => Archive.open(dir)).toThrow(expect.objectContaining({ code: 'ARCHIVE_UNREADABLE' }));
    expect(existsSync(file)).toBe(true);
  });
});

describe('migration 0020: imports, and photos without images', () => {
  it('keeps every photo of an archive written at schema 10 and lets new ones lack an image', () => {
    const dir = folder();
    const db = new Database(join(dir, ARCHIVE_FILE));
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 10),
    );
    const at = '2024-01-01T00:00:00.000Z';
    db.prepare("INSERT INTO articles (id, status, headline, created_at, updated_at) VALUES ('a1', 'draft', '旧稿', ?, ?)").run(at, at);
    db.prepare("INSERT INTO images (hash, mime, width, height, bytes, created_at) VALUES ('h1', 'image/png', 4, 3, 10, ?)").run(at);
    db.prepare(
      "INSERT INTO photos (article_id, position, photo_key, image_hash, file_name, caption, credit_kind) VALUES ('a1', 0, 'p', 'h1', 'x.png', '旧图说明', 'photo')",
    ).run();
    db.close();

    const archive = Archive.open(dir);
    expect(schemaVersion(archive.db)).toBe(SCHEMA_VERSION);
    const article = archive.get('a1');
    expect(article.photos).toEqual([expect.objectContaining({ hash: 'h1', caption: '旧图说明', width: 4, height: 3, mime: 'image/png' })]);
    expect(article).toMatchObject({ needsReview: false, origin: null, editionDate: null, page: null });
    archive.db
      .prepare(
        "INSERT INTO photos (article_id, position, photo_key, image_hash, caption, credit_kind) VALUES ('a1', 1, 'q', NULL, '待补图片', 'photo')",
      )
      .run();
    expect(archive.get('a1').photos[1]).toMatchObject({ hash: null, caption: '待补图片' });
    expect(archive.db.pragma('foreign_key_check')).toEqual([]);
    archive.close();
  });
});

describe('migration 0030: the search index', () => {
  it('indexes every article an older archive already holds', () => {
    const dir = folder();
    const db = new Database(join(dir, ARCHIVE_FILE));
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 20),
    );
    const at = '2023-05-06T07:00:00.000Z';
    const insert = db.prepare(
      "INSERT INTO articles (id, status, headline, body_text, created_at, updated_at) VALUES (?, 'approved', ?, ?, ?, ?)",
    );
    insert.run('old-1', '旧稿一', '岑河镇开展禁毒宣传活动。', at, at);
    insert.run('old-2', '旧稿二', '沙市区召开推进会。', at, at);
    db.close();

    const archive = Archive.open(dir);
    expect(archive.search({ q: '岑河镇' }).results.map((r) => r.id)).toEqual(['old-1']);
    expect(
      archive
        .search({ q: '旧稿' })
        .results.map((r) => r.id)
        .sort(),
    ).toEqual(['old-1', 'old-2']);
    expect(archive.search({ q: '沙市' }).results[0]?.date).toBe('2023-05-06');
    archive.close();
  });
});

describe('migration 0060: how the search index writes', () => {
  it("sets an older archive's index to buffer 16 MB and merge 16 segments at a time, keeping its entries", () => {
    const dir = folder();
    const db = archiveWithOneStory(dir, 30);
    const config = () =>
      Object.fromEntries((db.prepare('SELECT k, v FROM article_search_config').all() as { k: string; v: number }[]).map((r) => [r.k, r.v]));
    expect(config().hashsize).toBeUndefined();
    migrate(db, MIGRATIONS);
    expect(config()).toMatchObject({ automerge: 16, hashsize: 16 * 1024 * 1024 });
    db.close();
    const archive = Archive.open(dir);
    expect(archive.search({ q: '岑河镇' }).results.map((r) => r.id)).toEqual(['old-1']);
    archive.close();
  });
});

describe('migration 0090: the trash', () => {
  it('keeps every story of an archive written at schema 80 out of the trash, findable, and its empty drafts found by index', () => {
    const dir = folder();
    const db = new Database(join(dir, ARCHIVE_FILE));
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 80),
    );
    const at = '2024-03-04T05:06:07.000Z';
    const insert = db.prepare('INSERT INTO articles (id, status, headline, body_text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    insert.run('old-1', 'approved', '旧稿一', '岑河镇开展禁毒宣传活动。', at, at);
    insert.run('old-2', 'draft', '', '', at, at);
    indexArticle(db, 'old-1');
    indexArticle(db, 'old-2');
    db.close();

    const archive = Archive.open(dir);
    expect(schemaVersion(archive.db)).toBe(SCHEMA_VERSION);
    const rows = archive.db.prepare('SELECT id, deleted_at, deleted_by FROM articles ORDER BY id').all();
    expect(rows).toEqual([
      { id: 'old-1', deleted_at: null, deleted_by: null },
      { id: 'old-2', deleted_at: null, deleted_by: null },
    ]);
    expect(archive.listTrash()).toEqual([]);
    expect(archive.search({ q: '岑河镇' }).results.map((r) => r.id)).toEqual(['old-1']);
    // The old empty draft is long untouched: out of the list, and due for the purge.
    expect(archive.list({}).map((a) => a.id)).toEqual(['old-1']);
    const plan = archive.db.prepare(`EXPLAIN QUERY PLAN ${DUE_EMPTY_DRAFTS_SQL}`).all({ before: '2025-01-01' }) as { detail: string }[];
    expect(plan.map((r) => r.detail).join('\n')).toContain('articles_empty_drafts');
    expect(archive.purgeTrash()).toEqual({ purged: 1, waiting: 0 });
    expect(archive.allIds()).toEqual(['old-1']);
    expect(archive.db.pragma('foreign_key_check')).toEqual([]);
    archive.close();
  });
});

describe('migration 0110: pages and editions deleted, renumbered and given a new date reach the newsroom', () => {
  it('gives an archive joined at schema 100 the triggers that queue them, and leaves one never joined without any', () => {
    const build = (joined: boolean) => {
      const dir = folder();
      const db = new Database(join(dir, ARCHIVE_FILE));
      db.pragma('foreign_keys = ON');
      migrate(
        db,
        MIGRATIONS.filter((m) => m.version <= 100),
      );
      const at = '2024-03-04T05:06:07.000Z';
      db.prepare(
        "INSERT INTO editions (date, number, total_number, paper, created_at, updated_at) VALUES ('2024-03-04', 1, 1, '沙市日报', ?, ?)",
      ).run(at, at);
      const insertPage = db.prepare(
        "INSERT INTO pages (edition_id, number, section, editor, geometry, updated_at) VALUES (1, ?, ?, '', ?, ?)",
      );
      insertPage.run(1, '要闻', JSON.stringify(PAGE_PRESETS.broadsheet), at);
      insertPage.run(2, '综合', JSON.stringify(PAGE_PRESETS.broadsheet), at);
      db.prepare(
        "INSERT INTO articles (id, status, headline, body_text, created_at, updated_at) VALUES ('old-1', 'approved', '旧稿', '', ?, ?)",
      ).run(at, at);
      db.prepare(
        "INSERT INTO placements (id, page_id, edition_id, article_id, first_column, span, top, depth, body_span, split, headline_size, photos) VALUES ('pl-1', 2, 1, 'old-1', 0, 2, 0, 10, 2, 2, 'medium', '[]')",
      ).run();
      if (joined) {
        // Joined as a Banmian of schema 100 joined it: its triggers, capturing.
        installSyncTriggers(db, 100);
        db.exec('INSERT INTO sync_capture (id, actor, applying) VALUES (1, NULL, 0)');
        expect(schemaDifferences(db, 100)).toEqual([]);
      }
      db.close();
      return dir;
    };

    const archive = Archive.open(build(true));
    expect(schemaVersion(archive.db)).toBe(SCHEMA_VERSION);
    expect(schemaDifferences(archive.db, SCHEMA_VERSION)).toEqual([]);
    const queued = () => archive.db.prepare('SELECT key FROM sync_outbox ORDER BY seq').pluck().all();
    archive.movePage('2024-03-04', 2, 1);
    // The page that held the story moved to 1: both numbers change, and the story's placement names its new page.
    expect(queued()).toEqual(expect.arrayContaining(['page:2024-03-04/1', 'page:2024-03-04/2', 'placement:pl-1']));
    archive.db.exec('DELETE FROM sync_outbox');
    archive.updateEdition({ date: '2024-03-04', newDate: '2024-03-05' });
    expect(queued()).toEqual(
      expect.arrayContaining(['edition:2024-03-04', 'edition:2024-03-05', 'page:2024-03-05/1', 'page:2024-03-04/2', 'placement:pl-1']),
    );
    archive.db.exec('DELETE FROM sync_outbox');
    archive.removeEdition('2024-03-05', true);
    // What is placed goes first, the edition last: each record's deletion reaches the newsroom before what it named.
    const gone = (queued() as string[]).filter((k) => !k.startsWith('audit#'));
    expect([gone[0], [...gone.slice(1, 3)].sort(), gone[3]]).toEqual([
      'placement:pl-1',
      ['page:2024-03-05/1', 'page:2024-03-05/2'],
      'edition:2024-03-05',
    ]);
    expect(archive.get('old-1').headline).toBe('旧稿');
    archive.close();

    const alone = Archive.open(build(false));
    expect(alone.db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'sync_%'").pluck().get()).toBe(0);
    expect(schemaDifferences(alone.db, SCHEMA_VERSION)).toEqual([]);
    alone.close();
  });
});

describe('migration 0120: how a story is set off on its page', () => {
  it('reads every placement of an archive written at schema 110 as plain, and stores a style from then on', () => {
    const dir = folder();
    const db = new Database(join(dir, ARCHIVE_FILE));
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 110),
    );
    const at = '2024-03-04T05:06:07.000Z';
    db.prepare(
      "INSERT INTO editions (date, number, total_number, paper, created_at, updated_at) VALUES ('2024-03-04', 1, 1, '沙市日报', ?, ?)",
    ).run(at, at);
    db.prepare("INSERT INTO pages (edition_id, number, section, editor, geometry, updated_at) VALUES (1, 1, '要闻', '', ?, ?)").run(
      JSON.stringify(PAGE_PRESETS.broadsheet),
      at,
    );
    db.prepare(
      "INSERT INTO articles (id, status, headline, body_text, created_at, updated_at) VALUES ('old-1', 'approved', '旧稿', '', ?, ?)",
    ).run(at, at);
    db.prepare(
      "INSERT INTO placements (id, page_id, edition_id, article_id, first_column, span, top, depth, body_span, split, headline_size, photos) VALUES ('pl-1', 1, 1, 'old-1', 0, 2, 0, 10, 2, 2, 'medium', '[]')",
    ).run();
    db.close();

    const archive = Archive.open(dir);
    expect(schemaVersion(archive.db)).toBe(SCHEMA_VERSION);
    const [placed] = archive.layoutPage('2024-03-04', 1).page.placements;
    expect(placed).toEqual({
      id: 'pl-1',
      articleId: 'old-1',
      column: 0,
      span: 2,
      top: 0,
      depth: 10,
      bodySpan: 2,
      split: 2,
      headlineSize: 'medium',
      photos: [],
    });
    archive.place('2024-03-04', 1, { ...placed!, style: { box: 'line', columnRules: true } });
    expect(archive.db.prepare("SELECT style FROM placements WHERE id = 'pl-1'").pluck().get()).toBe('{"box":"line","columnRules":true}');
    archive.close();
  });
});

describe('migrations 0150 and 0160: stories continued on another page, and page furniture', () => {
  it('keeps every placement of an archive joined at schema 140 as a whole story, with the sync triggers as the newest schema has them', () => {
    const dir = folder();
    const db = new Database(join(dir, ARCHIVE_FILE));
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 140),
    );
    const at = '2024-03-04T05:06:07.000Z';
    db.prepare(
      "INSERT INTO editions (date, number, total_number, paper, created_at, updated_at) VALUES ('2024-03-04', 1, 1, '沙市日报', ?, ?)",
    ).run(at, at);
    db.prepare("INSERT INTO pages (edition_id, number, section, editor, geometry, updated_at) VALUES (1, 1, '要闻', '', ?, ?)").run(
      JSON.stringify(PAGE_PRESETS.broadsheet),
      at,
    );
    db.prepare(
      "INSERT INTO articles (id, status, headline, body_text, created_at, updated_at) VALUES ('old-1', 'approved', '旧稿', '', ?, ?)",
    ).run(at, at);
    db.prepare(
      `INSERT INTO placements (id, page_id, edition_id, article_id, first_column, span, top, depth, body_span, split, headline_size, photos, style)
       VALUES ('pl-1', 1, 1, 'old-1', 0, 2, 0, 10, 2, 2, 'medium', '[]', '{"box":"line"}')`,
    ).run();
    installSyncTriggers(db, 140);
    db.exec('INSERT INTO sync_capture (id, actor, applying) VALUES (1, NULL, 0)');
    db.close();

    const archive = openUpgraded(dir);
    const layout = archive.layoutPage('2024-03-04', 1);
    expect(layout.page).not.toHaveProperty('furniture');
    expect(layout.page.placements).toEqual([
      {
        id: 'pl-1',
        articleId: 'old-1',
        column: 0,
        span: 2,
        top: 0,
        depth: 10,
        bodySpan: 2,
        split: 2,
        headlineSize: 'medium',
        photos: [],
        style: { box: 'line' },
      },
    ]);
    // Still once per edition as a story's start; the triggers made again queue the newsroom's records.
    expect(() =>
      archive.db
        .prepare(
          "INSERT INTO placements (id, page_id, edition_id, article_id, first_column, span, top, depth, body_span, split, headline_size, photos) VALUES ('pl-2', 1, 1, 'old-1', 4, 2, 0, 10, 2, 2, 'medium', '[]')",
        )
        .run(),
    ).toThrow(/UNIQUE/);
    archive.updatePage({ date: '2024-03-04', number: 1, furniture: [{ kind: 'rule', column: 0, span: 8, top: 40, weight: 'thin' }] });
    const queued = archive.db.prepare('SELECT key FROM sync_outbox ORDER BY key').pluck().all();
    expect(queued).toContain('page:2024-03-04/1');
    archive.close();
  });
});

describe('migration 0170: the list of imports to review, read off an index', () => {
  it('gives an archive written at schema 160 the partial index the review list reads in order, and the list answers as before', () => {
    const dir = folder();
    const db = new Database(join(dir, ARCHIVE_FILE));
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 160),
    );
    const at = '2024-06-25T08:00:00.000Z';
    const page = db.prepare(
      "INSERT INTO imports (file_name, file_hash, encoding, bytes, edition_date, page, articles, imported_at) VALUES (?, ?, 'utf-8', 100, '2024-06-25', ?, 3, ?)",
    );
    page.run('p1.txt', 'h1', 1, at);
    page.run('p2.txt', 'h2', 2, at);
    const story = db.prepare(
      `INSERT INTO articles (id, status, headline, body_text, created_at, updated_at, import_id, import_first_line, import_confidence, import_doubts, needs_review, edition_date, page)
       VALUES (?, 'approved', ?, '正文', ?, ?, ?, ?, ?, ?, ?, '2024-06-25', ?)`,
    );
    story.run('sure', '有把握', at, at, 1, 1, 1, '[]', 1, 1);
    story.run('far', '主题远', at, at, 1, 9, 0.85, '["headline-far"]', 1, 1);
    story.run('none', '', at, at, 2, 3, 0.65, '["no-headline"]', 1, 2);
    story.run('guessed', '猜的', at, at, 2, 1, 0.85, '["headline-parts-guessed"]', 1, 2);
    story.run('checked', '已核', at, at, 1, 20, 0.5, '[]', 0, 1);
    story.run('trashed', '已删', at, at, 2, 30, 0.3, '["fragment"]', 1, 2);
    db.prepare("UPDATE articles SET deleted_at = ? WHERE id = 'trashed'").run(at);
    db.close();

    const archive = openUpgraded(dir);
    const indexes = archive.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'articles'").pluck().all();
    expect(indexes).toContain('articles_to_review');
    // the index it replaces, on the same stories by their last change, no query read
    expect(indexes).not.toContain('articles_by_review');
    const plan = (archive.db.prepare(`EXPLAIN QUERY PLAN ${REVIEW_QUEUE_SQL}`).all({ limit: 200 }) as { detail: string }[]).map(
      (r) => r.detail,
    );
    expect(plan.join('\n')).toContain('SCAN a USING INDEX articles_to_review');
    expect(plan.join('\n')).not.toContain('TEMP B-TREE');

    // least sure first, then page by page in page order; neither the checked story nor the trashed one
    expect(archive.reviewQueue().map((q) => [q.id, q.confidence, q.fileName, q.firstLine])).toEqual([
      ['none', 0.65, 'p2.txt', 3],
      ['far', 0.85, 'p1.txt', 9],
      ['guessed', 0.85, 'p2.txt', 1],
      ['sure', 1, 'p1.txt', 1],
    ]);
    expect(archive.reviewQueue(2).map((q) => q.id)).toEqual(['none', 'far']);
    archive.markReviewed('none');
    archive.restoreFromTrash('trashed');
    expect(archive.reviewQueue().map((q) => q.id)).toEqual(['trashed', 'far', 'guessed', 'sure']);
    archive.close();
  });
});

describe('migration 0180: the impact index relevance walks', () => {
  it('fills the impact index of an archive written at schema 170 from its articles, and ranks by it', () => {
    const dir = folder();
    archiveWithStories(dir, 170, [
      ['often', '优化营商环境', `营商环境持续向好。${FILLER}营商环境是生产力。营商环境就是竞争力。`],
      ['once', '城市建设', `${FILLER}营商环境有所改善。`],
      ['never', '春耕', FILLER],
    ]);
    const before = new Database(join(dir, ARCHIVE_FILE));
    expect(before.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'article_impacts'").pluck().get()).toBe(0);
    before.close();

    const archive = openUpgraded(dir);
    const keyOf = (id: string) => archive.db.prepare('SELECT key FROM search_keys WHERE article_id = ?').pluck().get(id) as number;
    // 营商 occurs four times in one story (an impact term), once in a long one (none).
    const holding = (term: string) => {
      const marks: string[] = [];
      for (let f = 0; f < 13; f++) for (let l = 0; l < 17; l++) marks.push(`"${String.fromCharCode(0x61 + f, 0x61 + l)}${term}"`);
      return archive.db.prepare('SELECT rowid FROM article_impacts WHERE article_impacts MATCH ?').pluck().all(marks.join(' OR '));
    };
    expect(holding('营商')).toEqual([keyOf('often')]);
    expect(holding('春耕')).toEqual([]);
    expect(archive.search({ q: '营商环境', order: 'relevance' }).results.map((r) => r.id)).toEqual(['often', 'once']);
    archive.close();
  });
});

describe('migration 0190: the issue numbers a page prints, on its import', () => {
  it('keeps every import of an archive written at schema 180, without numbers, and stores them from then on', () => {
    const dir = folder();
    const db = new Database(join(dir, ARCHIVE_FILE));
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 180),
    );
    const at = '2024-06-25T08:00:00.000Z';
    db.prepare(
      "INSERT INTO imports (file_name, file_hash, encoding, bytes, edition_date, page, articles, imported_at) VALUES ('p1.txt', 'h1', 'utf-8', 100, '2024-06-25', 2, 1, ?)",
    ).run(at);
    db.prepare(
      `INSERT INTO articles (id, status, headline, body_text, created_at, updated_at, import_id, import_first_line, import_confidence, import_doubts, needs_review, edition_date, page)
       VALUES ('old', 'approved', '旧稿', '正文', ?, ?, 1, 1, 1, '[]', 1, '2024-06-25', 2)`,
    ).run(at, at);
    db.close();

    const archive = openUpgraded(dir);
    expect(archive.db.prepare('SELECT file_name, edition_date, page, issue, total_issue FROM imports').all()).toEqual([
      { file_name: 'p1.txt', edition_date: '2024-06-25', page: 2, issue: null, total_issue: null },
    ]);
    expect(archive.get('old').origin?.fileName).toBe('p1.txt');
    archive.importArticles(
      {
        fileName: 'p2.txt',
        fileHash: 'h2',
        encoding: 'utf-8',
        bytes: 10,
        editionDate: '2024-06-26',
        page: 1,
        issue: 59,
        totalIssue: 12_346,
      },
      [],
    );
    expect(archive.db.prepare("SELECT issue, total_issue FROM imports WHERE file_name = 'p2.txt'").get()).toEqual({
      issue: 59,
      total_issue: 12_346,
    });
    archive.close();
  });
});

describe('migration 0200: undated imports out of every date filter', () => {
  it('moves the search entries of an archive written at schema 190: an undated import off its import day, a split part to its page’s date', () => {
    const dir = folder();
    const db = new Database(join(dir, ARCHIVE_FILE));
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 190),
    );
    const at = '2025-03-10T09:00:00.000Z';
    const file = db.prepare(
      "INSERT INTO imports (file_name, file_hash, encoding, bytes, edition_date, page, articles, imported_at) VALUES (?, ?, 'utf-8', 100, ?, ?, 2, ?)",
    );
    file.run('undated.txt', 'h1', null, null, at);
    file.run('jun.txt', 'h2', '2024-06-25', 2, at);
    const story = db.prepare(
      `INSERT INTO articles (id, status, headline, body_text, created_at, updated_at, import_id, import_first_line, import_confidence, import_doubts, needs_review, edition_date, page)
       VALUES (?, 'approved', ?, ?, ?, ?, ?, 1, 1, ?, 1, ?, ?)`,
    );
    const text = { undated: '洪湖渔民上岸安置。', part: '洪湖渔民领到新房。', dated: '洪湖渔民搬进新居。', typed: '洪湖渔民过新年。' };
    story.run('undated', '无日期', text.undated, at, at, 1, '["no-edition-date"]', null, null);
    story.run('dated', '有日期', text.dated, at, at, 2, '[]', '2024-06-25', 2);
    // a split's second part: made on the day of the split, then given the page's date
    story.run('part', '', text.part, at, at, 2, '["no-headline"]', '2024-06-25', 2);
    db.prepare(
      "INSERT INTO articles (id, status, headline, body_text, created_at, updated_at) VALUES ('typed', 'draft', '今天写的', ?, ?, ?)",
    ).run(text.typed, at, at);
    // keyed as schema 190 keyed them: an article with no edition date, and the part, by the day they were made
    const day = (date: string) => (Date.parse(`${date}T00:00:00Z`) / 86_400_000) * 1_000_000;
    const before = { dated: day('2024-06-25'), undated: day('2025-03-10'), part: day('2025-03-10') + 1, typed: day('2025-03-10') + 2 };
    for (const [id, key] of Object.entries(before)) {
      db.prepare('INSERT INTO search_keys (key, article_id) VALUES (?, ?)').run(key, id);
      db.prepare('INSERT INTO article_search (rowid, terms) VALUES (?, ?)').run(key, indexTerms(text[id as keyof typeof text]));
    }
    db.close();

    const archive = Archive.open(dir, { now: () => new Date(at) });
    expect(schemaVersion(archive.db)).toBe(SCHEMA_VERSION);
    expect(schemaDifferences(archive.db, SCHEMA_VERSION)).toEqual([]);
    const keyOf = (id: string) => archive.db.prepare('SELECT key FROM search_keys WHERE article_id = ?').pluck().get(id);
    expect([keyOf('dated'), keyOf('typed')]).toEqual([before.dated, before.typed]);
    const found = (filters?: { from?: string; to?: string }) =>
      archive.search({ q: '洪湖渔民', ...(filters ? { filters } : {}) }).results.map((r) => [r.id, r.date]);
    // newest first, the undated story last and undated; each found once
    expect(found()).toEqual([
      ['typed', '2025-03-10'],
      ['part', '2024-06-25'],
      ['dated', '2024-06-25'],
      ['undated', null],
    ]);
    expect(found({ from: '2025-03-10', to: '2025-03-10' })).toEqual([['typed', '2025-03-10']]);
    expect(found({ to: '2025-03-10' }).map(([id]) => id)).toEqual(['typed', 'part', 'dated']);
    expect(found({ from: '2024-06-25', to: '2024-06-25' }).map(([id]) => id)).toEqual(['part', 'dated']);
    archive.close();
  });
});

describe('migration 0210: bylines and credits without an index by person', () => {
  it('drops the indexes from an archive written at schema 200, and lists its people as before', () => {
    const dir = folder();
    const db = new Database(join(dir, ARCHIVE_FILE));
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 200),
    );
    const at = '2024-06-25T08:00:00.000Z';
    const story = db.prepare(
      `INSERT INTO articles (id, status, headline, body_text, created_at, updated_at, deleted_at) VALUES (?, 'approved', '稿', '正文', ?, ?, ?)`,
    );
    for (const id of ['a', 'b', 'c']) story.run(id, at, at, null);
    story.run('gone', at, at, at);
    const person = db.prepare('INSERT INTO people (id, name, outlet) VALUES (?, ?, ?)');
    person.run(1, '王子瑶', '');
    person.run(2, '李明', '新华社');
    person.run(3, '只在回收站', '');
    const byline = db.prepare('INSERT INTO bylines (article_id, position, person_id, role) VALUES (?, ?, ?, ?)');
    byline.run('a', 0, 1, 'reporter');
    byline.run('b', 0, 1, 'reporter');
    byline.run('c', 0, 2, 'correspondent');
    byline.run('gone', 0, 3, 'reporter');
    byline.run('gone', 1, 2, 'correspondent');
    const credit = db.prepare('INSERT INTO credits (article_id, photo_position, position, person_id, role) VALUES (?, 0, ?, ?, ?)');
    // A reporter who also took the story's photo counts the story once; photos make 2 of 3 uses.
    credit.run('a', 0, 1, 'photographer');
    credit.run('c', 0, 1, 'photographer');
    credit.run('c', 1, 1, 'photographer');
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('bylines_by_person', 'credits_by_person')").pluck().get()).toBe(2);
    db.close();

    const archive = openUpgraded(dir);
    expect(
      archive.db.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('bylines_by_person', 'credits_by_person')").pluck().get(),
    ).toBe(0);
    expect(archive.people()).toEqual([
      { name: '王子瑶', outlet: '', role: 'photographer', articles: 3 },
      { name: '李明', outlet: '新华社', role: 'correspondent', articles: 1 },
    ]);
    archive.close();
  });
});

describe('migration 0220: the impact index of single characters', () => {
  it('fills it for an archive written at schema 210, and walks a character by it as bm25 ranks it', () => {
    const dir = folder();
    // 市 starts pairs three times in one story; ends a run only (a term of its own) in another.
    archiveWithStories(dir, 210, [
      ['often', '市容整治', `市民点赞市场秩序。${FILLER}`],
      ['alone', '沙市', `${FILLER}走进沙市。`],
      ['never', '春耕', FILLER],
    ]);
    const before = new Database(join(dir, ARCHIVE_FILE));
    expect(before.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'article_char_impacts'").pluck().get()).toBe(0);
    before.close();

    const archive = openUpgraded(dir);
    const keyOf = (id: string) => archive.db.prepare('SELECT key FROM search_keys WHERE article_id = ?').pluck().get(id) as number;
    const holding = (term: string) =>
      archive.db.prepare('SELECT rowid FROM article_char_impacts WHERE article_char_impacts MATCH ?').pluck().all(`"${term}"`) as number[];
    // Three pairs started (市民 市场 市容): frequency class c; alone in the other: class z.
    const lengthMark = (id: string) => {
      for (let l = 0; l < 17; l++) if (holding(`c${String.fromCharCode(0x61 + l)}市`).includes(keyOf(id))) return l;
      for (let l = 0; l < 17; l++) if (holding(`z${String.fromCharCode(0x61 + l)}市`).includes(keyOf(id))) return l;
      return -1;
    };
    expect(lengthMark('often')).toBeGreaterThanOrEqual(0);
    expect(lengthMark('alone')).toBeGreaterThanOrEqual(0);
    expect(lengthMark('never')).toBe(-1);
    const walked = walkImpacts(archive.db, { parts: queryParts(['市']), need: 2, passes: () => true });
    expect(walked?.proven).toBe(true);
    const bm25 = archive.db
      .prepare('SELECT rowid AS key, -bm25(article_search) AS score FROM article_search WHERE article_search MATCH ? ORDER BY rank')
      .all('("市" OR 市*)') as { key: number; score: number }[];
    expect(walked!.scored.map((s) => s.key)).toEqual(bm25.map((r) => r.key));
    for (const [i, s] of walked!.scored.entries()) expect(s.score).toBeCloseTo(bm25[i]!.score, 9);
    archive.close();
  });
});

describe('migration 0230: the counts relevance needs, kept', () => {
  it('gives an archive written at schema 220 its tables of counts and of index changes, which searches and edits fill', () => {
    const dir = folder();
    archiveWithOneStory(dir, 220).close();
    const archive = openUpgraded(dir);
    const keep = countLimits.keepFrom;
    countLimits.keepFrom = 1;
    try {
      const answer = archive.search({ q: '禁 宣传', order: 'relevance', limit: 5 });
      expect(answer.results.map((r) => r.id)).toEqual(['old-1']);
      // The index's size and changes with each count; a phrase in no article is not kept.
      expect(archive.db.prepare('SELECT phrase, rows, edits, docs FROM search_phrase_counts ORDER BY phrase').all()).toEqual([
        { phrase: '"宣传"', rows: 1, edits: 0, docs: 1 },
        { phrase: '"禁"*', rows: 1, edits: 0, docs: 1 },
      ]);
      const edits = archive.db.prepare('SELECT edits FROM search_index_changes').pluck();
      indexArticle(archive.db, 'old-1');
      expect(edits.get()).toBe(1);
    } finally {
      countLimits.keepFrom = keep;
      archive.close();
    }
  });
});

describe('migration 0240: whether each article holds a character the index folds', () => {
  it('marks every search key of an archive written at schema 230, and a single character is found folded where it says so', () => {
    const dir = folder();
    // ⽠ is the Kangxi radical the index folds into 瓜, ㊐ an enclosed 日. (瓜 is no common
    // character: its keys' bits, migration 0250, do not tell it.)
    archiveWithStories(dir, 230, [
      ['radical', '春耕', `田间地头，⽠果飘香。${FILLER}`],
      ['enclosed', '通知', `本周㊐休息。${FILLER}`],
      ['plain', '秋收', `瓜果飘香。${FILLER}`],
      ['none', '春耕', FILLER],
    ]);
    const before = new Database(join(dir, ARCHIVE_FILE));
    expect(before.prepare("SELECT count(*) FROM pragma_table_info('search_keys') WHERE name = 'folds'").pluck().get()).toBe(0);
    before.close();

    const archive = openUpgraded(dir);
    const folds = () =>
      Object.fromEntries(
        archive.db.prepare('SELECT article_id, folds FROM search_keys ORDER BY article_id').raw().all() as [string, number][],
      );
    expect(folds()).toEqual({ enclosed: 1, none: 0, plain: 0, radical: 1 });
    const found = (q: string) => scanned(archive, q);
    expect(found('瓜')).toEqual(['plain', 'radical']);
    expect(found('瓜 田')).toEqual(['radical']);
    // Written again without it, the story's key says so; a key that says nothing is looked at folded.
    archive.db.prepare("UPDATE articles SET body_text = '田间地头。' WHERE id = 'enclosed'").run();
    indexArticle(archive.db, 'enclosed');
    expect(folds().enclosed).toBe(0);
    expect(found('瓜')).toEqual(['plain', 'radical']);
    archive.db.prepare("UPDATE search_keys SET folds = NULL WHERE article_id = 'radical'").run();
    expect(found('瓜')).toEqual(['plain', 'radical']);
    archive.db.prepare("UPDATE search_keys SET folds = 0 WHERE article_id = 'radical'").run();
    expect(found('瓜')).toEqual(['plain']);
    archive.close();
  });
});

describe('migration 0250: the common characters each article holds, on its search key', () => {
  it('writes every search key of an archive at schema 240 the characters the index finds, and single characters are found by them', () => {
    const dir = folder();
    // ⽇ is the Kangxi radical the index folds into 日, a common character.
    archiveWithStories(dir, 240, [
      ['radical', '春耕', `田间地头，⽇夜忙碌。${FILLER}`],
      ['plain', '秋收', `日夜忙碌。${FILLER}`],
      ['none', '春耕', FILLER],
    ]);
    const before = new Database(join(dir, ARCHIVE_FILE));
    expect(before.prepare("SELECT count(*) FROM pragma_table_info('search_keys') WHERE name = 'common'").pluck().get()).toBe(0);
    before.close();

    const archive = openUpgraded(dir);
    // Each key's bits are what the index finds: 日 (folded) in two, 会 in all three, 收 in one.
    const holding = (ch: string) =>
      (
        archive.db
          .prepare('SELECT k.article_id, f.common FROM search_keys k JOIN search_facts f ON f.key = k.key ORDER BY k.article_id')
          .raw()
          .all() as [string, Uint8Array][]
      )
        .filter(([, bits]) => hasCommonBit(bits, commonBit(ch)!))
        .map(([id]) => id);
    expect(holding('日')).toEqual(['plain', 'radical']);
    expect(holding('会')).toEqual(['none', 'plain', 'radical']);
    expect(holding('收')).toEqual(['plain']);
    const found = (q: string) => scanned(archive, q);
    expect(found('日')).toEqual(['plain', 'radical']);
    expect(found('日 收')).toEqual(['plain']);
    archive.close();
  });
});

describe('migration 0260: the column of each article, on its search key', () => {
  it("writes every search key of an archive at schema 250 its article's column, and a column is searched by it", () => {
    const dir = folder();
    archiveWithStories(dir, 250, [
      ['brief', '简讯', FILLER],
      ['feature', '特写', FILLER],
    ]);
    const before = new Database(join(dir, ARCHIVE_FILE));
    before.prepare("UPDATE articles SET column_label = '沙市 简讯' WHERE id = 'brief'").run();
    indexArticle(before, 'brief');
    expect(before.prepare("SELECT count(*) FROM pragma_table_info('search_keys') WHERE name = 'label'").pluck().get()).toBe(0);
    before.close();

    const archive = openUpgraded(dir);
    expect(
      archive.db
        .prepare('SELECT k.article_id, f.label FROM search_keys k JOIN search_facts f ON f.key = k.key ORDER BY k.article_id')
        .raw()
        .all(),
    ).toEqual([
      ['brief', '沙市 简讯'],
      ['feature', ''],
    ]);
    const inColumn = (q: string) =>
      archive
        .search({ q, filters: { column: '沙市 简讯' } })
        .results.map((r) => r.id)
        .sort();
    expect(inColumn('问题导向')).toEqual(['brief']);
    // The key is what is read where the words lead: a key that says another column is passed over.
    archive.db.prepare("UPDATE search_facts SET label = '' WHERE key = (SELECT key FROM search_keys WHERE article_id = 'brief')").run();
    expect(inColumn('问题导向')).toEqual([]);
    archive.close();
  });
});

describe("migration 0270: the search keys' facts in a table of their own", () => {
  it('moves what the keys of an archive at schema 260 hold, and writes what a key lacks', () => {
    const dir = folder();
    archiveWithStories(dir, 260, [
      ['told', '春耕', FILLER],
      ['untold', '秋收', FILLER],
    ]);
    const before = new Database(join(dir, ARCHIVE_FILE));
    // What 0250 and 0260 wrote on one key, moved as it stands (the bits of 会 alone).
    const bits = new Uint8Array(128);
    const bit = commonBit('会')!;
    bits[bit >> 3] = 1 << (bit & 7);
    before.prepare("UPDATE search_keys SET common = ?, label = '沙市 简讯' WHERE article_id = 'told'").run(Buffer.from(bits));
    before.close();

    const archive = openUpgraded(dir);
    expect(archive.db.prepare("SELECT name FROM pragma_table_info('search_keys') WHERE name IN ('common', 'label')").pluck().all()).toEqual(
      [],
    );
    const facts = new Map(
      (
        archive.db
          .prepare('SELECT k.article_id, f.common, f.label FROM search_keys k JOIN search_facts f ON f.key = k.key')
          .raw()
          .all() as [string, Uint8Array, string][]
      ).map(([id, common, label]) => [id, { common, label }]),
    );
    expect(facts.get('told')!.label).toBe('沙市 简讯');
    expect(Buffer.from(facts.get('told')!.common).equals(Buffer.from(bits))).toBe(true);
    // The key nothing wrote them for: made from its text.
    expect(facts.get('untold')!.label).toBe('');
    expect(hasCommonBit(facts.get('untold')!.common, commonBit('会')!)).toBe(true);
    expect(hasCommonBit(facts.get('untold')!.common, commonBit('收')!)).toBe(true);
    archive.close();
  });
});

describe("migration 0280: each search key's people", () => {
  it('writes every key of an archive at schema 270 its bylines’ and credits’ people, and a person is searched by them', () => {
    const dir = folder();
    archiveWithStories(dir, 270, [
      ['signed', '春耕', FILLER],
      ['shot', '秋收', FILLER],
      ['none', '冬藏', FILLER],
    ]);
    const before = new Database(join(dir, ARCHIVE_FILE));
    before.exec(`
      INSERT INTO people (id, name, outlet) VALUES (7, '甄记者', ''), (8, '甄记者', '湖北日报'), (9, '贾摄影', '');
      INSERT INTO bylines (article_id, position, person_id, role) VALUES ('signed', 0, 7, 'reporter'), ('shot', 0, 8, 'correspondent');
      INSERT INTO photos (article_id, position, photo_key, image_hash, file_name, caption, credit_kind)
        VALUES ('shot', 0, 'p1', NULL, 'p.png', '', 'photo');
      INSERT INTO credits (article_id, photo_position, position, person_id, role) VALUES ('shot', 0, 0, 9, NULL);
    `);
    // Indexed as schema 270 indexes them: the names in the index of pairs, no people on the keys.
    for (const id of ['signed', 'shot']) indexArticle(before, id);
    before.close();

    const archive = openUpgraded(dir);
    expect(
      archive.db
        .prepare('SELECT k.article_id, p.people FROM search_keys k LEFT JOIN search_people p ON p.key = k.key ORDER BY k.article_id')
        .raw()
        .all(),
    ).toEqual([
      ['none', null],
      ['shot', ',correspondent:8,:9,'],
      ['signed', ',reporter:7,'],
    ]);
    const by = (filters: { person?: string; role?: 'reporter' | 'correspondent' }) =>
      archive
        .search({ q: '问题导向', filters })
        .results.map((r) => r.id)
        .sort();
    expect(by({ person: '甄记者' })).toEqual(['shot', 'signed']);
    expect(by({ person: '甄记者', role: 'correspondent' })).toEqual(['shot']);
    expect(by({ person: '贾摄影' })).toEqual(['shot']);
    expect(by({ role: 'reporter' })).toEqual(['signed']);
    // The key's people are what is read: a key that names no one is passed over.
    archive.db.prepare("DELETE FROM search_people WHERE key = (SELECT key FROM search_keys WHERE article_id = 'signed')").run();
    expect(by({ person: '甄记者' })).toEqual(['shot']);
    archive.close();
  });
});

describe('the page size of an archive', () => {
  it('makes a new archive with 16 KB pages, and reopens it with what it wrote', () => {
    const dir = folder();
    const archive = Archive.open(dir);
    expect(archive.db.pragma('page_size', { simple: true })).toBe(NEW_ARCHIVE_PAGE_SIZE);
    const story = archive.create({ headline: '岑河镇开展禁毒宣传活动' });
    archive.close();
    const again = Archive.open(dir);
    expect(again.db.pragma('page_size', { simple: true })).toBe(NEW_ARCHIVE_PAGE_SIZE);
    expect(again.get(story.id).headline).toBe('岑河镇开展禁毒宣传活动');
    expect(again.search({ q: '禁毒' }).results.map((r) => r.id)).toEqual([story.id]);
    again.close();
  });

  it('leaves an archive made with 4 KB pages at its own size, its stories found as before', () => {
    const dir = folder();
    archiveWithOneStory(dir, 200, 4096).close();

    const archive = Archive.open(dir);
    expect(schemaVersion(archive.db)).toBe(SCHEMA_VERSION);
    expect(archive.db.pragma('page_size', { simple: true })).toBe(4096);
    expect(archive.search({ q: '岑河镇' }).results.map((r) => r.id)).toEqual(['old-1']);
    archive.close();
  });
});
