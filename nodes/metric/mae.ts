import { z } from 'zod';
import { defineMetric } from './metric-node';
import { mae } from '@/lib/metrics/metrics';

export const maeMetric = defineMetric({
  kind: 'metric.mae',
  label: 'MAE',
  description: "Mean absolute error: the average distance between predicted and true numbers, in the target's unit.",
  task: 'regression',
  params: z.object({}),
  name: 'mae',
  metric: () => mae,
  exported: { function: 'mae' },
});
