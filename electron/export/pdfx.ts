import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { promisify } from 'node:util';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber } from 'pdf-lib';
import type { PdfxLevel } from '../../shared/export/problems';
import { pressColours } from './press-colours';

const run = promisify(execFile);

/**
 * PDF/X for a newspaper press, made by Ghostscript from the PDF Chromium prints: colours
 * separated to CMYK through a newsprint profile that holds the total ink at 240 %, black as black
 * ink alone (press-colours.ts), the profile embedded as the output intent, fonts and the trim and
 * bleed boxes kept. PDF/X-1a is PDF 1.3 (nothing but CMYK, no transparency); PDF/X-4 is PDF 1.6.
 */

/** Ghostscript 10 (Debian 12's) is the first whose C PDF interpreter and pdfwrite we test. */
export const GHOSTSCRIPT_MIN = '10.0';
/** The ink a newspaper press takes at most, in per cent; the profile is made to it. */
export const INK_LIMIT = 240;
const PROFILE = 'newsprint-snap-tr002-240.icc';
/** The condition the profile characterizes, as the output intent names it. */
const CONDITION = 'CGATS/SNAP TR 002: coldset offset on newsprint, 240% total ink';

export class GhostscriptError extends Error {
  constructor(
    readonly kind: 'missing' | 'old',
    readonly version: string,
  ) {
    super(kind === 'missing' ? 'Ghostscript not found' : `Ghostscript ${version} is older than ${GHOSTSCRIPT_MIN}`);
  }
}

const newer = (version: string, min: string) => {
  const [a = 0, b = 0] = version.split('.').map(Number);
  const [c = 0, d = 0] = min.split('.').map(Number);
  return a > c || (a === c && b >= d);
};

export interface Ghostscript {
  path: string;
  version: string;
  /** The folder of Ghostscript's own ICC profiles (default_rgb.icc and the rest). */
  profiles: string;
}

let found: Promise<Ghostscript> | null = null;

/** Ghostscript's ICC profiles, found beside the folders of its search path (gs -h). */
async function profileFolder(path: string): Promise<string | null> {
  const help = await run(path, ['-h'], { timeout: 10_000 }).then(
    (r) => r.stdout,
    () => '',
  );
  const after = help.split(/Search path:/u)[1] ?? '';
  const dirs = after
    .split(/\n(?!\s)/u)[0]!
    .split(/\s:\s|\n/u)
    .map((d) => d.trim())
    .filter(Boolean);
  for (const dir of dirs)
    for (const up of ['..', join('..', '..')]) {
      const candidate = join(dir, up, 'iccprofiles');
      if (existsSync(join(candidate, 'default_rgb.icc'))) return candidate;
    }
  return null;
}

/** The Ghostscript to run: BANMIAN_GHOSTSCRIPT, or gs (gswin64c on Windows) on the PATH; its version checked. */
export function ghostscript(env: NodeJS.ProcessEnv = process.env): Promise<Ghostscript> {
  const look = async (): Promise<Ghostscript> => {
    const names = env.BANMIAN_GHOSTSCRIPT ? [env.BANMIAN_GHOSTSCRIPT] : process.platform === 'win32' ? ['gswin64c', 'gswin32c'] : ['gs'];
    for (const path of names) {
      const version = await run(path, ['--version'], { timeout: 10_000 }).then(
        (r) => r.stdout.trim(),
        () => null,
      );
      if (version === null) continue;
      if (!newer(version, GHOSTSCRIPT_MIN)) throw new GhostscriptError('old', version);
      const profiles = await profileFolder(path);
      if (!profiles) throw new GhostscriptError('missing', version);
      return { path, version, profiles };
    }
    throw new GhostscriptError('missing', '');
  };
  if (env !== process.env) return look();
  found ??= look().catch((error: unknown) => {
    found = null;
    throw error;
  });
  return found;
}

