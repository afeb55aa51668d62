import { z } from 'zod';
import { defineLoss } from './loss-node';

export const sparseCategoricalCrossentropy = defineLoss({
  kind: 'loss.sparseCategoricalCrossentropy',
  label: 'Sparse categorical cross-entropy',
  description: 'Categorical cross-entropy with each label given as a class number instead of one-hot: lighter with many classes.',
  params: z.object({}),
  targetEncoding: 'classIndex',
  outputActivation: 'softmax',
  loss: 'sparseCategoricalCrossentropy',
});
