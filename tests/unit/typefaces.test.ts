import { statSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EDITION } from '../../electron/archive/demo';
import { findFont, fontFiles } from '../../electron/export/fonts';
import { loadAsset } from '../../electron/serve/assets';
import { syncOnce } from '../../electron/sync/engine';
import { pendingCount } from '../../electron/sync/link';
import { pageCharacters, pageHtml } from '../../shared/export/page-html';
import { GRANTED_BY } from '../../shared/domain/permissions';
import { checkChange, type SyncActor } from '../../shared/sync/rules';
import { parseDoc } from '../../shared/sync/protocol';
import { flowsOf, storiesOf } from '../../shared/typeset/copyfit';
import { setPage } from '../../shared/typeset/frame';
import {
  DEFAULT_TYPEFACES,
  FAMILY,
  LINE_ROLES,
  faceNamed,
  lineType,
  readTypefaces,
  typesIn,
  type TypefaceStyle,
} from '../../shared/typeset/typefaces';
import { call, startNewsroom, type TestNewsroom } from '../support/newsroom';
import { openServices, signedIn } from '../support/services';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());

/** Every role in 黑 but captions in 楷: the style a test changes to see it printed. */
const HEI_BUT_CAPTIONS: TypefaceStyle = {
  ...(Object.fromEntries(LINE_ROLES.map((role) => [role, { face: 'hei', weight: 400 }])) as TypefaceStyle),
  caption: { face: 'kai', weight: 700 },
};

