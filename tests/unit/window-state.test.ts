import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadWindowState, saveWindowState } from '../../electron/app/window-state';
import { tempDir } from '../support/temp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

function file(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return join(t.dir, 'window-state.json');
}

describe('window size and place', () => {
  it('comes back as it was saved', () => {
    const f = file();
    saveWindowState(f, { x: 100, y: 80, width: 1200, height: 800, maximized: true });
    expect(loadWindowState(f, screen)).toEqual({ x: 100, y: 80, width: 1200, height: 800, maximized: true });
  });

  it('forgets a place on a screen that is gone, and ignores a broken file', () => {
    const f = file();
    saveWindowState(f, { x: 3000, y: 80, width: 1200, height: 800, maximized: false });
    expect(loadWindowState(f, screen)).toEqual({ width: 1200, height: 800, maximized: false });
    writeFileSync(f, '{broken');
    expect(loadWindowState(f, screen)).toEqual({ width: 1280, height: 860, maximized: false });
  });
});
