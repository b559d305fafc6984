import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import type { ImageMime } from '../../shared/domain/article';

/**
 * Whether a photo was enlarged before it reached us, read from its pixels: a picture enlarged k
 * times has next to no detail above 1/k of its Nyquist frequency, whatever filter enlarged it.
 * Rows and columns of the picture are cut into 64-pixel runs; the power spectrum of the runs
 * that carry detail, each bin weighted by its frequency (a photograph's spectrum falls as 1/f, so
 * weighted it is about flat), is compared with its level at periods of 8 to 16 pixels. Where it
 * falls under a tenth of that level is the highest frequency the picture holds: Nyquist over
 * that frequency is the factor. See README, "Press-ready PDF/X", for how the limits were chosen.
 */

/** Luminance, one byte a pixel, rows from the top. */
export interface Luma {
  width: number;
  height: number;
  data: Uint8Array;
}

const RUN = 64;
const BINS = RUN / 2;
/** Where the weighted spectrum is taken as the picture's own level: periods of 8 to 16 pixels. */
const REF_FROM = 4;
const REF_TO = 8;
/** The fraction of that level under which a frequency is taken to be empty. */
const EMPTY = 0.1;
/**
 * Detail at periods of 8–16 pixels against 32–64: a smooth drawing (gradients, soft shapes) has
 * next to none, and then nothing says whether it lost its fine detail by being enlarged; photos
 * measured have at least 0.16, even enlarged 4 times.
 */
const TEXTURE_MIN = 0.05;
/** Fewer runs with detail than this (a flat graphic, a tiny picture) are too few to judge. */
const RUNS_MIN = 100;
/** Runs read at most, each way: enough for a stable spectrum, few enough to stay fast on 24 Mpx. */
const RUNS_MAX = 20_000;
/** A run flatter than this (standard deviation, in grey levels) is sky or paper: no detail to judge. */
const FLAT = 2;

const HANN = Float64Array.from({ length: RUN }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (RUN - 1)));
const COS = Float64Array.from({ length: RUN }, (_, i) => Math.cos((2 * Math.PI * i) / RUN));
const SIN = Float64Array.from({ length: RUN }, (_, i) => Math.sin((2 * Math.PI * i) / RUN));
const REVERSED = Uint8Array.from({ length: RUN }, (_, i) => {
  let r = 0;
  for (let b = 1, v = i; b < RUN; b <<= 1, v >>= 1) r = (r << 1) | (v & 1);
  return r;
});

/** Adds the power spectrum of one run (bins 0…32) to `power`; false when the run is flat. */
function addRun(values: Float64Array, re: Float64Array, im: Float64Array, power: Float64Array): boolean {
  let mean = 0;
  for (let i = 0; i < RUN; i++) mean += values[i]!;
  mean /= RUN;
  let variance = 0;
  for (let i = 0; i < RUN; i++) variance += (values[i]! - mean) ** 2;
  if (variance / RUN < FLAT * FLAT) return false;
  for (let i = 0; i < RUN; i++) {
    re[REVERSED[i]!] = (values[i]! - mean) * HANN[i]!;
    im[REVERSED[i]!] = 0;
  }
  for (let size = 2; size <= RUN; size <<= 1) {
    const half = size >> 1;
    const step = RUN / size;
    for (let start = 0; start < RUN; start += size)
      for (let k = 0; k < half; k++) {
        const a = start + k;
        const b = a + half;
        const c = COS[k * step]!;
        const s = -SIN[k * step]!;
        const tr = re[b]! * c - im[b]! * s;
        const ti = re[b]! * s + im[b]! * c;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a] = re[a]! + tr;
        im[a] = im[a]! + ti;
      }
  }
  for (let j = 0; j <= BINS; j++) power[j] = power[j]! + re[j]! * re[j]! + im[j]! * im[j]!;
  return true;
}

/**
 * How many times the picture was enlarged, 1 when it holds detail up to its own pixels (capped
 * at 4, beyond what the reference periods can tell), or null when it cannot be told: too
 * little detail to judge (a flat or smooth graphic, a tiny picture).
 */
