import { z } from 'zod';
import { defineNode } from '../define-node';
import { optimizerBasics, optimizerParams, runSettings, trainingConstants, trainingSummary } from '../shared';
import { ts } from '@/lib/export/code';

/**
 * Adagrad's steps only shrink as squared gradients add up, so it starts from a larger rate than
 * Adam (0.01, as in PyTorch; Keras's 0.001 barely moves in a short run).
 */
export const adagrad = defineNode({
  kind: 'optimizer.adagrad',
  version: 1,
  ...optimizerBasics({ optimizer: 'Adagrad', usual: 0.01, smallData: 0.1 }),
  ui: { label: 'Adagrad', description: 'Gives each weight its own step that shrinks as its gradients add up: suits rare features such as embeddings.' },
  params: optimizerParams({
    initialAccumulatorValue: z
      .number()
      .min(0)
      .max(10)
      .default(0.1)
      .describe("Starting value of each weight's sum of squared gradients: larger makes the first steps smaller"),
  }),
  build: (p, { tf }) => tf.train.adagrad(runSettings(p).learningRate, p.initialAccumulatorValue),
  emit: (p) => ({ constants: trainingConstants(p), optimizer: ts`tf.train.adagrad(LEARNING_RATE, ${p.initialAccumulatorValue})` }),
  summary: trainingSummary,
});
