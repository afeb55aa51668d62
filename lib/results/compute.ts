import type { Target } from '../data/table';
import { confusionMatrix, mae, precision, rmse } from '../metrics/metrics';
import type { ClassificationResults, ExampleInput, ForecastResults, Misclassified, RegressionResults, RunResults } from './types';

/**
 * What the results panel shows after a run, as pure functions of the truth and the model's outputs
 * on one part of the data. The training worker calls `computeResults` once a run ends; counts and
 * scores come from lib/metrics, so the panel, the metric nodes and the command line agree.
 */

/** Mistakes kept for the panel: enough to see a pattern, few enough to keep with every run. */
export const MISCLASSIFIED_SHOWN = 24;
/** Points kept for a scatter or a series: about one per pixel of the widest chart. */
export const POINTS_SHOWN = 2_000;
/** About this many residual bins; their edges are round numbers, so the count varies a little. */
export const RESIDUAL_BINS = 20;

export interface ResultsInput {
  /** A forecast is a regression over rows in time order: shown as a series, not a scatter. */
  task: 'classification' | 'regression' | 'forecast';
  part: RunResults['part'];
  /** The part's truth, row for row with `prediction`. */
  target: Target;
  /** `outputs` numbers per row, as lib/metrics takes them (one sigmoid output: the probability of class 1). */
  prediction: Float32Array;
  outputs: number;
  /** The part's row as a person reads it; called for the misclassified rows only. */
  example: (row: number) => ExampleInput;
}

/**
 * The results of a run on one part of the data. The target's kind must suit the task (classes
 * for a classification, numbers otherwise) and the part must hold rows: both are the caller's
 * bugs, so they throw, as lib/metrics does when the prediction and the truth disagree.
 */
export function computeResults(input: ResultsInput): RunResults {
  const { task, part, target } = input;
  if (task === 'classification') {
    if (target.kind !== 'classes') throw new Error(`A classification's results need classes, but the target is numbers (${target.names.join(', ')}).`);
    return { part, rows: target.values.length, detail: classification(target, input.prediction, input.outputs, input.example) };
  }
  if (target.kind !== 'numbers') throw new Error(`A ${task}'s results need numbers, but the target is classes (${target.classNames.join(', ')}).`);
  const rows = target.values.length / target.names.length;
  if (rows === 0) throw new Error(`The ${part} rows are empty: there are no results to show.`);
  return { part, rows, detail: task === 'regression' ? regression(target, input.prediction, input.outputs) : forecast(target, input.prediction, input.outputs) };
}

// ---- Classification ------------------------------------------------------------------------------

type Classes = Extract<Target, { kind: 'classes' }>;
type Numbers = Extract<Target, { kind: 'numbers' }>;

function classification(truth: Classes, prediction: Float32Array, outputs: number, example: (row: number) => ExampleInput): ClassificationResults {
  const confusion = confusionMatrix(truth, prediction, outputs).confusion ?? [];
  // Precision's per-class report holds recall and F1 too: one pass over the rows, not three.
  const perClass = precision(truth, prediction, outputs).perClass ?? [];
  const neverPredicted = truth.classNames.filter((_, c) => perClass[c].support > 0 && confusion.every((row) => row[c] === 0));
  const mistakes: { row: number; predicted: number; confidence: number }[] = [];
  for (let row = 0; row < truth.values.length; row++) {
    const { predicted, confidence } = rowPrediction(prediction, outputs, row);
    if (predicted !== truth.values[row]) mistakes.push({ row, predicted, confidence });
  }
  // Most confident first: a model sure of a wrong answer says most about what it learned. Ties keep row order.
  mistakes.sort((a, b) => b.confidence - a.confidence || a.row - b.row);
  const misclassified = mistakes.slice(0, MISCLASSIFIED_SHOWN).map(
    ({ row, predicted, confidence }): Misclassified => ({
      row,
      truth: truth.classNames[truth.values[row]],
      predicted: truth.classNames[predicted],
      confidence,
      input: example(row),
    }),
  );
  return { kind: 'classification', classNames: truth.classNames, confusion, perClass, neverPredicted, misclassified };
}

/**
 * A row's predicted class and the probability the model gave it, by lib/metrics's rule (the first
 * of the highest scores; one sigmoid output p is class 1 when p > 0.5, with probability p, else
 * class 0 with 1 - p). The unit tests check that the mistakes found here are the confusion
 * matrix's off-diagonal counts, so the two never disagree.
 */
