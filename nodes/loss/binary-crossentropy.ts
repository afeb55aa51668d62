import { z } from 'zod';
import { defineLoss } from './loss-node';

export const binaryCrossentropy = defineLoss({
  kind: 'loss.binaryCrossentropy',
  label: 'Binary cross-entropy',
  description: 'Loss for a yes/no choice between two classes: compares one sigmoid probability with the 0/1 label.',
  params: z.object({}),
  targetEncoding: 'binary',
  outputActivation: 'sigmoid',
  loss: 'binaryCrossentropy',
});
