import { z } from 'zod';
import { defineNode } from '../define-node';
import { checkPrediction } from '../shared';
import { ts } from '@/lib/export/code';

export const accuracy = defineNode({
  kind: 'metric.accuracy',
  version: 1,
  category: 'metric',
  ui: { label: 'Accuracy', description: 'Share of samples whose most likely class is the right one.' },
  params: z.object({}),
  inputs: [
    { id: 'prediction', label: 'prediction', type: 'tensor' },
    { id: 'labels', label: 'labels', type: 'labels' },
  ],
  outputs: [],
  inferShape: (_p, [prediction, labels]) => checkPrediction(prediction, labels),
  build: () => 'accuracy',
  // tfjs logs accuracy as "acc"; Keras, and the run's JSON, call it accuracy.
  emit: () => ({ metric: ts`${'accuracy'}`, logKey: 'acc', name: 'accuracy' }),
});
