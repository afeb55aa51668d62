import type { PipelineDocument } from '@/lib/document/document';

/** A disc inside a ring: the boundary is a circle, which a small MLP learns. */
export const circlesMlp: PipelineDocument = {
  version: 3,
  name: 'Circles (MLP)',
  description:
    "Tells a disc from the ring around it from a point's x and y: a small MLP learns the round boundary. Reaches at least 95% validation accuracy (always guessing one class: 50%).",
  nodes: [
    // Positions are the tidy layout's (scripts/tidy-templates.ts).
    { id: 'dataset', kind: 'data.dataset', params: { dataset: 'circles' }, position: { x: 0, y: 0 } },
    { id: 'split', kind: 'preprocess.split', params: { validationFraction: 0.2, shuffle: true, stratify: true }, position: { x: 346, y: 0 } },
    { id: 'point', kind: 'preprocess.selectColumns', params: { columns: 'x, y' }, position: { x: 692, y: 0 } },
    { id: 'class', kind: 'preprocess.target', params: { column: 'class' }, position: { x: 692, y: 307 } },
    { id: 'hidden1', kind: 'layer.dense', params: { units: 8, activation: 'tanh' }, position: { x: 0, y: 159 } },
    { id: 'hidden2', kind: 'layer.dense', params: { units: 8, activation: 'tanh' }, position: { x: 346, y: 159 } },
    { id: 'classifier', kind: 'layer.dense', params: { units: 2, activation: 'softmax' }, position: { x: 692, y: 159 } },
    { id: 'loss', kind: 'loss.categoricalCrossentropy', params: {}, position: { x: 0, y: 437 } },
    { id: 'accuracy', kind: 'metric.accuracy', params: {}, position: { x: 346, y: 581 } },
    {
      id: 'optimizer',
      kind: 'optimizer.adam',
      params: { learningRate: 0.02, epochs: 20, batchSize: 32, seed: 42 },
      position: { x: 346, y: 437 },
    },
  ],
  edges: [
    { source: 'dataset', sourcePort: 'table', target: 'split', targetPort: 'table' },
    { source: 'split', sourcePort: 'table', target: 'point', targetPort: 'table' },
    { source: 'split', sourcePort: 'table', target: 'class', targetPort: 'table' },
    { source: 'point', sourcePort: 'out', target: 'hidden1', targetPort: 'in' },
    { source: 'hidden1', sourcePort: 'out', target: 'hidden2', targetPort: 'in' },
    { source: 'hidden2', sourcePort: 'out', target: 'classifier', targetPort: 'in' },
    { source: 'classifier', sourcePort: 'out', target: 'loss', targetPort: 'prediction' },
    { source: 'class', sourcePort: 'out', target: 'loss', targetPort: 'labels' },
    { source: 'classifier', sourcePort: 'out', target: 'accuracy', targetPort: 'prediction' },
    { source: 'class', sourcePort: 'out', target: 'accuracy', targetPort: 'labels' },
    { source: 'loss', sourcePort: 'loss', target: 'optimizer', targetPort: 'loss' },
  ],
};
