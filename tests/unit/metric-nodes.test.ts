import { describe, expect, it } from 'vitest';
import { getNodeDefinition, nodeDefinitions } from '@/nodes';
import type { EmitByCategory, PortInfo } from '@/nodes/define-node';
import type { Shape } from '@/lib/shape/shape';
import type { Target, TargetInfo } from '@/lib/data/table';
import * as metrics from '@/lib/metrics/metrics';
import { ts } from '@/lib/export/code';

const metric = (kind: string) => getNodeDefinition(kind)!;
const metricKinds = nodeDefinitions.filter((d) => d.category === 'metric').map((d) => d.kind);
const classification = ['metric.accuracy', 'metric.precision', 'metric.recall', 'metric.f1', 'metric.confusionMatrix', 'metric.topKAccuracy', 'metric.auc'];
const regression = ['metric.mae', 'metric.mse', 'metric.rmse', 'metric.r2'];

const species: TargetInfo = { kind: 'classes', classNames: ['Adelie', 'Chinstrap', 'Gentoo'] };
const spam: TargetInfo = { kind: 'classes', classNames: ['ham', 'spam'] };
const mpg: TargetInfo = { kind: 'numbers', names: ['mpg'] };

function infer(kind: string, prediction: Shape, target: TargetInfo, params: Record<string, unknown> = {}) {
  const def = metric(kind);
  const labels: Shape = [null, target.kind === 'classes' ? target.classNames.length : target.names.length];
  const info: PortInfo[] = [{}, { target }];
  return def.inferShape(def.params.parse(params), [prediction, labels], info);
}

describe('metric nodes refuse a task they do not measure', () => {
  it('lists every metric kind in one of the two tasks', () => {
    expect([...classification, ...regression].sort()).toEqual([...metricKinds].sort());
  });

  it.each(classification)('%s on a regression: use MAE, RMSE or R²', (kind) => {
    const result = infer(kind, [null, 1], mpg);
    expect(result).toMatchObject({ ok: false, code: 'E_METRIC_TASK', hint: 'Use MAE, RMSE or R² instead.' });
    if (!result.ok) expect(result.message).toMatch(/measures a classifier, but this pipeline predicts numbers \(mpg\): a regression\.$/);
  });

  it('accuracy on a regression says so in plain words', () => {
    expect(infer('metric.accuracy', [null, 1], mpg)).toMatchObject({
      message: 'Accuracy measures a classifier, but this pipeline predicts numbers (mpg): a regression.',
    });
  });

  it.each(regression)('%s on classes: use accuracy or F1', (kind) => {
    const result = infer(kind, [null, 3], species);
    expect(result).toMatchObject({ ok: false, code: 'E_METRIC_TASK', hint: 'Use accuracy, F1, or precision and recall instead.' });
    if (!result.ok) expect(result.message).toMatch(/measures predicted numbers, but this pipeline picks one of 3 classes \(Adelie, Chinstrap, Gentoo\)/);
  });

  it('AUC on more than two classes: use F1 or accuracy', () => {
    expect(infer('metric.auc', [null, 3], species)).toMatchObject({
      ok: false,
      code: 'E_METRIC_TASK',
      message: 'AUC measures a classifier of two classes, but this pipeline picks one of 3 classes (Adelie, Chinstrap, Gentoo).',
      hint: expect.stringMatching(/F1 or accuracy/),
    });
  });

  it('top-k with k at least the number of classes counts everything right: a fix sets k below it', () => {
    expect(infer('metric.topKAccuracy', [null, 3], species, { k: 3 })).toMatchObject({
      ok: false,
      code: 'E_METRIC_TASK',
      message: 'Top-3 accuracy counts every sample as right: there are only 3 classes to pick from.',
      hint: 'Set k below 3.',
      fix: { label: 'Set k to 2', params: { k: 2 } },
    });
    expect(infer('metric.topKAccuracy', [null, 2], spam, { k: 2 })).toMatchObject({ hint: 'Use accuracy for two classes.', fix: { params: { k: 1 } } });
    expect(infer('metric.topKAccuracy', [null, 3], species, { k: 2 })).toEqual({ ok: true, shapes: [] });
  });
});

