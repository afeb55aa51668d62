import { describe, expect, it } from 'vitest';
import type { Target } from '@/lib/data/table';
import { accuracy, auc, confusionMatrix, f1, mae, mse, precision, r2, recall, rmse, topKAccuracy } from '@/lib/metrics/metrics';

/** Every expected value below is worked out by hand in the comment above it. */

const classes = (classNames: string[], values: number[]): Target => ({ kind: 'classes', classNames, values: Int32Array.from(values) });
const numbers = (names: string[], values: number[]): Target => ({ kind: 'numbers', names, values: Float32Array.from(values) });
const rowsOf = (rows: number[][]) => Float32Array.from(rows.flat());

describe('classification metrics, three classes', () => {
  // row  truth  scores (cat, dog, bird)   predicted
  //  0   cat    0.7 0.2 0.1               cat
  //  1   cat    0.2 0.5 0.3               dog
  //  2   dog    0.1 0.8 0.1               dog
  //  3   dog    0.6 0.3 0.1               cat
  //  4   bird   0.1 0.3 0.6               bird
  //  5   bird   0.2 0.6 0.2               dog
  const truth = classes(['cat', 'dog', 'bird'], [0, 0, 1, 1, 2, 2]);
  const prediction = rowsOf([
    [0.7, 0.2, 0.1],
    [0.2, 0.5, 0.3],
    [0.1, 0.8, 0.1],
    [0.6, 0.3, 0.1],
    [0.1, 0.3, 0.6],
    [0.2, 0.6, 0.2],
  ]);

  it('accuracy: rows 0, 2 and 4 are right, 3 of 6 = 0.5', () => {
    expect(accuracy(truth, prediction, 3)).toEqual({ value: 0.5 });
  });

  it('confusion matrix counts[truth][predicted], its value the share on the diagonal', () => {
    // cat rows -> cat, dog; dog rows -> dog, cat; bird rows -> bird, dog. Diagonal 1 + 1 + 1 = 3 of 6.
    expect(confusionMatrix(truth, prediction, 3)).toEqual({
      value: 0.5,
      confusion: [
        [1, 1, 0],
        [1, 1, 0],
        [0, 1, 1],
      ],
    });
  });

  // Per class from the matrix (column sums = predicted as, row sums = support):
  //   cat:  right 1, predicted 2, support 2 -> precision 1/2, recall 1/2, F1 = 2·(1/2)(1/2)/(1)   = 1/2
  //   dog:  right 1, predicted 3, support 2 -> precision 1/3, recall 1/2, F1 = 2·(1/3)(1/2)/(5/6) = 2/5
  //   bird: right 1, predicted 1, support 2 -> precision 1,   recall 1/2, F1 = 2·1·(1/2)/(3/2)   = 2/3
  const perClass = [
    { name: 'cat', precision: 1 / 2, recall: 1 / 2, f1: 1 / 2, support: 2 },
    { name: 'dog', precision: 1 / 3, recall: 1 / 2, f1: 2 / 5, support: 2 },
    { name: 'bird', precision: 1, recall: 1 / 2, f1: 2 / 3, support: 2 },
  ];

  it('precision: macro (1/2 + 1/3 + 1) / 3 = 11/18, and per class', () => {
    const result = precision(truth, prediction, 3);
    expect(result.value).toBeCloseTo(11 / 18, 12);
    expectClose(result.perClass, perClass);
  });

  it('recall: macro (1/2 + 1/2 + 1/2) / 3 = 1/2, and per class', () => {
    const result = recall(truth, prediction, 3);
    expect(result.value).toBeCloseTo(0.5, 12);
    expectClose(result.perClass, perClass);
  });

  it('F1: the mean of the per-class F1s (1/2 + 2/5 + 2/3) / 3 = 47/90, not the F1 of the macro precision and recall', () => {
    const result = f1(truth, prediction, 3);
    expect(result.value).toBeCloseTo(47 / 90, 12);
    expectClose(result.perClass, perClass);
  });

  it('top-k accuracy: a tie at the boundary counts as in the top k', () => {
    // k = 2: row 1 (cat 0.2 under dog 0.5 and bird 0.3) misses; row 3 (dog 0.3, only cat higher) hits;
    // row 5 (bird 0.2, only dog 0.6 strictly higher, cat ties) hits. 5 of 6.
    expect(topKAccuracy(truth, prediction, 3, 2).value).toBeCloseTo(5 / 6, 12);
    // k = 1: rows 1, 3 and 5 each have one class strictly higher than the true one: 3 of 6.
    expect(topKAccuracy(truth, prediction, 3, 1).value).toBe(0.5);
  });
});

