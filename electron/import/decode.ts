import { ApiError } from '../../shared/api/errors';
import { charClass, HAN, SPACE } from '../../shared/text/char-class';
import { foreignEvidence, isForeign, readsAsChinese, scriptCounts, type ForeignLanguage } from '../../shared/import/language';

export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/**
 * How much of a decoded text is what Chinese page text is made of: Han characters, CJK and
 * full-width punctuation, ASCII letters, digits and punctuation, white space. Classed by the
 * table the search terms use (shared/text/char-class.ts): two Unicode property regexes per
 * character made this a twentieth of reading a page.
 */
function plausibility(text: string): number {
  if (!text.length) return 0;
  let good = 0;
  let total = 0;
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    // A surrogate pair is one character (a lone surrogate is one too, and never good).
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    total++;
    if (plausibleCodePoint(cp)) good++;
  }
  return good / total;
}

function plausibleCodePoint(cp: number): boolean {
  return (
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0x3000 && cp <= 0x303f) ||
    (cp >= 0xff00 && cp <= 0xffef) ||
    (cp >= 0x2010 && cp <= 0x2027) ||
    cp === 0xb7 ||
    (cp >= 0x2460 && cp <= 0x24ff) ||
    (cp >= 0x25a0 && cp <= 0x25ff) ||
    (charClass(cp) & (HAN | SPACE)) !== 0
  );
}

