import { recurrentNode } from './recurrent';

export const lstm = recurrentNode(
  'layer.lstm',
  'LSTM',
  'Reads a sequence step by step with a gated memory that keeps what matters over long spans (text, time series).',
  'lstm',
);
