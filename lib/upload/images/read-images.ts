/**
 * An uploaded image folder or zip (one sub-folder per class) as the app's Table: an `image` column
 * of [height, width, channels] pixels 0-255 and a `label` column of class names. Decoding is
 * passed in (`decode`): the browser's in a Web Worker (browser-decode.ts), a fake in Node tests,
 * so this file needs no DOM and runs anywhere.
 *
 * A zip is read in batches of files with fflate's unzipSync and a filter, so at most one batch of
 * compressed-then-decoded bytes is held at a time, and cancelling or reporting progress happens
 * between files.
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { z } from 'zod';
import { sampleBilinear, type ColumnInfo, type Table, type TableInfo } from '../../data/table';
import { rowOrderSeed } from '../../datasets/tables';
import { interleavedOrder } from '../../engine/random';
import { count, groupImageFiles, oneClassProblem, type ImageProblem, type SkippedFile } from './image-folder';

export const imageSetOptionsSchema = z.object({
  /** [height, width] of every image in the table. */
  size: z.tuple([z.number().int().min(1).max(1024), z.number().int().min(1).max(1024)]),
  /** 1: grey, 3: red, green, blue. */
  channels: z.union([z.literal(1), z.literal(3)]),
});

export type ImageSetOptions = z.infer<typeof imageSetOptionsSchema>;

/** Guards against uploads that would exhaust the tab's memory, zip bombs included. */
export interface ImageSetLimits {
  /** Images in the upload. */
  maxFiles: number;
  /** Bytes of all image files together, uncompressed (a zip's declared sizes, which also bound what unzipping may write). */
  maxBytes: number;
  /** Bytes of the resulting pixel table (4 per value). */
  maxTableBytes: number;
}

export const defaultImageSetLimits: ImageSetLimits = {
  maxFiles: 20_000,
  maxBytes: 500 * 1024 * 1024,
  maxTableBytes: 1024 * 1024 * 1024,
};

/** Pixels as the browser gives them (ImageData): width x height, 4 bytes per pixel (red, green, blue, alpha). */
export interface DecodedImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** Turns a file's bytes into pixels; rejects when the bytes are not an image it can read (the message says why). */
export type DecodeImage = (bytes: Uint8Array, path: string) => Promise<DecodedImage>;

/** One file of a picked folder: its path under the folder and its bytes, or a way to read them when needed. */
export interface ImageFileInput {
  path: string;
  bytes: Uint8Array | (() => Promise<Uint8Array>);
  /** Bytes, when known before reading (a File's size): checked against the limits before anything is read. */
  size?: number;
}

export interface ImageProgress {
  /** Files handled so far, read or not. */
  done: number;
  total: number;
  path: string;
}

export interface UnreadableImage {
  path: string;
  reason: string;
}

export interface ImageSet {
  /** Columns `image` and `label`; classes interleaved, so the first rows cover every class. */
  table: Table;
  info: TableInfo;
  /** Images read per class, in label order. */
  classes: { name: string; count: number }[];
  unreadable: UnreadableImage[];
  skipped: SkippedFile[];
}

export type ImageSetResult = { ok: true; data: ImageSet; problems: ImageProblem[] } | { ok: false; error: ImageProblem };

export const imageColumnName = 'image';
export const labelColumnName = 'label';

/** Files unzipped together: few enough that a batch of large photos stays small, many enough that the zip's directory is walked rarely. */
const batchFiles = 64;
const batchBytes = 32 * 1024 * 1024;

/**
 * Reads every image of an uploaded folder (`files`) or zip into a table, resized to
 * `options.size` by bilinear interpolation (the aspect ratio is not kept: a wide photo is
 * squeezed). Unreadable images are listed and left out; the caps in `limits` are checked before
 * anything is unzipped or decoded. Rejects only on bugs; cancelling returns IMAGES_CANCELLED.
 */
