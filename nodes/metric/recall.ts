import { z } from 'zod';
import { defineMetric } from './metric-node';
import { recall } from '@/lib/metrics/metrics';

export const recallMetric = defineMetric({
  kind: 'metric.recall',
  label: 'Recall',
  description: 'Of the samples of a class, the share the model finds: averaged over classes, and per class.',
  task: 'classification',
  params: z.object({}),
  name: 'recall',
  metric: () => recall,
  exported: { function: 'recall' },
});
