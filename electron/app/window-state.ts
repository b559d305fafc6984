import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const DEFAULT_STATE: WindowState = { width: 1280, height: 860, maximized: false };

export function windowStateFile(userDataDir: string): string {
  return join(userDataDir, 'window-state.json');
}

/**
 * The window's last size and place, if it still falls on a screen; a monitor that was unplugged
 * must not leave the window out of sight.
 */
export function loadWindowState(file: string, workAreas: Rect[]): WindowState {
  let saved: Partial<WindowState>;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<WindowState>;
  } catch {
    return { ...DEFAULT_STATE };
  }
  const width = Number.isFinite(saved.width) && saved.width! >= 640 ? saved.width! : DEFAULT_STATE.width;
  const height = Number.isFinite(saved.height) && saved.height! >= 480 ? saved.height! : DEFAULT_STATE.height;
  const state: WindowState = { width, height, maximized: saved.maximized === true };
  const { x, y } = saved;
  if (typeof x === 'number' && typeof y === 'number') {
    const visible = workAreas.some((a) => x + 100 > a.x && y + 50 > a.y && x < a.x + a.width - 100 && y < a.y + a.height - 50);
    if (visible) Object.assign(state, { x, y });
  }
  return state;
}

export function saveWindowState(file: string, state: WindowState): void {
  try {
    writeFileSync(file, JSON.stringify(state));
  } catch {
    // A read-only profile folder costs the remembered size, nothing else.
  }
}
