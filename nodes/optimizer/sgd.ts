import { z } from 'zod';
import { defineNode, ok } from '../define-node';
import { autoTraining, runSettings, trainingConstants, trainingParams, trainingSummary } from '../shared';
import { ts } from '@/lib/export/code';

const rates = { optimizer: 'SGD', usual: 0.01, smallData: 0.1 };

export const sgd = defineNode({
  kind: 'optimizer.sgd',
  version: 1,
  category: 'optimizer',
  ui: { label: 'SGD', description: 'Stochastic gradient descent: moves each weight a fixed step against its gradient.' },
  params: z.object(trainingParams),
  auto: autoTraining(rates),
  typicalLearningRate: rates.usual,
  inputs: [{ id: 'loss', label: 'loss', type: 'loss' }],
  outputs: [],
  inferShape: () => ok([]),
  build: (p, { tf }) => tf.train.sgd(runSettings(p).learningRate),
  emit: (p) => ({ constants: trainingConstants(p), optimizer: ts`tf.train.sgd(LEARNING_RATE)` }),
  training: runSettings,
  summary: trainingSummary,
});