describe('precision, recall and F1 edge cases', () => {
  it('a class never predicted has precision 0 (zero_division=0) and counts in the macro average', () => {
    // truth cat, dog, bird, bird; predicted cat, cat, bird, bird: dog is never predicted.
    //   cat:  right 1, predicted 2, support 1 -> P 1/2, R 1, F1 2·(1/2)·1/(3/2) = 2/3
    //   dog:  right 0, predicted 0, support 1 -> P 0 (nothing predicted), R 0, F1 0
    //   bird: right 2, predicted 2, support 2 -> P 1, R 1, F1 1
    // macro P (1/2 + 0 + 1)/3 = 1/2; macro R (1 + 0 + 1)/3 = 2/3; macro F1 (2/3 + 0 + 1)/3 = 5/9.
    const truth = classes(['cat', 'dog', 'bird'], [0, 1, 2, 2]);
    const prediction = rowsOf([
      [0.9, 0.05, 0.05],
      [0.5, 0.4, 0.1],
      [0.1, 0.1, 0.8],
      [0.3, 0.3, 0.4],
    ]);
    expect(precision(truth, prediction, 3).value).toBeCloseTo(1 / 2, 12);
    expect(precision(truth, prediction, 3).perClass![1]).toEqual({ name: 'dog', precision: 0, recall: 0, f1: 0, support: 1 });
    expect(recall(truth, prediction, 3).value).toBeCloseTo(2 / 3, 12);
    expect(f1(truth, prediction, 3).value).toBeCloseTo(5 / 9, 12);
  });

  it('a class neither in the truth nor predicted is listed with support 0 but left out of the macro average', () => {
    // truth cat, cat, dog; predicted cat, dog, dog; bird appears nowhere.
    //   cat: right 1, predicted 1, support 2 -> P 1,   R 1/2
    //   dog: right 1, predicted 2, support 1 -> P 1/2, R 1
    // macro over cat and dog: P (1 + 1/2)/2 = 3/4, R (1/2 + 1)/2 = 3/4 (over all three it would be 1/2).
    const truth = classes(['cat', 'dog', 'bird'], [0, 0, 1]);
    const prediction = rowsOf([
      [0.8, 0.1, 0.1],
      [0.3, 0.6, 0.1],
      [0.2, 0.7, 0.1],
    ]);
    const p = precision(truth, prediction, 3);
    expect(p.value).toBeCloseTo(3 / 4, 12);
    expect(p.perClass![2]).toEqual({ name: 'bird', precision: 0, recall: 0, f1: 0, support: 0 });
    expect(recall(truth, prediction, 3).value).toBeCloseTo(3 / 4, 12);
  });
});

