import { z } from 'zod';
import { defineNode } from '../define-node';
import { optimizerBasics, optimizerParams, runSettings, trainingConstants, trainingSummary } from '../shared';
import { ts } from '@/lib/export/code';

export const sgd = defineNode({
  kind: 'optimizer.sgd',
  version: 1,
  ...optimizerBasics({ optimizer: 'SGD', usual: 0.01, smallData: 0.1 }),
  ui: { label: 'SGD', description: 'Stochastic gradient descent: moves each weight a step against its gradient, optionally with momentum.' },
  params: optimizerParams({
    momentum: z
      .number()
      .min(0)
      .max(0.999)
      .default(0)
      .describe('Share of the previous update carried into the next: speeds up steady descents and damps zigzags (0: plain SGD; 0.9 is common)'),
    nesterov: z.boolean().default(false).describe('Momentum above 0 only: takes the gradient a step ahead along the momentum (Nesterov), often a little faster'),
  }),
  // tf.train.momentum with momentum 0 computes the same steps, but plain SGD keeps no per-weight state.
  build: (p, { tf }) =>
    p.momentum > 0 ? tf.train.momentum(runSettings(p).learningRate, p.momentum, p.nesterov) : tf.train.sgd(runSettings(p).learningRate),
  emit: (p) => ({
    constants: trainingConstants(p),
    optimizer: p.momentum > 0 ? ts`tf.train.momentum(LEARNING_RATE, ${p.momentum}, ${p.nesterov})` : ts`tf.train.sgd(LEARNING_RATE)`,
  }),
  summary: (p) => `${p.momentum > 0 ? `momentum ${p.momentum}${p.nesterov ? ', Nesterov' : ''} · ` : ''}${trainingSummary(p)}`,
});
