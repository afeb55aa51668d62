import { globalPoolingNode } from './pooling';

export const globalMaxPool2d = globalPoolingNode(
  'layer.globalMaxPool2d',
  'GlobalMaxPool2D',
  "Keeps each channel's strongest value anywhere in the image: one value per channel.",
  'max',
  2,
);
