import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMAND_PARTS, runCli } from '../../electron/cli/main';
import { banmian } from '../support/cli';
import { tempFolders } from '../support/temp';

/** runCli in this process, its output kept. */
async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (text) => (out += text), err: (text) => (err += text) }, { BANMIAN_LANG: 'en' });
  return { code, out, err };
}

/** The command names a help text lists under "Commands:". */
function commandsListed(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1]!).filter((name) => name !== 'help');
}

// The command line defines only the part of the command it runs (electron/cli/main.ts): a
// command named under the wrong part would be unknown, and one under none defines them all.
describe('the command line, part by part', () => {
  it('names in COMMAND_PARTS every command the full help lists, in its order', async () => {
    const { code, out } = await cli(['--help']);
    expect(code).toBe(0);
    expect(commandsListed(out)).toEqual(Object.values(COMMAND_PARTS).flat());
  });

  it('defines each command when only its part is defined', async () => {
    for (const name of Object.values(COMMAND_PARTS).flat()) {
      const { code, out } = await cli(['--data', '/nonexistent', name, '--help']);
      expect(code, name).toBe(0);
      expect(out, name).toMatch(new RegExp(`^Usage: banmian ${name} `));
    }
  });

  it('still answers a command no part has as unknown', async () => {
    const { code, err } = await cli(['no-such-command']);
    expect(code).toBe(1);
    expect(err).toContain('no-such-command');
  });
});

// A command loads only the code it runs (scripts/cli-bundle.mjs): the built command line, run as
// its own process, tells which files it read.
describe('what a command loads', () => {
  const temp = tempFolders();
  afterAll(() => temp.cleanupAll());

  /** Runs the built `banmian ARGS`; its output, and the bundle's files it loaded, by what they hold. */
  async function loading(args: string[]): Promise<{ code: number; stdout: string; stderr: string; holds: (marker: string) => boolean }> {
    const list = join(temp.folder(), 'loaded.txt');
    const hook = join(__dirname, '..', 'support', 'loaded-chunks.cjs');
    const run = await banmian(args, { NODE_OPTIONS: `--require ${hook}`, BANMIAN_TEST_LOADED: list, BANMIAN_LANG: 'en' });
    const files = readFileSync(list, 'utf8')
      .split('\n')
      .filter((f) => /[\\/]dist[\\/]electron[\\/]cli[^\\/]*\.mjs$/.test(f));
    expect(files.length, 'the built command line was loaded').toBeGreaterThan(0);
    const texts = files.map((f) => readFileSync(f, 'utf8'));
    return { code: run.code, stdout: run.stdout, stderr: run.stderr, holds: (marker) => texts.some((t) => t.includes(marker)) };
  }

  it('lists the archive without zod, the editor or pdf-lib; a search loads the contract that checks its input', async () => {
    const data = temp.folder();
    // The first open writes the demo edition (its stories' bodies through the editor).
    expect((await banmian(['--data', data, 'articles'])).code).toBe(0);
    const listing = await loading(['--data', data, 'articles']);
    expect(listing.code).toBe(0);
    expect(listing.stdout).toContain('江城马拉松报名人数创新高');
    expect(listing.holds('ZodError')).toBe(false);
    expect(listing.holds('$createParagraphNode')).toBe(false);
    expect(listing.holds('PDFDocument')).toBe(false);

    const search = await loading(['--data', data, 'search', '马拉松']);
    expect(search.code).toBe(0);
    expect(search.stdout).toContain('江城马拉松报名人数创新高');
    expect(search.holds('ZodError')).toBe(true);
    expect(search.holds('PDFDocument')).toBe(false);
    // The contract's check still stands between the command line and the archive.
    const refused = await loading(['--data', data, 'search', '马拉松', '--limit', '0']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/not valid: limit/);
  });
});
