import { z } from 'zod';
import { defineNode } from '../define-node';
import { optimizerBasics, optimizerParams, runSettings, trainingConstants, trainingSummary } from '../shared';
import { ts } from '@/lib/export/code';

/** Defaults are Keras's (rho 0.9, no momentum, epsilon 1e-7); its step sizes are Adam's. */
export const rmsprop = defineNode({
  kind: 'optimizer.rmsprop',
  version: 1,
  ...optimizerBasics({ optimizer: 'RMSprop', usual: 0.001, smallData: 0.01 }),
  ui: { label: 'RMSprop', description: "Divides each weight's step by its recent gradient size: a steady choice for recurrent networks." },
  params: optimizerParams({
    rho: z
      .number()
      .min(0)
      .max(0.999)
      .default(0.9)
      .describe('How slowly the running average of squared gradients forgets: 0.9 averages about the last 10 updates'),
    momentum: z.number().min(0).max(0.999).default(0).describe('Share of the previous update carried into the next (0: none)'),
    epsilon: z.number().positive().max(1).default(1e-7).describe('Small number that keeps the division stable where gradients are tiny; rarely changed'),
  }),
  build: (p, { tf }) => tf.train.rmsprop(runSettings(p).learningRate, p.rho, p.momentum, p.epsilon),
  emit: (p) => ({ constants: trainingConstants(p), optimizer: ts`tf.train.rmsprop(LEARNING_RATE, ${p.rho}, ${p.momentum}, ${p.epsilon})` }),
  summary: (p) => `${p.momentum > 0 ? `momentum ${p.momentum} · ` : ''}${trainingSummary(p)}`,
});
