import { globalPoolingNode } from './pooling';

export const globalAveragePool2d = globalPoolingNode(
  'layer.globalAveragePool2d',
  'GlobalAveragePool2D',
  "Averages each channel over the whole image: one value per channel, a light replacement for Flatten.",
  'average',
  2,
);
