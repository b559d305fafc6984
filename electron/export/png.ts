import { crc32, deflateSync } from 'node:zlib';
import type { Separations } from './pdfx';

/** An 8-bit RGB image as PNG: enough of the format for the soft proof's plates. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Uint8Array {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    // Filter type 0 on every row: deflate alone makes these flat plates small enough.
    raw[y * (width * 3 + 1)] = 0;
    raw.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 6 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const pngDataUrl = (png: Uint8Array) => `data:image/png;base64,${Buffer.from(png).toString('base64')}`;

const INKS = [
  // Each plate drawn in its own ink's colour on white, as a printer lays the films out.
  { ink: 'cyan', rgb: [0, 158, 224] },
  { ink: 'magenta', rgb: [226, 0, 122] },
  { ink: 'yellow', rgb: [255, 230, 0] },
  { ink: 'black', rgb: [30, 30, 30] },
] as const;

/** Each ink of the page as its own picture, with its coverage of the page in per cent. */
export function inkPngs(seps: Separations): { ink: (typeof INKS)[number]['ink']; image: string; coverage: number }[] {
  const { width, height, cmyk } = seps;
  return INKS.map(({ ink, rgb }, plate) => {
    const out = new Uint8Array(width * height * 3);
    let sum = 0;
    for (let p = 0; p < width * height; p++) {
      const v = cmyk[p * 4 + plate]!;
      sum += v;
      for (let c = 0; c < 3; c++) out[p * 3 + c] = 255 - Math.round((v * (255 - rgb[c]!)) / 255);
    }
    return { ink, image: pngDataUrl(encodePng(width, height, out)), coverage: Math.round((sum / (width * height * 255)) * 1000) / 10 };
  });
}
