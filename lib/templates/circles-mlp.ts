import { teachingMlp } from './teaching-mlp';

/** A disc inside a ring: the boundary is a circle, which a small MLP learns. */
export const circlesMlp = teachingMlp({
  name: 'Circles (MLP)',
  description:
    "Tells a disc from the ring around it from a point's x and y: a small MLP learns the round boundary. Reaches at least 95% validation accuracy (always guessing one class: 50%).",
  dataset: 'circles',
  units: 8,
  activation: 'tanh',
  learningRate: 0.02,
  batchSize: 32,
});
