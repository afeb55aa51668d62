import type { PipelineDocument } from '@/lib/document/document';

/** A small tabular classifier: four flower measurements in, one of three species out. */
export const irisMlp: PipelineDocument = {
  version: 2,
  name: 'Iris species (MLP)',
  description: 'Classifies iris flowers from four measurements: standardize the columns, then two Dense layers.',
  nodes: [
    // Positions are the tidy layout's, as in the digit template (scripts/tidy-templates.ts).
    { id: 'dataset', kind: 'data.dataset', params: { dataset: 'iris' }, position: { x: 0, y: 34 } },
    { id: 'standardize', kind: 'preprocess.standardize', params: {}, position: { x: 346, y: 0 } },
    { id: 'split', kind: 'preprocess.split', params: { validationFraction: 0.2, shuffle: true }, position: { x: 692, y: 34 } },
    { id: 'hidden', kind: 'layer.dense', params: { units: 16, activation: 'relu' }, position: { x: 0, y: 217 } },
    { id: 'classifier', kind: 'layer.dense', params: { units: 3, activation: 'softmax' }, position: { x: 346, y: 217 } },
    { id: 'loss', kind: 'loss.categoricalCrossentropy', params: {}, position: { x: 692, y: 219 } },
    { id: 'accuracy', kind: 'metric.accuracy', params: {}, position: { x: 346, y: 377 } },
    {
      id: 'optimizer',
      kind: 'optimizer.adam',
      params: { learningRate: 0.01, epochs: 60, batchSize: 16, seed: 42 },
      position: { x: 0, y: 377 },
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
