/**
 * How well a trained model does, as pure functions of the truth and the model's outputs. The
 * engine, the command line and the exported project (which ships this file as it is) all call
 * these, so they report the same numbers. Nothing but types is imported.
 *
 * Every metric has the same signature: `truth` (a class per row, or numbers per row), and
 * `prediction` holding `outputs` numbers per row: class probabilities for a classifier, ONE number
 * per row for a two-class classifier with a sigmoid output (the probability of class 1), the
 * predicted numbers for a regression.
 *
 * Edge cases, decided once for all callers:
 * - No rows: every value is NaN (there is nothing to measure); counts are zeros.
 * - The predicted class is the first of the highest scores (as argMax); with one sigmoid output
 *   it is class 1 when the probability is above 0.5 (as tfjs's binary accuracy).
 * - Precision of a class never predicted, recall of a class never in the truth, and F1 when both
 *   are 0, are 0 (scikit-learn's zero_division=0). Macro averages are over the classes that occur
 *   in the truth or the predictions (scikit-learn's default labels); a class in neither has
 *   nothing to measure, but it is still listed per class.
 * - AUC with rows of only one class is NaN: no ranking of positives above negatives exists.
 * - R² of a constant truth is 1 when every prediction is exact, 0 otherwise (scikit-learn's
 *   force_finite); with several numbers per row it is the mean of each column's R².
 * - RMSE is the square root of MSE over all numbers (Keras's RootMeanSquaredError).
 */
import type { Target } from '../data/table';

/** A metric's value; classification metrics may add per-class detail for the results. */
export interface MetricValue {
  value: number;
  /** Per class, in class order: precision, recall, F1 and the rows of that class (support). */
  perClass?: ClassScores[];
  /** counts[truth][predicted]. */
  confusion?: number[][];
}

export interface ClassScores {
  name: string;
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose true class this is. */
  support: number;
}

/** What every metric here is: the same arguments, one value. */
export type Metric = (truth: Target, prediction: Float32Array, outputs: number) => MetricValue;

type Classes = Extract<Target, { kind: 'classes' }>;
type Numbers = Extract<Target, { kind: 'numbers' }>;

// ---- Classification ------------------------------------------------------------------------------

/** Share of rows whose predicted class is the true one. */
export function accuracy(truth: Target, prediction: Float32Array, outputs: number): MetricValue {
  const classes = classesOf(truth, 'Accuracy', prediction, outputs);
  const predicted = predictedClasses(classes, prediction, outputs);
  let right = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === classes.values[i]) right++;
  return { value: share(right, predicted.length) };
}

/** Rows counted by true class (row) and predicted class (column); the value is the share on the diagonal (accuracy). */
export function confusionMatrix(truth: Target, prediction: Float32Array, outputs: number): MetricValue {
  const classes = classesOf(truth, 'The confusion matrix', prediction, outputs);
  const confusion = countConfusion(classes, prediction, outputs);
  const diagonal = confusion.reduce((sum, row, i) => sum + row[i], 0);
  return { value: share(diagonal, classes.values.length), confusion };
}

/** Of the rows predicted as a class, the share that are of it: macro average over classes, and per class. */
export function precision(truth: Target, prediction: Float32Array, outputs: number): MetricValue {
  return classReport(truth, prediction, outputs, 'Precision', 'precision');
}

/** Of the rows of a class, the share predicted as it: macro average over classes, and per class. */
export function recall(truth: Target, prediction: Float32Array, outputs: number): MetricValue {
  return classReport(truth, prediction, outputs, 'Recall', 'recall');
}

/** Harmonic mean of precision and recall per class: macro average over classes, and per class. */
export function f1(truth: Target, prediction: Float32Array, outputs: number): MetricValue {
  return classReport(truth, prediction, outputs, 'F1', 'f1');
}

/**
 * Share of rows whose true class is among the `k` highest scores. Ties at the boundary count as
 * in the top k (as tf.math.in_top_k): a row is a hit when fewer than k classes score strictly higher.
 */
