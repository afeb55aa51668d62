import { teachingMlp } from './teaching-mlp';

/** The classic XOR problem: a linear model stays near 50%, small hidden layers solve it. */
export const xorMlp = teachingMlp({
  name: 'XOR (MLP)',
  description:
    "Predicts whether a point's x and y have the same sign: the classic problem no single straight line solves, solved by two small hidden layers. Reaches at least 95% validation accuracy (always guessing one class: 50%).",
  dataset: 'xor',
  units: 16,
  activation: 'tanh',
  learningRate: 0.02,
  batchSize: 32,
});
