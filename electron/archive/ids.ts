import { nodeCrypto } from '../node-crypto';

/**
 * Article ids: UUID version 7 (RFC 9562), whose first 48 bits are the time in milliseconds.
 * New rows then land at the end of every index keyed by article id, instead of at random
 * places, which keeps imports of millions of articles from slowing down as the archive grows.
 */
let lastMs = 0;
let sequence = 0;

// Random bytes drawn 4 KiB at a time: one call to the system per 256 ids, not one per id.
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
function random16(): Buffer {
  if (poolAt + 16 > pool.length) {
    nodeCrypto().randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += 16;
  return Buffer.from(pool.subarray(poolAt - 16, poolAt));
}

export function newArticleId(now = Date.now()): string {
  // Within one millisecond, a counter in the random bits keeps ids increasing.
  if (now === lastMs) sequence = (sequence + 1) & 0xfff;
  const bytes = random16();
  if (now !== lastMs) [lastMs, sequence] = [now, bytes.readUInt16BE(14) & 0x7ff];
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