describe('metric nodes check the prediction against the target', () => {
  it.each(classification.filter((k) => k !== 'metric.auc'))('%s reads one score per class', (kind) => {
    expect(infer(kind, [null, 3], species)).toEqual({ ok: true, shapes: [] });
    expect(infer(kind, [null, 4], species)).toMatchObject({ code: 'E_CLASS_COUNT', blamePort: 'prediction', fix: { params: { units: 3 } } });
  });

  it.each(classification)('%s reads two classes as two softmax scores or one sigmoid probability', (kind) => {
    expect(infer(kind, [null, 2], spam, { k: 1 })).toEqual({ ok: true, shapes: [] });
    expect(infer(kind, [null, 1], spam, { k: 1 })).toEqual({ ok: true, shapes: [] });
    expect(infer(kind, [null, 3], spam, { k: 1 })).toMatchObject({ code: 'E_CLASS_COUNT', fix: { params: { units: 2 } } });
  });

  it.each(regression)('%s reads one number per number to predict', (kind) => {
    expect(infer(kind, [null, 1], mpg)).toEqual({ ok: true, shapes: [] });
    expect(infer(kind, [null, 2], mpg)).toMatchObject({ code: 'E_OUTPUT_COUNT', blamePort: 'prediction', fix: { params: { units: 1 } } });
    expect(infer(kind, [null, 5, 1], mpg)).toMatchObject({ code: 'E_PREDICTION_SHAPE', blamePort: 'prediction' });
  });

  it('without a target (older callers), the one-hot checks of before, with their codes', () => {
    const bare = (prediction: Shape) => metric('metric.accuracy').inferShape({}, [prediction, [null, 3]], []);
    expect(bare([null, 3])).toEqual({ ok: true, shapes: [] });
    expect(bare([null, 5])).toMatchObject({ code: 'E_CLASS_COUNT', message: 'This output has 5 units, but the labels have 3 classes.' });
    expect(bare([null, 4, 4, 3])).toMatchObject({ code: 'E_PREDICTION_SHAPE', hint: 'Add a Flatten node before the classifier.' });
  });
});

describe('measure, and the same measure in the exported code', () => {
  const classes: Target = { kind: 'classes', classNames: ['ham', 'spam'], values: Int32Array.of(1, 0, 1, 0) };
  const probabilities = Float32Array.of(0.9, 0.7, 0.3, 0.1);
  const numbers: Target = { kind: 'numbers', names: ['mpg'], values: Float32Array.of(20, 30, 25) };
  const predicted = Float32Array.of(22, 29, 25);
  const cases: [string, Record<string, unknown>, Target, Float32Array][] = [
    ...classification.map((kind) => [kind, { k: 1 }, classes, probabilities] as [string, Record<string, unknown>, Target, Float32Array]),
    ...regression.map((kind) => [kind, {}, numbers, predicted] as [string, Record<string, unknown>, Target, Float32Array]),
  ];

  it.each(cases)('%s: the emitted measure, run against lib/metrics, gives the app’s value', (kind, params, truth, prediction) => {
    const def = metric(kind);
    const p = def.params.parse(params);
    const inApp = def.measure!(p, truth, prediction, 1);
    const emitted = def.emit!(p, { seed: ts`1` }) as EmitByCategory['metric'];
    const imported = emitted.imports!.flatMap((i) => (i.module === './metrics/metrics' ? i.named! : []));
    expect(imported.length).toBeGreaterThan(0);
    // The exported code imports these names from lib/metrics, shipped as metrics/metrics.ts: give it the same ones.
    const library = metrics as unknown as Record<string, unknown>;
    const measure = new Function(...imported, `return ${emitted.measure!.text};`)(...imported.map((name) => library[name])) as metrics.Metric;
    expect(measure(truth, prediction, 1)).toEqual(inApp);
  });

  it('precision, recall and F1 fill in per class; the confusion matrix fills in its counts', () => {
    // Predicted spam, spam, ham, ham for spam, ham, spam, ham.
    for (const kind of ['metric.precision', 'metric.recall', 'metric.f1']) {
      const result = metric(kind).measure!({}, classes, probabilities, 1);
      expect(result.perClass!.map((c) => [c.name, c.support])).toEqual([
        ['ham', 2],
        ['spam', 2],
      ]);
      expect(result.value).toBeCloseTo(0.5, 12);
    }
    expect(metric('metric.confusionMatrix').measure!({}, classes, probabilities, 1)).toEqual({
      value: 0.5,
      confusion: [
        [1, 1],
        [1, 1],
      ],
    });
  });

  it('top-k reads its k', () => {
    const three: Target = { kind: 'classes', classNames: ['a', 'b', 'c'], values: Int32Array.of(2) };
    const scores = Float32Array.of(0.5, 0.3, 0.2);
    expect(metric('metric.topKAccuracy').measure!({ k: 1 }, three, scores, 3).value).toBe(0);
    expect(metric('metric.topKAccuracy').measure!({ k: 2 }, three, scores, 3).value).toBe(0);
    expect(metric('metric.topKAccuracy').measure!({ k: 3 }, three, scores, 3).value).toBe(1);
  });

  it('names each value as Keras does; only accuracy is also logged by tfjs on training batches', () => {
    const names = Object.fromEntries(metricKinds.map((kind) => [kind, (metric(kind).emit!(metric(kind).params.parse({}), { seed: ts`1` }) as EmitByCategory['metric']).name]));
    expect(names).toEqual({
      'metric.accuracy': 'accuracy',
      'metric.precision': 'precision',
      'metric.recall': 'recall',
      'metric.f1': 'f1',
      'metric.confusionMatrix': 'confusion_matrix',
      'metric.topKAccuracy': 'top_k_accuracy',
      'metric.auc': 'auc',
      'metric.mae': 'mae',
      'metric.mse': 'mse',
      'metric.rmse': 'rmse',
      'metric.r2': 'r2',
    });
    expect(metricKinds.filter((kind) => metric(kind).build)).toEqual(['metric.accuracy']);
    expect(metric('metric.accuracy').emit!({}, { seed: ts`1` })).toMatchObject({ metric: { text: "'accuracy'" }, logKey: 'acc' });
  });
});
