import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/archive/archive';
import { peopleFact, peopleFactOf } from '../../electron/archive/search-people';
import type { Role } from '../../shared/domain/roles';
import { generator } from '../../bench/synthetic';
import { fillArchive } from '../support/archives';
import { saveStory } from '../support/drafts';
import { makePng } from '../support/images';
import { tempDir } from '../support/temp';

// A search by person or role reads each match's search key's people (migration 0280), not its
// bylines and credits: held here against the bylines and credits themselves, on imports (whose
// people the import writes as it names them) and on stories saved and edited.
const folder = tempDir();
let archive: Archive;
const story: Record<string, string> = {};

beforeAll(() => {
  archive = Archive.open(folder.dir);
  // Synthetic pages: one to three bylines each, and the same names said in the text.
  fillArchive(archive, 1500, 11);
  const png = archive.importImage(makePng(20, 10), 'p.png');
  const photo = (people: { role: Role | null; name: string }[]) => ({
    id: 'p1',
    ...png,
    fileName: 'p.png',
    caption: '防汛演练现场。',
    credit: { kind: 'photo' as const, people },
  });
  // One name, two people: a reporter of our own and one of another paper.
  story.ownStaff = saveStory(archive, '防汛物资到位。', { byline: [{ role: 'reporter', name: '鲍同名' }] });
  story.otherPaper = saveStory(archive, '防汛队伍集结。', { byline: [{ role: 'correspondent', name: '鲍同名', outlet: '湖北日报' }] });
  // A reporter who wrote, and a photographer who shot, the same story.
  story.shot = saveStory(archive, '防汛堤坝加固。', {
    byline: [{ role: 'reporter', name: '鲍文字' }],
    photos: [photo([{ role: 'photographer', name: '鲍摄影' }])],
  });
  // A credit with no role.
  story.unroled = saveStory(archive, '防汛预案发布。', { byline: [], photos: [photo([{ role: null, name: '鲍无名' }])] });
  // Imported with a photo's credit and the group's (the import names them as it writes them).
  const page = { ...generator(5).article(0), editionDate: '2099-01-01' };
  page.body = [{ ...page.body[0]!, text: '防汛图片新闻。' }];
  page.byline = [{ role: 'reporter', name: '鲍导入' }];
  page.photos = [{ caption: '防汛一线。', credit: { kind: 'photo', people: [{ role: 'photographer', name: '鲍图片' }] } }];
  page.photoGroupCredit = { kind: 'photo', people: [{ role: null, name: '鲍组图' }] };
  const [written] = archive.importFiles([
    {
      source: { fileName: 'p.txt', fileHash: 'people-import', encoding: 'utf-8', bytes: 0, editionDate: '2099-01-01', page: 1 },
      articles: [page],
    },
  ]);
  story.imported = written![0]!;
  // A name held by more people than a filter lists (every outlet's).
  for (let i = 0; i < 20; i++)
    story[`many${i}`] = saveStory(archive, '防汛值守通宵。', { byline: [{ role: 'reporter', name: '鲍众人', outlet: `报社${i}` }] });
});
afterAll(() => {
  archive.close();
  folder.cleanup();
});

/** The articles a byline or credit names `person` in (any role, or `role`), and that hold `word`: from the bylines and credits themselves. */
function signed(person: string | undefined, role: Role | undefined, word: string): string[] {
  return (
    archive.db
      .prepare(
        `SELECT a.id FROM articles a WHERE a.deleted_at IS NULL
           AND instr(concat_ws(char(10), a.column_label, a.kicker, a.headline, a.deck, a.dateline, a.body_text,
                 (SELECT group_concat(caption, char(10)) FROM photos WHERE article_id = a.id)), @word)
           AND (EXISTS (SELECT 1 FROM bylines b JOIN people p ON p.id = b.person_id WHERE b.article_id = a.id
                  AND (@person IS NULL OR p.name = @person) AND (@role IS NULL OR b.role = @role))
             OR EXISTS (SELECT 1 FROM credits c JOIN people p ON p.id = c.person_id WHERE c.article_id = a.id
                  AND (@person IS NULL OR p.name = @person) AND (@role IS NULL OR c.role = @role)))`,
      )
      .pluck()
      .all({ person: person ?? null, role: role ?? null, word }) as string[]
  ).sort();
}

const found = (q: string, filters: { person?: string; role?: Role }, order: 'newest' | 'relevance' = 'newest') =>
  archive
    .search({ q, order, filters, limit: 500 })
    .results.map((r) => r.id)
    .sort();