/** The newsprint profile: BANMIAN_ASSETS/icc, the packaged app's resources, or resources/icc in the source tree. */
export function newsprintProfile(): string {
  const places: string[] = [];
  if (process.env.BANMIAN_ASSETS) places.push(join(process.env.BANMIAN_ASSETS, 'icc'));
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources) places.push(join(resources, 'export-assets', 'icc'));
  for (let dir = __dirname; ; dir = dirname(dir)) {
    places.push(join(dir, 'resources', 'icc'));
    if (dirname(dir) === dir) break;
  }
  const file = places.map((p) => join(p, PROFILE)).find((f) => existsSync(f));
  if (!file) throw new GhostscriptError('missing', PROFILE);
  return file;
}

/** A PostScript string: bytes as hex, text as UTF-16 with its byte-order mark (as the Info dictionary wants). */
const psText = (s: string) => `<FEFF${Buffer.from(s, 'utf16le').swap16().toString('hex')}>`;
const psPath = (s: string) => `(${s.replace(/[\\()]/gu, (c) => `\\${c}`)})`;

/** pdfmarks naming the PDF/X version and the output intent, as Ghostscript's PDFX_def.ps does. */
function prologue(level: PdfxLevel, title: string, profile: string): string {
  const version = level === '1a' ? '/GTS_PDFXVersion (PDF/X-1:2001) /GTS_PDFXConformance (PDF/X-1a:2001)' : '/GTS_PDFXVersion (PDF/X-4)';
  const lines = [
    '%!',
    `[ ${version} /Title ${psText(title)} /Trapped /False /DOCINFO pdfmark`,
    '[/_objdef {icc_PDFX} /type /stream /OBJ pdfmark',
    '[{icc_PDFX} << /N 4 >> /PUT pdfmark',
    `[{icc_PDFX} ${psPath(profile)} (r) file /PUT pdfmark`,
    '[/_objdef {OutputIntent_PDFX} /type /dict /OBJ pdfmark',
    `[{OutputIntent_PDFX} << /Type /OutputIntent /S /GTS_PDFX /OutputCondition (${CONDITION}) /Info (${CONDITION}) /OutputConditionIdentifier (CGATS TR 002) /RegistryName (http://www.color.org) /DestOutputProfile {icc_PDFX} >> /PUT pdfmark`,
    '[{Catalog} << /OutputIntents [ {OutputIntent_PDFX} ] >> /PUT pdfmark',
  ];
  // PDF/X-4 is named in the XMP metadata, which Ghostscript writes for PDF 1.4 and later.
  if (level === '4')
    lines.push(
      `[/XML (<rdf:Description rdf:about="" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"><pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion></rdf:Description><rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"><xmpMM:VersionID>1</xmpMM:VersionID><xmpMM:RenditionClass>default</xmpMM:RenditionClass></rdf:Description><rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"><pdf:Trapped>False</pdf:Trapped></rdf:Description>) /Ext_Metadata pdfmark`,
    );
  return `${lines.join('\n')}\n`;
}

