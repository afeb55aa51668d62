import { poolingNode } from './pooling';

export const maxPool1d = poolingNode(
  'layer.maxPool1d',
  'MaxPool1D',
  'Keeps the strongest value in each stretch of steps: halves a sequence with the default window of 2.',
  'max',
  1,
);
