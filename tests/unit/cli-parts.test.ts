import { describe, expect, it } from 'vitest';
import { COMMAND_PARTS, runCli } from '../../electron/cli/main';

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
