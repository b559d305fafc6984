import { nodeCrypto } from '../node-crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { imageSize } from 'image-size';
import { ApiError } from '../../shared/api/errors';
import { LIMITS, type ImageMime } from '../../shared/domain/article';

const MIME_OF: Record<string, ImageMime> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' };
const EXT_OF: Record<ImageMime, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

export interface StoredImage {
  hash: string;
  mime: ImageMime;
  width: number;
  height: number;
  bytes: number;
}

/** Where an image lives in the archive folder: photos/ab/abcdef….png, named by its SHA-256. */
export function imagePath(photosDir: string, hash: string, mime: ImageMime): string {
  return join(photosDir, hash.slice(0, 2), `${hash}.${EXT_OF[mime]}`);
}

/** Reads what an image file really is from its bytes; the file name's extension is not trusted. */
export function identifyImage(bytes: Uint8Array, fileName: string): { mime: ImageMime; width: number; height: number } {
  let info: ReturnType<typeof imageSize>;
  try {
    info = imageSize(bytes);
  } catch {
    throw new ApiError('IMAGE_NOT_IMAGE', { fileName });
  }
  const mime = info.type ? MIME_OF[info.type] : undefined;
  if (!mime) throw new ApiError('IMAGE_UNSUPPORTED', { fileName, type: (info.type ?? '?').toUpperCase() });
  if (!info.width || !info.height) throw new ApiError('IMAGE_NOT_IMAGE', { fileName });
  return { mime, width: info.width, height: info.height };
}

/**
 * Stores an image file in the archive folder and records it. The file is written under a
 * temporary name and renamed into place, so a crash never leaves half a photo under its hash;
 * the same image twice is stored once.
 */
export function storeImage(db: Database, photosDir: string, bytes: Uint8Array, fileName: string, now: string): StoredImage {
  if (bytes.byteLength > LIMITS.photoBytes) {
    throw new ApiError('IMAGE_TOO_LARGE', {
      size: (bytes.byteLength / 1024 / 1024).toFixed(1),
      max: LIMITS.photoBytes / 1024 / 1024,
    });
  }
  const { mime, width, height } = identifyImage(bytes, fileName);
  const hash = nodeCrypto().createHash('sha256').update(bytes).digest('hex');
  const path = imagePath(photosDir, hash, mime);
  if (!existsSync(path)) {
    mkdirSync(join(photosDir, hash.slice(0, 2)), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, bytes);
    renameSync(temp, path);
  }
  db.prepare(
    `INSERT INTO images (hash, mime, width, height, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (hash) DO NOTHING`,
  ).run(hash, mime, width, height, bytes.byteLength, now);
  return { hash, mime, width, height, bytes: bytes.byteLength };
}

export function findImage(db: Database, hash: string): StoredImage | undefined {
  return db.prepare('SELECT hash, mime, width, height, bytes FROM images WHERE hash = ?').get(hash) as StoredImage | undefined;
}
