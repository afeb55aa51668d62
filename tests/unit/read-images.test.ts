import { readFileSync } from 'node:fs';
import path from 'node:path';
import { unzlibSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { type Column, type Table } from '@/lib/data/table';
import { readImageSet, resizeImage, type DecodeImage, type ImageProgress, type ImageSetResult } from '@/lib/upload/images/read-images';

// ---- A fake image format the fake decoder reads: "IMG!", width, height, then RGBA bytes -------

type Rgba = [number, number, number, number];

function fakeImage(width: number, height: number, pixels: Rgba[]): Uint8Array {
  if (pixels.length !== width * height) throw new Error('one RGBA value per pixel');
  return Uint8Array.from([...'IMG!'].map((c) => c.charCodeAt(0)).concat([width, height], pixels.flat()));
}

/** One colour all over. */
const solid = (rgba: Rgba, width = 2, height = 2) =>
  fakeImage(
    width,
    height,
    Array.from({ length: width * height }, () => rgba),
  );

const fakeDecode: DecodeImage = async (bytes) => {
  if (String.fromCharCode(...bytes.subarray(0, 4)) !== 'IMG!') throw new Error('unknown format');
  const [width, height] = bytes.subarray(4, 6);
  return { width, height, data: new Uint8ClampedArray(bytes.subarray(6)) };
};

const junk = new TextEncoder().encode('not an image at all');

function ok(result: ImageSetResult) {
  if (!result.ok) throw new Error(`Expected images, got ${result.error.code}: ${result.error.message}`);
  return result;
}

function failed(result: ImageSetResult) {
  if (result.ok) throw new Error(`Expected an error, got ${result.data.table.rows} images`);
  return result.error;
}

function columns(table: Table) {
  const [image, label] = table.columns as [Extract<Column, { type: 'image' }>, Extract<Column, { type: 'category' }>];
  expect([image.name, image.type, label.name, label.type]).toEqual(['image', 'image', 'label', 'category']);
  return { image, label };
}

const rgb = { size: [2, 2] as [number, number], channels: 3 as const };

describe('readImageSet from a zip', () => {
  const zip = zipSync({
    'pets/': new Uint8Array(),
    'pets/cat/1.png': solid([10, 20, 30, 255]),
    'pets/cat/2.png': solid([11, 21, 31, 255]),
    'pets/cat/broken.png': junk,
    'pets/dog/1.jpg': solid([200, 100, 50, 255]),
    'pets/notes.txt': new TextEncoder().encode('hello'),
    '__MACOSX/pets/cat/._1.png': junk,
  });

  it('gives an image column and a sorted label column, counts per class, and lists unreadable and skipped files', async () => {
    const result = ok(await readImageSet(zip, rgb, fakeDecode));
    const { table, classes, unreadable, skipped, info } = result.data;
    expect(table.rows).toBe(3);
    const { image, label } = columns(table);
    expect(image.shape).toEqual([2, 2, 3]);
    expect(image.values.length).toBe(3 * 12);
    expect(label.categories).toEqual(['cat', 'dog']);
    expect([...label.values].sort()).toEqual(['cat', 'cat', 'dog']);
    // Each row's pixels belong to its label: dogs are the orange ones.
    label.values.forEach((name, row) => expect(image.values[row * 12] >= 200).toBe(name === 'dog'));
    expect(classes).toEqual([
      { name: 'cat', count: 2 },
      { name: 'dog', count: 1 },
    ]);
    expect(unreadable).toEqual([
      {
        path: 'pets/cat/broken.png',
        reason: expect.stringMatching(/not an image this browser can open.*unknown format/),
      },
    ]);
    expect(skipped).toEqual([
      {
        path: 'pets/notes.txt',
        reason: expect.stringMatching(/not an image \(\.txt\)/),
      },
    ]);
    expect(result.problems.map((p) => p.code)).toEqual(['IMAGES_SKIPPED', 'IMAGES_UNREADABLE']);
    expect(result.problems[1].message).toMatch(/^1 image could not be read and is left out, e.g\. pets\/cat\/broken\.png: /);
    expect(info).toEqual({
      columns: expect.any(Array),
      rows: 3,
      ordered: false,
      target: 'label',
    });
    expect(info.columns.map((c) => [c.name, c.type, c.shape ?? c.categories])).toEqual([
      ['image', 'image', [2, 2, 3]],
      ['label', 'category', ['cat', 'dog']],
    ]);
    expect(info.columns[0].description).toMatch(/resized to 2x2 \(aspect ratio not kept\), RGB pixels 0-255/);
  });

  it('reports progress once per image, read or not', async () => {
    const progress: ImageProgress[] = [];
    await readImageSet(zip, rgb, fakeDecode, (p) => progress.push(p));
    expect(progress.map((p) => [p.done, p.total])).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
    expect(progress.map((p) => p.path).sort()).toEqual(['pets/cat/1.png', 'pets/cat/2.png', 'pets/cat/broken.png', 'pets/dog/1.jpg']);
  });

  it('interleaves the classes, so the first rows hold every class', async () => {
    const files: Record<string, Uint8Array> = {};
    for (const name of ['a', 'b', 'c']) for (let i = 0; i < 4; i++) files[`${name}/${i}.png`] = solid([name.charCodeAt(0), 0, 0, 255]);
    const { table } = ok(await readImageSet(zipSync(files), rgb, fakeDecode)).data;
    const { image, label } = columns(table);
    expect(label.values.slice(0, 3).sort()).toEqual(['a', 'b', 'c']);
    label.values.forEach((name, row) => expect(image.values[row * 12]).toBe(name!.charCodeAt(0)));
  });

  it('says IMAGES_NOT_A_ZIP for bytes that are not a zip', async () => {
    const error = failed(await readImageSet(junk, rgb, fakeDecode));
    expect(error.code).toBe('IMAGES_NOT_A_ZIP');
    expect(error.message).toMatch(/not a zip archive, or it is damaged\. Make a new zip/);
  });

  it('lists a file whose compressed data is damaged, and reads the others of its batch', async () => {
    // Stored first, so its data starts right after the first local header; 0xff opens a deflate block of invalid type 3.
    const damaged = zipSync(
      {
        'a/1.png': solid([1, 1, 1, 255], 16, 16),
        'a/2.png': solid([2, 2, 2, 255]),
        'b/1.png': solid([3, 3, 3, 255]),
      },
      { level: 9 },
    );
    const nameLength = damaged[26] | (damaged[27] << 8);
    const extraLength = damaged[28] | (damaged[29] << 8);
    damaged[30 + nameLength + extraLength] = 0xff;
    const { unreadable, classes } = ok(await readImageSet(damaged, rgb, fakeDecode)).data;
    expect(unreadable).toEqual([
      {
        path: 'a/1.png',
        reason: expect.stringMatching(/data for this file is damaged/),
      },
    ]);
    expect(classes).toEqual([
      { name: 'a', count: 1 },
      { name: 'b', count: 1 },
    ]);
  });

  it('lists a file compressed with a method fflate cannot unzip, without trying', async () => {
    const zipped = zipSync({
      'a/1.png': solid([1, 1, 1, 255]),
      'a/2.png': solid([2, 2, 2, 255]),
      'b/1.png': solid([3, 3, 3, 255]),
    });
    // Mark a/1.png as LZMA (method 14) in its local header and in the central directory.
    zipped[8] = 14;
    const central = findCentralEntry(zipped, 'a/1.png');
    zipped[central + 10] = 14;
    const { unreadable } = ok(await readImageSet(zipped, rgb, fakeDecode)).data;
    expect(unreadable).toEqual([
      {
        path: 'a/1.png',
        reason: expect.stringMatching(/compressed with a method this app cannot unzip \(14\)/),
      },
    ]);
  });
});

/** Where the central directory entry (signature PK\1\2) of `name` starts. */
function findCentralEntry(zip: Uint8Array, name: string): number {
  const encoded = new TextEncoder().encode(name);
  for (let i = 0; i < zip.length - 46; i++) {
    if (zip[i] === 0x50 && zip[i + 1] === 0x4b && zip[i + 2] === 1 && zip[i + 3] === 2 && encoded.every((b, k) => zip[i + 46 + k] === b))
      return i;
  }
  throw new Error(`${name} is not in the central directory`);
}

describe('readImageSet from a picked folder', () => {
  it('reads files given as bytes or read on demand, and lists those that cannot be opened', async () => {
    const result = ok(
      await readImageSet(
        [
          { path: 'shapes/circle/1.png', bytes: solid([0, 0, 0, 255]) },
          {
            path: 'shapes/square/1.png',
            bytes: async () => solid([9, 9, 9, 255]),
            size: 22,
          },
          {
            path: 'shapes/square/gone.png',
            bytes: () => Promise.reject(new Error('NotFoundError')),
            size: 22,
          },
        ],
        rgb,
        fakeDecode,
      ),
    );
    expect(result.data.classes).toEqual([
      { name: 'circle', count: 1 },
      { name: 'square', count: 1 },
    ]);
    expect(result.data.unreadable).toEqual([
      {
        path: 'shapes/square/gone.png',
        reason: expect.stringMatching(/could not be opened/),
      },
    ]);
  });

  it('passes on the grouping errors', async () => {
    const error = failed(await readImageSet([{ path: 'a.png', bytes: solid([0, 0, 0, 255]) }], rgb, fakeDecode));
    expect(error.code).toBe('IMAGES_NO_CLASSES');
  });

  it('leaves out a class none of whose images can be read, and says one class is left', async () => {
    const result = ok(
      await readImageSet(
        [
          { path: 'cat/1.png', bytes: solid([0, 0, 0, 255]) },
          { path: 'dog/1.png', bytes: junk },
        ],
        rgb,
        fakeDecode,
      ),
    );
    expect(columns(result.data.table).label.categories).toEqual(['cat']);
    expect(result.data.classes).toEqual([{ name: 'cat', count: 1 }]);
    expect(result.problems.map((p) => p.code)).toEqual(['IMAGES_CLASS_EMPTY', 'IMAGES_ONE_CLASS', 'IMAGES_UNREADABLE']);
    expect(result.problems[0].message).toMatch(/No image of class "dog" could be read, so the class is left out/);
  });

  it('says IMAGES_NONE_READABLE when no image can be read', async () => {
    const error = failed(
      await readImageSet(
        [
          { path: 'cat/1.png', bytes: junk },
          { path: 'dog/1.png', bytes: junk },
        ],
        rgb,
        fakeDecode,
      ),
    );
    expect(error.code).toBe('IMAGES_NONE_READABLE');
    expect(error.message).toMatch(/None of the 2 images could be read \((cat|dog)\/1\.png: it is not an image/);
  });

  it('throws on a decoder that breaks its contract (a bug, not bad data)', async () => {
    const wrong: DecodeImage = async () => ({
      width: 2,
      height: 2,
      data: new Uint8ClampedArray(12),
    });
    await expect(readImageSet([{ path: 'a/1.png', bytes: junk }], rgb, wrong)).rejects.toThrow(/12 bytes for a 2x2 image of a\/1\.png/);
  });
});

describe('resizing and channels', () => {
  const row = (values: number[]) =>
    fakeImage(
      values.length,
      1,
      values.map((v): Rgba => [v, v, v, 255]),
    );

  async function pixels(image: Uint8Array, size: [number, number], channels: 1 | 3): Promise<number[]> {
    const result = ok(
      await readImageSet(
        [
          { path: 'a/x.png', bytes: image },
          { path: 'b/x.png', bytes: image },
        ],
        { size, channels },
        fakeDecode,
      ),
    );
    const { image: column } = columns(result.data.table);
    return [...column.values.subarray(0, column.values.length / 2)].map((v) => Math.round(v * 1000) / 1000);
  }

  it('upscales by bilinear interpolation with pixel centres aligned and edges repeated', async () => {
    // Output centres 0.5, 1.5, 2.5, 3.5 of 4 map to input -0.25 (edge: 0), 0.25, 0.75, 1.25 (edge: 200).
    expect(await pixels(row([0, 200]), [1, 4], 1)).toEqual([0, 50, 150, 200]);
  });

  it('downscales by reading between the source pixels', async () => {
    // Output centres 0.5, 1.5 of 2 map to input 0.5 and 2.5: the mean of each pair.
    expect(await pixels(row([0, 100, 40, 60]), [1, 2], 1)).toEqual([50, 50]);
    // One pixel from 2x2: the mean of all four.
    expect(
      await pixels(
        fakeImage(2, 2, [
          [0, 0, 0, 255],
          [40, 0, 0, 255],
          [80, 0, 0, 255],
          [120, 0, 0, 255],
        ]),
        [1, 1],
        3,
      ),
    ).toEqual([60, 0, 0]);
  });

  it('does not keep the aspect ratio: a wide image is squeezed', async () => {
    expect(await pixels(row([10, 20, 30, 40, 50, 60, 70, 80]), [2, 2], 1)).toEqual([25, 65, 25, 65]);
  });

  it('makes grey 0.299 R + 0.587 G + 0.114 B, keeps R, G, B for colour, and drops alpha', async () => {
    const image = fakeImage(1, 1, [[100, 50, 200, 0]]);
    expect(await pixels(image, [1, 1], 3)).toEqual([100, 50, 200]);
    expect(await pixels(image, [1, 1], 1)).toEqual([82.05]);
  });

  it('resizeImage writes at the given offset only', () => {
    const out = new Float32Array(6).fill(-1);
    resizeImage({ width: 1, height: 1, data: new Uint8ClampedArray([7, 8, 9, 255]) }, [1, 1, 3], out, 3);
    expect([...out]).toEqual([-1, -1, -1, 7, 8, 9]);
  });

  it('refuses a size out of range (a bug: the form checks it first)', async () => {
    await expect(readImageSet(zipSync({}), { size: [0, 4], channels: 3 }, fakeDecode)).rejects.toThrow();
  });
});

describe('limits', () => {
  const threeImages = () =>
    ['a/1.png', 'a/2.png', 'b/1.png'].map((path) => ({
      path,
      bytes: solid([0, 0, 0, 255]),
    }));

  it('refuses more images than maxFiles before decoding any', async () => {
    let decoded = 0;
    const counting: DecodeImage = (bytes, path) => {
      decoded++;
      return fakeDecode(bytes, path);
    };
    const error = failed(await readImageSet(threeImages(), { ...rgb, limits: { maxFiles: 2 } }, counting));
    expect(error.code).toBe('IMAGES_TOO_MANY_FILES');
    expect(error.message).toMatch(/holds 3 images, more than the 2 that can be read at once/);
    expect(decoded).toBe(0);
  });

  // 3 MB of zeros compress to a few kilobytes.
  const bomb = () =>
    zipSync(
      {
        'a/1.png': new Uint8Array(3 * 1024 * 1024),
        'b/1.png': solid([0, 0, 0, 255]),
      },
      { level: 9 },
    );

  it('refuses a zip bomb by its declared sizes, before unzipping anything', async () => {
    const zip = bomb();
    expect(zip.length).toBeLessThan(20_000);
    const error = failed(await readImageSet(zip, { ...rgb, limits: { maxBytes: 2 * 1024 * 1024 } }, fakeDecode));
    expect(error.code).toBe('IMAGES_TOO_LARGE');
    expect(error.message).toMatch(/add up to 3 MB uncompressed, more than the 2 MB that can be read at once/);
  });

  it('never unzips more than a file declares, so a zip that lies about its sizes gets no further', async () => {
    const zip = bomb();
    // a/1.png now claims 100 bytes, in its local header and in the central directory.
    new DataView(zip.buffer).setUint32(22, 100, true);
    new DataView(zip.buffer).setUint32(findCentralEntry(zip, 'a/1.png') + 24, 100, true);
    const sizes: Record<string, number> = {};
    const measuring: DecodeImage = (bytes, path) => {
      sizes[path] = bytes.length;
      return fakeDecode(bytes, path);
    };
    const { unreadable } = ok(await readImageSet(zip, { ...rgb, limits: { maxBytes: 1024 } }, measuring)).data;
    expect(sizes['a/1.png']).toBe(100);
    expect(unreadable.map((u) => u.path)).toEqual(['a/1.png']);
  });

  it('holds the default cap of 500 MB', async () => {
    const files = [
      {
        path: 'a/1.png',
        bytes: async () => new Uint8Array(),
        size: 300 * 1024 * 1024,
      },
      {
        path: 'b/1.png',
        bytes: async () => new Uint8Array(),
        size: 300 * 1024 * 1024,
      },
    ];
    expect(failed(await readImageSet(files, rgb, fakeDecode)).message).toMatch(/600 MB uncompressed, more than the 500 MB/);
  });

  it('refuses a table larger than maxTableBytes, saying how many images would fit', async () => {
    // 3 images of 4x4x3 floats are 576 bytes.
    const error = failed(await readImageSet(threeImages(), { size: [4, 4], channels: 3, limits: { maxTableBytes: 400 } }, fakeDecode));
    expect(error.code).toBe('IMAGES_TABLE_TOO_LARGE');
    expect(error.message).toMatch(
      /3 images at 4x4 with 3 channels need .* choose a smaller size, grey instead of colour, or at most 2 images/,
    );
  });
});

describe('cancelling', () => {
  it('stops between images and keeps nothing', async () => {
    const controller = new AbortController();
    let decoded = 0;
    const counting: DecodeImage = (bytes, path) => {
      decoded++;
      return fakeDecode(bytes, path);
    };
    const files = Array.from({ length: 6 }, (_, i) => ({
      path: `${'ab'[i % 2]}/${i}.png`,
      bytes: solid([0, 0, 0, 255]),
    }));
    const result = await readImageSet(files, rgb, counting, (p) => p.done === 2 && controller.abort(), controller.signal);
    const error = failed(result);
    expect(error.code).toBe('IMAGES_CANCELLED');
    expect(error.message).toMatch(/cancelled after 2 of 6; nothing was kept/);
    expect(decoded).toBe(2);
  });

  it('does not start when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(
      failed(await readImageSet(zipSync({ 'a/1.png': solid([0, 0, 0, 255]) }), rgb, fakeDecode, undefined, controller.signal)).code,
    ).toBe('IMAGES_CANCELLED');
  });
});

