import { z } from 'zod';
import { defineMetric } from './metric-node';
import { precision } from '@/lib/metrics/metrics';

export const precisionMetric = defineMetric({
  kind: 'metric.precision',
  label: 'Precision',
  description: 'Of the samples predicted as a class, the share that really are of it: averaged over classes, and per class.',
  task: 'classification',
  params: z.object({}),
  name: 'precision',
  metric: () => precision,
  exported: { function: 'precision' },
});
