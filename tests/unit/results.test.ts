import { describe, expect, it } from 'vitest';
import type { DataTensor, Table, Target } from '@/lib/data/table';
import { computeResults, evenSample, residualBins, type ResultsInput } from '@/lib/results/compute';
import { imageExample, rowExample, tensorExample, textExample } from '@/lib/results/examples';
import { RunResults, type ClassificationResults, type ExampleInput, type ForecastResults, type RegressionResults } from '@/lib/results/types';

/** Every expected value below is worked out by hand in the comment above it. */

const classes = (classNames: string[], values: number[]): Target => ({ kind: 'classes', classNames, values: Int32Array.from(values) });
const numbers = (names: string[], values: number[]): Target => ({ kind: 'numbers', names, values: Float32Array.from(values) });
const label = (row: number): ExampleInput => ({ kind: 'text', text: `row ${row}` });

/** computeResults, checked against the schema the page and IndexedDB parse it with. */
function results(input: Omit<ResultsInput, 'part' | 'example'> & { example?: ResultsInput['example'] }): RunResults {
  const out = computeResults({ part: 'validation', example: label, ...input });
  expect(RunResults.safeParse(out).success).toBe(true);
  return out;
}
const classification = (out: RunResults) => out.detail as ClassificationResults;
const regression = (out: RunResults) => out.detail as RegressionResults;

describe('classification results, three classes', () => {
  // row  truth  scores (cat, dog, bird)   predicted  confidence
  //  0   cat    0.7  0.2  0.1             cat        right
  //  1   cat    0.1  0.8  0.1             dog        0.8
  //  2   dog    0.2  0.7  0.1             dog        right
  //  3   dog    0.6  0.3  0.1             cat        0.6
  //  4   bird   0.3  0.4  0.3             dog        0.4
  //  5   bird   0.9  0.05 0.05            cat        0.9
  const truth = classes(['cat', 'dog', 'bird'], [0, 0, 1, 1, 2, 2]);
  const prediction = Float32Array.from([0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.2, 0.7, 0.1, 0.6, 0.3, 0.1, 0.3, 0.4, 0.3, 0.9, 0.05, 0.05]);
  const asked: number[] = [];
  const out = results({
    task: 'classification',
    target: truth,
    prediction,
    outputs: 3,
    example: (row) => {
      asked.push(row);
      return label(row);
    },
  });
  const detail = classification(out);

  it('counts the rows by truth (row) and prediction (column)', () => {
    // cat rows -> cat, dog; dog rows -> dog, cat; bird rows -> dog, cat.
    expect(out.rows).toBe(6);
    expect(detail.classNames).toEqual(['cat', 'dog', 'bird']);
    expect(detail.confusion).toEqual([
      [1, 1, 0],
      [1, 1, 0],
      [1, 1, 0],
    ]);
  });

  it('scores each class: precision, recall, F1 and support', () => {
    // cat: predicted for rows 0, 3, 5, right once: P = 1/3; 2 cat rows, 1 found: R = 1/2;
    //      F1 = 2 * (1/3 * 1/2) / (1/3 + 1/2) = (1/3) / (5/6) = 0.4. dog: the same numbers.
    // bird: never predicted: P = 0, R = 0 of 2, F1 = 0.
    const [cat, dog, bird] = detail.perClass;
    expect(cat).toMatchObject({ name: 'cat', support: 2 });
    expect(cat.precision).toBeCloseTo(1 / 3, 10);
    expect(cat.recall).toBeCloseTo(0.5, 10);
    expect(cat.f1).toBeCloseTo(0.4, 10);
    expect(dog.precision).toBeCloseTo(1 / 3, 10);
    expect(dog.recall).toBeCloseTo(0.5, 10);
    expect(dog.f1).toBeCloseTo(0.4, 10);
    expect(bird).toEqual({ name: 'bird', precision: 0, recall: 0, f1: 0, support: 2 });
  });

  it('names the classes in the truth that were never predicted', () => {
    expect(detail.neverPredicted).toEqual(['bird']);
  });

  it('lists the mistakes most confident first, with their inputs, asking only for those rows', () => {
    // Mistakes: row 5 (0.9), row 1 (0.8), row 3 (0.6), row 4 (0.4).
    expect(detail.misclassified.map((m) => [m.row, m.truth, m.predicted])).toEqual([
      [5, 'bird', 'cat'],
      [1, 'cat', 'dog'],
      [3, 'dog', 'cat'],
      [4, 'bird', 'dog'],
    ]);
    expect(detail.misclassified.map((m) => m.confidence)).toEqual([0.9, 0.8, 0.6, 0.4].map((p) => Math.fround(p)));
    expect(detail.misclassified[0].input).toEqual({ kind: 'text', text: 'row 5' });
    expect(asked.sort()).toEqual([1, 3, 4, 5]);
  });

  it('finds exactly the mistakes the confusion matrix counts off its diagonal', () => {
    const offDiagonal = detail.confusion.reduce((sum, row, t) => sum + row.reduce((s, n, p) => s + (p === t ? 0 : n), 0), 0);
    expect(detail.misclassified).toHaveLength(offDiagonal);
  });
});