export function upsamplingFactor(luma: Luma): number | null {
  const { width, height, data } = luma;
  const power = new Float64Array(BINS + 1);
  const values = new Float64Array(RUN);
  const re = new Float64Array(RUN);
  const im = new Float64Array(RUN);
  let runs = 0;
  const perRow = Math.floor(width / RUN);
  const perColumn = Math.floor(height / RUN);
  const rowStep = Math.max(1, Math.ceil((height * perRow) / RUNS_MAX));
  const columnStep = Math.max(1, Math.ceil((width * perColumn) / RUNS_MAX));
  for (let y = 0; y < height; y += rowStep)
    for (let r = 0; r < perRow; r++) {
      const at = y * width + r * RUN;
      for (let i = 0; i < RUN; i++) values[i] = data[at + i]!;
      if (addRun(values, re, im, power)) runs++;
    }
  for (let x = 0; x < width; x += columnStep)
    for (let r = 0; r < perColumn; r++) {
      for (let i = 0; i < RUN; i++) values[i] = data[(r * RUN + i) * width + x]!;
      if (addRun(values, re, im, power)) runs++;
    }
  if (runs < RUNS_MIN) return null;
  let low = 0;
  let reference = 0;
  let texture = 0;
  for (let j = 1; j <= 2; j++) low += power[j]!;
  for (let j = REF_FROM; j <= REF_TO; j++) {
    texture += power[j]!;
    reference += j * power[j]!;
  }
  reference /= REF_TO - REF_FROM + 1;
  if (!(reference > 0) || texture < TEXTURE_MIN * low) return null;
  // Weighted and smoothed over three bins, so that one bin (JPEG's 8-pixel blocks) does not decide.
  const level = (j: number) => (j * power[j]!) / reference;
  const smooth = (j: number) => (j >= BINS ? (level(BINS - 1) + level(BINS)) / 2 : (level(j - 1) + level(j) + level(j + 1)) / 3);
  let highest = BINS;
  for (let j = REF_TO; j < BINS; j++) {
    const here = smooth(j);
    const next = smooth(j + 1);
    if (next < EMPTY) {
      highest = here > EMPTY ? j + (here - EMPTY) / (here - next) : j;
      break;
    }
  }
  return Math.round((BINS / highest) * 10) / 10;
}

/** A PNG's luminance, decoded here (8 or 16 bits, grey, RGB, palette, with or without alpha); null for what is not read. */
export function pngLuma(bytes: Uint8Array): Luma | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 33 || buf.readUInt32BE(0) !== 0x89504e47) return null;
  let width = 0;
  let height = 0;
  let depth = 0;
  let type = 0;
  let interlaced = false;
  let palette: Buffer | null = null;
  const parts: Buffer[] = [];
  for (let at = 8; at + 8 <= buf.length;) {
    const length = buf.readUInt32BE(at);
    const name = buf.toString('latin1', at + 4, at + 8);
    const body = buf.subarray(at + 8, at + 8 + length);
    if (name === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      depth = body[8]!;
      type = body[9]!;
      interlaced = body[12] !== 0;
    } else if (name === 'PLTE') palette = body;
    else if (name === 'IDAT') parts.push(body);
    else if (name === 'IEND') break;
    at += 12 + length;
  }
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[type];
  // Interlaced or fewer than 8 bits a sample: drawings, not photographs; not worth a decoder.
  if (!channels || interlaced || (depth !== 8 && depth !== 16) || (type === 3 && (depth !== 8 || !palette))) return null;
  const raw = inflateSync(Buffer.concat(parts));
  const bpp = (channels * depth) / 8;
  const stride = width * bpp;
  if (raw.length < (stride + 1) * height) return null;
  let previous = new Uint8Array(stride);
  let row = new Uint8Array(stride);
  const data = new Uint8Array(width * height);
  const hi = depth / 8;
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? row[i - bpp]! : 0;
      const b = previous[i]!;
      const c = i >= bpp ? previous[i - bpp]! : 0;
      let v = line[i]!;
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      row[i] = v & 0xff;
    }
    for (let x = 0; x < width; x++) {
      // The high byte of a 16-bit sample is enough to see detail by.
      const at = x * bpp;
      let l: number;
      if (type === 3) {
        const p = row[at]! * 3;
        l = (palette![p]! * 299 + palette![p + 1]! * 587 + palette![p + 2]! * 114) / 1000;
      } else if (channels >= 3) l = (row[at]! * 299 + row[at + hi]! * 587 + row[at + 2 * hi]! * 114) / 1000;
      else l = row[at]!;
      data[y * width + x] = Math.round(l);
    }
    [previous, row] = [row, previous];
  }
  return { width, height, data };
}

