import { defineNode } from '../define-node';
import { optimizerBasics, optimizerParams, runSettings, trainingConstants, trainingSummary } from '../shared';
import { adamOptimizer } from '@/lib/engine/fused-adam';
import { ts } from '@/lib/export/code';

export const adam = defineNode({
  kind: 'optimizer.adam',
  version: 1,
  ...optimizerBasics({ optimizer: 'Adam', usual: 0.001, smallData: 0.01 }),
  ui: { label: 'Adam', description: 'Adaptive gradient descent: a good default that needs little tuning.' },
  params: optimizerParams({}),
  // tf.train.adam, updating each weight in one pass on the CPU backend (same numbers, bit for bit).
  build: (p, { tf }) => adamOptimizer(tf, runSettings(p).learningRate),
  emit: (p) => ({ constants: trainingConstants(p), optimizer: ts`tf.train.adam(LEARNING_RATE)` }),
  summary: trainingSummary,
});
