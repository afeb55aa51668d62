import type { PipelineDocument } from '@/lib/document/document';

/** A small tabular classifier: four flower measurements in, one of three species out. */
export const irisMlp: PipelineDocument = {
  version: 2,
  name: 'Iris species (MLP)',
  description: 'Classifies iris flowers from four measurements: standardize the columns, then two Dense layers.',
  nodes: [
    { id: 'dataset', kind: 'data.dataset', params: { dataset: 'iris' }, position: { x: 0, y: 0 } },
    // Laid out as the digit template: three columns, Standardize raised clear of the labels wire.
    { id: 'standardize', kind: 'preprocess.standardize', params: {}, position: { x: 316, y: -40 } },
    { id: 'split', kind: 'preprocess.split', params: { validationFraction: 0.2, shuffle: true }, position: { x: 632, y: 0 } },
    { id: 'hidden', kind: 'layer.dense', params: { units: 16, activation: 'relu' }, position: { x: 0, y: 182 } },
    { id: 'classifier', kind: 'layer.dense', params: { units: 3, activation: 'softmax' }, position: { x: 316, y: 182 } },
    { id: 'loss', kind: 'loss.categoricalCrossentropy', params: {}, position: { x: 632, y: 182 } },
    { id: 'accuracy', kind: 'metric.accuracy', params: {}, position: { x: 316, y: 342 } },
    {
      id: 'optimizer',
      kind: 'optimizer.adam',
      params: { learningRate: 0.01, epochs: 60, batchSize: 16, seed: 42 },
      position: { x: 632, y: 342 },
    },
  ],
  edges: [
    { source: 'dataset', sourcePort: 'features', target: 'standardize', targetPort: 'in' },
    { source: 'standardize', sourcePort: 'out', target: 'split', targetPort: 'features' },
    { source: 'dataset', sourcePort: 'labels', target: 'split', targetPort: 'labels' },
    { source: 'split', sourcePort: 'features', target: 'hidden', targetPort: 'in' },
    { source: 'hidden', sourcePort: 'out', target: 'classifier', targetPort: 'in' },
    { source: 'classifier', sourcePort: 'out', target: 'loss', targetPort: 'prediction' },
    { source: 'split', sourcePort: 'labels', target: 'loss', targetPort: 'labels' },
    { source: 'classifier', sourcePort: 'out', target: 'accuracy', targetPort: 'prediction' },
    { source: 'split', sourcePort: 'labels', target: 'accuracy', targetPort: 'labels' },
    { source: 'loss', sourcePort: 'loss', target: 'optimizer', targetPort: 'loss' },
  ],
};