describe('two classes', () => {
  // One sigmoid output: the probability of class 1 (spam); class 1 when above 0.5.
  // row  truth  p     predicted
  //  0   spam   0.9   spam
  //  1   spam   0.4   ham
  //  2   ham    0.6   spam
  //  3   ham    0.2   ham
  //  4   spam   0.5   ham (0.5 is not above 0.5)
  const truth = classes(['ham', 'spam'], [1, 1, 0, 0, 1]);
  const sigmoid = Float32Array.of(0.9, 0.4, 0.6, 0.2, 0.5);

  it('accuracy with one sigmoid output: rows 0 and 3 are right, 2 of 5', () => {
    expect(accuracy(truth, sigmoid, 1).value).toBeCloseTo(0.4, 12);
  });

  it('confusion matrix with one sigmoid output', () => {
    // ham rows: 2 -> spam, 3 -> ham; spam rows: 0 -> spam, 1 -> ham, 4 -> ham.
    expect(confusionMatrix(truth, sigmoid, 1).confusion).toEqual([
      [1, 1],
      [2, 1],
    ]);
  });

  it('F1 with one sigmoid output is the macro average over ham and spam', () => {
    //   ham:  right 1, predicted 3, support 2 -> P 1/3, R 1/2, F1 2·(1/3)(1/2)/(5/6) = 2/5
    //   spam: right 1, predicted 2, support 3 -> P 1/2, R 1/3, F1 2/5
    expect(f1(truth, sigmoid, 1).value).toBeCloseTo(2 / 5, 12);
  });

  it('AUC: the share of (spam, ham) pairs where spam scores higher', () => {
    // spam scores 0.9, 0.4, 0.5; ham scores 0.6, 0.2. Pairs: 0.9>0.6 yes, 0.9>0.2 yes, 0.4>0.6 no,
    // 0.4>0.2 yes, 0.5>0.6 no, 0.5>0.2 yes: 4 of 6.
    expect(auc(truth, sigmoid, 1).value).toBeCloseTo(4 / 6, 12);
  });

  it('AUC from two softmax outputs reads the second one, and a tie counts half', () => {
    // spam rows score 0.8, 0.5; ham rows 0.5, 0.1. Pairs: 0.8>0.5 1, 0.8>0.1 1, 0.5=0.5 1/2, 0.5>0.1 1: 3.5 of 4.
    const twoClass = classes(['ham', 'spam'], [1, 1, 0, 0]);
    const softmax = rowsOf([
      [0.2, 0.8],
      [0.5, 0.5],
      [0.5, 0.5],
      [0.9, 0.1],
    ]);
    expect(auc(twoClass, softmax, 2).value).toBeCloseTo(0.875, 12);
  });

  it('AUC of rows of one class only is NaN: there is no pair to rank', () => {
    expect(auc(classes(['ham', 'spam'], [1, 1]), Float32Array.of(0.3, 0.8), 1).value).toBeNaN();
  });

  it('AUC refuses more than two classes', () => {
    expect(() => auc(classes(['a', 'b', 'c'], [0]), Float32Array.of(0.2, 0.3, 0.5), 3)).toThrow(/two classes/);
  });

  it('top-k with one sigmoid output scores the classes as 1 - p and p', () => {
    // k = 1: row 4 (spam at 0.5, ham at 0.5: a tie, nothing strictly higher) hits, unlike accuracy;
    // rows 0, 3 and 4 hit: 3 of 5.
    expect(topKAccuracy(truth, sigmoid, 1, 1).value).toBeCloseTo(3 / 5, 12);
  });
});

