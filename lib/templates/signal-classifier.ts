import type { PipelineDocument } from '@/lib/document/document';

/** A sequence model on signals: two Conv1D layers find the wave's shape wherever it lies in time. */
export const signalClassifier: PipelineDocument = {
  version: 3,
  name: 'Signal classifier (Conv1D)',
  description:
    'Tells sine, square, sawtooth and triangle waves apart from 128 noisy samples each (2,000 signals, seeded synthetic: random frequency, phase and amplitude). ' +
    'Two Conv1D layers learn short patterns along the signal (a jump, a ramp, a peak), global average pooling sums them over time, and a Dense layer names the shape. ' +
    'Expect at least 95% validation accuracy (guessing: 25%).',
  nodes: [
    { id: 'waveforms', kind: 'data.dataset', params: { dataset: 'waveforms' }, position: { x: 0, y: 0 } },
    { id: 'split', kind: 'preprocess.split', params: { validationFraction: 0.2, shuffle: true, stratify: true }, position: { x: 346, y: 0 } },
    { id: 'signal', kind: 'preprocess.selectColumns', params: { columns: 'signal' }, position: { x: 692, y: 0 } },
    { id: 'shape', kind: 'preprocess.target', params: { column: 'shape' }, position: { x: 346, y: 467 } },
    { id: 'patterns', kind: 'layer.conv1d', params: { filters: 16, kernelSize: 5, activation: 'relu' }, position: { x: 0, y: 159 } },
    { id: 'halve', kind: 'layer.maxPool1d', params: {}, position: { x: 346, y: 159 } },
    { id: 'widerPatterns', kind: 'layer.conv1d', params: { filters: 16, kernelSize: 5, activation: 'relu' }, position: { x: 692, y: 159 } },
    { id: 'overTime', kind: 'layer.globalAveragePool1d', params: {}, position: { x: 0, y: 319 } },
    { id: 'classifier', kind: 'layer.dense', params: { units: 4, activation: 'softmax' }, position: { x: 346, y: 319 } },
    { id: 'loss', kind: 'loss.categoricalCrossentropy', params: {}, position: { x: 692, y: 321 } },
    { id: 'accuracy', kind: 'metric.accuracy', params: {}, position: { x: 346, y: 597 } },
    {
      id: 'optimizer',
      kind: 'optimizer.adam',
      params: { learningRate: 0.01, epochs: 6, batchSize: 32, seed: 42 },
      position: { x: 0, y: 597 },
    },
  ],
  edges: [
    { source: 'waveforms', sourcePort: 'table', target: 'split', targetPort: 'table' },
    { source: 'split', sourcePort: 'table', target: 'signal', targetPort: 'table' },
    { source: 'split', sourcePort: 'table', target: 'shape', targetPort: 'table' },
    { source: 'signal', sourcePort: 'out', target: 'patterns', targetPort: 'in' },
    { source: 'patterns', sourcePort: 'out', target: 'halve', targetPort: 'in' },
    { source: 'halve', sourcePort: 'out', target: 'widerPatterns', targetPort: 'in' },
    { source: 'widerPatterns', sourcePort: 'out', target: 'overTime', targetPort: 'in' },
    { source: 'overTime', sourcePort: 'out', target: 'classifier', targetPort: 'in' },
    { source: 'classifier', sourcePort: 'out', target: 'loss', targetPort: 'prediction' },
    { source: 'shape', sourcePort: 'out', target: 'loss', targetPort: 'labels' },
    { source: 'classifier', sourcePort: 'out', target: 'accuracy', targetPort: 'prediction' },
    { source: 'shape', sourcePort: 'out', target: 'accuracy', targetPort: 'labels' },
    { source: 'loss', sourcePort: 'loss', target: 'optimizer', targetPort: 'loss' },
  ],
};
