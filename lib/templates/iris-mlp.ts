import type { PipelineDocument } from '@/lib/document/document';

/** A small tabular classifier: four flower measurements in, one of three species out. */
export const irisMlp: PipelineDocument = {
  version: 3,
  name: 'Iris species (MLP)',
  description: 'Classifies iris flowers from four measurements: hold out 20%, standardize the columns, then two Dense layers.',
  nodes: [
    // Positions are the tidy layout's, as in the digit template (scripts/tidy-templates.ts).
    { id: 'dataset', kind: 'data.dataset', params: { dataset: 'iris' }, position: { x: 0, y: 0 } },
    { id: 'split', kind: 'preprocess.split', params: { validationFraction: 0.2, shuffle: true }, position: { x: 346, y: 0 } },
    { id: 'measurements', kind: 'preprocess.selectColumns', params: {}, position: { x: 692, y: 0 } },
    { id: 'species', kind: 'preprocess.target', params: { column: 'species' }, position: { x: 692, y: 307 } },
    { id: 'standardize', kind: 'preprocess.standardize', params: {}, position: { x: 0, y: 159 } },
    { id: 'hidden', kind: 'layer.dense', params: { units: 16, activation: 'relu' }, position: { x: 346, y: 159 } },
    { id: 'classifier', kind: 'layer.dense', params: { units: 3, activation: 'softmax' }, position: { x: 692, y: 159 } },
    { id: 'loss', kind: 'loss.categoricalCrossentropy', params: {}, position: { x: 0, y: 437 } },
    { id: 'accuracy', kind: 'metric.accuracy', params: {}, position: { x: 346, y: 581 } },
    {
      id: 'optimizer',
      kind: 'optimizer.adam',
      params: { learningRate: 0.01, epochs: 60, batchSize: 16, seed: 42 },
      position: { x: 346, y: 437 },
    },
  ],
  edges: [
    { source: 'dataset', sourcePort: 'table', target: 'split', targetPort: 'table' },
    { source: 'split', sourcePort: 'table', target: 'measurements', targetPort: 'table' },
    { source: 'measurements', sourcePort: 'out', target: 'standardize', targetPort: 'in' },
    { source: 'split', sourcePort: 'table', target: 'species', targetPort: 'table' },
    { source: 'standardize', sourcePort: 'out', target: 'hidden', targetPort: 'in' },
    { source: 'hidden', sourcePort: 'out', target: 'classifier', targetPort: 'in' },
    { source: 'classifier', sourcePort: 'out', target: 'loss', targetPort: 'prediction' },
    { source: 'species', sourcePort: 'out', target: 'loss', targetPort: 'labels' },
    { source: 'classifier', sourcePort: 'out', target: 'accuracy', targetPort: 'prediction' },
    { source: 'species', sourcePort: 'out', target: 'accuracy', targetPort: 'labels' },
    { source: 'loss', sourcePort: 'loss', target: 'optimizer', targetPort: 'loss' },
  ],
};