/** The number of components and whether Adobe's inverted CMYK is used, from a JPEG's markers. */
function jpegComponents(bytes: Uint8Array): { components: number; width: number; height: number; adobe: boolean } | null {
  let adobe = false;
  for (let at = 2; at + 4 <= bytes.length;) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (marker === 0xee && String.fromCharCode(...bytes.subarray(at + 4, at + 9)) === 'Adobe') adobe = true;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return {
        height: (bytes[at + 5]! << 8) | bytes[at + 6]!,
        width: (bytes[at + 7]! << 8) | bytes[at + 8]!,
        components: bytes[at + 9]!,
        adobe,
      };
    at += 2 + length;
  }
  return null;
}

/**
 * A JPEG's luminance, decoded by Ghostscript (which the PDF/X needs anyway): its libjpeg
 * decodes a newsroom's 12-megapixel photo in a fraction of the time a decoder in JavaScript
 * takes. The picture comes out pixel for pixel, at 72 dpi on a page of its own size in points,
 * as RGB: Ghostscript's own conversion to grey costs more than the whole decoding.
 */
async function jpegLuma(file: string, bytes: Uint8Array): Promise<Luma | null> {
  const info = jpegComponents(bytes);
  if (!info || ![1, 3, 4].includes(info.components) || !info.width || !info.height) return null;
  const { width, height } = info;
  const space = { 1: '/DeviceGray', 3: '/DeviceRGB', 4: '/DeviceCMYK' }[info.components as 1 | 3 | 4];
  const decode = Array.from({ length: info.components }, () => (info.components === 4 && info.adobe ? '1 0' : '0 1')).join(' ');
  // Read from the file, not standard input, which Ghostscript reads a few bytes at a time.
  const program =
    `/F (${file.replace(/[\\()]/gu, (c) => `\\${c}`)}) (r) file /DCTDecode filter def ${space} setcolorspace ${width} ${height} scale ` +
    `<< /ImageType 1 /Width ${width} /Height ${height} /BitsPerComponent 8 /Decode [${decode}] ` +
    `/ImageMatrix [${width} 0 0 -${height} 0 ${height}] /DataSource F >> image showpage`;
  // From pdfx.ts, which brings pdf-lib: loaded when a photo is looked at, not with the program.
  const { path } = await (await import('./pdfx')).ghostscript();
  const out = await new Promise<Buffer>((resolve, reject) => {
    const child = spawn(path, [
      '-q',
      '-dNOPAUSE',
      '-dBATCH',
      '-dSAFER',
      `--permit-file-read=${file}`,
      '-sDEVICE=ppmraw',
      '-r72',
      `-dDEVICEWIDTHPOINTS=${width}`,
      `-dDEVICEHEIGHTPOINTS=${height}`,
      '-dFIXEDMEDIA',
      '-sOutputFile=-',
      '-c',
      program,
    ]);
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`Ghostscript exited with ${code}`))));
  });
  // P6, comments, width height, 255, then the pixels.
  const header = /^P6\s(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)\s+255\s/u.exec(out.toString('latin1', 0, Math.min(out.length, 512)));
  if (!header || Number(header[1]) !== width || Number(header[2]) !== height || out.length < header[0].length + width * height * 3)
    return null;
  const data = new Uint8Array(width * height);
  for (let p = 0, at = header[0].length; p < data.length; p++, at += 3)
    data[p] = Math.round((out[at]! * 299 + out[at + 1]! * 587 + out[at + 2]! * 114) / 1000);
  return { width, height, data };
}

const measured = new Map<string, number | null>();
/** Measurements kept at most: a photo file never changes (it is named by its hash). */
const KEPT = 500;

/**
 * How many times the photo in `file` was enlarged (see upsamplingFactor), measured once per file;
 * null for a WebP (no decoder here) or a picture that cannot be judged.
 */
export async function photoUpsampling(file: string, mime: ImageMime): Promise<number | null> {
  const known = measured.get(file);
  if (known !== undefined) return known;
  const bytes = new Uint8Array(readFileSync(file));
  let luma: Luma | null;
  try {
    luma = mime === 'image/png' ? pngLuma(bytes) : mime === 'image/jpeg' ? await jpegLuma(file, bytes) : null;
  } catch {
    // A file no decoder reads, or no Ghostscript: not judged, and not remembered (the PDF/X says why Ghostscript failed).
    return null;
  }
  const factor = luma ? upsamplingFactor(luma) : null;
  if (measured.size >= KEPT) measured.delete(measured.keys().next().value!);
  measured.set(file, factor);
  return factor;
}