describe('classification results, one sigmoid output for two classes', () => {
  // row  truth  p(yes)  predicted  confidence
  //  0   no     0.2     no         right
  //  1   no     0.7     yes        0.7
  //  2   yes    0.9     yes        right
  //  3   yes    0.5     no         0.5   (class 1 only above 0.5, as lib/metrics decides)
  //  4   yes    0.1     no         0.9   (the probability of "no" is 1 - 0.1)
  const out = results({ task: 'classification', target: classes(['no', 'yes'], [0, 0, 1, 1, 1]), prediction: Float32Array.from([0.2, 0.7, 0.9, 0.5, 0.1]), outputs: 1 });
  const detail = classification(out);

  it('counts, scores and orders the mistakes of both classes', () => {
    // no rows -> no, yes; yes rows -> yes, no, no.
    expect(detail.confusion).toEqual([
      [1, 1],
      [2, 1],
    ]);
    // no: predicted for rows 0, 3, 4, right once: P = 1/3; 2 rows, 1 found: R = 1/2; F1 = 0.4.
    // yes: predicted for rows 1, 2, right once: P = 1/2; 3 rows, 1 found: R = 1/3; F1 = 0.4.
    const [no, yes] = detail.perClass;
    expect([no.precision, no.recall, no.f1, no.support]).toEqual([1 / 3, 0.5, expect.closeTo(0.4, 10), 2]);
    expect([yes.precision, yes.recall, yes.f1, yes.support]).toEqual([0.5, 1 / 3, expect.closeTo(0.4, 10), 3]);
    expect(detail.neverPredicted).toEqual([]);
    expect(detail.misclassified.map((m) => [m.row, m.truth, m.predicted])).toEqual([
      [4, 'yes', 'no'],
      [1, 'no', 'yes'],
      [3, 'yes', 'no'],
    ]);
    expect(detail.misclassified[0].confidence).toBeCloseTo(0.9, 6);
    expect(detail.misclassified[2].confidence).toBe(0.5);
  });
});

describe('misclassified examples', () => {
  it('keeps the 24 most confident of 30 mistakes, ties in row order', () => {
    // Every row is "a" predicted "b" with p(b) = 0.51 + row/100, except rows 28 and 29 whose p(b)
    // is 0.6 like row 9's: so the order is 27 (0.78) ... 10 (0.61), then 9, 28, 29 (0.6), then 8 ... 6.
    const p = Array.from({ length: 30 }, (_, row) => (row >= 28 ? 0.6 : 0.51 + row / 100));
    const prediction = Float32Array.from(p.flatMap((b) => [1 - b, b]));
    const detail = classification(results({ task: 'classification', target: classes(['a', 'b'], new Array(30).fill(0)), prediction, outputs: 2 }));
    const rows = [...Array.from({ length: 18 }, (_, i) => 27 - i), 9, 28, 29, 8, 7, 6];
    expect(detail.misclassified.map((m) => m.row)).toEqual(rows);
    expect(detail.neverPredicted).toEqual(['a']);
  });

  it('a perfect model has no mistakes and no class left out', () => {
    const detail = classification(results({ task: 'classification', target: classes(['a', 'b'], [0, 1]), prediction: Float32Array.from([0.9, 0.1, 0.2, 0.8]), outputs: 2 }));
    expect(detail.misclassified).toEqual([]);
    expect(detail.neverPredicted).toEqual([]);
  });
});

