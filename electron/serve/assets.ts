import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { Archive } from '../archive/archive';
import { imagePath } from '../archive/images';
import { findFont } from '../export/fonts';
import { isTypeface } from '../../shared/typeset/typefaces';

/**
 * The page's policy, sent with every document from both the app:// protocol and the browser
 * host: only our own scripts, styles, images (and images inlined as data) and API; no inline
 * script, no frames, no plugins.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // data: for the soft proof's plates, which the API hands over as PNG data URLs.
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

export interface Asset {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * The renderer's scripts and styles as Vite names them, with their content's hash: a name
 * never serves other bytes, so the browser may keep them for good, and reuse the code it
 * compiled from them on the next load. index.html, which names them, is asked for every time.
 */
const HASHED_ASSET = /^\/assets\/[\w.-]+-[\w-]{8}\.(js|css)$/;

const notFound = (): Asset => ({
  status: 404,
  headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  body: Buffer.from('Not found'),
});

function fileAsset(file: string, type: string, cache: string): Asset {
  return {
    status: 200,
    headers: { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': cache },
    body: readFileSync(file),
  };
}

/**
 * What the page at `pathname` gets: a photo from the archive (photos/<sha256>), one of the
 * fonts the export embeds (fonts/<face>-<weight>.ttf, so that the layout desk draws the page in
 * the faces it prints in), a file of the built renderer, or the renderer's index.html for any
 * other route. Paths never leave the renderer folder.
 */
export function loadAsset(rendererDir: string, archive: Archive, pathname: string): Asset {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return notFound();
  }
  const photo = /^\/photos\/([0-9a-f]{64})$/.exec(path);
  if (photo?.[1]) {
    const image = archive.image(photo[1]);
    if (!image) return notFound();
    try {
      return fileAsset(imagePath(archive.photosDir, image.hash, image.mime), image.mime, 'private, max-age=31536000, immutable');
    } catch {
      return notFound();
    }
  }
  const font = /^\/fonts\/([a-z]+)-(400|700)\.ttf$/.exec(path);
  if (font?.[1] && isTypeface(font[1])) {
    const file = findFont(font[1], font[2] === '700' ? 700 : 400);
    return file ? fileAsset(file, TYPES['.ttf']!, 'private, max-age=86400') : notFound();
  }
  const root = normalize(rendererDir + sep);
  const file = normalize(join(rendererDir, path));
  if (file.startsWith(root) && extname(file)) {
    try {
      if (statSync(file).isFile()) {
        const cache = HASHED_ASSET.test(path) ? 'private, max-age=31536000, immutable' : 'no-cache';
        return fileAsset(file, TYPES[extname(file)] ?? 'application/octet-stream', cache);
      }
    } catch {
      return notFound();
    }
    return notFound();
  }
  try {
    return fileAsset(join(rendererDir, 'index.html'), TYPES['.html'] ?? 'text/html', 'no-cache');
  } catch {
    return notFound();
  }
}
