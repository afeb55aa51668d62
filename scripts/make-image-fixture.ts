/**
 * `npx tsx scripts/make-image-fixture.ts`: writes tests/fixtures/images/shapes.zip, the image
 * upload the tests and the end-to-end test read: shapes/{circle,square,triangle}/, six 32x32 RGB
 * PNGs each, drawn here and PNG-encoded by hand, plus shapes/triangle/broken.png (junk bytes), so
 * the list of unreadable images has an entry. The same bytes on every run (fixed seed and dates).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync, zlibSync } from 'fflate';
import { seededRandom } from '../lib/engine/random';

const size = 32;
const perClass = 6;
const shapes = ['circle', 'square', 'triangle'] as const;
const output = path.join(import.meta.dirname, '..', 'tests', 'fixtures', 'images', 'shapes.zip');

type Rgb = [number, number, number];

/** A shape of a random colour, size and place on a light background, as rows of RGB bytes. */
function draw(shape: (typeof shapes)[number], random: () => number): Uint8Array {
  const pixels = new Uint8Array(size * size * 3);
  const background: Rgb = [235, 235, 225];
  const ink: Rgb = [Math.floor(random() * 160), Math.floor(random() * 160), Math.floor(random() * 160)];
  const radius = 7 + random() * 5;
  const centreX = radius + random() * (size - 2 * radius);
  const centreY = radius + random() * (size - 2 * radius);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = x + 0.5 - centreX;
      const dy = y + 0.5 - centreY;
      const inside =
        shape === 'circle'
          ? dx * dx + dy * dy <= radius * radius
          : shape === 'square'
            ? Math.abs(dx) <= radius * 0.85 && Math.abs(dy) <= radius * 0.85
            : // Apex up, base at the bottom: the half-width grows from 0 at the apex to the radius at the base.
              dy >= -radius && dy <= radius && Math.abs(dx) <= (dy + radius) / 2;
      pixels.set(inside ? ink : background, (y * size + x) * 3);
    }
  }
  return pixels;
}

/** A minimal PNG: signature, IHDR (8-bit RGB), one IDAT (every row with filter 0, zlib-compressed), IEND. */
function encodePng(rgb: Uint8Array, width: number, height: number): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace
  const rows = new Uint8Array(height * (1 + width * 3));
  for (let y = 0; y < height; y++) rows.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (1 + width * 3) + 1);
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return concat([
    Uint8Array.from(signature),
    chunk('IHDR', header),
    chunk('IDAT', zlibSync(rows, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

/** Length, type, data, and the CRC-32 of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const random = seededRandom(9);
const files: Record<string, Uint8Array> = {};
for (const shape of shapes) {
  for (let i = 1; i <= perClass; i++) files[`shapes/${shape}/${shape}-${i}.png`] = encodePng(draw(shape, random), size, size);
}
files['shapes/triangle/broken.png'] = new TextEncoder().encode('This is not a PNG: the upload should list it as unreadable.');
// PNGs are compressed already; a fixed date keeps the zip's bytes the same on every run.
const zip = zipSync(files, {
  level: 0,
  mtime: new Date('2026-01-01T00:00:00Z'),
});
mkdirSync(path.dirname(output), { recursive: true });
writeFileSync(output, zip);
console.log(
  `make-image-fixture: wrote ${path.relative(process.cwd(), output)} (${Object.keys(files).length} files, ${zip.length.toLocaleString('en-US')} bytes).`,
);