async function gs(args: string[]): Promise<void> {
  const { path } = await ghostscript();
  await run(path, ['-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', ...args], { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
}

/**
 * Ghostscript's profiles with the newsprint one as its default CMYK: pdfwrite separates to the
 * default CMYK profile and takes no -sOutputICCProfile (Ghostscript 10.0 ignores it there), so
 * the scratch folder holds a copy of its profile folder with that one file replaced. DeviceCMYK
 * colours then pass through as they are (source and destination are the same profile).
 */
async function newsprintProfileDir(dir: string): Promise<string> {
  const { profiles } = await ghostscript();
  const out = join(dir, 'icc');
  mkdirSync(out);
  for (const name of readdirSync(profiles)) if (name.endsWith('.icc')) copyFileSync(join(profiles, name), join(out, name));
  copyFileSync(newsprintProfile(), join(out, 'default_cmyk.icc'));
  return out;
}

/** A scratch folder for one run of Ghostscript, removed however it ends. */
async function inScratch<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'banmian-pdfx-'));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Chromium's PDF of a page as PDF/X at the level asked. */
export async function toPdfx(printed: Uint8Array, level: PdfxLevel, title: string): Promise<Uint8Array> {
  const profile = newsprintProfile();
  const pressed = await pressColours(printed);
  return inScratch(async (dir) => {
    const input = join(dir, 'in.pdf');
    const marks = join(dir, 'pdfx.ps');
    const output = join(dir, 'out.pdf');
    writeFileSync(input, pressed);
    writeFileSync(marks, prologue(level, title, profile));
    const icc = await newsprintProfileDir(dir);
    await gs([
      `--permit-file-read=${profile}`,
      `--permit-file-read=${icc}${sep}`,
      `-sICCProfilesDir=${icc}${sep}`,
      '-sDEVICE=pdfwrite',
      ...(level === '1a' ? ['-dPDFX', '-dCompatibilityLevel=1.3'] : ['-dCompatibilityLevel=1.6']),
      '-sProcessColorModel=DeviceCMYK',
      '-sColorConversionStrategy=CMYK',
      // The photos as placed, at the resolution they came in: the preflight judges them, not Ghostscript.
      '-dDownsampleColorImages=false',
      '-dDownsampleGrayImages=false',
      '-dAutoFilterColorImages=false',
      '-dColorImageFilter=/FlateEncode',
      `-sOutputFile=${output}`,
      marks,
      input,
    ]);
    return new Uint8Array(readFileSync(output));
  });
}

/** A page rasterized as its four inks, 0–255 each, interleaved C M Y K, overprint as the press does it. */
export interface Separations {
  width: number;
  height: number;
  dpi: number;
  cmyk: Uint8Array;
}

export async function separations(pdf: Uint8Array, dpi: number): Promise<Separations> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const { width } = doc.getPage(0).getMediaBox();
  return inScratch(async (dir) => {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    await gs([
      '-sDEVICE=bitcmyk',
      '-dGrayValues=256',
      `-r${dpi}`,
      '-dFirstPage=1',
      '-dLastPage=1',
      `-sOutputFile=${join(dir, 'page.cmyk')}`,
      join(dir, 'in.pdf'),
    ]);
    const cmyk = new Uint8Array(readFileSync(join(dir, 'page.cmyk')));
    const w = Math.round((width * dpi) / 72);
    const h = cmyk.length / 4 / w;
    if (!Number.isInteger(h)) throw new Error(`Ghostscript drew ${cmyk.length} bytes for a page ${w} pixels wide`);
    return { width: w, height: h, dpi, cmyk };
  });
}

/** The page as it will print, in sRGB: the newsprint profile's colours, paper white and overprint simulated. */
export async function softProofPng(pdf: Uint8Array, dpi: number): Promise<Uint8Array> {
  const profile = newsprintProfile();
  return inScratch(async (dir) => {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    await gs([
      `--permit-file-read=${profile}`,
      '-sDEVICE=png16m',
      `-r${dpi}`,
      '-dFirstPage=1',
      '-dLastPage=1',
      `-sDefaultCMYKProfile=${profile}`,
      // Absolute colorimetric: newsprint's grey paper and its weak blacks, not a white screen's.
      '-dRenderIntent=3',
      '-dOverprint=/simulate',
      '-dTextAlphaBits=4',
      '-dGraphicsAlphaBits=4',
      `-sOutputFile=${join(dir, 'page.png')}`,
      join(dir, 'in.pdf'),
    ]);
    return new Uint8Array(readFileSync(join(dir, 'page.png')));
  });
}

/** What the press would find in the rasterized page: most ink anywhere, and ink outside the bleed. */
export interface InkFindings {
  /** The most ink on any spot, in per cent. */
  maxInk: number;
  /** How much of the page carries more than the limit, in square millimetres. */
  overLimitMm2: number;
  /** Ink outside the bleed box (crop marks aside), in square millimetres. */
  outsideBleedMm2: number;
}