describe('the house’s typefaces (字体)', () => {
  it('set text in 宋, display in 黑 and the lines around a headline, captions and bylines in 楷 by default', () => {
    expect(DEFAULT_TYPEFACES.body).toEqual({ face: 'song', weight: 400 });
    expect(DEFAULT_TYPEFACES.headline).toEqual({ face: 'hei', weight: 700 });
    for (const role of ['kicker', 'deck', 'caption', 'byline'] as const) expect(DEFAULT_TYPEFACES[role].face).toBe('kai');
    expect(Object.keys(DEFAULT_TYPEFACES).sort()).toEqual([...LINE_ROLES].sort());
    // The house's weight is the line's: a headline may be set light.
    expect(lineType({ ...DEFAULT_TYPEFACES, headline: { face: 'kai', weight: 400 } }, 'headline')).toEqual({ face: 'kai', weight: 400 });
    expect(lineType(DEFAULT_TYPEFACES, 'body')).toEqual({ face: 'song', weight: 400 });
  });

  it('reads a damaged or older stored style role by role, the default standing in', () => {
    expect(readTypefaces(null)).toEqual(DEFAULT_TYPEFACES);
    expect(readTypefaces({ caption: { face: 'hei', weight: 700 }, body: { face: 'fangsong', weight: 400 }, headline: 'big' })).toEqual({
      ...DEFAULT_TYPEFACES,
      caption: { face: 'hei', weight: 700 },
    });
  });

  it('knows a face by its names, and 仿宋 as the face it does not have', () => {
    expect(['song', '宋', '宋体', 'hei', '黑体', 'KAI', '楷'].map(faceNamed)).toEqual(['song', 'song', 'song', 'hei', 'hei', 'kai', 'kai']);
    expect(faceNamed('仿宋')).toBe('fangsong');
    expect(faceNamed('fangsong')).toBe('fangsong');
    expect(faceNamed('圆体')).toBeNull();
  });

  it('is decided with each set line, and the export’s HTML draws each line in its line’s face', () => {
    const services = openServices(temp);
    const layout = services.archive.layoutPage(DEMO_EDITION.date, 1);
    const lines = (faces?: TypefaceStyle) => setPage(layout.page, storiesOf(layout), flowsOf(layout), faces).flatMap((f) => f.lines);
    const byDefault = lines();
    for (const role of ['kicker', 'headline', 'deck', 'body', 'caption'] as const) {
      const line = byDefault.find((l) => l.role === role)!;
      expect({ role, face: line.face, weight: line.weight }).toEqual({ role, ...DEFAULT_TYPEFACES[role] });
    }
    const changed = lines(HEI_BUT_CAPTIONS);
    expect(new Set(changed.filter((l) => l.role !== 'caption').map((l) => `${l.face}-${l.weight}`))).toEqual(new Set(['hei-400']));
    expect(changed.filter((l) => l.role === 'caption').every((l) => l.face === 'kai' && l.weight === 700)).toBe(true);
    expect(
      typesIn(changed)
        .map((t) => `${t.face}-${t.weight}`)
        .sort(),
    ).toEqual(['hei-400', 'kai-700']);

    const frames = setPage(layout.page, storiesOf(layout), flowsOf(layout), HEI_BUT_CAPTIONS);
    const header = { issue: '第58期', page: '第1版 要闻', editor: '责任编辑：林晓岚' };
    const caption = frames.flatMap((f) => f.lines).find((l) => l.role === 'caption')!;
    expect(pageCharacters({ frames, edition: layout.edition, header }, 'kai', 700)).toContain(caption.line.text[0]);
    expect(pageCharacters({ frames, edition: layout.edition, header }, 'song', 400)).toBe('');
    const html = pageHtml({
      edition: layout.edition,
      page: layout.page,
      frames,
      images: new Map(),
      fonts: [{ face: 'kai', weight: 700, base64: 'AA==' }],
      options: { bleed: false, cropMarks: false },
      header,
      title: 'p1',
    });
    expect(html).toContain(`@font-face{font-family:${FAMILY.kai};font-weight:700;`);
    expect(html).toMatch(new RegExp(`class="line role-caption"[^>]*font-family:${FAMILY.kai};font-weight:700`, 'u'));
    expect(html).toMatch(new RegExp(`class="line role-body"[^>]*font-family:${FAMILY.hei};font-weight:400`, 'u'));
  });

  it('has every face’s font installed, and serves it to the layout desk’s page as the export embeds it', () => {
    const services = openServices(temp);
    const files = fontFiles(['song', 'hei', 'kai'].flatMap((face) => [400, 700].map((weight) => ({ face, weight }) as never)));
    expect(files.find((f) => f.face === 'kai' && f.weight === 400)!.file).toMatch(/LXGWWenKai-Regular\.ttf$/u);
    const kai = loadAsset('/nonexistent-renderer', services.archive, '/fonts/kai-700.ttf');
    expect(kai.status).toBe(200);
    expect(kai.headers['Content-Type']).toBe('font/ttf');
    // A TrueType font (glyf outlines), not CFF: Chromium prints CFF as Type 3.
    expect(kai.body.readUInt32BE(0)).toBe(0x00010000);
    expect(kai.body.byteLength).toBe(statSync(findFont('kai', 700)!).size);
    expect(loadAsset('/nonexistent-renderer', services.archive, '/fonts/fangsong-400.ttf').status).toBe(404);
    expect(loadAsset('/nonexistent-renderer', services.archive, '/fonts/kai-500.ttf').status).toBe(404);
  });
});

describe('kept in the archive’s settings, changed by layout staff, a chief editor or an administrator', () => {
  it('is stored, given with every page, and refused to an editor or a reporter', async () => {
    const services = openServices(temp);
    expect(services.archive.settings().typefaces).toEqual(DEFAULT_TYPEFACES);
    expect(services.archive.layoutPage(DEMO_EDITION.date, 1).typefaces).toEqual(DEFAULT_TYPEFACES);
    expect(GRANTED_BY['house-style']).toEqual(['layout', 'chief', 'admin']);
    for (const [name, role] of [
      ['钱版面', 'layout'],
      ['赵总编', 'chief'],
      ['管理员', 'admin'],
    ] as const) {
      const caller = await signedIn(services, { name, roles: [role] });
      const style = { ...DEFAULT_TYPEFACES, caption: { face: role === 'layout' ? 'hei' : 'song', weight: 400 } };
      const saved = await call<{ typefaces: TypefaceStyle }>(services, caller, 'settings.set', { typefaces: style });
      expect(saved.typefaces).toEqual(style);
    }
    for (const [name, role] of [
      ['李编辑', 'editor'],
      ['王丙全', 'reporter'],
    ] as const) {
      const caller = await signedIn(services, { name, roles: [role] });
      const result = await services.call('settings.set', { typefaces: HEI_BUT_CAPTIONS }, caller);
      expect(result.ok ? null : result.error.code).toBe('PERMISSION_DENIED');
    }
    const held = services.archive.settings().typefaces;
    expect(held.caption).toEqual({ face: 'song', weight: 400 });
    expect(services.archive.layoutPage(DEMO_EDITION.date, 1).typefaces).toEqual(held);
    // A face Banmian does not have is no style at all.
    const admin = await signedIn(services, { name: '管理员' });
    const fangsong = await services.call(
      'settings.set',
      { typefaces: { ...DEFAULT_TYPEFACES, deck: { face: 'fangsong', weight: 400 } } },
      admin,
    );
    expect(fangsong.ok).toBe(false);
  });

  it('reads a damaged stored value as the default rather than stopping the desk', () => {
    const services = openServices(temp);
    services.archive.db
      .prepare("INSERT INTO settings (key, value) VALUES ('typefaces', '{not json') ON CONFLICT (key) DO UPDATE SET value = excluded.value")
      .run();
    expect(services.archive.settings().typefaces).toEqual(DEFAULT_TYPEFACES);
  });
});

