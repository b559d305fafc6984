import { nodeCrypto } from '../node-crypto';
import { ApiError } from '../../shared/api/errors';
import type { ImageMime } from '../../shared/domain/article';
import { IMAGE_BYTES_MAX } from '../../shared/sync/protocol';
import type { SqlQuery } from './sql';

/** Photos by the SHA-256 of their bytes: an upload is checked to be what its name says and an image we take. */

/** PNG, JPEG or WebP by their first bytes; null for anything else. */
export function imageMimeOf(bytes: Uint8Array): ImageMime | null {
  const at = (i: number, ...b: number[]) => b.every((x, k) => bytes[i + k] === x);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  return null;
}

export async function missingImages(db: SqlQuery, hashes: readonly string[]): Promise<string[]> {
  if (!hashes.length) return [];
  const rows = await db.query<{ hash: string }>('SELECT hash FROM images WHERE hash = ANY($1::text[])', [[...hashes]]);
  const have = new Set(rows.map((r) => r.hash));
  return [...new Set(hashes)].filter((h) => !have.has(h));
}

export async function storeImage(db: SqlQuery, hash: string, bytes: Buffer): Promise<void> {
  if (bytes.length > IMAGE_BYTES_MAX)
    throw new ApiError('IMAGE_TOO_LARGE', { size: (bytes.length / 1024 / 1024).toFixed(1), max: IMAGE_BYTES_MAX / 1024 / 1024 });
  if (nodeCrypto().createHash('sha256').update(bytes).digest('hex') !== hash) throw new ApiError('IMAGE_HASH_MISMATCH');
  const mime = imageMimeOf(bytes);
  if (!mime) throw new ApiError('IMAGE_NOT_IMAGE', { fileName: hash });
  await db.query('INSERT INTO images (hash, mime, bytes, size) VALUES ($1, $2, $3, $4) ON CONFLICT (hash) DO NOTHING', [
    hash,
    mime,
    bytes,
    bytes.length,
  ]);
}

export async function loadImage(db: SqlQuery, hash: string): Promise<{ mime: string; bytes: Buffer } | null> {
  const [row] = await db.query<{ mime: string; bytes: Uint8Array }>('SELECT mime, bytes FROM images WHERE hash = $1', [hash]);
  return row ? { mime: row.mime, bytes: Buffer.from(row.bytes) } : null;
}
