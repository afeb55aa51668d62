import { z } from 'zod';
import { defineNode, ok } from '../define-node';
import { requireFeatures } from '../shared';
import { ts } from '@/lib/export/code';

const channels = (x: (number | null)[]) => x[x.length - 1] ?? 0;

export const batchNormalization = defineNode({
  kind: 'layer.batchNormalization',
  version: 1,
  category: 'layer',
  ui: {
    label: 'BatchNormalization',
    description: 'Rescales each channel to mean 0 and spread 1 across the batch, then applies a learned scale and offset: steadier, faster training.',
  },
  params: z.object({
    momentum: z.number().min(0).max(0.999).default(0.99).describe('How slowly the running mean and variance used for predictions follow each batch'),
    epsilon: z.number().min(1e-6).max(0.1).default(0.001).describe('Small number added to the variance so it never divides by zero'),
  }),
  inputs: [{ id: 'in', label: 'in', type: 'tensor' }],
  outputs: [{ id: 'out', label: 'out', type: 'tensor' }],
  inferShape: (_p, [x]) => requireFeatures('BatchNormalization', x) ?? ok([x]),
  // A learned scale and offset per channel, and the running mean and variance that predictions use.
  paramCount: (_p, [x]) => 4 * channels(x),
  nonTrainableParamCount: (_p, [x]) => 2 * channels(x),
  build: (p, { tf }) => tf.layers.batchNormalization({ momentum: p.momentum, epsilon: p.epsilon }),
  emit: (p) => ({ layer: ts`tf.layers.batchNormalization({ momentum: ${p.momentum}, epsilon: ${p.epsilon} })` }),
  summary: (p) => `momentum ${p.momentum}`,
});
