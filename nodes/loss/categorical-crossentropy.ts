import { z } from 'zod';
import { defineLoss } from './loss-node';

export const categoricalCrossentropy = defineLoss({
  kind: 'loss.categoricalCrossentropy',
  label: 'Categorical cross-entropy',
  description: 'Loss for picking one class out of several: compares softmax probabilities with one-hot labels.',
  params: z.object({}),
  targetEncoding: 'oneHot',
  outputActivation: 'softmax',
  loss: 'categoricalCrossentropy',
});
