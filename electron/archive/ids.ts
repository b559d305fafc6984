import { randomBytes } from 'node:crypto';

/**
 * Article ids: UUID version 7 (RFC 9562), whose first 48 bits are the time in milliseconds.
 * New rows then land at the end of every index keyed by article id, instead of at random
 * places, which keeps imports of millions of articles from slowing down as the archive grows.
 */
let lastMs = 0;
let sequence = 0;

export function newArticleId(now = Date.now()): string {
  // Within one millisecond, a counter in the random bits keeps ids increasing.
  if (now === lastMs) sequence = (sequence + 1) & 0xfff;
  else [lastMs, sequence] = [now, randomBytes(2).readUInt16BE(0) & 0x7ff];
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
