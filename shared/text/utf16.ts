/**
 * UTF-16 code units written into a buffer, decoded into a string at once: the loops that cut
 * every article's search terms write their output this way, since a string per term and a
 * join cost more than the cutting itself. (The WHATWG Encoding API is in Node and in every
 * browser; the shared code's ES2023 lib does not declare it. Decoding at once is a third faster
 * than String.fromCharCode.) Where Node's Buffer is there (the import's threads, the archive),
 * it decodes three to four times faster than TextDecoder for the thousand units of an
 * article's terms; the units written here are whole characters, so the two read them alike
 * (TextDecoder would put U+FFFD for a lone surrogate, which these loops never write).
 */
interface NodeBuffer {
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): { toString(encoding: 'ucs2'): string };
}
const NodeBuffer = (globalThis as unknown as { Buffer?: NodeBuffer }).Buffer;
const decoder = new (globalThis as unknown as { TextDecoder: new (label: string) => { decode(units: Uint16Array): string } }).TextDecoder(
  'utf-16le',
);

export const decodeUtf16: (units: Uint16Array) => string = NodeBuffer
  ? (units) => NodeBuffer.from(units.buffer, units.byteOffset, units.byteLength).toString('ucs2')
  : (units) => decoder.decode(units);
