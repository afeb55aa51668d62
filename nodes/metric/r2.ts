import { z } from 'zod';
import { defineMetric } from './metric-node';
import { r2 } from '@/lib/metrics/metrics';

export const r2Metric = defineMetric({
  kind: 'metric.r2',
  label: 'R²',
  description: "Share of the target's variation the model explains: 1 is perfect, 0 no better than always predicting the mean.",
  task: 'regression',
  params: z.object({}),
  name: 'r2',
  metric: () => r2,
  exported: { function: 'r2' },
});
