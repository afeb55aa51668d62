import { z } from 'zod';
import { defineMetric } from './metric-node';
import { mse } from '@/lib/metrics/metrics';

export const mseMetric = defineMetric({
  kind: 'metric.mse',
  label: 'MSE',
  description: 'Mean squared error: the average squared distance between predicted and true numbers, so large misses weigh most.',
  task: 'regression',
  params: z.object({}),
  name: 'mse',
  metric: () => mse,
  exported: { function: 'mse' },
});
