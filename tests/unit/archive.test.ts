import { readdirSync, existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/archive/archive';
import { AppServices } from '../../electron/services/app-services';
import { ApiError } from '../../shared/api/errors';
import { LIMITS, type Article } from '../../shared/domain/article';
import { bodyJsonFromBlocks } from '../../shared/editor/body';
import { fullDraft } from '../support/drafts';
import { makeJpegHeader, makePng } from '../support/images';
import { tempDir } from '../support/temp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** An archive on a temp folder whose clock the test moves. */
function openArchive(): { archive: Archive; dir: string; clock: { t: number } } {
  const { dir, cleanup } = tempDir();
  const clock = { t: Date.parse('2026-03-01T08:00:00Z') };
  const archive = Archive.open(dir, { now: () => new Date(clock.t) });
  cleanups.push(() => archive.close(), cleanup);
  return { archive, dir, clock };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof ApiError ? error.code : `not an ApiError: ${String(error)}`;
  }
  return undefined;
}

describe('articles in the archive', () => {
  it('keeps every part of an article, with bylines as people in roles', () => {
    const { archive } = openArchive();
    const png = archive.importImage(makePng(40, 30), 'meeting.png');
    const created = archive.create();
    const saved = archive.save(
      created.id,
      created.version,
      fullDraft({
        byline: [
          { role: 'reporter', name: '王丙全', outlet: '湖北日报' },
          { role: 'correspondent', name: '杨婕' },
          { role: 'correspondent', name: '甘茹' },
        ],
        photos: [
          {
            id: 'p1',
            ...png,
            fileName: 'meeting.png',
            caption: '会议现场。',
            credit: { kind: 'photo', people: [{ role: 'correspondent', name: '汤海娟' }] },
          },
        ],
      }),
    );
    const read = archive.get(created.id);
    expect(read).toEqual(saved);
    expect(read.byline).toEqual([
      { role: 'reporter', name: '王丙全', outlet: '湖北日报' },
      { role: 'correspondent', name: '杨婕' },
      { role: 'correspondent', name: '甘茹' },
    ]);
    expect(read.body).toEqual([
      { type: 'paragraph', text: '近日，省委编办印发通报，区委编办荣获全省二等奖。' },
      { type: 'intertitle', text: '突出主责主业' },
      { type: 'paragraph', text: '……' },
    ]);
    expect(read.photos[0]).toMatchObject({ hash: png.hash, width: 40, height: 30, mime: 'image/png', caption: '会议现场。' });
    expect(read.photos[0]?.credit).toEqual({ kind: 'photo', people: [{ role: 'correspondent', name: '汤海娟' }] });
    expect(read.chars).toBe(21 + 6);
    expect(read.charsWithPunctuation).toBe(21 + 3 + 6 + 2);
    const people = archive.db.prepare('SELECT name, outlet FROM people ORDER BY id').all();
    expect(people).toEqual([
      { name: '王丙全', outlet: '湖北日报' },
      { name: '杨婕', outlet: '' },
      { name: '甘茹', outlet: '' },
      { name: '汤海娟', outlet: '' },
    ]);
  });

  it('refers to the same person row from every article that names them', () => {
    const { archive } = openArchive();
    for (const headline of ['甲', '乙']) {
      const a = archive.create();
      archive.save(a.id, a.version, fullDraft({ headline }));
    }
    expect(archive.db.prepare("SELECT count(*) FROM people WHERE name = '王子瑶'").pluck().get()).toBe(1);
    expect(archive.people().find((p) => p.name === '王子瑶')).toMatchObject({ role: 'reporter', articles: 2 });
  });

  it('stores a group credit for a set of photos', () => {
    const { archive } = openArchive();
    const a = archive.create();
    const one = archive.importImage(makePng(10, 10), 'a.png');
    const two = archive.importImage(makeJpegHeader(1600, 1200), 'b.jpg');
    const photo = (id: string, image: typeof one) => ({
      id,
      ...image,
      fileName: `${id}.png`,
      caption: id,
      credit: { kind: 'photo' as const, people: [] },
    });
    archive.save(
      a.id,
      a.version,
      fullDraft({
        photos: [photo('x', one), photo('y', two)],
        photoGroupCredit: {
          kind: 'photo',
          people: [
            { role: null, name: '潘路' },
            { role: null, name: '肖琦' },
          ],
        },
      }),
    );
    const read = archive.get(a.id);
    expect(read.photos.map((p) => p.mime)).toEqual(['image/png', 'image/jpeg']);
    expect(read.photos[1]).toMatchObject({ width: 1600, height: 1200 });
    expect(read.photoGroupCredit).toEqual({
      kind: 'photo',
      people: [
        { role: null, name: '潘路' },
        { role: null, name: '肖琦' },
      ],
    });
  });

  it('refuses a save from an older version and keeps the refused draft as a revision', () => {
    const { archive } = openArchive();
    const a = archive.create();
    const first = archive.save(a.id, a.version, fullDraft({ headline: '窗口一' }));
    let stale: ApiError | undefined;
    try {
      archive.save(a.id, a.version, fullDraft({ headline: '窗口二' }));
    } catch (e) {
      stale = e as ApiError;
    }
    expect(stale?.code).toBe('ARTICLE_STALE');
    expect((stale?.details as { current: Article }).current.headline).toBe('窗口一');
    expect(archive.get(a.id)).toEqual(first);
    const conflict = archive.revisions(a.id).find((r) => r.reason === 'conflict');
    expect(conflict?.headline).toBe('窗口二');
    expect(archive.revision(conflict!.id).draft.headline).toBe('窗口二');
  });

  it('refuses a body that is not an editor state, or that is too long, and keeps what was saved', () => {
    const { archive } = openArchive();
    const a = archive.create();
    const saved = archive.save(a.id, a.version, fullDraft());
    expect(codeOf(() => archive.save(a.id, saved.version, fullDraft({ bodyJson: '{"root":{"type":"script"}}' })))).toBe('BODY_INVALID');
    expect(codeOf(() => archive.save(a.id, saved.version, fullDraft({ bodyJson: 'not json' })))).toBe('BODY_INVALID');
    const huge = bodyJsonFromBlocks([{ type: 'paragraph', text: '字'.repeat(LIMITS.bodyChars + 1) }]);
    expect(codeOf(() => archive.save(a.id, saved.version, fullDraft({ bodyJson: huge })))).toBe('BODY_TOO_LONG');
    expect(archive.get(a.id)).toEqual(saved);
  });

  it('refuses a photo whose image is not in the archive', () => {
    const { archive } = openArchive();
    const a = archive.create();
    const ghost = {
      id: 'g',
      hash: 'a'.repeat(64),
      mime: 'image/png' as const,
      width: 1,
      height: 1,
      fileName: 'g.png',
      caption: '',
      credit: { kind: 'photo' as const, people: [] },
    };
    expect(codeOf(() => archive.save(a.id, a.version, fullDraft({ photos: [ghost] })))).toBe('NOT_FOUND');
    expect(archive.get(a.id).version).toBe(a.version);
  });
});

