import { globalPoolingNode } from './pooling';

export const globalMaxPool1d = globalPoolingNode(
  'layer.globalMaxPool1d',
  'GlobalMaxPool1D',
  "Keeps each channel's strongest value over all steps: one value per channel.",
  'max',
  1,
);
