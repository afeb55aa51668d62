import { z } from 'zod';
import { defineNode, fail, type EmitByCategory, type NodeDefinition, type ShapeFailure } from '../define-node';
import { checkPrediction, describeTarget } from '../shared';
import { raw, ts, type Code } from '@/lib/export/code';
import type { TargetInfo } from '@/lib/data/table';
import type { Metric } from '@/lib/metrics/metrics';

/** What a metric measures: a classifier (a class per row) or a regression (numbers per row). */
export type MetricTask = 'classification' | 'regression';

/** The module the exported project ships lib/metrics/metrics.ts as. */
const metricsModule = './metrics/metrics';

interface MetricKind<P extends z.ZodObject> {
  kind: string;
  label: string;
  description: string;
  task: MetricTask;
  params: P;
  /** Its Keras name: the key of its value in the run's results ('accuracy', 'f1'). */
  name: string;
  /** The function of lib/metrics that measures it, for these params. */
  metric: (p: z.output<P>) => Metric;
  /**
   * The same for the exported code: the name it imports from lib/metrics and, when params shape
   * the function (top-k's k), the expression of the Metric; otherwise the function itself.
   */
  exported: { function: string; measure?: (p: z.output<P>) => Code };
  /** A problem with this target beyond the task (AUC on more than two classes). */
  refuse?: (p: z.output<P>, target: TargetInfo) => ShapeFailure | undefined;
  /** For a metric tfjs also logs on training batches: what model.compile() takes, and the name tfjs logs it under. */
  tfjs?: { metric: string; logKey: string };
  summary?: (p: z.output<P>) => string;
}

/**
 * A metric node: reads the prediction and the labels, refuses a task it does not measure, and
 * computes its value with lib/metrics, in the app and in the exported code alike.
 */
export function defineMetric<P extends z.ZodObject>(m: MetricKind<P>): NodeDefinition<'metric', P> {
  const tfjs = m.tfjs;
  return defineNode({
    kind: m.kind,
    version: 1,
    category: 'metric',
    ui: { label: m.label, description: m.description },
    params: m.params,
    inputs: [
      { id: 'prediction', label: 'prediction', type: 'tensor' },
      { id: 'labels', label: 'labels', type: 'labels' },
    ],
    outputs: [],
    inferShape: (p, [prediction, labels], info) => {
      const target = info[1]?.target;
      const refused = target && (wrongTask(m.label, m.task, target) ?? m.refuse?.(p, target));
      return refused || checkPrediction(prediction, labels, target, 'any');
    },
    measure: (p, truth, prediction, outputs) => m.metric(p)(truth, prediction, outputs),
    metricName: () => m.name,
    ...(tfjs ? { build: () => tfjs.metric } : {}),
    emit: (p) => {
      const emitted: EmitByCategory['metric'] = {
        imports: [{ module: metricsModule, named: [m.exported.function] }],
        name: m.name,
        measure: m.exported.measure?.(p) ?? raw(m.exported.function),
      };
      return tfjs ? { ...emitted, metric: ts`${tfjs.metric}`, logKey: tfjs.logKey } : emitted;
    },
    ...(m.summary ? { summary: m.summary } : {}),
  });
}

function wrongTask(label: string, task: MetricTask, target: TargetInfo): ShapeFailure | undefined {
  if (task === 'classification' && target.kind === 'numbers') {
    return fail(
      'E_METRIC_TASK',
      `${label} measures a classifier, but this pipeline predicts ${describeTarget(target)}: a regression.`,
      'Use MAE, RMSE or R² instead.',
    );
  }
  if (task === 'regression' && target.kind === 'classes') {
    return fail(
      'E_METRIC_TASK',
      `${label} measures predicted numbers, but this pipeline picks one of ${describeTarget(target)}: a classifier.`,
      'Use accuracy, F1, or precision and recall instead.',
    );
  }
  return undefined;
}