describe('revisions: one per editing burst', () => {
  it('folds autosaves close together into one revision and starts another after a pause', () => {
    const { archive, clock } = openArchive();
    let a = archive.create();
    for (const headline of ['一', '一二', '一二三']) {
      clock.t += 5_000;
      a = archive.save(a.id, a.version, fullDraft({ headline }));
    }
    let edits = archive.revisions(a.id).filter((r) => r.reason === 'edit');
    expect(edits.map((r) => r.headline)).toEqual(['一二三']);
    clock.t += 3 * 60_000;
    a = archive.save(a.id, a.version, fullDraft({ headline: '一二三四' }));
    edits = archive.revisions(a.id).filter((r) => r.reason === 'edit');
    expect(edits.map((r) => r.headline)).toEqual(['一二三四', '一二三']);
  });

  it('closes the burst on an explicit save, so the next change opens a new revision', () => {
    const { archive, clock } = openArchive();
    let a = archive.create();
    a = archive.save(a.id, a.version, fullDraft({ headline: '初稿' }), true);
    clock.t += 1_000;
    a = archive.save(a.id, a.version, fullDraft({ headline: '二稿' }));
    expect(
      archive
        .revisions(a.id)
        .filter((r) => r.reason === 'edit')
        .map((r) => r.headline),
    ).toEqual(['二稿', '初稿']);
  });

  it('does not let one endless burst swallow a whole afternoon', () => {
    const { archive, clock } = openArchive();
    let a = archive.create();
    for (let i = 0; i < 40; i++) {
      clock.t += 60_000;
      a = archive.save(a.id, a.version, fullDraft({ headline: `第${i}稿` }));
    }
    expect(archive.revisions(a.id).filter((r) => r.reason === 'edit').length).toBeGreaterThanOrEqual(3);
  });

  it('restores an earlier revision as the article, recorded as a revision of its own', () => {
    const { archive, clock } = openArchive();
    let a = archive.create();
    a = archive.save(a.id, a.version, fullDraft({ headline: '初稿', byline: [{ role: 'intern', name: '刘一诺' }] }), true);
    clock.t += 60_000;
    a = archive.save(a.id, a.version, fullDraft({ headline: '改稿' }), true);
    const first = archive.revisions(a.id).find((r) => r.headline === '初稿')!;
    clock.t += 60_000;
    const restored = archive.restore(a.id, first.id, a.version);
    expect(restored.headline).toBe('初稿');
    expect(restored.byline).toEqual([{ role: 'intern', name: '刘一诺' }]);
    expect(restored.version).toBe(a.version + 1);
    expect(archive.revisions(a.id)[0]).toMatchObject({ reason: 'restore', headline: '初稿' });
    expect(codeOf(() => archive.restore(a.id, first.id, a.version))).toBe('ARTICLE_STALE');
  });
});