describe('regression results', () => {
  // row  actual  predicted  residual (actual - predicted)
  //  0   1       1.5        -0.5
  //  1   2       2           0
  //  2   3       2           1
  //  3   4       5          -1
  //  4   5       4.5         0.5
  const out = results({ task: 'regression', target: numbers(['price'], [1, 2, 3, 4, 5]), prediction: Float32Array.from([1.5, 2, 2, 5, 4.5]), outputs: 1 });
  const detail = regression(out);

  it('keeps every point, predicted against actual', () => {
    expect(detail.target).toBe('price');
    expect(detail.points).toEqual([
      { actual: 1, predicted: 1.5 },
      { actual: 2, predicted: 2 },
      { actual: 3, predicted: 2 },
      { actual: 4, predicted: 5 },
      { actual: 5, predicted: 4.5 },
    ]);
  });

  it('summarizes the residuals: mean, MAE, RMSE', () => {
    // mean (-0.5 + 0 + 1 - 1 + 0.5) / 5 = 0; MAE (0.5 + 0 + 1 + 1 + 0.5) / 5 = 0.6;
    // RMSE sqrt((0.25 + 0 + 1 + 1 + 0.25) / 5) = sqrt(0.5).
    expect(detail.residuals.mean).toBe(0);
    expect(detail.residuals.mae).toBeCloseTo(0.6, 6);
    expect(detail.residuals.rmse).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('bins the residuals on round edges, 0 among them', () => {
    // From -1 to 1: about 20 bins means steps of 2 / 20 = 0.1, edges -1, -0.9, ..., 1 (20 bins).
    // -1 in bin 0 [-1, -0.9); -0.5 in bin 5 [-0.5, -0.4); 0 in bin 10 [0, 0.1); 0.5 in bin 15;
    // 1 in the last bin, which holds its upper edge.
    const bins = detail.residuals.bins;
    expect(bins).toHaveLength(20);
    expect(bins[0]).toEqual({ from: -1, to: -0.9, count: 1 });
    expect(bins[5]).toEqual({ from: -0.5, to: -0.4, count: 1 });
    expect(bins[10]).toEqual({ from: 0, to: 0.1, count: 1 });
    expect(bins[15]).toEqual({ from: 0.5, to: 0.6, count: 1 });
    expect(bins[19]).toEqual({ from: 0.9, to: 1, count: 1 });
    expect(bins.reduce((sum, b) => sum + b.count, 0)).toBe(5);
  });

  it('shows the first of several predicted columns', () => {
    // Columns a and b; a: actual 1, 3, predicted 2, 3 -> residuals -1, 0: MAE 0.5, RMSE sqrt(0.5).
    const detail = regression(results({ task: 'regression', target: numbers(['a', 'b'], [1, 10, 3, 30]), prediction: Float32Array.from([2, 99, 3, 99]), outputs: 2 }));
    expect(detail.target).toBe('a');
    expect(detail.points).toEqual([
      { actual: 1, predicted: 2 },
      { actual: 3, predicted: 3 },
    ]);
    expect(detail.residuals.mae).toBe(0.5);
    expect(detail.residuals.rmse).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('leaves out rows the model predicted no number for, but counts them', () => {
    const out = results({ task: 'regression', target: numbers(['y'], [1, 2, 3]), prediction: Float32Array.from([1, Number.NaN, 4]), outputs: 1 });
    expect(out.rows).toBe(3);
    expect(regression(out).points).toEqual([
      { actual: 1, predicted: 1 },
      { actual: 3, predicted: 4 },
    ]);
    expect(regression(out).residuals.mae).toBe(0.5);
  });

  it('samples at most 2,000 points evenly, keeping the first and last rows', () => {
    // 5,001 rows, actual = row and predicted = 2 * row: point i is row round(i * 5000 / 1999).
    const n = 5001;
    const out = results({
      task: 'regression',
      target: numbers(['y'], Array.from({ length: n }, (_, i) => i)),
      prediction: Float32Array.from({ length: n }, (_, i) => 2 * i),
      outputs: 1,
    });
    const points = regression(out).points;
    expect(points).toHaveLength(2000);
    expect(points[0]).toEqual({ actual: 0, predicted: 0 });
    expect(points[1]).toEqual({ actual: 3, predicted: 6 }); // round(5000 / 1999) = round(2.5013) = 3
    expect(points[1999]).toEqual({ actual: 5000, predicted: 10000 });
    // Every row's residual is counted, not only the sampled ones: residual = -row, MAE = mean of 0..5000 = 2500.
    expect(regression(out).residuals.bins.reduce((sum, b) => sum + b.count, 0)).toBe(n);
    expect(regression(out).residuals.mae).toBe(2500);
  });
});

describe('residual bins and sampling', () => {
  it('rounds edges outward so a lopsided range still has 0 as an edge', () => {
    // From -1.93 to 2.07: 4 / 20 = 0.2 per bin; edges from -2 (below -1.93) to 2.2 (above 2.07): 21 bins.
    const bins = residualBins([-1.93, 0.05, 2.07]);
    expect(bins).toHaveLength(21);
    expect(bins[0]).toEqual({ from: -2, to: -1.8, count: 1 });
    expect(bins[10]).toEqual({ from: 0, to: 0.2, count: 1 });
    expect(bins[20]).toEqual({ from: 2, to: 2.2, count: 1 });
  });

  it('takes steps of 2.5 and 5 times a power of ten when 1 or 2 would make too many bins', () => {
    // 0 to 45: 45 / 20 = 2.25 -> step 2.5, 18 bins; 0 to 90: 4.5 -> step 5, 18 bins.
    expect(residualBins([0, 45]).map((b) => b.from).slice(0, 3)).toEqual([0, 2.5, 5]);
    expect(residualBins([0, 45])).toHaveLength(18);
    expect(residualBins([0, 90])).toHaveLength(18);
  });

  it('gives one bin to residuals that are all the same, none to none', () => {
    expect(residualBins([0.5, 0.5])).toEqual([{ from: 0.5, to: 0.5, count: 2 }]);
    expect(residualBins([])).toEqual([]);
  });

  it('spreads sampled indices evenly, ends included', () => {
    expect(evenSample(3, 5)).toEqual([0, 1, 2]);
    expect(evenSample(10, 4)).toEqual([0, 3, 6, 9]);
    expect(evenSample(5, 3)).toEqual([0, 2, 4]);
  });
});

describe('forecast results', () => {
  it('keeps the held-out series and its forecast in row order', () => {
    const out = results({ task: 'forecast', target: numbers(['load'], [10, 11, 12]), prediction: Float32Array.from([9, 11, 13]), outputs: 1 });
    expect(out.detail).toEqual({ kind: 'forecast', target: 'load', actual: [10, 11, 12], predicted: [9, 11, 13] } satisfies ForecastResults);
  });

  it('samples long series to at most 2,000 steps, first and last kept', () => {
    const n = 4000;
    const out = results({ task: 'forecast', target: numbers(['load'], Array.from({ length: n }, (_, i) => i)), prediction: new Float32Array(n), outputs: 1 });
    const detail = out.detail as ForecastResults;
    expect(detail.actual).toHaveLength(2000);
    expect(detail.predicted).toHaveLength(2000);
    expect([detail.actual[0], detail.actual[1999]]).toEqual([0, 3999]);
  });
});

describe("the caller's mistakes throw", () => {
  it('a task that does not suit the target, or no rows', () => {
    expect(() => computeResults({ task: 'classification', part: 'test', target: numbers(['y'], [1]), prediction: Float32Array.of(1), outputs: 1, example: label })).toThrow(/need classes/);
    expect(() => computeResults({ task: 'regression', part: 'test', target: classes(['a', 'b'], [0]), prediction: Float32Array.of(1), outputs: 1, example: label })).toThrow(/need numbers/);
    expect(() => computeResults({ task: 'regression', part: 'test', target: numbers(['y'], []), prediction: new Float32Array(0), outputs: 1, example: label })).toThrow(/empty/);
    // A prediction of the wrong size: lib/metrics's own words.
    expect(() => computeResults({ task: 'regression', part: 'test', target: numbers(['y'], [1, 2]), prediction: Float32Array.of(1), outputs: 1, example: label })).toThrow(/holds 1 numbers/);
  });
});

describe('examples: how a row reads', () => {
  const tensor = (shape: number[], values: number[]): DataTensor => ({ kind: 'tensor', shape, dtype: 'float32', values: Float32Array.from(values) });

  it('an image row, stretched to 0-255 from its own minimum and maximum', () => {
    // Row 1 of two 2x2 grey images: -1, 1, 0, 3 -> (v + 1) / 4 * 255 = 0, 127.5, 63.75, 255, rounded.
    const images = tensor([2, 2, 2, 1], [0, 0.5, 1, 0.25, -1, 1, 0, 3]);
    expect(imageExample(images, 1)).toEqual({ kind: 'image', width: 2, height: 2, channels: 1, pixels: Uint8Array.from([0, 128, 64, 255]) });
  });

  it('a colour image keeps its three channels per pixel', () => {
    // One row, 1x2 pixels: (0, 0, 0) and (2, 4, 8); from 0 to 8: 0 0 0, 63.75 127.5 255.
    expect(imageExample(tensor([1, 1, 2, 3], [0, 0, 0, 2, 4, 8]), 0)).toEqual({ kind: 'image', width: 2, height: 1, channels: 3, pixels: Uint8Array.from([0, 0, 0, 64, 128, 255]) });
  });

  it('a large image shrinks to a 96 px thumbnail, its contrast kept', () => {
    // 192x192, value = column: each thumbnail pixel blends columns 2x and 2x + 1, left edge black, right edge white.
    const side = 192;
    const image = imageExample(tensor([1, side, side, 1], Array.from({ length: side * side }, (_, i) => i % side)), 0);
    expect([image.width, image.height, image.pixels.length]).toEqual([96, 96, 96 * 96]);
    const firstRow = image.pixels.slice(0, 96);
    expect([firstRow[0], firstRow[95]]).toEqual([0, 255]);
    expect(firstRow.every((v, i) => i === 0 || v >= firstRow[i - 1])).toBe(true);
  });

  it('an image of one value is black; a tensor that is no image reads as numbered cells', () => {
    expect(imageExample(tensor([1, 1, 2, 1], [0.7, 0.7]), 0).pixels).toEqual(Uint8Array.from([0, 0]));
    expect(() => imageExample(tensor([2, 3], [1, 2, 3, 4, 5, 6]), 0)).toThrow(/shape is \[2, 3\]/);
    expect(tensorExample(tensor([2, 3], [1, 2, 3, 4, Number.NaN, 6]), 1)).toEqual({
      kind: 'row',
      cells: [
        { name: '1', value: 4 },
        { name: '2', value: null },
        { name: '3', value: 6 },
      ],
    });
    expect(tensorExample(tensor([1, 1, 1, 1], [5]), 0).kind).toBe('image');
  });

  const table: Table = {
    kind: 'table',
    rows: 2,
    ordered: false,
    columns: [
      { name: 'age', type: 'number', values: Float64Array.of(31, Number.NaN) },
      { name: 'photo', type: 'image', shape: [1, 1, 1], values: Float32Array.of(0, 1) },
      { name: 'city', type: 'category', categories: ['Oslo', 'Rome'], values: ['Rome', null] },
      { name: 'note', type: 'text', values: ['late again', null] },
    ],
  };

  it('a table row as cells: numbers, text, missing as null, images left out', () => {
    expect(rowExample(table, 0)).toEqual({
      kind: 'row',
      cells: [
        { name: 'age', value: 31 },
        { name: 'city', value: 'Rome' },
        { name: 'note', value: 'late again' },
      ],
    });
    expect(rowExample(table, 1, ['note', 'age']).cells).toEqual([
      { name: 'note', value: null },
      { name: 'age', value: null },
    ]);
  });

  it('a text column as text, missing as empty', () => {
    expect(textExample(table, 'note', 0)).toEqual({ kind: 'text', text: 'late again' });
    expect(textExample(table, 'note', 1)).toEqual({ kind: 'text', text: '' });
    expect(() => textExample(table, 'age', 0)).toThrow(/not text/);
  });
});