describe('a search by person or role, by the search keys’ people', () => {
  it('gives each key its article’s people as its bylines and credits name them, imported or saved', () => {
    const rows = archive.db
      .prepare("SELECT k.article_id AS id, coalesce(p.people, '') AS people FROM search_keys k LEFT JOIN search_people p ON p.key = k.key")
      .all() as {
      id: string;
      people: string;
    }[];
    expect(rows.length).toBe(1500 + 25);
    // (A story with no byline and no credit has no row of people.) The same entries as the
    // archive's bylines and credits say, in whatever order.
    const entries = (people: string) => people.split(',').filter(Boolean).sort();
    for (const { id, people } of rows) expect(entries(people), id).toEqual(entries(peopleFactOf(archive.db, id)));
    const named = (name: string, outlet = '') =>
      archive.db.prepare('SELECT id FROM people WHERE name = ? AND outlet = ?').pluck().get(name, outlet) as number;
    const factOf = (id: string) => rows.find((r) => r.id === id)!.people;
    expect(factOf(story.shot!)).toBe(
      peopleFact([
        { role: 'reporter', id: named('鲍文字') },
        { role: 'photographer', id: named('鲍摄影') },
      ]),
    );
    expect(factOf(story.unroled!)).toBe(`,:${named('鲍无名')},`);
    expect(entries(factOf(story.imported!))).toEqual(
      entries(
        peopleFact([
          { role: 'reporter', id: named('鲍导入') },
          { role: 'photographer', id: named('鲍图片') },
          { role: null, id: named('鲍组图') },
        ]),
      ),
    );
  });

  it('finds what the bylines and credits say, newest first and by relevance, for every person and role', () => {
    // One name in twenty of the synthetic pages', and every crafted story's.
    const people = (archive.db.prepare('SELECT DISTINCT name FROM people ORDER BY name').pluck().all() as string[]).filter(
      (name, i) => i % 20 === 0 || name.startsWith('鲍'),
    );
    expect(people.length).toBeGreaterThan(20);
    for (const person of people) {
      for (const role of [undefined, 'reporter', 'photographer'] as const) {
        // The synthetic pages say 本报讯; the crafted stories, 防汛.
        for (const word of ['本报讯', '防汛']) {
          const expected = signed(person, role, word);
          expect(found(word, { person, role }), `${person} ${role} ${word}`).toEqual(expected);
          expect(found(word, { person, role }, 'relevance'), `${person} ${role} ${word}`).toEqual(expected);
        }
      }
    }
    for (const role of ['reporter', 'correspondent', 'photographer'] as const)
      expect(found('防汛', { role }), role).toEqual(signed(undefined, role, '防汛'));
    // The cases the keys' people could mistake.
    expect(found('防汛', { person: '鲍同名' })).toEqual([story.ownStaff, story.otherPaper].sort());
    expect(found('防汛', { person: '鲍同名', role: 'correspondent' })).toEqual([story.otherPaper]);
    expect(found('防汛', { person: '鲍文字', role: 'photographer' })).toEqual([]);
    expect(found('防汛', { person: '鲍摄影', role: 'photographer' })).toEqual([story.shot]);
    expect(found('防汛', { person: '鲍无名' })).toEqual([story.unroled]);
    expect(found('防汛', { person: '鲍无名', role: 'photographer' })).toEqual([]);
    expect(found('防汛', { person: '鲍众人' })).toHaveLength(20);
    expect(found('防汛', { person: '无此人' })).toEqual([]);
    expect(found('防汛', { person: '鲍组图' })).toEqual([story.imported]);
    expect(found('防汛', { person: '鲍图片', role: 'photographer' })).toEqual([story.imported]);
    // A name said in a story is no byline.
    const said = saveStory(archive, '防汛会上，鲍文字说。');
    expect(found('防汛', { person: '鲍文字' })).toEqual([story.shot]);
    archive.trash(said);
  });

  it('follows a story’s bylines as they are edited, and leaves a trashed story out', () => {
    const a = archive.get(story.shot!);
    archive.save(a.id, a.version, { ...a, byline: [{ role: 'reporter', name: '鲍接手' }] });
    expect(found('防汛', { person: '鲍文字' })).toEqual([]);
    expect(found('防汛', { person: '鲍接手' })).toEqual([story.shot]);
    expect(found('防汛', { person: '鲍摄影', role: 'photographer' })).toEqual([story.shot]);
    archive.trash(story.shot!);
    expect(found('防汛', { person: '鲍接手' })).toEqual([]);
    archive.restoreFromTrash(story.shot!);
    expect(found('防汛', { person: '鲍接手' })).toEqual([story.shot]);
  });
});
