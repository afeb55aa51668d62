import { z } from 'zod';
import { datasetIds, datasets } from '@/lib/datasets/catalog';
import { defineNode, ok } from '../define-node';

export const dataset = defineNode({
  kind: 'data.dataset',
  version: 1,
  category: 'data',
  ui: { label: 'Dataset', description: 'A built-in labelled dataset: its features and one-hot labels.' },
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
      .describe('Use only the first N samples (classes interleaved); empty uses them all'),
  }),
  inputs: [],
  outputs: [
    { id: 'features', label: 'features', type: 'tensor' },
    { id: 'labels', label: 'labels', type: 'labels' },
  ],
  inferShape: (p) => {
    const info = datasets[p.dataset];
    return ok([[null, ...info.featureShape], [null, info.classNames.length]]);
  },
  summary: (p) => {
    const info = datasets[p.dataset];
    const n = Math.min(p.maxSamples ?? info.samples, info.samples);
    return `${n.toLocaleString('en-US')} ${info.label}`;
  },
});
