import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppServices } from '../../electron/services/app-services';
import { PROOFREAD_RULES } from '../../shared/proofread/check';
import { banmian } from '../support/cli';
import { PAGES_DIR } from '../support/fixtures';
import { tempFolders } from '../support/temp';

const temp = tempFolders();
afterEach(() => temp.cleanupAll());

interface JsonFinding {
  offset: number;
  length: number;
  rule: string;
  message: string;
  suggestion: string | null;
}

const TEXT = '会议,代表们说好\n𠮷他己经走了…';

describe('banmian proofread', () => {
  it('reads standard input and prints one finding a line in the terminal’s language, exit 0', async () => {
    const zh = await banmian(['proofread'], { LANG: 'zh_CN.UTF-8' }, { input: TEXT });
    expect(zh.code).toBe(0);
    expect(zh.stdout.split('\n').filter(Boolean)).toEqual([
      '1:3 halfwidth-punct 中文里用了半角标点 , → ，',
      '2:3 typo 错别字：己经 → 已经',
      '2:7 dash-ellipsis 破折号、省略号应占两个字的位置：… → ……',
    ]);
    const en = await banmian(['proofread'], { LANG: 'en_US.UTF-8' }, { input: TEXT });
    expect(en.stdout).toContain('1:3 halfwidth-punct Half-width , in Chinese text → ，');
  });

  it('prints findings as JSON with offsets in UTF-16 code units', async () => {
    const { code, stdout } = await banmian(['proofread', '--json'], { LANG: 'en_US.UTF-8' }, { input: TEXT });
    expect(code).toBe(0);
    const findings = JSON.parse(stdout) as JsonFinding[];
    expect(findings.map((f) => [f.rule, f.offset, f.length, f.suggestion])).toEqual([
      ['halfwidth-punct', 2, 1, '，'],
      ['typo', 12, 2, '已经'],
      ['dash-ellipsis', 16, 1, '……'],
    ]);
    expect(TEXT.slice(12, 14)).toBe('己经');
    expect(findings[1]!.message).toBe('Wrong character: 己经');
    const clean = await banmian(['proofread', '--json'], {}, { input: '一切正常。' });
    expect(JSON.parse(clean.stdout)).toEqual([]);
  });

  it('checks only the rules of --rules, and names the valid ones for an unknown id', async () => {
    const { code, stdout } = await banmian(['proofread', '--json', '--rules', 'typo,dash-ellipsis'], {}, { input: TEXT });
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as JsonFinding[]).map((f) => f.rule)).toEqual(['typo', 'dash-ellipsis']);
    const wrong = await banmian(['proofread', '--rules', 'typo,spelling'], { LANG: 'en_US.UTF-8' }, { input: TEXT });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('spelling');
    for (const rule of PROOFREAD_RULES) expect(wrong.stderr).toContain(rule);
  });

  it('proofreads an article of the archive with --article', async () => {
    const dir = temp.folder();
    const imported = await banmian(['--data', dir, 'import', join(PAGES_DIR, 'shashi-2024-03.txt'), '--json']);
    expect(imported.code).toBe(0);
    const ids = (JSON.parse(imported.stdout) as { articleIds: string[] }[]).flatMap((r) => r.articleIds);
    let total = 0;
    for (const id of ids.slice(0, 3)) {
      const { code, stdout } = await banmian(['--data', dir, 'proofread', '--article', id, '--json']);
      expect(code).toBe(0);
      const findings = JSON.parse(stdout) as JsonFinding[];
      total += findings.length;
      for (const f of findings) expect(f.rule).toBe('halfwidth-punct');
    }
    expect(total).toBeGreaterThan(0);
    const missing = await banmian(['--data', dir, 'proofread', '--article', 'no-such-article']);
    expect(missing.code).toBe(1);

    // An article of the archive is read under the house's rules: its own words, its rules off.
    const services = AppServices.open(dir, { demo: false });
    services.archive.updateSettings({ proofreading: { off: ['halfwidth-punct'], typos: [{ wrong: '编办', right: '编委办' }], avoid: [] } });
    services.close();
    const house = JSON.parse((await banmian(['--data', dir, 'proofread', '--article', ids[0]!, '--json'])).stdout) as JsonFinding[];
    expect(house.length).toBeGreaterThan(0);
    expect(house.every((f) => f.rule === 'typo' && f.suggestion === '编委办')).toBe(true);
    // Rules asked for by name are checked even where the house switched them off.
    const named = JSON.parse(
      (await banmian(['--data', dir, 'proofread', '--article', ids[0]!, '--rules', 'halfwidth-punct', '--json'])).stdout,
    ) as JsonFinding[];
    expect(named.length).toBeGreaterThan(0);
  });
});
