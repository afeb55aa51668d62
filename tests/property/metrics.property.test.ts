import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Target } from '@/lib/data/table';
import { accuracy, auc, confusionMatrix, f1, mae, mse, precision, r2, recall, rmse, topKAccuracy } from '@/lib/metrics/metrics';

/** The metrics agree with their definitions, written the slow and obvious way, on any input. */

/** Rows of scores for `classes` classes, with ties likely (scores on a coarse grid). */
const classRows = (classes: number) =>
  fc.array(fc.tuple(fc.integer({ min: 0, max: classes - 1 }), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: classes, maxLength: classes })), {
    minLength: 1,
    maxLength: 40,
  });

function asInput(classes: number, rows: [number, number[]][]): [Target, Float32Array] {
  const names = Array.from({ length: classes }, (_, i) => `c${i}`);
  return [{ kind: 'classes', classNames: names, values: Int32Array.from(rows.map(([t]) => t)) }, Float32Array.from(rows.flatMap(([, s]) => s.map((v) => v / 4)))];
}

describe('classification metrics match their definitions', () => {
  it('AUC is the share of (positive, negative) pairs ranked right, ties counting half', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 5 })), { minLength: 1, maxLength: 60 }), (rows) => {
        const truth: Target = { kind: 'classes', classNames: ['no', 'yes'], values: Int32Array.from(rows.map(([y]) => (y ? 1 : 0))) };
        const scores = Float32Array.from(rows.map(([, s]) => s / 5));
        const positives = rows.filter(([y]) => y).map(([, s]) => s);
        const negatives = rows.filter(([y]) => !y).map(([, s]) => s);
        let pairs = 0;
        for (const p of positives) for (const n of negatives) pairs += p > n ? 1 : p === n ? 0.5 : 0;
        const value = auc(truth, scores, 1).value;
        if (positives.length === 0 || negatives.length === 0) expect(value).toBeNaN();
        else expect(value).toBeCloseTo(pairs / (positives.length * negatives.length), 10);
      }),
    );
  });

  it('the confusion matrix counts every row once; its diagonal share is accuracy; top-1 accuracy is at least accuracy', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }).chain((c) => fc.tuple(fc.constant(c), classRows(c))), ([classes, rows]) => {
        const [truth, prediction] = asInput(classes, rows);
        const { value, confusion } = confusionMatrix(truth, prediction, classes);
        expect(confusion!.flat().reduce((a, b) => a + b, 0)).toBe(rows.length);
        expect(value).toBe(accuracy(truth, prediction, classes).value);
        // top-1 also counts a tie for the highest score as a hit, accuracy only the first of them.
        expect(topKAccuracy(truth, prediction, classes, 1).value).toBeGreaterThanOrEqual(value);
        expect(topKAccuracy(truth, prediction, classes, classes).value).toBe(1);
      }),
    );
  });

  it('per class, precision, recall and F1 follow from the matrix; the macro values lie in [0, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }).chain((c) => fc.tuple(fc.constant(c), classRows(c))), ([classes, rows]) => {
        const [truth, prediction] = asInput(classes, rows);
        const confusion = confusionMatrix(truth, prediction, classes).confusion!;
        const report = f1(truth, prediction, classes);
        report.perClass!.forEach((c, i) => {
          const tp = confusion[i][i];
          const predicted = confusion.reduce((sum, row) => sum + row[i], 0);
          expect(c.support).toBe(confusion[i].reduce((a, b) => a + b, 0));
          expect(c.precision).toBe(predicted === 0 ? 0 : tp / predicted);
          expect(c.recall).toBe(c.support === 0 ? 0 : tp / c.support);
          expect(c.f1).toBeCloseTo(c.precision + c.recall === 0 ? 0 : (2 * c.precision * c.recall) / (c.precision + c.recall), 12);
        });
        for (const metric of [precision, recall, f1]) {
          const { value } = metric(truth, prediction, classes);
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});

describe('regression metrics match their definitions', () => {
  const rows = fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 })), { minLength: 1, maxLength: 40 });

  it('RMSE² = MSE ≥ MAE²; a perfect prediction scores 0 error and R² 1; predicting the mean scores R² 0', () => {
    fc.assert(
      fc.property(rows, (pairs) => {
        const truth: Target = { kind: 'numbers', names: ['y'], values: Float32Array.from(pairs.map(([t]) => t)) };
        const prediction = Float32Array.from(pairs.map(([, p]) => p));
        expect(rmse(truth, prediction, 1).value ** 2).toBeCloseTo(mse(truth, prediction, 1).value, 8);
        expect(mse(truth, prediction, 1).value + 1e-9).toBeGreaterThanOrEqual(mae(truth, prediction, 1).value ** 2);
        expect(r2(truth, truth.values, 1).value).toBe(1);
        expect(mae(truth, truth.values, 1).value).toBe(0);
        const mean = truth.values.reduce((a, b) => a + b, 0) / pairs.length;
        const constant = truth.values.every((v) => v === truth.values[0]);
        expect(r2(truth, new Float32Array(pairs.length).fill(mean), 1).value).toBeCloseTo(constant ? 1 : 0, 5);
      }),
    );
  });
});
