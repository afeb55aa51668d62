import { z } from 'zod';
import { defineLoss } from './loss-node';
import { ts } from '@/lib/export/code';

export const huber = defineLoss({
  kind: 'loss.huber',
  label: 'Huber',
  description: 'Loss for predicting numbers: squared for small misses, linear beyond delta, so outliers pull less.',
  params: z.object({
    delta: z.number().positive().max(1e6).default(1).describe('Misses up to this size count squared, larger ones linearly'),
  }),
  targetEncoding: 'numbers',
  outputActivation: 'linear',
  // tfjs has no Huber loss by name for model.compile(): its huberLoss takes delta as an argument.
  loss: {
    build: (p, { tf }) => (yTrue, yPred) => tf.losses.huberLoss(yTrue, yPred, undefined, p.delta),
    emit: (p) => ({
      constants: [{ name: 'HUBER_DELTA', value: p.delta, comment: 'Misses up to this size count squared in the loss, larger ones linearly.' }],
      loss: ts`(yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.huberLoss(yTrue, yPred, undefined, HUBER_DELTA)`,
    }),
  },
  summary: (p) => `delta ${p.delta}`,
});