export function topKAccuracy(truth: Target, prediction: Float32Array, outputs: number, k: number): MetricValue {
  const classes = classesOf(truth, 'Top-k accuracy', prediction, outputs);
  let hits = 0;
  for (let row = 0; row < classes.values.length; row++) {
    const scores = classScores(prediction, outputs, row);
    const own = scores[classes.values[row]];
    let higher = 0;
    for (const score of scores) if (score > own) higher++;
    if (higher < k) hits++;
  }
  return { value: share(hits, classes.values.length) };
}

/** Top-k accuracy for one k, as a Metric (what the exported code calls). */
export function topK(k: number): Metric {
  return (truth, prediction, outputs) => topKAccuracy(truth, prediction, outputs, k);
}

/**
 * Area under the ROC curve of a two-class classifier: the chance that a random row of class 1
 * scores higher than a random row of class 0, ties counting half (the Mann-Whitney statistic, with
 * average ranks for tied scores; equal to scikit-learn's roc_auc_score).
 */
export function auc(truth: Target, prediction: Float32Array, outputs: number): MetricValue {
  const classes = classesOf(truth, 'AUC', prediction, outputs);
  if (classes.classNames.length !== 2) {
    throw new Error(`AUC measures a classifier of two classes; this target has ${classes.classNames.length}.`);
  }
  const rows = classes.values.length;
  const score = (row: number) => (outputs === 1 ? prediction[row] : prediction[row * outputs + 1]);
  const order = Array.from({ length: rows }, (_, row) => row).sort((a, b) => score(a) - score(b));
  let positives = 0;
  let positiveRanks = 0;
  for (let start = 0; start < rows; ) {
    let end = start;
    while (end + 1 < rows && score(order[end + 1]) === score(order[start])) end++;
    // Ranks start..end (1-based: start+1..end+1) share one score: each gets their mean.
    const rank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) {
      if (classes.values[order[i]] === 1) {
        positives++;
        positiveRanks += rank;
      }
    }
    start = end + 1;
  }
  const negatives = rows - positives;
  if (positives === 0 || negatives === 0) return { value: Number.NaN };
  return { value: (positiveRanks - (positives * (positives + 1)) / 2) / (positives * negatives) };
}

// ---- Regression ----------------------------------------------------------------------------------

/** Mean absolute error: the average distance between prediction and truth, in the target's unit. */
export function mae(truth: Target, prediction: Float32Array, outputs: number): MetricValue {
  const numbers = numbersOf(truth, 'MAE', prediction, outputs);
  let sum = 0;
  for (let i = 0; i < numbers.values.length; i++) sum += Math.abs(prediction[i] - numbers.values[i]);
  return { value: sum / numbers.values.length };
}

/** Mean squared error: the average squared distance, so large misses weigh more. */
export function mse(truth: Target, prediction: Float32Array, outputs: number): MetricValue {
  const numbers = numbersOf(truth, 'MSE', prediction, outputs);
  let sum = 0;
  for (let i = 0; i < numbers.values.length; i++) sum += (prediction[i] - numbers.values[i]) ** 2;
  return { value: sum / numbers.values.length };
}

/** Root mean squared error: the square root of MSE, back in the target's unit. */
export function rmse(truth: Target, prediction: Float32Array, outputs: number): MetricValue {
  return { value: Math.sqrt(mse(truth, prediction, outputs).value) };
}

/**
 * Coefficient of determination: 1 - (squared error) / (squared distance of the truth from its
 * mean). 1 is perfect, 0 is no better than always predicting the mean, below 0 is worse.
 */
export function r2(truth: Target, prediction: Float32Array, outputs: number): MetricValue {
  const numbers = numbersOf(truth, 'R²', prediction, outputs);
  const width = numbers.names.length;
  const rows = numbers.values.length / width;
  if (rows === 0) return { value: Number.NaN };
  let total = 0;
  for (let col = 0; col < width; col++) {
    let mean = 0;
    for (let row = 0; row < rows; row++) mean += numbers.values[row * width + col];
    mean /= rows;
    let residual = 0;
    let spread = 0;
    for (let row = 0; row < rows; row++) {
      const t = numbers.values[row * width + col];
      residual += (t - prediction[row * width + col]) ** 2;
      spread += (t - mean) ** 2;
    }
    total += spread === 0 ? (residual === 0 ? 1 : 0) : 1 - residual / spread;
  }
  return { value: total / width };
}

