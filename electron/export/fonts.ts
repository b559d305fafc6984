import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Typeface, Weight } from '../../shared/typeset/typefaces';

/**
 * The typefaces an exported page embeds, cut down to the characters the page uses, and the
 * whole fonts the layout desk's page draws with (served to it as /fonts/FACE-WEIGHT.ttf), so
 * that the preview and the print use the very same faces.
 *
 * 宋 and 黑 are Noto Serif SC and Noto Sans SC, from npm; 楷 is LXGW WenKai (霞鹜文楷), from
 * Debian's fonts-lxgw-wenkai (npm has it only cut into web-font pieces). All are under the SIL
 * Open Font License, so the project may ship them and a page may embed them, and all are
 * static TrueType fonts. TrueType outlines matter: Chromium embeds a CFF-outline font, such as
 * the system's Noto CJK collection, in a PDF as a Type 3 font, which print shops refuse; a
 * TrueType font it embeds as a CID TrueType font. Subsetting is HarfBuzz's (hb-subset, as
 * WebAssembly).
 */

export interface FontFile {
  face: Typeface;
  weight: Weight;
  file: string;
}

/** Where each font may be: a package folder and a path in it, under the asset roots; or a system path. */
interface FontSource {
  pkg: string;
  path: string;
  /** The Debian package's file, for development and the command line on Debian. */
  system?: string;
}

const LXGW_SYSTEM = '/usr/share/fonts/truetype/lxgw-wenkai';

const SOURCES: Readonly<Record<Typeface, Readonly<Record<Weight, FontSource>>>> = {
  song: {
    400: { pkg: '@expo-google-fonts/noto-serif-sc', path: '400Regular/NotoSerifSC_400Regular.ttf' },
    700: { pkg: '@expo-google-fonts/noto-serif-sc', path: '700Bold/NotoSerifSC_700Bold.ttf' },
  },
  hei: {
    400: { pkg: '@expo-google-fonts/noto-sans-sc', path: '400Regular/NotoSansSC_400Regular.ttf' },
    700: { pkg: '@expo-google-fonts/noto-sans-sc', path: '700Bold/NotoSansSC_700Bold.ttf' },
  },
  kai: {
    400: { pkg: 'lxgw-wenkai', path: 'LXGWWenKai-Regular.ttf', system: `${LXGW_SYSTEM}/LXGWWenKai-Regular.ttf` },
    700: { pkg: 'lxgw-wenkai', path: 'LXGWWenKai-Bold.ttf', system: `${LXGW_SYSTEM}/LXGWWenKai-Bold.ttf` },
  },
};

/**
 * Folders that may hold the fonts and HarfBuzz: BANMIAN_ASSETS, the packaged app's resources,
 * and node_modules above this file (development and the command line).
 */
function assetRoots(): string[] {
  const roots: string[] = [];
  if (process.env.BANMIAN_ASSETS) roots.push(process.env.BANMIAN_ASSETS);
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources) roots.push(join(resources, 'export-assets'));
  for (let dir = __dirname; ; dir = dirname(dir)) {
    roots.push(join(dir, 'node_modules'));
    if (dirname(dir) === dir) break;
  }
  return roots;
}

function findAsset(pkg: string, path: string): string | null {
  for (const root of assetRoots()) {
    const file = join(root, pkg, path);
    if (existsSync(file)) return file;
  }
  return null;
}

export class FontsMissingError extends Error {
  constructor(readonly missing: string[]) {
    super(`fonts missing: ${missing.join(', ')}`);
  }
}

/** The font file of a face and weight, or null when it is not installed. */
export function findFont(face: Typeface, weight: Weight): string | null {
  const source = SOURCES[face][weight];
  const file = findAsset(source.pkg, source.path);
  if (file) return file;
  return source.system && existsSync(source.system) ? source.system : null;
}

/** The font files of these faces and weights; throws naming every one not installed. */
export function fontFiles(types: readonly { face: Typeface; weight: Weight }[]): FontFile[] {
  const missing: string[] = [];
  const files = types.map((t) => {
    const file = findFont(t.face, t.weight);
    if (!file) {
      const source = SOURCES[t.face][t.weight];
      missing.push(source.system ?? `${source.pkg}/${source.path}`);
    }
    return { face: t.face, weight: t.weight, file: file ?? '' };
  });
  if (missing.length) throw new FontsMissingError(missing);
  return files;
}

// Node has WebAssembly; the main side's types (no DOM library) do not declare it.
declare const WebAssembly: { instantiate(bytes: Uint8Array): Promise<{ instance: { exports: unknown } }> };

interface HarfBuzz {
  memory: { buffer: ArrayBuffer };
  _initialize(): void;
  malloc(size: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_set_add(set: number, value: number): void;
  hb_subset_or_fail(face: number, input: number): number;
}

let harfbuzz: Promise<HarfBuzz> | null = null;

function loadHarfBuzz(): Promise<HarfBuzz> {
  harfbuzz ??= (async () => {
    const wasm = findAsset('harfbuzzjs', 'dist/harfbuzz-subset.wasm');
    if (!wasm) throw new FontsMissingError(['harfbuzzjs/dist/harfbuzz-subset.wasm']);
    const { instance } = await WebAssembly.instantiate(readFileSync(wasm));
    const hb = instance.exports as HarfBuzz;
    hb._initialize();
    return hb;
  })();
  return harfbuzz;
}

const fontBytes = new Map<string, Buffer>();
const HB_MEMORY_MODE_WRITABLE = 2;

/** The font in `file` with only the glyphs for `text` (and what shaping them needs). */
export async function subsetFont(file: string, text: string): Promise<Uint8Array> {
  const hb = await loadHarfBuzz();
  let bytes = fontBytes.get(file);
  if (!bytes) {
    bytes = readFileSync(file);
    fontBytes.set(file, bytes);
  }
  const input = hb.hb_subset_input_create_or_fail();
  const data = hb.malloc(bytes.byteLength);
  new Uint8Array(hb.memory.buffer).set(bytes, data);
  const blob = hb.hb_blob_create(data, bytes.byteLength, HB_MEMORY_MODE_WRITABLE, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  try {
    const unicodes = hb.hb_subset_input_unicode_set(input);
    for (const ch of new Set(text)) hb.hb_set_add(unicodes, ch.codePointAt(0)!);
    const subset = hb.hb_subset_or_fail(face, input);
    if (!subset) throw new Error(`HarfBuzz could not subset ${file}`);
    const result = hb.hb_face_reference_blob(subset);
    const at = hb.hb_blob_get_data(result, 0);
    const out = new Uint8Array(hb.memory.buffer).slice(at, at + hb.hb_blob_get_length(result));
    hb.hb_blob_destroy(result);
    hb.hb_face_destroy(subset);
    return out;
  } finally {
    hb.hb_subset_input_destroy(input);
    hb.hb_face_destroy(face);
    hb.free(data);
  }
}