export async function readImageSet(
  source: readonly ImageFileInput[] | Uint8Array,
  options: ImageSetOptions & { limits?: Partial<ImageSetLimits> },
  decode: DecodeImage,
  onProgress?: (progress: ImageProgress) => void,
  signal?: AbortSignal,
): Promise<ImageSetResult> {
  const {
    size: [height, width],
    channels,
  } = imageSetOptionsSchema.parse(options);
  const limits = { ...defaultImageSetLimits, ...options.limits };

  const opened = source instanceof Uint8Array ? openZip(source) : openFiles(source);
  if (!opened.ok) return opened;
  const grouped = groupImageFiles(opened.entries);
  if (!grouped.ok) return { ok: false, error: grouped.error };
  const { classes, skipped } = grouped.groups;

  const planned = classes.flatMap((c, label) => c.paths.map((path) => ({ path, label })));
  const sizes = new Map(opened.entries.map((e) => [e.path, e.size ?? 0]));
  const tooBig = checkLimits(
    planned.length,
    planned.reduce((sum, p) => sum + (sizes.get(p.path) ?? 0), 0),
    [height, width, channels],
    limits,
  );
  if (tooBig) return { ok: false, error: tooBig };

  const order = interleavedOrder(
    planned.map((p) => p.label),
    classes.length,
    rowOrderSeed,
  ).map((i) => planned[i]);
  const rowSize = height * width * channels;
  const values = new Float32Array(order.length * rowSize);
  const labels: number[] = [];
  const unreadable: UnreadableImage[] = [];
  let done = 0;
  const cancelled = (): ImageSetResult => ({
    ok: false,
    error: {
      code: 'IMAGES_CANCELLED',
      message: `Reading the images was cancelled after ${done} of ${order.length}; nothing was kept. Upload them again to use them.`,
    },
  });

  for (const batch of batches(order, (p) => sizes.get(p.path) ?? 0)) {
    if (signal?.aborted) return cancelled();
    const read = await opened.read(batch.map((p) => p.path));
    for (const { path, label } of batch) {
      if (signal?.aborted) return cancelled();
      const bytes = read.get(path) ?? 'the file was gone when it was read';
      const failure =
        typeof bytes === 'string'
          ? bytes
          : await decodeInto(bytes, path, decode, [height, width, channels], values, labels.length * rowSize);
      if (failure === undefined) labels.push(label);
      else unreadable.push({ path, reason: failure });
      onProgress?.({ done: ++done, total: order.length, path });
    }
  }

  return imageSet(
    values.length === labels.length * rowSize ? values : values.slice(0, labels.length * rowSize),
    labels,
    classes.map((c) => c.name),
    [height, width, channels],
    unreadable,
    skipped,
    grouped.problems,
  );
}

/** The table and what to tell the user about it, once every file has been tried. */
function imageSet(
  values: Float32Array,
  labels: readonly number[],
  classNames: readonly string[],
  shape: [number, number, number],
  unreadable: UnreadableImage[],
  skipped: SkippedFile[],
  groupProblems: ImageProblem[],
): ImageSetResult {
  if (labels.length === 0) {
    return {
      ok: false,
      error: {
        code: 'IMAGES_NONE_READABLE',
        message: `None of the ${count(unreadable.length, 'image')} could be read (${unreadable[0].path}: ${unreadable[0].reason}). Check that they are real image files, e.g. by opening one on your computer.`,
      },
    };
  }
  const perClass = classNames.map((name, label) => ({
    name,
    count: labels.filter((l) => l === label).length,
  }));
  const kept = perClass.filter((c) => c.count > 0);
  const problems = [...groupProblems];
  for (const empty of perClass.filter((c) => c.count === 0)) {
    problems.push({
      code: 'IMAGES_CLASS_EMPTY',
      message: `No image of class "${empty.name}" could be read, so the class is left out. See the list of unreadable images, and replace them with ones that open.`,
    });
  }
  if (kept.length === 1 && !problems.some((p) => p.code === 'IMAGES_ONE_CLASS')) problems.push(oneClassProblem(kept[0].name));
  if (unreadable.length > 0) {
    const first = unreadable[0];
    problems.push({
      code: 'IMAGES_UNREADABLE',
      message: `${count(unreadable.length, 'image')} could not be read and ${unreadable.length === 1 ? 'is' : 'are'} left out, e.g. ${first.path}: ${first.reason}. The full list is shown with the upload.`,
    });
  }
  const categories = kept.map((c) => c.name);
  const info: TableInfo = {
    columns: imageColumnsInfo(shape, categories),
    rows: labels.length,
    ordered: false,
    target: labelColumnName,
  };
  const table: Table = {
    kind: 'table',
    rows: labels.length,
    ordered: false,
    columns: [
      { name: imageColumnName, type: 'image', shape: [...shape], values },
      {
        name: labelColumnName,
        type: 'category',
        categories,
        values: labels.map((l) => classNames[l]),
      },
    ],
  };
  return {
    ok: true,
    data: { table, info, classes: kept, unreadable, skipped },
    problems,
  };
}

