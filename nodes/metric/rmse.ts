import { z } from 'zod';
import { defineMetric } from './metric-node';
import { rmse } from '@/lib/metrics/metrics';

export const rmseMetric = defineMetric({
  kind: 'metric.rmse',
  label: 'RMSE',
  description: "Root mean squared error: the square root of MSE, back in the target's unit.",
  task: 'regression',
  params: z.object({}),
  name: 'rmse',
  metric: () => rmse,
  exported: { function: 'rmse' },
});
