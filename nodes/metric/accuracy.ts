import { z } from 'zod';
import { defineMetric } from './metric-node';
import { accuracy as measureAccuracy } from '@/lib/metrics/metrics';

export const accuracy = defineMetric({
  kind: 'metric.accuracy',
  label: 'Accuracy',
  description: 'Share of samples whose most likely class is the right one.',
  task: 'classification',
  params: z.object({}),
  name: 'accuracy',
  metric: () => measureAccuracy,
  exported: { function: 'accuracy' },
  // tfjs logs accuracy on training batches as "acc"; Keras, and the run's JSON, call it accuracy.
  tfjs: { metric: 'accuracy', logKey: 'acc' },
});