/** What compile knows about an uploaded image set. */
export function imageColumnsInfo([height, width, channels]: readonly number[], classNames: readonly string[]): ColumnInfo[] {
  const colour = channels === 1 ? 'grayscale' : 'RGB';
  return [
    {
      name: imageColumnName,
      type: 'image',
      shape: [height, width, channels],
      description: `Uploaded image, resized to ${width}x${height} (aspect ratio not kept), ${colour} pixels 0-255`,
    },
    {
      name: labelColumnName,
      type: 'category',
      categories: [...classNames],
      description: 'The class: the name of the folder the image was in',
    },
  ];
}

/**
 * One decoded image into `out` from `at`, resized by bilinear interpolation with pixel centres
 * aligned (the same reading as the Resize node). Alpha is dropped, as Keras and PIL do (a pixel
 * the browser stores fully transparent reads as black). Grey is 0.299 R + 0.587 G + 0.114 B
 * (ITU-R BT.601, PIL's "L"); interpolating the colours first gives the same grey, as both are linear.
 */
export function resizeImage(image: DecodedImage, [height, width, channels]: readonly number[], out: Float32Array, at: number): void {
  const rgba = new Float32Array(4);
  const scaleY = image.height / height;
  const scaleX = image.width / width;
  for (let y = 0; y < height; y++) {
    const sourceY = (y + 0.5) * scaleY - 0.5;
    for (let x = 0; x < width; x++) {
      sampleBilinear(image.data, 0, image.height, image.width, 4, sourceY, (x + 0.5) * scaleX - 0.5, 'nearest', rgba, 0);
      const pixel = at + (y * width + x) * channels;
      if (channels === 1) out[pixel] = 0.299 * rgba[0] + 0.587 * rgba[1] + 0.114 * rgba[2];
      else out.set(rgba.subarray(0, 3), pixel);
    }
  }
}

/** Decodes one file into the table; the reason it could not, for people, or undefined when it could. */
async function decodeInto(
  bytes: Uint8Array,
  path: string,
  decode: DecodeImage,
  shape: [number, number, number],
  out: Float32Array,
  at: number,
): Promise<string | undefined> {
  let image: DecodedImage;
  try {
    image = await decode(bytes, path);
  } catch (error) {
    const detail = error instanceof Error && error.message ? `: ${error.message}` : '';
    return `it is not an image this browser can open (damaged, or not really the format its name says)${detail}`;
  }
  if (image.width < 1 || image.height < 1 || image.data.length !== image.width * image.height * 4) {
    throw new Error(
      `The decoder gave ${image.data.length} bytes for a ${image.width}x${image.height} image of ${path}; it must give 4 per pixel.`,
    );
  }
  resizeImage(image, shape, out, at);
  return undefined;
}

