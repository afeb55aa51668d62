import { z } from 'zod';
import { defineNode, ok } from '../define-node';
import { trainingParams } from '../shared';

export const sgd = defineNode({
  kind: 'optimizer.sgd',
  version: 1,
  category: 'optimizer',
  ui: { label: 'SGD', description: 'Stochastic gradient descent: moves each weight a fixed step against its gradient.' },
  params: z.object(trainingParams(0.1)),
  inputs: [{ id: 'loss', label: 'loss', type: 'loss' }],
  outputs: [],
  inferShape: () => ok([]),
  build: (p, { tf }) => tf.train.sgd(p.learningRate),
  training: (p) => p,
  typicalLearningRate: 0.01,
  summary: (p) => `lr ${p.learningRate} · ${p.epochs} epochs · batch ${p.batchSize}`,
});
