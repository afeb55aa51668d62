import { z } from 'zod';
import { defineNode } from '../define-node';
import { checkPrediction } from '../shared';

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
});
