import { z } from 'zod';
import { defineNode, ok } from '../define-node';
import { trainingParams } from '../shared';

export const adam = defineNode({
  kind: 'optimizer.adam',
  version: 1,
  category: 'optimizer',
  ui: { label: 'Adam', description: 'Adaptive gradient descent: a good default that needs little tuning.' },
  params: z.object(trainingParams(0.001)),
  inputs: [{ id: 'loss', label: 'loss', type: 'loss' }],
  outputs: [],
  inferShape: () => ok([]),
  build: (p, { tf }) => tf.train.adam(p.learningRate),
  training: (p) => p,
  typicalLearningRate: 0.001,
  summary: (p) => `lr ${p.learningRate} · ${p.epochs} epochs · batch ${p.batchSize}`,
});