function strict(encoding: TextEncoding | ForeignEncoding, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

type ForeignEncoding = 'shift_jis' | 'euc-jp' | 'iso-2022-jp' | 'euc-kr';

/** The double-byte encodings of Japanese and Korean whose bytes GB18030 also reads, with the name the message shows. */
const FOREIGN_ENCODINGS: readonly { encoding: ForeignEncoding; name: string; language: ForeignLanguage }[] = [
  { encoding: 'shift_jis', name: 'Shift_JIS', language: 'ja' },
  { encoding: 'euc-jp', name: 'EUC-JP', language: 'ja' },
  { encoding: 'euc-kr', name: 'EUC-KR', language: 'ko' },
];

const SAMPLE_BYTES = 65536;

/**
 * Enough of a file to tell its language: the first 64 KB, ended after a line feed, which in
 * all of these encodings is a byte of its own (never half of a pair), so the sample decodes
 * as strictly as the whole file.
 */
function sampleOf(bytes: Uint8Array): Uint8Array {
  if (bytes.length <= SAMPLE_BYTES) return bytes;
  const end = bytes.lastIndexOf(0x0a, SAMPLE_BYTES - 1);
  return end > 0 ? bytes.subarray(0, end + 1) : bytes;
}

function refuseForeign(fileName: string, language: ForeignLanguage, encoding: string): never {
  throw new ApiError('IMPORT_FOREIGN_ENCODING', { fileName, language, encoding });
}

/**
 * ISO-2022-JP is 7-bit: its bytes are ASCII and read as UTF-8 without an error, as letters and
 * punctuation. What gives it away is its switch into JIS X 0208 (ESC $ @, ESC $ B) or
 * half-width katakana (ESC ( I), which no Chinese text carries; when the file then decodes
 * strictly as ISO-2022-JP into kana or kanji, it is Japanese.
 */
function refuseIso2022jp(sample: Uint8Array, fileName: string): void {
  let designated = false;
  for (let i = sample.indexOf(0x1b); i >= 0 && !designated; i = sample.indexOf(0x1b, i + 1)) {
    designated =
      (sample[i + 1] === 0x24 && (sample[i + 2] === 0x40 || sample[i + 2] === 0x42)) || (sample[i + 1] === 0x28 && sample[i + 2] === 0x49);
  }
  if (!designated || sample.some((b) => b >= 0x80)) return;
  const text = strict('iso-2022-jp', sample);
  if (text === null) return;
  const counts = scriptCounts(text);
  if (counts.kana + counts.han > 0) refuseForeign(fileName, 'ja', 'ISO-2022-JP');
}

/**
 * A Unicode text that does not read as Chinese may be Japanese or Korean (a UTF-8 file from a
 * Japanese system): then say so rather than that it cannot be read.
 */
function refuseForeignUnicode(text: string, encoding: string, fileName: string): void {
  const counts = scriptCounts(text.slice(0, SAMPLE_BYTES));
  for (const language of ['ja', 'ko'] as const) if (isForeign(counts, language)) refuseForeign(fileName, language, encoding);
}

/**
 * Japanese and Korean bytes that GB18030 would read as Chinese characters (see
 * `shared/import/language.ts`). When the GB18030 reading has the commonest Chinese characters
 * at their usual rate it is Chinese, and kana in it are Japanese words quoted in a Chinese text;
 * otherwise each Japanese and Korean reading that decodes strictly is asked for its own
 * language's evidence, and the strongest, if strong enough, refuses the file.
 */
function refuseForeignDoubleByte(sample: Uint8Array, fileName: string): void {
  const gb = strict('gb18030', sample);
  if (gb !== null && readsAsChinese(scriptCounts(gb))) return;
  let best: { name: string; language: ForeignLanguage; evidence: number } | null = null;
  for (const { encoding, name, language } of FOREIGN_ENCODINGS) {
    const text = strict(encoding, sample);
    if (text === null) continue;
    const counts = scriptCounts(text);
    const evidence = foreignEvidence(counts, language);
    if (isForeign(counts, language) && (!best || evidence > best.evidence)) best = { name, language, evidence };
  }
  if (best) refuseForeign(fileName, best.language, best.name);
}

/**
 * Decodes a page-text file: UTF-8 (with or without BOM), UTF-16 (BOM or none), GB18030/GBK.
 * The encoding is never guessed silently: each is tried strictly and must read as Chinese
 * text, else the file is refused with the reason; Japanese (Shift_JIS, EUC-JP, ISO-2022-JP,
 * or Unicode) and Korean (EUC-KR, or Unicode) text is refused as such.
 */
export function decodePageText(bytes: Uint8Array, fileName: string): { text: string; encoding: TextEncoding } {
  if (bytes.length === 0) throw new ApiError('IMPORT_EMPTY', { fileName });
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new ApiError('IMPORT_TOO_LARGE', {
      fileName,
      size: (bytes.length / 1024 / 1024).toFixed(1),
      max: MAX_IMPORT_BYTES / 1024 / 1024,
    });
  }
  const accept = (text: string | null, encoding: TextEncoding) => {
    if (text === null) return null;
    const clean = text.replace(/^\ufeff/u, '');
    if (!clean.trim()) throw new ApiError('IMPORT_EMPTY', { fileName });
    return plausibility(clean) >= 0.97 ? { text: clean, encoding } : null;
  };

  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = strict('utf-16le', bytes);
    const r = accept(text, 'utf-16le');
    if (r) return r;
    if (text !== null) refuseForeignUnicode(text, 'UTF-16LE', fileName);
    throw new ApiError('IMPORT_UNDECODABLE', { fileName });
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const text = strict('utf-16be', bytes);
    const r = accept(text, 'utf-16be');
    if (r) return r;
    if (text !== null) refuseForeignUnicode(text, 'UTF-16BE', fileName);
    throw new ApiError('IMPORT_UNDECODABLE', { fileName });
  }
  const sample = sampleOf(bytes);
  refuseIso2022jp(sample, fileName);
  const utf8Text = strict('utf-8', bytes);
  const utf8 = accept(utf8Text, 'utf-8');
  if (utf8) return utf8;
  if (utf8Text !== null) refuseForeignUnicode(utf8Text, 'UTF-8', fileName);
  // Shift_JIS, EUC-JP and EUC-KR bytes read without an error as GB18030, as Chinese
  // characters, and many Shift_JIS pairs (those with a trail byte 0x40–0x9F) read as UTF-16
  // are Chinese characters too: Japanese and Korean are asked for first.
  refuseForeignDoubleByte(sample, fileName);
  // UTF-16 without a byte-order mark: the right byte order reads as Chinese, the wrong one as
  // scattered symbols, so exactly one order must read well, with the commonest Chinese
  // characters in it (double-byte text of another encoding read as UTF-16 has only rare ones).
  if (bytes.length % 2 === 0) {
    const chinese = (read: { text: string; encoding: TextEncoding } | null) =>
      read && readsAsChinese(scriptCounts(read.text.slice(0, SAMPLE_BYTES))) ? read : null;
    const le = chinese(accept(strict('utf-16le', bytes), 'utf-16le'));
    const be = chinese(accept(strict('utf-16be', bytes), 'utf-16be'));
    if (le && !be) return le;
    if (be && !le) return be;
  }
  const head = bytes.subarray(0, 65536);
  const controls = head.reduce((n, b) => n + (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b) ? 1 : 0), 0);
  if (controls > head.length * 0.01) throw new ApiError('IMPORT_BINARY', { fileName });
  // Valid UTF-8 up to a character cut off at the very end: a truncated file.
  for (let cut = 1; cut <= 3 && cut < bytes.length; cut++) {
    if (strict('utf-8', bytes.subarray(0, bytes.length - cut)) !== null) throw new ApiError('IMPORT_TRUNCATED', { fileName });
  }
  const gb = accept(strict('gb18030', bytes), 'gb18030');
  if (gb) return gb;
  throw new ApiError('IMPORT_UNDECODABLE', { fileName });
}
