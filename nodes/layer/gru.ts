import { recurrentNode } from './recurrent';

export const gru = recurrentNode(
  'layer.gru',
  'GRU',
  'Like LSTM with a quarter fewer weights: reads a sequence step by step with a gated memory.',
  'gru',
);
