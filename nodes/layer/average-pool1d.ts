import { poolingNode } from './pooling';

export const averagePool1d = poolingNode(
  'layer.averagePool1d',
  'AveragePool1D',
  'Replaces each stretch of steps by its mean: halves a sequence with the default window of 2.',
  'average',
  1,
);
