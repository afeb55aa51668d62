import type { PipelineDocument } from '@/lib/document/document';

/** Tabular data as it comes: gaps to clean and category columns to encode before an MLP can read it. */
export const penguinsMlp: PipelineDocument = {
  version: 3,
  name: 'Penguin species (cleaning + MLP)',
  description:
    'Tells the three Palmer penguin species apart from island, beak, flipper, weight and sex: drops the few penguins with gaps, one-hot encodes island and sex, standardizes, then two Dense layers. Reaches at least 97% validation accuracy (always guessing the commonest species: about 46%).',
  nodes: [
    // Positions are the tidy layout's (scripts/tidy-templates.ts).
    { id: 'dataset', kind: 'data.dataset', params: { dataset: 'penguins' }, position: { x: 0, y: 0 } },
    // Before the split: a penguin with a gap is dropped from every part alike (11 of 344).
    { id: 'dropGaps', kind: 'preprocess.missingValues', params: { strategy: 'dropRow' }, position: { x: 346, y: 0 } },
    { id: 'split', kind: 'preprocess.split', params: { validationFraction: 0.2, shuffle: true }, position: { x: 692, y: 0 } },
    { id: 'encode', kind: 'preprocess.oneHot', params: { columns: 'island, sex' }, position: { x: 0, y: 130 } },
    { id: 'measurements', kind: 'preprocess.selectColumns', params: {}, position: { x: 346, y: 130 } },
    { id: 'species', kind: 'preprocess.target', params: { column: 'species' }, position: { x: 346, y: 440 } },
    { id: 'standardize', kind: 'preprocess.standardize', params: {}, position: { x: 692, y: 130 } },
    { id: 'hidden', kind: 'layer.dense', params: { units: 16, activation: 'relu' }, position: { x: 0, y: 289 } },
    { id: 'classifier', kind: 'layer.dense', params: { units: 3, activation: 'softmax' }, position: { x: 346, y: 289 } },
    { id: 'loss', kind: 'loss.categoricalCrossentropy', params: {}, position: { x: 692, y: 291 } },
    { id: 'accuracy', kind: 'metric.accuracy', params: {}, position: { x: 0, y: 570 } },
    {
      id: 'optimizer',
      kind: 'optimizer.adam',
      params: { learningRate: 0.01, epochs: 40, batchSize: 16, seed: 42 },
      position: { x: 346, y: 570 },
    },
  ],
  edges: [
    { source: 'dataset', sourcePort: 'table', target: 'dropGaps', targetPort: 'in' },
    { source: 'dropGaps', sourcePort: 'out', target: 'split', targetPort: 'table' },
    { source: 'split', sourcePort: 'table', target: 'encode', targetPort: 'in' },
    { source: 'encode', sourcePort: 'out', target: 'measurements', targetPort: 'table' },
    { source: 'encode', sourcePort: 'out', target: 'species', targetPort: 'table' },
    { source: 'measurements', sourcePort: 'out', target: 'standardize', targetPort: 'in' },
    { source: 'standardize', sourcePort: 'out', target: 'hidden', targetPort: 'in' },
    { source: 'hidden', sourcePort: 'out', target: 'classifier', targetPort: 'in' },
    { source: 'classifier', sourcePort: 'out', target: 'loss', targetPort: 'prediction' },
    { source: 'species', sourcePort: 'out', target: 'loss', targetPort: 'labels' },
    { source: 'classifier', sourcePort: 'out', target: 'accuracy', targetPort: 'prediction' },
    { source: 'species', sourcePort: 'out', target: 'accuracy', targetPort: 'labels' },
    { source: 'loss', sourcePort: 'loss', target: 'optimizer', targetPort: 'loss' },
  ],
};
