import { ApiError } from '../../shared/api/errors';

export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/**
 * How much of a decoded text is what Chinese page text is made of: Han characters, CJK and
 * full-width punctuation, ASCII letters, digits and punctuation, white space.
 */
function plausibility(text: string): number {
  if (!text.length) return 0;
  let good = 0;
  let total = 0;
  for (const ch of text) {
    total++;
    if (/[\p{Script=Han}\u3000-\u303f\uff00-\uffef\u2010-\u2027\u00b7\u2460-\u24ff\u25a0-\u25ff]/u.test(ch) || /[\x20-\x7e\s]/.test(ch)) good++;
  }
  return good / total;
}

function strict(encoding: TextEncoding, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Decodes a page-text file: UTF-8 (with or without BOM), UTF-16 (BOM or none), GB18030/GBK.
 * The encoding is never guessed silently: each is tried strictly and must read as Chinese
 * text, else the file is refused with the reason.
 */
export function decodePageText(bytes: Uint8Array, fileName: string): { text: string; encoding: TextEncoding } {
  if (bytes.length === 0) throw new ApiError('IMPORT_EMPTY', { fileName });
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new ApiError('IMPORT_TOO_LARGE', { fileName, size: (bytes.length / 1024 / 1024).toFixed(1), max: MAX_IMPORT_BYTES / 1024 / 1024 });
  }
  const accept = (text: string | null, encoding: TextEncoding) => {
    if (text === null) return null;
    const clean = text.replace(/^\ufeff/u, '');
    if (!clean.trim()) throw new ApiError('IMPORT_EMPTY', { fileName });
    return plausibility(clean) >= 0.97 ? { text: clean, encoding } : null;
  };

  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const r = accept(strict('utf-16le', bytes), 'utf-16le');
    if (r) return r;
    throw new ApiError('IMPORT_UNDECODABLE', { fileName });
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const r = accept(strict('utf-16be', bytes), 'utf-16be');
    if (r) return r;
    throw new ApiError('IMPORT_UNDECODABLE', { fileName });
  }
  const utf8 = accept(strict('utf-8', bytes), 'utf-8');
  if (utf8) return utf8;
  // UTF-16 without a byte-order mark: the right byte order reads as Chinese, the wrong one as
  // scattered symbols, so exactly one order must read well.
  if (bytes.length % 2 === 0) {
    const le = accept(strict('utf-16le', bytes), 'utf-16le');
    const be = accept(strict('utf-16be', bytes), 'utf-16be');
    if (le && !be) return le;
    if (be && !le) return be;
  }
  const sample = bytes.subarray(0, 65536);
  const controls = sample.reduce((n, b) => n + (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b) ? 1 : 0), 0);
  if (controls > sample.length * 0.01) throw new ApiError('IMPORT_BINARY', { fileName });
  // Valid UTF-8 up to a character cut off at the very end: a truncated file.
  for (let cut = 1; cut <= 3 && cut < bytes.length; cut++) {
    if (strict('utf-8', bytes.subarray(0, bytes.length - cut)) !== null) throw new ApiError('IMPORT_TRUNCATED', { fileName });
  }
  const gb = accept(strict('gb18030', bytes), 'gb18030');
  if (gb) return gb;
  throw new ApiError('IMPORT_UNDECODABLE', { fileName });
}
