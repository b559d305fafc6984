/**
 * UTF-16 code units written into a buffer, decoded into a string at once: the loops that cut
 * every article's search terms write their output this way, since a string per term and a
 * join cost more than the cutting itself. (The WHATWG Encoding API is in Node and in every
 * browser; the shared code's ES2023 lib does not declare it. Decoding at once is a third faster
 * than String.fromCharCode.)
 */
const decoder = new (globalThis as unknown as { TextDecoder: new (label: string) => { decode(units: Uint16Array): string } }).TextDecoder(
  'utf-16le',
);

export function decodeUtf16(units: Uint16Array): string {
  return decoder.decode(units);
}
