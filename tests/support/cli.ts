import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The built command line, as `npx banmian` runs it. */
export const BIN = join(__dirname, '..', '..', 'bin', 'banmian.cjs');

/**
 * Runs `banmian ARGS` as its own process; resolves with its exit code and output, never throws.
 * `input`, when given, is written to its standard input, which is then closed.
 */
export async function banmian(
  args: string[],
  env: Record<string, string> = {},
  { input }: { input?: string | Uint8Array } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const running = run(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    if (input !== undefined) running.child.stdin?.end(input);
    const { stdout, stderr } = await running;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
