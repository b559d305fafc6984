import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

/**
 * Each folder runs in one world: shared/ in both (no Node, no DOM, no Electron), renderer/ in
 * the page (no Node, no Electron, no archive), electron/ in Node (no React, no renderer code).
 */
describe('process boundaries', () => {
  it('keeps shared/ free of Node, Electron, React and the other folders', () => {
    for (const file of sources('shared')) {
      for (const spec of imports(file)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^(node:|electron$|better-sqlite3|react)|\/(renderer|electron)\//);
      }
    }
  });

  it('keeps the renderer away from Node, Electron and the main process', () => {
    for (const file of sources('renderer')) {
      for (const spec of imports(file)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^(node:|electron$|better-sqlite3|fs$|path$)|\/electron\//);
      }
    }
  });

  it('keeps React and the renderer out of the main process', () => {
    for (const file of sources('electron')) {
      for (const spec of imports(file)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^(react|react-dom|@lexical\/react)|\/renderer\//);
      }
    }
  });
});
