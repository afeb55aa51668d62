import { z } from 'zod';
import { defineLoss } from './loss-node';

export const meanSquaredError = defineLoss({
  kind: 'loss.meanSquaredError',
  label: 'Mean squared error',
  description: 'Loss for predicting numbers: the average squared miss, so large misses cost the most.',
  params: z.object({}),
  targetEncoding: 'numbers',
  outputActivation: 'linear',
  loss: 'meanSquaredError',
});
