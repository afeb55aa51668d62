import { z } from 'zod';
import { fail } from '../define-node';
import { defineMetric } from './metric-node';
import { topK } from '@/lib/metrics/metrics';
import { ts } from '@/lib/export/code';

export const topKAccuracy = defineMetric({
  kind: 'metric.topKAccuracy',
  label: 'Top-k accuracy',
  description: 'Share of samples whose right class is among the k classes the model finds most likely.',
  task: 'classification',
  params: z.object({
    // scikit-learn's top_k_accuracy_score starts from 2: it means something from three classes on.
    k: z.number().int().min(1).max(100).default(2).describe('How many of the most likely classes may hold the right one'),
  }),
  name: 'top_k_accuracy',
  metric: (p) => topK(p.k),
  exported: { function: 'topK', measure: (p) => ts`topK(${p.k})` },
  refuse: (p, target) => {
    if (target.kind !== 'classes' || p.k < target.classNames.length) return undefined;
    const classes = target.classNames.length;
    const k = Math.max(1, classes - 1);
    return fail(
      'E_METRIC_TASK',
      `Top-${p.k} accuracy counts every sample as right: there are only ${classes} classes to pick from.`,
      classes <= 2 ? 'Use accuracy for two classes.' : `Set k below ${classes}.`,
      { fix: { label: `Set k to ${k}`, params: { k } } },
    );
  },
  summary: (p) => `top ${p.k}`,
});
