import { poolingNode } from './pooling';

export const averagePool2d = poolingNode(
  'layer.averagePool2d',
  'AveragePool2D',
  'Replaces each window by its mean: halves the image size with the default 2x2, smoothing rather than picking.',
  'average',
  2,
);