describe('regression metrics', () => {
  // truth 3, -0.5, 2, 7; predicted 2.5, 0, 2, 8. Errors -0.5, 0.5, 0, 1.
  const truth = numbers(['y'], [3, -0.5, 2, 7]);
  const prediction = Float32Array.of(2.5, 0, 2, 8);

  it('MAE = (0.5 + 0.5 + 0 + 1) / 4 = 0.5', () => {
    expect(mae(truth, prediction, 1)).toEqual({ value: 0.5 });
  });

  it('MSE = (0.25 + 0.25 + 0 + 1) / 4 = 0.375', () => {
    expect(mse(truth, prediction, 1)).toEqual({ value: 0.375 });
  });

  it('RMSE = √0.375', () => {
    expect(rmse(truth, prediction, 1).value).toBeCloseTo(Math.sqrt(0.375), 12);
  });

  it('R² = 1 - 1.5 / 29.1875', () => {
    // mean 11.5/4 = 2.875; squared distances from it 0.015625 + 11.390625 + 0.765625 + 17.015625 = 29.1875;
    // squared errors 0.25 + 0.25 + 0 + 1 = 1.5.
    expect(r2(truth, prediction, 1).value).toBeCloseTo(1 - 1.5 / 29.1875, 12);
  });

  it('two numbers per row: MAE over all of them, R² the mean of each column', () => {
    // truth (0.5, 1), (-1, 1), (7, -6); predicted (0, 2), (-1, 2), (8, -5).
    // MAE: (0.5 + 1 + 0 + 1 + 1 + 1) / 6 = 0.75.
    // column a: mean 6.5/3; squared distances (-5/3)² + (-19/6)² + (29/6)² = 36.1667; errors 0.25 + 0 + 1 = 1.25.
    // column b: mean -4/3; squared distances (7/3)² + (7/3)² + (-14/3)² = 98/3; errors 1 + 1 + 1 = 3.
    // R² = ((1 - 1.25/36.1667) + (1 - 3/(98/3))) / 2.
    const two = numbers(['a', 'b'], [0.5, 1, -1, 1, 7, -6]);
    const predicted = Float32Array.of(0, 2, -1, 2, 8, -5);
    expect(mae(two, predicted, 2).value).toBeCloseTo(0.75, 12);
    const spreadA = (0.5 - 6.5 / 3) ** 2 + (-1 - 6.5 / 3) ** 2 + (7 - 6.5 / 3) ** 2;
    expect(spreadA).toBeCloseTo(36.1667, 4);
    expect(r2(two, predicted, 2).value).toBeCloseTo((1 - 1.25 / spreadA + (1 - 3 / (98 / 3))) / 2, 12);
  });

  it('R² of a constant truth: 1 when every prediction is exact, 0 otherwise', () => {
    const constant = numbers(['y'], [2, 2, 2]);
    expect(r2(constant, Float32Array.of(2, 2, 2), 1).value).toBe(1);
    expect(r2(constant, Float32Array.of(2, 2, 3), 1).value).toBe(0);
  });
});

describe('empty input and wrong calls', () => {
  const noClasses = classes(['a', 'b', 'c'], []);
  const noNumbers = numbers(['y'], []);
  const none = new Float32Array(0);

  it('no rows: every value is NaN and the counts are zeros', () => {
    for (const metric of [accuracy, precision, recall, f1, confusionMatrix]) {
      expect(metric(noClasses, none, 3).value).toBeNaN();
    }
    expect(topKAccuracy(noClasses, none, 3, 2).value).toBeNaN();
    expect(auc(classes(['a', 'b'], []), none, 1).value).toBeNaN();
    expect(confusionMatrix(noClasses, none, 3).confusion).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(precision(noClasses, none, 3).perClass!.map((c) => c.support)).toEqual([0, 0, 0]);
    for (const metric of [mae, mse, rmse, r2]) expect(metric(noNumbers, none, 1).value).toBeNaN();
  });

  it('throws on a task the metric does not measure, or a prediction that does not fit the truth (a bug in the caller)', () => {
    expect(() => accuracy(numbers(['y'], [1]), Float32Array.of(1), 1)).toThrow(/classifier/);
    expect(() => mae(classes(['a', 'b'], [0]), Float32Array.of(0.3), 1)).toThrow(/numbers/);
    expect(() => accuracy(classes(['a', 'b', 'c'], [0]), Float32Array.of(0.3, 0.7), 2)).toThrow(/3 classes/);
    expect(() => accuracy(classes(['a', 'b'], [0, 1]), Float32Array.of(0.3, 0.7), 2)).toThrow(/holds 2 numbers/);
    expect(() => mse(numbers(['y'], [1, 2]), Float32Array.of(1), 1)).toThrow(/holds 1 numbers/);
  });
});

function expectClose(actual: { name: string; precision: number; recall: number; f1: number; support: number }[] | undefined, expected: typeof actual) {
  expect(actual?.map((c) => c.name)).toEqual(expected!.map((c) => c.name));
  actual!.forEach((c, i) => {
    const e = expected![i];
    expect(c.support).toBe(e.support);
    for (const key of ['precision', 'recall', 'f1'] as const) expect(c[key], `${c.name} ${key}`).toBeCloseTo(e[key], 12);
  });
}
