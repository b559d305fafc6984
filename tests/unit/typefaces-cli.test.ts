import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../electron/accounts/passwords';
import { DEMO_EDITION } from '../../electron/archive/demo';
import { AppServices } from '../../electron/services/app-services';
import { DEFAULT_TYPEFACES, LINE_ROLES, type TypefaceStyle } from '../../shared/typeset/typefaces';
import { banmian } from '../support/cli';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());

const LAYOUT = { name: '美编小林', roles: ['layout'], password: 'layout-password-1' } as const;
const EDITOR = { name: '编辑小李', roles: ['editor'], password: 'editor-password-1' } as const;
const EXPORTER = { name: '输出小周', roles: ['exporter'], password: 'exporter-password-1' } as const;

/** The demo archive with a layout editor and an editor, made here and closed again. */
async function archive(): Promise<string> {
  const dir = temp.folder();
  const services = AppServices.open(dir);
  try {
    for (const p of [LAYOUT, EDITOR, EXPORTER])
      services.archive.addAccount({ name: p.name, roles: [...p.roles], passwordHash: await hashPassword(p.password) }, null, 'cli');
  } finally {
    services.close();
  }
  return dir;
}

const as = (p: typeof LAYOUT | typeof EDITOR | typeof EXPORTER, dir: string, args: string[], lang = 'zh-CN') =>
  banmian(['--data', dir, '--user', p.name, ...args], { BANMIAN_LANG: lang, BANMIAN_PASSWORD: p.password });

const json = (out: { code: number; stdout: string; stderr: string }): TypefaceStyle => {
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  return JSON.parse(out.stdout) as TypefaceStyle;
};

/** The fonts a PDF embeds, as pdffonts lists them: name and type. */
function pdfFonts(file: string): { name: string; type: string }[] {
  return execFileSync('pdffonts', [file])
    .toString()
    .trim()
    .split('\n')
    .slice(2)
    .map((line) => ({ name: line.split(/\s+/u)[0]!.replace(/^[A-Z]{6}\+/u, ''), type: line.slice(37, 55).trim() }));
}

describe('banmian typefaces', () => {
  it('shows the house’s faces in the terminal’s language and as JSON, and sets one as layout staff', async () => {
    const dir = await archive();
    const shown = await banmian(['--data', dir, 'typefaces'], { BANMIAN_LANG: 'zh-CN' });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('caption（图片说明）：楷体');
    expect(shown.stdout).toContain('headline（主题）：黑体，加粗');
    expect(shown.stdout.trim().split('\n')).toHaveLength(LINE_ROLES.length);
    expect(json(await banmian(['--data', dir, 'typefaces', 'show', '--json']))).toEqual(DEFAULT_TYPEFACES);

    const set = json(await as(LAYOUT, dir, ['typefaces', 'set', '--role', 'deck', '--face', '宋', '--weight', 'bold', '--json']));
    expect(set).toEqual({ ...DEFAULT_TYPEFACES, deck: { face: 'song', weight: 700 } });
    const english = await as(LAYOUT, dir, ['typefaces', 'set', '--role', 'caption', '--face', 'hei'], 'en');
    expect(english.code).toBe(0);
    expect(english.stdout).toContain("Saved the paper's typefaces");
    expect(english.stdout).toContain('caption (Caption): Hei');
    expect(json(await banmian(['--data', dir, 'typefaces', '--json'])).caption).toEqual({ face: 'hei', weight: 400 });
    expect(json(await as(LAYOUT, dir, ['typefaces', 'reset', '--role', 'caption', '--json'])).caption).toEqual(DEFAULT_TYPEFACES.caption);
  });

  it('refuses an editor, an unknown part or face, and says why there is no 仿宋', async () => {
    const dir = await archive();
    const editor = await as(EDITOR, dir, ['typefaces', 'set', '--role', 'headline', '--face', 'kai'], 'en');
    expect(editor.code).toBe(1);
    expect(editor.stderr).toMatch(/layout/u);
    const nobody = await banmian(['--data', dir, 'typefaces', 'set', '--role', 'headline', '--face', 'kai']);
    expect(nobody.code).toBe(1);
    const fangsong = await as(LAYOUT, dir, ['typefaces', 'set', '--role', 'kicker', '--face', '仿宋']);
    expect(fangsong.code).toBe(1);
    expect(fangsong.stderr).toContain('暂无仿宋');
    const role = await as(LAYOUT, dir, ['typefaces', 'set', '--role', 'title', '--face', 'kai'], 'en');
    expect(role.stderr).toContain('No such part: title');
    const face = await as(LAYOUT, dir, ['typefaces', 'set', '--role', 'body', '--face', '圆体'], 'en');
    expect(face.stderr).toContain('No such face: 圆体');
    expect(json(await banmian(['--data', dir, 'typefaces', '--json']))).toEqual(DEFAULT_TYPEFACES);
  });

  it('prints captions set in 楷 with LXGW WenKai embedded in the PDF as CID TrueType, and without it once they are not', async () => {
    const dir = await archive();
    const services = AppServices.open(dir);
    const heiButCaptions = Object.fromEntries(LINE_ROLES.map((role) => [role, { face: role === 'caption' ? 'kai' : 'hei', weight: 400 }]));
    services.archive.updateSettings({ typefaces: heiButCaptions as TypefaceStyle });
    services.close();
    const out = temp.folder();
    const exported = await as(
      EXPORTER,
      dir,
      ['export', '--edition', DEMO_EDITION.date, '--page', '1', '--out', join(out, 'p1.html'), '--pdf', join(out, 'p1.pdf'), '--force'],
      'en',
    );
    expect(exported.code, exported.stderr).toBe(0);
    const fonts = pdfFonts(join(out, 'p1.pdf'));
    expect(fonts.map((f) => f.name).sort()).toEqual(['LXGWWenKai-Regular', 'NotoSansSC-Bold', 'NotoSansSC-Regular']);
    for (const f of fonts) expect(f.type).toBe('CID TrueType');

    expect((await as(LAYOUT, dir, ['typefaces', 'set', '--role', 'caption', '--face', 'hei'])).code).toBe(0);
    const again = await as(
      EXPORTER,
      dir,
      ['export', '--edition', DEMO_EDITION.date, '--page', '1', '--out', join(out, 'p2.html'), '--pdf', join(out, 'p2.pdf'), '--force'],
      'en',
    );
    expect(again.code, again.stderr).toBe(0);
    expect(pdfFonts(join(out, 'p2.pdf')).map((f) => f.name)).not.toContain('LXGWWenKai-Regular');
  }, 120_000);
});
