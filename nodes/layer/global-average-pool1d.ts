import { globalPoolingNode } from './pooling';

export const globalAveragePool1d = globalPoolingNode(
  'layer.globalAveragePool1d',
  'GlobalAveragePool1D',
  "Averages each channel over all steps: one value per channel, whatever the sequence length.",
  'average',
  1,
);