function checkLimits(
  files: number,
  bytes: number,
  [height, width, channels]: readonly number[],
  limits: ImageSetLimits,
): ImageProblem | undefined {
  if (files > limits.maxFiles) {
    return {
      code: 'IMAGES_TOO_MANY_FILES',
      message: `The upload holds ${count(files, 'image')}, more than the ${limits.maxFiles.toLocaleString('en-US')} that can be read at once. Upload a sample of each class.`,
    };
  }
  if (bytes > limits.maxBytes) {
    return {
      code: 'IMAGES_TOO_LARGE',
      message: `The images add up to ${megabytes(bytes)} uncompressed, more than the ${megabytes(limits.maxBytes)} that can be read at once. Upload fewer or smaller images.`,
    };
  }
  const tableBytes = files * height * width * channels * 4;
  if (tableBytes > limits.maxTableBytes) {
    const fit = Math.floor(limits.maxTableBytes / (height * width * channels * 4));
    return {
      code: 'IMAGES_TABLE_TOO_LARGE',
      message: `${count(files, 'image')} at ${width}x${height} with ${channels} channel${channels === 1 ? '' : 's'} need ${megabytes(tableBytes)} of memory, more than the ${megabytes(limits.maxTableBytes)} allowed: choose a smaller size, grey instead of colour, or at most ${fit.toLocaleString('en-US')} images.`,
    };
  }
  return undefined;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;
}

/** Consecutive runs of `items` of at most `batchFiles` files and about `batchBytes` bytes (a larger file goes alone). */
function batches<T>(items: readonly T[], bytesOf: (item: T) => number): T[][] {
  const all: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    if (current.length > 0 && (current.length === batchFiles || bytes + bytesOf(item) > batchBytes)) {
      all.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += bytesOf(item);
  }
  if (current.length > 0) all.push(current);
  return all;
}

// ---- Sources: what files there are, and their bytes on demand ---------------------------------

/** Each asked-for path's bytes, or why they could not be had. */
type ReadBatch = (paths: string[]) => Promise<Map<string, Uint8Array | string>>;

type Opened = { ok: true; entries: { path: string; size?: number }[]; read: ReadBatch } | { ok: false; error: ImageProblem };

function openFiles(files: readonly ImageFileInput[]): Opened {
  const byPath = new Map(files.map((f) => [f.path, f]));
  return {
    ok: true,
    entries: files.map((f) => ({
      path: f.path,
      size: f.size ?? (f.bytes instanceof Uint8Array ? f.bytes.length : undefined),
    })),
    read: async (paths) => {
      const read = new Map<string, Uint8Array | string>();
      for (const path of paths) {
        const bytes = byPath.get(path)!.bytes;
        try {
          read.set(path, bytes instanceof Uint8Array ? bytes : await bytes());
        } catch {
          read.set(path, 'the file could not be opened (moved or deleted since it was picked?)');
        }
      }
      return read;
    },
  };
}

function openZip(zip: Uint8Array): Opened {
  const listed: UnzipFileInfo[] = [];
  try {
    // A filter that declines every file walks the zip's directory without unzipping anything.
    unzipSync(zip, {
      filter: (file) => {
        listed.push(file);
        return false;
      },
    });
  } catch {
    return {
      ok: false,
      error: {
        code: 'IMAGES_NOT_A_ZIP',
        message:
          'This file is not a zip archive, or it is damaged. Make a new zip of the folder (one sub-folder per class) and upload it again.',
      },
    };
  }
  const compression = new Map(listed.map((f) => [f.name, f.compression]));
  return {
    ok: true,
    // The declared sizes: unzipSync writes a file into a buffer of exactly that size, so they bound the memory used.
    entries: listed.map((f) => ({ path: f.name, size: f.originalSize })),
    read: async (paths) => {
      const read = new Map<string, Uint8Array | string>();
      const supported = paths.filter((path) => {
        const method = compression.get(path);
        if (method === 0 || method === 8) return true;
        read.set(
          path,
          `it is compressed with a method this app cannot unzip (${method}): make the zip again with your system's standard "compress" command`,
        );
        return false;
      });
      for (const [path, bytes] of unzipFiles(zip, supported)) read.set(path, bytes);
      return read;
    },
  };
}

/** The files' bytes; when the batch fails, each file alone, so one damaged file does not take the others down. */
function unzipFiles(zip: Uint8Array, paths: readonly string[]): Map<string, Uint8Array | string> {
  const wanted = new Set(paths);
  try {
    return new Map(Object.entries(unzipSync(zip, { filter: (file) => wanted.has(file.name) })));
  } catch {
    if (paths.length === 1) return new Map([[paths[0], "the zip's data for this file is damaged: make the zip again"]]);
    return new Map(paths.flatMap((path) => [...unzipFiles(zip, [path])]));
  }
}
