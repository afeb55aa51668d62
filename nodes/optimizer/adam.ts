import { z } from 'zod';
import { defineNode, ok } from '../define-node';
import { autoTraining, runSettings, trainingConstants, trainingParams, trainingSummary } from '../shared';
import { ts } from '@/lib/export/code';

const rates = { optimizer: 'Adam', usual: 0.001, smallData: 0.01 };

export const adam = defineNode({
  kind: 'optimizer.adam',
  version: 1,
  category: 'optimizer',
  ui: { label: 'Adam', description: 'Adaptive gradient descent: a good default that needs little tuning.' },
  params: z.object(trainingParams),
  auto: autoTraining(rates),
  typicalLearningRate: rates.usual,
  inputs: [{ id: 'loss', label: 'loss', type: 'loss' }],
  outputs: [],
  inferShape: () => ok([]),
  build: (p, { tf }) => tf.train.adam(runSettings(p).learningRate),
  emit: (p) => ({ constants: trainingConstants(p), optimizer: ts`tf.train.adam(LEARNING_RATE)` }),
  training: runSettings,
  summary: trainingSummary,
});
