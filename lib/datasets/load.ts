import { z } from 'zod';
import { datasets, type DatasetId } from './catalog';
import type { Column, Table } from '@/lib/data/table';

/**
 * Turns the files lib/datasets/build.ts writes into arrays the engine can train on. Pure:
 * the caller supplies how files are read (fetch in the browser, fs in Node).
 */

/** Files each dataset needs, as written into public/datasets/ (served at /datasets/). */
export const datasetFiles = {
  mnist: { images: 'mnist-images.u8', labels: 'mnist-labels.u8' },
  iris: { table: 'iris.json' },
} as const satisfies Record<DatasetId, Record<string, string>>;

export type ReadFile = (name: string) => Promise<ArrayBuffer | Uint8Array>;

export interface LoadedDataset {
  id: DatasetId;
  /** Raw values, sample after sample (MNIST pixels are 0-255: the Normalize node scales them). */
  features: Float32Array;
  /** Shape of one sample, without the batch dimension. */
  featureShape: number[];
  /** Class index of each sample. */
  labels: Int32Array;
  classes: number;
  count: number;
}

/** What iris.json holds: rows in the same interleaved order as the MNIST files. */
export const IrisFile = z.object({
  classNames: z.array(z.string()),
  features: z.array(z.array(z.number().finite()).length(4)),
  labels: z.array(z.number().int().min(0)),
});
export type IrisFile = z.infer<typeof IrisFile>;

const rebuildHint = 'Run `npm run datasets` to rebuild the files in public/datasets/.';

export async function loadDataset(id: DatasetId, readFile: ReadFile, maxSamples?: number): Promise<LoadedDataset> {
  const info = datasets[id];
  const sampleSize = info.featureShape.reduce((a, b) => a * b, 1);
  const classes = info.classNames.length;
  // The files are stored with classes interleaved, so the first N samples still cover every class.
  const count = Math.min(maxSamples ?? info.samples, info.samples);
  let features: Float32Array;
  let labels: Int32Array;

  if (id === 'mnist') {
    const [images, labelBytes] = await Promise.all([
      readFile(datasetFiles.mnist.images).then(bytes),
      readFile(datasetFiles.mnist.labels).then(bytes),
    ]);
    if (labelBytes.length !== info.samples) {
      throw new Error(`${datasetFiles.mnist.labels} holds ${labelBytes.length} labels, expected ${info.samples}. ${rebuildHint}`);
    }
    if (images.length !== info.samples * sampleSize) {
      throw new Error(
        `${datasetFiles.mnist.images} holds ${images.length} bytes, expected ${info.samples} images of ${sampleSize} pixels. ${rebuildHint}`,
      );
    }
    const bad = labelBytes.findIndex((l) => l >= classes);
    if (bad >= 0) throw new Error(`${datasetFiles.mnist.labels}: sample ${bad} has label ${labelBytes[bad]}, not a digit. ${rebuildHint}`);
    // Only the samples asked for become floats: a quick 200-digit run need not convert all 10,000.
    features = Float32Array.from(images.subarray(0, count * sampleSize));
    labels = Int32Array.from(labelBytes.subarray(0, count));
  } else {
    const text = new TextDecoder().decode(bytes(await readFile(datasetFiles.iris.table)));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${datasetFiles.iris.table} is not valid JSON. ${rebuildHint}`);
    }
    const parsed = IrisFile.safeParse(json);
    if (!parsed.success) {
      throw new Error(`${datasetFiles.iris.table} is malformed: ${z.prettifyError(parsed.error)}. ${rebuildHint}`);
    }
    const file = parsed.data;
    if (file.features.length !== info.samples || file.labels.length !== info.samples) {
      throw new Error(
        `${datasetFiles.iris.table} holds ${file.features.length} rows and ${file.labels.length} labels, expected ${info.samples}. ${rebuildHint}`,
      );
    }
    if (file.classNames.join() !== info.classNames.join() || file.labels.some((l) => l >= classes)) {
      throw new Error(`${datasetFiles.iris.table} has classes that do not match ${info.classNames.join(', ')}. ${rebuildHint}`);
    }
    features = Float32Array.from(file.features.slice(0, count).flat());
    labels = Int32Array.from(file.labels.slice(0, count));
  }

  return {
    id,
    features,
    featureShape: info.featureShape.slice(),
    labels,
    classes,
    count,
  };
}

function bytes(data: ArrayBuffer | Uint8Array): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}

/** The dataset as a table of typed columns, as the Dataset node gives it: the first `maxRows` rows. */
export async function loadTable(id: DatasetId, readFile: ReadFile, maxRows?: number): Promise<Table> {
  const loaded = await loadDataset(id, readFile, maxRows);
  const { table } = datasets[id];
  const target = table.columns.find((c) => c.name === table.target)!;
  const categories = target.categories ?? [];
  const classColumn: Column = { name: target.name, type: 'category', categories, values: Array.from(loaded.labels, (l) => categories[l]) };
  if (id === 'mnist') {
    return { kind: 'table', rows: loaded.count, ordered: false, columns: [{ name: 'image', type: 'image', shape: [28, 28, 1], values: loaded.features }, classColumn] };
  }
  const width = loaded.featureShape[0];
  const numbers = table.columns
    .filter((c) => c.type === 'number')
    .map((c, j): Column => ({ name: c.name, type: 'number', values: Float64Array.from({ length: loaded.count }, (_, r) => loaded.features[r * width + j]) }));
  return { kind: 'table', rows: loaded.count, ordered: false, columns: [...numbers, classColumn] };
}
