import { z } from 'zod';
import { defineLoss } from './loss-node';

export const meanAbsoluteError = defineLoss({
  kind: 'loss.meanAbsoluteError',
  label: 'Mean absolute error',
  description: 'Loss for predicting numbers: the average miss, less swayed by outliers than squared error.',
  params: z.object({}),
  targetEncoding: 'numbers',
  outputActivation: 'linear',
  loss: 'meanAbsoluteError',
});