describe('the shapes.zip fixture (scripts/make-image-fixture.ts)', () => {
  /** Just enough PNG for the fixture's own files: 8-bit RGB, not interlaced, every row with filter 0. */
  const decodePng: DecodeImage = async (bytes) => {
    const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
    if (!signature.every((b, i) => bytes[i] === b)) throw new Error('no PNG signature');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let width = 0;
    let height = 0;
    const compressed: number[] = [];
    for (let at = 8; at < bytes.length;) {
      const length = view.getUint32(at);
      const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
      const data = bytes.subarray(at + 8, at + 8 + length);
      if (type === 'IHDR') {
        [width, height] = [view.getUint32(at + 8), view.getUint32(at + 12)];
        if (data[8] !== 8 || data[9] !== 2 || data[12] !== 0) throw new Error('only 8-bit RGB without interlacing');
      }
      if (type === 'IDAT') compressed.push(...data);
      at += 12 + length;
    }
    const rows = unzlibSync(Uint8Array.from(compressed));
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let y = 0; y < height; y++) {
      const start = y * (1 + width * 3);
      if (rows[start] !== 0) throw new Error('only filter 0');
      for (let x = 0; x < width; x++) rgba.set([...rows.subarray(start + 1 + x * 3, start + 4 + x * 3), 255], (y * width + x) * 4);
    }
    return { width, height, data: rgba };
  };

  it('holds three classes of six 32x32 shapes, and one broken file', async () => {
    const zip = new Uint8Array(readFileSync(path.join(__dirname, '..', 'fixtures', 'images', 'shapes.zip')));
    expect(zip.length).toBeLessThan(30_000);
    const result = ok(await readImageSet(zip, { size: [32, 32], channels: 1 }, decodePng));
    expect(result.data.classes).toEqual([
      { name: 'circle', count: 6 },
      { name: 'square', count: 6 },
      { name: 'triangle', count: 6 },
    ]);
    expect(result.data.unreadable.map((u) => u.path)).toEqual(['shapes/triangle/broken.png']);
    // Every image has both ink (dark) and background (light): a shape was drawn on it.
    const { image } = columns(result.data.table);
    for (let row = 0; row < 18; row++) {
      const values = image.values.subarray(row * 1024, (row + 1) * 1024);
      expect(Math.min(...values)).toBeLessThan(170);
      expect(Math.max(...values)).toBeGreaterThan(220);
    }
  });
});
