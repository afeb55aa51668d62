import { z } from 'zod';
import { defineMetric } from './metric-node';
import { confusionMatrix } from '@/lib/metrics/metrics';

export const confusionMatrixMetric = defineMetric({
  kind: 'metric.confusionMatrix',
  label: 'Confusion matrix',
  description: 'Counts each true class against the predicted one, to show which classes get mixed up.',
  task: 'classification',
  params: z.object({}),
  name: 'confusion_matrix',
  metric: () => confusionMatrix,
  exported: { function: 'confusionMatrix' },
});