function rowPrediction(prediction: Float32Array, outputs: number, row: number): { predicted: number; confidence: number } {
  if (outputs === 1) {
    const p = prediction[row];
    return p > 0.5 ? { predicted: 1, confidence: probability(p) } : { predicted: 0, confidence: probability(1 - p) };
  }
  let best = 0;
  for (let c = 1; c < outputs; c++) if (prediction[row * outputs + c] > prediction[row * outputs + best]) best = c;
  return { predicted: best, confidence: probability(prediction[row * outputs + best]) };
}

/** A softmax or sigmoid output in float32 can land a hair outside 0-1 (or be NaN after a bad step); the results hold a probability. */
function probability(p: number): number {
  return Number.isNaN(p) ? 0 : Math.min(1, Math.max(0, p));
}

// ---- Regression and forecasts --------------------------------------------------------------------

/**
 * The first target column's actual and predicted values, row for row. Rows whose prediction is
 * not a finite number (a model that blew up on them) are left out: they have no place on a chart
 * and would make every summary NaN; the panel's row count still says how many rows there were.
 */
function firstColumn(truth: Numbers, prediction: Float32Array, outputs: number): { actual: number[]; predicted: number[] } {
  // lib/metrics checks that the prediction matches the truth's shape, with the same words as every metric.
  mae(truth, prediction, outputs);
  const width = truth.names.length;
  const rows = truth.values.length / width;
  const actual: number[] = [];
  const predicted: number[] = [];
  for (let row = 0; row < rows; row++) {
    const a = truth.values[row * width];
    const p = prediction[row * outputs];
    if (!Number.isFinite(a) || !Number.isFinite(p)) continue;
    actual.push(a);
    predicted.push(p);
  }
  if (actual.length === 0) throw new Error(`No row of "${truth.names[0]}" has a finite prediction: there is nothing to show.`);
  return { actual, predicted };
}

function regression(truth: Numbers, prediction: Float32Array, outputs: number): RegressionResults {
  const { actual, predicted } = firstColumn(truth, prediction, outputs);
  const residuals = actual.map((a, i) => a - predicted[i]);
  const column: Numbers = { kind: 'numbers', names: [truth.names[0]], values: Float32Array.from(actual) };
  const guesses = Float32Array.from(predicted);
  return {
    kind: 'regression',
    target: truth.names[0],
    points: evenSample(actual.length, POINTS_SHOWN).map((i) => ({ actual: actual[i], predicted: predicted[i] })),
    residuals: {
      bins: residualBins(residuals),
      mean: residuals.reduce((sum, r) => sum + r, 0) / residuals.length,
      mae: mae(column, guesses, 1).value,
      rmse: rmse(column, guesses, 1).value,
    },
  };
}

function forecast(truth: Numbers, prediction: Float32Array, outputs: number): ForecastResults {
  const { actual, predicted } = firstColumn(truth, prediction, outputs);
  const kept = evenSample(actual.length, POINTS_SHOWN);
  return { kind: 'forecast', target: truth.names[0], actual: kept.map((i) => actual[i]), predicted: kept.map((i) => predicted[i]) };
}

/** At most `max` indices of `n`, evenly spread, always the first and the last (where a series starts and ends). */
export function evenSample(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  if (max === 1) return [0];
  return Array.from({ length: max }, (_, i) => Math.round((i * (n - 1)) / (max - 1)));
}

/**
 * About RESIDUAL_BINS equal bins whose edges are round numbers (steps of 1, 2, 2.5 or 5 times a
 * power of ten), so that 0 (a perfect prediction) is always an edge when the residuals span it and
 * the axis reads "-2 … 0 … 2", not "-1.93 … 2.07". Each bin holds from <= r < to; the last also its `to`.
 * One bin for residuals that are all the same.
 */
export function residualBins(residuals: number[]): { from: number; to: number; count: number }[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of residuals) {
    lo = Math.min(lo, r);
    hi = Math.max(hi, r);
  }
  if (residuals.length === 0) return [];
  if (lo === hi) return [{ from: lo, to: hi, count: residuals.length }];
  const step = niceStep((hi - lo) / RESIDUAL_BINS);
  const first = Math.floor(lo / step);
  const count = Math.max(1, Math.ceil(hi / step) - first);
  const counts = new Array<number>(count).fill(0);
  for (const r of residuals) counts[Math.min(Math.floor(r / step) - first, count - 1)]++;
  // Edges from whole multiples of the step, rounded: 0.1 * 3 is 0.30000000000000004 otherwise.
  const edge = (i: number) => Number(((first + i) * step).toPrecision(12));
  return counts.map((c, i) => ({ from: edge(i), to: edge(i + 1), count: c }));
}

/** The smallest of 1, 2, 2.5, 5 and 10 times a power of ten that is at least `rough`. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough * (1 - 1e-12));
  return step ?? 10 * power;
}
