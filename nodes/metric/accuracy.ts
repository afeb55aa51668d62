import { z } from 'zod';
import { defineNode } from '../define-node';
import { checkPrediction } from '../shared';
import { ts } from '@/lib/export/code';
import { accuracy as accuracyOf } from '@/lib/metrics/metrics';

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
  // tfjs also logs it on the training batches (as "acc"); validation rows are measured by lib/metrics.
  build: () => 'accuracy',
  measure: (_p, truth, prediction, outputs) => accuracyOf(truth, prediction, outputs),
  metricName: () => 'accuracy',
  emit: () => ({
    imports: [{ module: './metrics/metrics', named: ['accuracy'] }],
    metric: ts`${'accuracy'}`,
    logKey: 'acc',
    name: 'accuracy',
    measure: ts`accuracy`,
  }),
});
