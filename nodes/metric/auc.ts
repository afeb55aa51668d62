import { z } from 'zod';
import { fail } from '../define-node';
import { defineMetric } from './metric-node';
import { describeTarget } from '../shared';
import { auc as measureAuc } from '@/lib/metrics/metrics';

export const auc = defineMetric({
  kind: 'metric.auc',
  label: 'AUC',
  description: 'For two classes: how well the scores rank the second class above the first (1 perfect, 0.5 chance).',
  task: 'classification',
  params: z.object({}),
  name: 'auc',
  metric: () => measureAuc,
  exported: { function: 'auc' },
  refuse: (_p, target) =>
    target.kind === 'classes' && target.classNames.length !== 2
      ? fail(
          'E_METRIC_TASK',
          `AUC measures a classifier of two classes, but this pipeline picks one of ${describeTarget(target)}.`,
          'Use F1 or accuracy instead: they work for any number of classes.',
        )
      : undefined,
});
