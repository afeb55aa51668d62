import type { PipelineDocument } from '@/lib/document/document';

/**
 * The digit classifier grown up: two convolution blocks, and augmented training images so it
 * learns the digit's shape rather than its exact pixels.
 */
export const digitsDeepCnn: PipelineDocument = {
  version: 3,
  name: 'Digit classifier, deeper CNN with augmentation',
  description:
    'Recognises handwritten digits 0-9 with two convolution blocks: the training digits are turned and zoomed a little afresh every epoch (validation digits stay as they are), and Dropout keeps it from memorising. Reaches at least 98% validation accuracy (the quick digit CNN: about 96%).',
  nodes: [
    // Positions are the tidy layout's (scripts/tidy-templates.ts).
    { id: 'dataset', kind: 'data.dataset', params: { dataset: 'mnist' }, position: { x: 0, y: 0 } },
    { id: 'split', kind: 'preprocess.split', params: { validationFraction: 0.2, shuffle: true }, position: { x: 346, y: 0 } },
    { id: 'pixels', kind: 'preprocess.selectColumns', params: { columns: 'image' }, position: { x: 0, y: 130 } },
    { id: 'digit', kind: 'preprocess.target', params: { column: 'digit' }, position: { x: 0, y: 1077 } },
    { id: 'normalize', kind: 'preprocess.normalize', params: {}, position: { x: 346, y: 130 } },
    // After the split, so only training digits are altered; no flip: a mirrored 2 is no 2.
    {
      id: 'augment',
      kind: 'preprocess.augment',
      params: { horizontalFlip: false, rotation: 8, zoom: 0.08, translation: 0.05, fillMode: 'constant' },
      position: { x: 0, y: 289 },
    },
    { id: 'conv1', kind: 'layer.conv2d', params: { filters: 8, kernelSize: 3, activation: 'relu' }, position: { x: 346, y: 289 } },
    { id: 'pool1', kind: 'layer.maxPool2d', params: { poolSize: 2 }, position: { x: 0, y: 449 } },
    { id: 'conv2', kind: 'layer.conv2d', params: { filters: 16, kernelSize: 3, activation: 'relu' }, position: { x: 346, y: 449 } },
    { id: 'pool2', kind: 'layer.maxPool2d', params: { poolSize: 2 }, position: { x: 0, y: 609 } },
    { id: 'flatten', kind: 'layer.flatten', params: {}, position: { x: 346, y: 629 } },
    { id: 'dropout', kind: 'layer.dropout', params: { rate: 0.1 }, position: { x: 0, y: 769 } },
    { id: 'hidden', kind: 'layer.dense', params: { units: 64, activation: 'relu' }, position: { x: 346, y: 769 } },
    { id: 'classifier', kind: 'layer.dense', params: { units: 10, activation: 'softmax' }, position: { x: 0, y: 929 } },
    { id: 'loss', kind: 'loss.categoricalCrossentropy', params: {}, position: { x: 346, y: 931 } },
    { id: 'accuracy', kind: 'metric.accuracy', params: {}, position: { x: 346, y: 1207 } },
    {
      id: 'optimizer',
      kind: 'optimizer.adam',
      params: { learningRate: 0.003, epochs: 10, batchSize: 32, seed: 42 },
      position: { x: 0, y: 1207 },
    },
  ],
  edges: [
    { source: 'dataset', sourcePort: 'table', target: 'split', targetPort: 'table' },
    { source: 'split', sourcePort: 'table', target: 'pixels', targetPort: 'table' },
    { source: 'split', sourcePort: 'table', target: 'digit', targetPort: 'table' },
    { source: 'pixels', sourcePort: 'out', target: 'normalize', targetPort: 'in' },
    { source: 'normalize', sourcePort: 'out', target: 'augment', targetPort: 'in' },
    { source: 'augment', sourcePort: 'out', target: 'conv1', targetPort: 'in' },
    { source: 'conv1', sourcePort: 'out', target: 'pool1', targetPort: 'in' },
    { source: 'pool1', sourcePort: 'out', target: 'conv2', targetPort: 'in' },
    { source: 'conv2', sourcePort: 'out', target: 'pool2', targetPort: 'in' },
    { source: 'pool2', sourcePort: 'out', target: 'flatten', targetPort: 'in' },
    { source: 'flatten', sourcePort: 'out', target: 'dropout', targetPort: 'in' },
    { source: 'dropout', sourcePort: 'out', target: 'hidden', targetPort: 'in' },
    { source: 'hidden', sourcePort: 'out', target: 'classifier', targetPort: 'in' },
    { source: 'classifier', sourcePort: 'out', target: 'loss', targetPort: 'prediction' },
    { source: 'digit', sourcePort: 'out', target: 'loss', targetPort: 'labels' },
    { source: 'classifier', sourcePort: 'out', target: 'accuracy', targetPort: 'prediction' },
    { source: 'digit', sourcePort: 'out', target: 'accuracy', targetPort: 'labels' },
    { source: 'loss', sourcePort: 'loss', target: 'optimizer', targetPort: 'loss' },
  ],
};
