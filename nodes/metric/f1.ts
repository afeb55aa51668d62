import { z } from 'zod';
import { defineMetric } from './metric-node';
import { f1 } from '@/lib/metrics/metrics';

export const f1Metric = defineMetric({
  kind: 'metric.f1',
  label: 'F1 score',
  description: 'Balance of precision and recall per class, averaged over classes: fair when some classes are rare.',
  task: 'classification',
  params: z.object({}),
  name: 'f1',
  metric: () => f1,
  exported: { function: 'f1' },
});