/** Boxes in PDF points, [x0, y0, x1, y1] from the bottom left. */
type Box = [number, number, number, number];

function boxOf(page: PDFDict, key: string): Box | null {
  const value = page.lookup(PDFName.of(key));
  if (!(value instanceof PDFArray)) return null;
  const n = value.asArray().map((v) => (v instanceof PDFNumber ? v.asNumber() : 0));
  return [Math.min(n[0]!, n[2]!), Math.min(n[1]!, n[3]!), Math.max(n[0]!, n[2]!), Math.max(n[1]!, n[3]!)];
}

export async function inkFindings(pdf: Uint8Array, seps: Separations, limit = INK_LIMIT): Promise<InkFindings> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const node = doc.getPage(0).node;
  const media = boxOf(node, 'MediaBox')!;
  const trim = boxOf(node, 'TrimBox') ?? media;
  const bleed = boxOf(node, 'BleedBox') ?? trim;
  const { width, height, dpi, cmyk } = seps;
  const px = (pt: number) => (pt * dpi) / 72;
  // Raster rows run from the top; boxes from the bottom.
  const toRect = (b: Box) => ({
    x0: px(b[0] - media[0]),
    x1: px(b[2] - media[0]),
    y0: height - px(b[3] - media[1]),
    y1: height - px(b[1] - media[1]),
  });
  const inBleed = toRect(bleed);
  const cut = toRect(trim);
  // Crop marks lie on the trim lines drawn on outward; half a millimetre either side is theirs.
  const markTolerance = Math.max(1, px((0.5 * 72) / 25.4));
  const mm2 = (25.4 / dpi) ** 2;
  const over = (limit / 100) * 255 * 1.02;
  let maxInk = 0;
  let overCount = 0;
  let outside = 0;
  for (let y = 0; y < height; y++) {
    const cy = y + 0.5;
    const yIn = cy >= inBleed.y0 && cy <= inBleed.y1;
    const onHLine = Math.abs(cy - cut.y0) <= markTolerance || Math.abs(cy - cut.y1) <= markTolerance;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const total = cmyk[i]! + cmyk[i + 1]! + cmyk[i + 2]! + cmyk[i + 3]!;
      if (!total) continue;
      if (total > maxInk) maxInk = total;
      if (total > over) overCount++;
      const cx = x + 0.5;
      if (yIn && cx >= inBleed.x0 && cx <= inBleed.x1) continue;
      const onVLine = Math.abs(cx - cut.x0) <= markTolerance || Math.abs(cx - cut.x1) <= markTolerance;
      if (!onHLine && !onVLine) outside++;
    }
  }
  return { maxInk: Math.round((maxInk / 255) * 100), overLimitMm2: overCount * mm2, outsideBleedMm2: outside * mm2 };
}

/** Fonts the PDF uses without carrying them (or only as Type 3 drawings, which presses refuse). */
export async function fontsNotEmbedded(pdf: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const missing = new Set<string>();
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    const subtype = object.get(PDFName.of('Subtype'));
    const name = object.lookup(PDFName.of('BaseFont'));
    const label = name instanceof PDFName ? name.decodeText() : '?';
    if (subtype === PDFName.of('Type3')) {
      missing.add(label);
      continue;
    }
    // A composite font carries its glyphs in its descendant; that one is checked on its own.
    if (subtype === PDFName.of('Type0')) continue;
    const descriptor = object.lookup(PDFName.of('FontDescriptor'));
    const embedded =
      descriptor instanceof PDFDict && ['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor.get(PDFName.of(k)) !== undefined);
    if (!embedded) missing.add(label.replace(/^[A-Z]{6}\+/u, ''));
  }
  return [...missing].sort();
}