describe('status workflow in the archive', () => {
  it('records every change of status with its time, and restores a spiked story', () => {
    const { archive, clock } = openArchive();
    const a = archive.create({ headline: '有标题' });
    const steps = ['submit', 'edit', 'spike', 'restore', 'approve'] as const;
    for (const step of steps) {
      clock.t += 1000;
      archive.setStatus(a.id, step);
    }
    expect(archive.get(a.id).status).toBe('approved');
    const log = archive.statusLog(a.id);
    expect(log.map((c) => [c.from, c.to])).toEqual([
      [null, 'draft'],
      ['draft', 'submitted'],
      ['submitted', 'edited'],
      ['edited', 'spiked'],
      ['spiked', 'edited'],
      ['edited', 'approved'],
    ]);
    expect(new Set(log.map((c) => c.at)).size).toBe(log.length);
  });

  it('will not submit a story without a headline, nor take a step that does not apply', () => {
    const { archive } = openArchive();
    const a = archive.create();
    expect(codeOf(() => archive.setStatus(a.id, 'submit'))).toBe('HEADLINE_REQUIRED');
    expect(codeOf(() => archive.setStatus(a.id, 'approve'))).toBe('STATUS_NOT_ALLOWED');
    expect(archive.get(a.id).status).toBe('draft');
  });
});

describe('photos stored in the archive folder', () => {
  it('stores an image once under its hash and refuses what is not an image, storing nothing', () => {
    const { archive } = openArchive();
    const first = archive.importImage(makePng(8, 8), 'a.png');
    const again = archive.importImage(makePng(8, 8), 'copy.png');
    expect(again.hash).toBe(first.hash);
    const files = () =>
      existsSync(archive.photosDir) ? readdirSync(archive.photosDir, { recursive: true }).filter((f) => String(f).includes('.')) : [];
    expect(files()).toHaveLength(1);
    expect(codeOf(() => archive.importImage(Buffer.from('GIF89a not really'), 'x.gif'))).toBe('IMAGE_UNSUPPORTED');
    expect(codeOf(() => archive.importImage(Buffer.from('%PDF-1.4 hello'), 'x.png'))).toBe('IMAGE_NOT_IMAGE');
    expect(codeOf(() => archive.importImage(Buffer.alloc(LIMITS.photoBytes + 1), 'big.png'))).toBe('IMAGE_TOO_LARGE');
    expect(files()).toHaveLength(1);
    expect(archive.db.prepare('SELECT count(*) FROM images').pluck().get()).toBe(1);
  });
});

describe('a fresh archive', () => {
  it('opens on a small demo edition with people, photos and every status', () => {
    const { dir, cleanup } = tempDir();
    const services = AppServices.open(dir);
    cleanups.push(() => services.close(), cleanup);
    const list = services.archive.list({});
    expect(list.length).toBeGreaterThanOrEqual(4);
    expect(new Set(list.map((a) => a.status))).toEqual(new Set(['draft', 'submitted', 'edited', 'approved', 'spiked']));
    expect(list.some((a) => a.photos > 0)).toBe(true);
    expect(services.archive.people().length).toBeGreaterThan(5);
    services.close();
    const reopened = AppServices.open(dir);
    expect(reopened.archive.list({}).length).toBe(list.length);
    reopened.close();
  });
});
