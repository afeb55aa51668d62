import type { PipelineDocument } from '@/lib/document/document';

/**
 * The teaching sets (XOR, circles, spirals) share one pipeline: a point's x and y through two
 * hidden Dense layers to one of two classes. Only the data, the layer sizes and the step sizes
 * differ, so one function writes all three and their layout stays one.
 */
export function teachingMlp(options: {
  name: string;
  description: string;
  dataset: 'xor' | 'circles' | 'spirals';
  units: number;
  activation: 'tanh' | 'relu';
  learningRate: number;
  batchSize: number;
}): PipelineDocument {
  const hidden = { units: options.units, activation: options.activation };
  return {
    version: 3,
    name: options.name,
    description: options.description,
    nodes: [
      // Positions are the tidy layout's (scripts/tidy-templates.ts).
      { id: 'dataset', kind: 'data.dataset', params: { dataset: options.dataset }, position: { x: 0, y: 0 } },
      { id: 'split', kind: 'preprocess.split', params: { validationFraction: 0.2, shuffle: true, stratify: true }, position: { x: 346, y: 0 } },
      { id: 'point', kind: 'preprocess.selectColumns', params: { columns: 'x, y' }, position: { x: 692, y: 0 } },
      { id: 'class', kind: 'preprocess.target', params: { column: 'class' }, position: { x: 692, y: 307 } },
      { id: 'hidden1', kind: 'layer.dense', params: { ...hidden }, position: { x: 0, y: 159 } },
      { id: 'hidden2', kind: 'layer.dense', params: { ...hidden }, position: { x: 346, y: 159 } },
      { id: 'classifier', kind: 'layer.dense', params: { units: 2, activation: 'softmax' }, position: { x: 692, y: 159 } },
      { id: 'loss', kind: 'loss.categoricalCrossentropy', params: {}, position: { x: 0, y: 437 } },
      { id: 'accuracy', kind: 'metric.accuracy', params: {}, position: { x: 346, y: 581 } },
      {
        id: 'optimizer',
        kind: 'optimizer.adam',
        params: { learningRate: options.learningRate, epochs: 20, batchSize: options.batchSize, seed: 42 },
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
}
