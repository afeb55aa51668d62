import { teachingMlp } from './teaching-mlp';

/** A classic teaching set: no straight line separates the arms, so it needs hidden layers. */
export const spiralsMlp = teachingMlp({
  name: 'Two spirals (MLP)',
  description:
    "Tells apart two interleaved spiral arms from a point's x and y: two Dense layers bend the boundary around the arms. Reaches at least 95% validation accuracy (always guessing one class: 50%).",
  dataset: 'spirals',
  units: 32,
  activation: 'relu',
  learningRate: 0.01,
  batchSize: 16,
});
