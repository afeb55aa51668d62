import type { PipelineDocument } from '@/lib/document/document';

/** A regression on real, imperfect data: predict a number (miles per gallon), judged by its error in mpg. */
export const fuelEconomy: PipelineDocument = {
  version: 3,
  name: 'Fuel economy (regression)',
  description:
    'Predicts a car\'s miles per gallon from its engine, weight, acceleration, year and origin: drops cars without a recorded mpg, fills missing horsepower, one-hot encodes the origin, standardizes, then an MLP. Off by at most 2 mpg on average on validation cars (always guessing the average mpg: about 5.8).',
  nodes: [
    // Positions are the tidy layout's (scripts/tidy-templates.ts).
    { id: 'dataset', kind: 'data.dataset', params: { dataset: 'cars' }, position: { x: 0, y: 0 } },
    // Before the split: a car without an mpg cannot teach or judge the model (8 of 406).
    { id: 'dropNoMpg', kind: 'preprocess.missingValues', params: { strategy: 'dropRow', columns: 'Miles_per_Gallon' }, position: { x: 346, y: 0 } },
    { id: 'split', kind: 'preprocess.split', params: { validationFraction: 0.2, shuffle: true }, position: { x: 0, y: 130 } },
    // After the split: the median horsepower is learnt from the training cars only.
    { id: 'fillHorsepower', kind: 'preprocess.missingValues', params: { strategy: 'median', columns: 'Horsepower' }, position: { x: 346, y: 130 } },
    { id: 'encodeOrigin', kind: 'preprocess.oneHot', params: { columns: 'Origin' }, position: { x: 0, y: 260 } },
    { id: 'carFeatures', kind: 'preprocess.selectColumns', params: {}, position: { x: 346, y: 260 } },
    { id: 'mpg', kind: 'preprocess.target', params: { column: 'Miles_per_Gallon' }, position: { x: 346, y: 727 } },
    { id: 'standardize', kind: 'preprocess.standardize', params: {}, position: { x: 0, y: 419 } },
    { id: 'hidden1', kind: 'layer.dense', params: { units: 32, activation: 'relu' }, position: { x: 346, y: 419 } },
    { id: 'hidden2', kind: 'layer.dense', params: { units: 16, activation: 'relu' }, position: { x: 0, y: 579 } },
    { id: 'prediction', kind: 'layer.dense', params: { units: 1, activation: 'linear' }, position: { x: 346, y: 579 } },
    { id: 'loss', kind: 'loss.huber', params: {}, position: { x: 0, y: 857 } },
    { id: 'mae', kind: 'metric.mae', params: {}, position: { x: 346, y: 1001 } },
    {
      id: 'optimizer',
      kind: 'optimizer.adam',
      params: { learningRate: 0.01, epochs: 100, batchSize: 32, seed: 42 },
      position: { x: 346, y: 857 },
    },
  ],
  edges: [
    { source: 'dataset', sourcePort: 'table', target: 'dropNoMpg', targetPort: 'in' },
    { source: 'dropNoMpg', sourcePort: 'out', target: 'split', targetPort: 'table' },
    { source: 'split', sourcePort: 'table', target: 'fillHorsepower', targetPort: 'in' },
    { source: 'fillHorsepower', sourcePort: 'out', target: 'encodeOrigin', targetPort: 'in' },
    { source: 'encodeOrigin', sourcePort: 'out', target: 'carFeatures', targetPort: 'table' },
    { source: 'encodeOrigin', sourcePort: 'out', target: 'mpg', targetPort: 'table' },
    { source: 'carFeatures', sourcePort: 'out', target: 'standardize', targetPort: 'in' },
    { source: 'standardize', sourcePort: 'out', target: 'hidden1', targetPort: 'in' },
    { source: 'hidden1', sourcePort: 'out', target: 'hidden2', targetPort: 'in' },
    { source: 'hidden2', sourcePort: 'out', target: 'prediction', targetPort: 'in' },
    { source: 'prediction', sourcePort: 'out', target: 'loss', targetPort: 'prediction' },
    { source: 'mpg', sourcePort: 'out', target: 'loss', targetPort: 'labels' },
    { source: 'prediction', sourcePort: 'out', target: 'mae', targetPort: 'prediction' },
    { source: 'mpg', sourcePort: 'out', target: 'mae', targetPort: 'labels' },
    { source: 'loss', sourcePort: 'loss', target: 'optimizer', targetPort: 'loss' },
  ],
};
