import { poolingNode } from './pooling';

export const maxPool2d = poolingNode(
  'layer.maxPool2d',
  'MaxPool2D',
  'Keeps the strongest value in each window: halves the image size with the default 2x2.',
  'max',
  2,
);