// ---- Helpers -------------------------------------------------------------------------------------

/** The predicted class of each row. */
function predictedClasses(classes: Classes, prediction: Float32Array, outputs: number): Int32Array {
  const rows = classes.values.length;
  const predicted = new Int32Array(rows);
  for (let row = 0; row < rows; row++) {
    if (outputs === 1) {
      predicted[row] = prediction[row] > 0.5 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let c = 1; c < outputs; c++) if (prediction[row * outputs + c] > prediction[row * outputs + best]) best = c;
    predicted[row] = best;
  }
  return predicted;
}

function countConfusion(classes: Classes, prediction: Float32Array, outputs: number): number[][] {
  const count = classes.classNames.length;
  const confusion = Array.from({ length: count }, () => new Array<number>(count).fill(0));
  const predicted = predictedClasses(classes, prediction, outputs);
  for (let i = 0; i < predicted.length; i++) confusion[classes.values[i]][predicted[i]]++;
  return confusion;
}

/** Precision, recall and F1 per class, with `which` of them macro-averaged as the value. */
function classReport(truth: Target, prediction: Float32Array, outputs: number, metric: string, which: 'precision' | 'recall' | 'f1'): MetricValue {
  const classes = classesOf(truth, metric, prediction, outputs);
  const confusion = countConfusion(classes, prediction, outputs);
  const perClass = classes.classNames.map((name, c): ClassScores => {
    const support = confusion[c].reduce((a, b) => a + b, 0);
    const predictedAs = confusion.reduce((sum, row) => sum + row[c], 0);
    const right = confusion[c][c];
    const p = predictedAs === 0 ? 0 : right / predictedAs;
    const r = support === 0 ? 0 : right / support;
    return { name, precision: p, recall: r, f1: p + r === 0 ? 0 : (2 * p * r) / (p + r), support };
  });
  const occurring = perClass.filter((scores, c) => scores.support > 0 || confusion.some((row) => row[c] > 0));
  const value = occurring.length === 0 ? Number.NaN : occurring.reduce((sum, scores) => sum + scores[which], 0) / occurring.length;
  return { value, perClass };
}

/** Every class's score in one row; one sigmoid output p stands for [1 - p, p]. */
function classScores(prediction: Float32Array, outputs: number, row: number): Float32Array | Float64Array {
  if (outputs === 1) return Float64Array.of(1 - prediction[row], prediction[row]);
  return prediction.subarray(row * outputs, row * outputs + outputs);
}

function classesOf(truth: Target, metric: string, prediction: Float32Array, outputs: number): Classes {
  if (truth.kind !== 'classes') throw new Error(`${metric} measures a classifier, but the target is numbers (${truth.names.join(', ')}).`);
  const count = truth.classNames.length;
  if (outputs !== count && !(count === 2 && outputs === 1)) {
    throw new Error(`${metric}: the prediction has ${outputs} scores per row, but the target has ${count} classes (${truth.classNames.join(', ')}).`);
  }
  checkSize(prediction, truth.values.length, outputs);
  return truth;
}

function numbersOf(truth: Target, metric: string, prediction: Float32Array, outputs: number): Numbers {
  if (truth.kind !== 'numbers') throw new Error(`${metric} measures predicted numbers, but the target is classes (${truth.classNames.join(', ')}).`);
  if (outputs !== truth.names.length) {
    throw new Error(`${metric}: the prediction has ${outputs} numbers per row, the target ${truth.names.length} (${truth.names.join(', ')}).`);
  }
  checkSize(prediction, truth.values.length / outputs, outputs);
  return truth;
}

/** The caller's bug, not the user's: the prediction and the truth must describe the same rows. */
function checkSize(prediction: Float32Array, rows: number, outputs: number): void {
  if (prediction.length !== rows * outputs) {
    throw new Error(`The prediction holds ${prediction.length} numbers, but ${rows} rows of ${outputs} need ${rows * outputs}.`);
  }
}

function share(count: number, of: number): number {
  return of === 0 ? Number.NaN : count / of;
}