describe('the newsroom’s record of them (setting:typefaces)', () => {
  const actor = (name: string, roles: SyncActor['roles']): SyncActor => ({ name, roles, person: null });
  const doc = { typefaces: HEI_BUT_CAPTIONS };

  it('is checked against the same permission on the server', () => {
    expect(parseDoc('setting:typefaces', doc)).toEqual(doc);
    expect(checkChange(actor('sun', ['layout']), 'setting:typefaces', null, doc as never).ok).toBe(true);
    expect(checkChange(actor('chen', ['chief']), 'setting:typefaces', doc as never, { typefaces: DEFAULT_TYPEFACES }).ok).toBe(true);
    expect(checkChange(actor('zhao', ['editor']), 'setting:typefaces', doc as never, { typefaces: DEFAULT_TYPEFACES })).toMatchObject({
      ok: false,
      code: 'PERMISSION_DENIED',
    });
    // Layout staff set the typefaces, not the proofreading rules; and a record holds what its key names.
    expect(
      checkChange(actor('sun', ['layout']), 'setting:proofreading', null, { proofreading: { off: [], typos: [], avoid: [] } }),
    ).toMatchObject({
      ok: false,
    });
    expect(
      checkChange(actor('chen', ['chief']), 'setting:typefaces', null, { proofreading: { off: [], typos: [], avoid: [] } }),
    ).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
    });
    expect(() => parseDoc('setting:fonts', doc)).toThrow();
  });
});

describe('through a newsroom', () => {
  const roomTemp = tempFolders();
  let newsroom: TestNewsroom;
  beforeAll(async () => {
    newsroom = await startNewsroom(roomTemp);
    await newsroom.account('钱版面', ['layout']);
    await newsroom.account('李编辑', ['editor']);
  }, 60_000);
  afterAll(async () => {
    await newsroom.close();
    roomTemp.cleanupAll();
  });

  it('a layout desk’s typefaces reach every desk; an editor’s push of them is refused by the server', async () => {
    const layoutDesk = await newsroom.desk('钱版面');
    const editorDesk = await newsroom.desk('李编辑');
    await call(layoutDesk.services, layoutDesk.as('钱版面'), 'settings.set', { typefaces: HEI_BUT_CAPTIONS });
    expect((await syncOnce(layoutDesk.services.archive)).pushed).toBeGreaterThanOrEqual(1);
    await syncOnce(editorDesk.services.archive);
    expect(editorDesk.services.archive.settings().typefaces).toEqual(HEI_BUT_CAPTIONS);
    expect(pendingCount(editorDesk.services.archive.db)).toBe(0);
    // Written into the editor's archive by other means, the server still says no, and the newsroom's stand.
    editorDesk.services.archive.updateSettings(
      { typefaces: DEFAULT_TYPEFACES },
      { accountId: 0, name: '李编辑', roles: ['editor'], personId: null, front: 'cli' },
    );
    const pushed = await syncOnce(editorDesk.services.archive);
    expect(pushed.refused).toBe(1);
    expect(editorDesk.services.archive.settings().typefaces).toEqual(HEI_BUT_CAPTIONS);
  }, 60_000);
});
